"""Maintenance jobs: run in-process (embedded) and on a separate Taskiq worker over Redis."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tests.support import services
from tests.support.api import Api, error_code
from tests.support.server import ADMIN_EMAIL, ServerProcess, WorkerProcess, temp_data_dir

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


@pytest.fixture
async def worker_stack(required_services):
    """A server whose jobs go through Redis to a separate `make worker` process."""
    async with services.ScratchDatabase("worker") as database_url:
        data_dir = temp_data_dir()
        server = ServerProcess(
            database_url=database_url,
            redis_url=services.REDIS_URL,
            data_dir=data_dir,
            name="with-worker",
            env={"CONNECTO_BROKER_URL": services.REDIS_URL},
        ).start()
        worker = WorkerProcess(server).start()
        conn = await services.connect_db(database_url)
        try:
            yield server, worker, conn
        finally:
            await conn.close()
            worker.stop()
            server.stop()


async def test_cleanup_job_on_a_worker_process(worker_stack):
    server, worker, db = worker_stack
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
        api = Api(http)
        await make_stale_rows(api, db)
        admin = await api.sign_in(ADMIN_EMAIL)
        r = await admin.post(CLEANUP)
        assert r.status_code == 202, r.text
        assert r.json()["queued"] is True
        # The web process only queued it; wait for the worker to have done the work.
        for _ in range(300):
            if (
                await db.fetchval(
                    "SELECT count(*) FROM push_tokens WHERE token = 'fcm-stale-token'"
                )
                == 0
            ):
                break
            await asyncio.sleep(0.1)
        else:
            raise AssertionError("worker never ran the job:\n" + worker.log_tail())
        assert (
            await db.fetchval("SELECT count(*) FROM auth_sessions WHERE revoked_at IS NOT NULL")
            == 0
        )
