"""Maintenance jobs: run in-process (embedded) and on a separate Taskiq worker over Redis."""

from __future__ import annotations

from tests.support import services
from tests.support.api import Api, error_code
from tests.support.server import ADMIN_EMAIL
from tests.support.standalone import standalone
from tests.support.waiting import eventually

CLEANUP = "/api/v1/admin/jobs/maintenance.expired_data_cleanup/run"


async def make_stale_rows(api: Api, db) -> tuple[int, int]:
    """One user with a live session, plus rows the cleanup must remove."""
    ann = await api.sign_in(push_token="fcm-fresh-token", device={"deviceId": "new"})
    await ann.post(
        "/api/v1/notifications/push-token", json={"token": "fcm-stale-token", "deviceId": "tablet"}
    )
    old = await api.sign_in(ann.email, device={"deviceId": "old"})
    await db.execute(
        "UPDATE push_tokens SET updated_at = now() - interval '300 days' "
        "WHERE token = 'fcm-stale-token'"
    )
    await old.post("/api/v1/auth/logout", json={})
    await db.execute(
        "UPDATE auth_sessions SET revoked_at = now() - interval '40 days' "
        "WHERE revoked_at IS NOT NULL"
    )
    await db.execute(
        "INSERT INTO refresh_tokens (id, session_id, expires_at, created_at) "
        "SELECT gen_random_uuid(), id, now() - interval '1 day', now() FROM auth_sessions "
        "WHERE revoked_at IS NULL"
    )
    return ann.user_id, await db.fetchval("SELECT count(*) FROM refresh_tokens")


async def test_cleanup_job_in_process(api, db):
    user_id, _ = await make_stale_rows(api, db)
    ann = await api.sign_in(  # still signed in afterwards
        await db.fetchval("SELECT email FROM users WHERE id = $1", user_id)
    )
    admin = await api.sign_in(ADMIN_EMAIL)
    r = await admin.post(CLEANUP)
    assert r.status_code == 202, r.text
    result = r.json()["result"]
    assert result == {"refreshTokens": 1, "sessions": 1, "pushTokens": 1, "notifications": 0}
    assert (
        await db.fetchval("SELECT count(*) FROM push_tokens WHERE token = 'fcm-stale-token'") == 0
    )
    assert (
        await db.fetchval("SELECT count(*) FROM push_tokens WHERE token = 'fcm-fresh-token'") == 1
    )
    assert (await ann.get("/api/v1/users/me")).status_code == 200


async def test_jobs_are_admin_only(api):
    ann = await api.sign_in()
    r = await ann.post(CLEANUP)
    assert r.status_code == 403 and error_code(r) == "ADMIN_REQUIRED"
    admin = await api.sign_in(ADMIN_EMAIL)
    r = await admin.post("/api/v1/admin/jobs/rm-rf/run")
    assert r.status_code == 404 and error_code(r) == "NOT_FOUND"


async def test_cleanup_job_on_a_worker_process(required_services):
    """With CONNECTO_BROKER_URL the web process only queues; `make worker` does the work."""
    async with standalone(
        "worker", env={"CONNECTO_BROKER_URL": services.REDIS_URL}, worker=True
    ) as stack:
        db = await services.connect_db(stack.database_url)
        try:
            await _cleanup_on_the_worker(stack, db)
        finally:
            await db.close()


async def _cleanup_on_the_worker(stack, db) -> None:
    api = stack.api
    await make_stale_rows(api, db)
    admin = await api.sign_in(ADMIN_EMAIL)
    r = await admin.post(CLEANUP)
    assert r.status_code == 202, r.text
    assert r.json()["queued"] is True
    # The web process only queued it; wait for the worker to have done the work.

    async def stale_tokens() -> int:
        return await db.fetchval("SELECT count(*) FROM push_tokens WHERE token = 'fcm-stale-token'")

    await eventually(stale_tokens, lambda n: n == 0, what="the worker ran the job")
    assert await db.fetchval("SELECT count(*) FROM auth_sessions WHERE revoked_at IS NOT NULL") == 0
