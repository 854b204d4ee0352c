"""The job machinery, in-process (embedded): catalogue, run now, locks, run records, retries,
the schedule. The production shape (workers, scheduler, priorities) is in test_job_workers."""

from __future__ import annotations

import asyncio

import pytest

from tests.support.api import Api, error_code
from tests.support.jobs import admin_runs, lock_held_elsewhere, run_job, run_twice_at_once
from tests.support.server import ADMIN_EMAIL
from tests.support.waiting import eventually

CLEANUP = "/api/v1/admin/jobs/maintenance.expired_data_cleanup/run"

# Every job the schedule starts (spec 10.1), by priority.
SCHEDULED = {
    "notification.retry": ("HIGH", "* * * * *"),
    "planet.chat_windows": ("HIGH", "* * * * *"),
    "moderation.lift_expired": ("HIGH", "* * * * *"),
    "travel.status": ("NORMAL", "*/5 * * * *"),
    "travel.reminders": ("NORMAL", "*/5 * * * *"),
    "member.digest": ("NORMAL", "0 * * * *"),
    "cache.unread_repair": ("NORMAL", "15 * * * *"),
    "database.optimize": ("NORMAL", "30 * * * *"),
    "maintenance.expired_data_cleanup": ("LOW", "0 2 * * *"),
    "realtime.cleanup": ("LOW", "*/5 * * * *"),
    "database.vacuum": ("LOW", "0 3 * * 0"),
    "user.delete": ("LOW", "0 * * * *"),
    "file.process_due": ("HIGH", "* * * * *"),
    "file.cleanup": ("LOW", "17 * * * *"),
    "analytics.daily": ("NORMAL", "0 2 * * *"),
    "analytics.partitions": ("LOW", "30 1 * * *"),
}
# Jobs the service queues itself, per item (spec 10.2).
ON_DEMAND = {
    "notification.trigger": "CRITICAL",
    "notification.push": "CRITICAL",
    "notification.email": "CRITICAL",
    "notification.sms": "CRITICAL",
    "notification.bulk": "BULK",
    "user.export": "BULK",
    "file.process": "HIGH",
}


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
    await db.execute(
        "INSERT INTO job_runs (name, queue, lock_key, attempt, trigger, arguments, started_at, "
        "outcome, counts) VALUES ('travel.status', 'normal', 'travel.status', 1, 'schedule', "
        "'{}', now() - interval '40 days', 'SUCCEEDED', '{}')"
    )
    admin = await api.sign_in(ADMIN_EMAIL)
    r = await admin.post(CLEANUP)
    assert r.status_code == 202, r.text
    result = r.json()["result"]
    assert result == {
        "refreshTokens": 1,
        "sessions": 1,
        "pushTokens": 1,
        "notifications": 0,
        "readReceipts": 0,
        "exports": 0,
        "jobRuns": 1,
        "jobClaims": 0,
    }
    assert (
        await db.fetchval("SELECT count(*) FROM push_tokens WHERE token = 'fcm-stale-token'") == 0
    )
    assert (
        await db.fetchval("SELECT count(*) FROM push_tokens WHERE token = 'fcm-fresh-token'") == 1
    )
    assert (await ann.get("/api/v1/users/me")).status_code == 200
    [run] = await admin_runs(db, "maintenance.expired_data_cleanup")
    assert run["outcome"] == "SUCCEEDED" and run["queue"] == "low" and run["finished_at"]


async def test_cleanup_twice_at_once_removes_each_row_once(api, db):
    await make_stale_rows(api, db)
    admin = await api.sign_in(ADMIN_EMAIL)
    results = await run_twice_at_once(admin, "maintenance.expired_data_cleanup")
    done = [r for r in results if "skipped" not in r]
    assert sum(r["pushTokens"] for r in done) == 1
    assert sum(r["sessions"] for r in done) == 1
    outcomes = sorted(
        r["outcome"] for r in await admin_runs(db, "maintenance.expired_data_cleanup")
    )
    assert outcomes in (["SKIPPED", "SUCCEEDED"], ["SUCCEEDED", "SUCCEEDED"])


async def test_jobs_are_admin_only(api):
    ann = await api.sign_in()
    r = await ann.post(CLEANUP)
    assert r.status_code == 403 and error_code(r) == "ADMIN_REQUIRED"
    r = await ann.get("/api/v1/admin/jobs")
    assert r.status_code == 403 and error_code(r) == "ADMIN_REQUIRED"
    admin = await api.sign_in(ADMIN_EMAIL)
    r = await admin.post("/api/v1/admin/jobs/rm-rf/run")
    assert r.status_code == 404 and error_code(r) == "JOB_NOT_FOUND"
    r = await admin.get("/api/v1/admin/jobs/rm-rf/runs")
    assert r.status_code == 404 and error_code(r) == "JOB_NOT_FOUND"


async def test_the_catalogue_lists_priorities_schedules_next_runs_and_last_runs(api, db):
    admin = await api.sign_in(ADMIN_EMAIL)
    await run_job(admin, "travel.status")
    r = await admin.get("/api/v1/admin/jobs", params={"runs": 3})
    assert r.status_code == 200, r.text
    jobs = {job["name"]: job for job in r.json()["items"]}
    assert set(jobs) == set(SCHEDULED) | set(ON_DEMAND)
    for name, (priority, cron) in SCHEDULED.items():
        assert jobs[name]["priority"] == priority and jobs[name]["schedule"] == [cron], name
        assert jobs[name]["nextRunAt"] is not None, name
    for name, priority in ON_DEMAND.items():
        assert jobs[name]["priority"] == priority and jobs[name]["nextRunAt"] is None, name
    status = jobs["travel.status"]
    assert status["queue"] == "normal" and status["maxTries"] == 3
    admin_run = next(run for run in status["lastRuns"] if run["trigger"] == "admin")
    assert admin_run["outcome"] == "SUCCEEDED"
    assert admin_run["counts"] == {"activated": 0, "deactivated": 0}
    assert admin_run["durationMs"] >= 0
    # Next run of a five-minute job: within five minutes, on a minute divisible by five.
    assert int(status["nextRunAt"][14:16]) % 5 == 0
    r = await admin.get("/api/v1/admin/jobs/travel.status/runs", params={"limit": 1})
    assert r.status_code == 200 and r.json()["items"][0]["name"] == "travel.status"
    r = await admin.get("/api/v1/admin/jobs", params={"runs": 51})
    assert r.status_code == 400 and error_code(r) == "VALIDATION_ERROR"


@pytest.mark.parametrize(
    "name, arguments, field",
    [
        ("user.export", {}, "arguments.exportId"),
        ("user.export", {"exportId": "7"}, "arguments.exportId"),
        ("user.export", {"exportId": 7, "extra": 1}, "arguments.extra"),
        ("travel.status", {"force": True}, "arguments.force"),
        ("notification.bulk", {"broadcastId": None}, "arguments.broadcastId"),
    ],
)
async def test_run_now_validates_arguments(api, name, arguments, field):
    admin = await api.sign_in(ADMIN_EMAIL)
    r = await admin.post(f"/api/v1/admin/jobs/{name}/run", json={"arguments": arguments})
    assert r.status_code == 400 and error_code(r) == "VALIDATION_ERROR", r.text
    assert field in [f["field"] for f in r.json()["error"]["details"]["fields"]]


async def test_a_job_running_elsewhere_is_skipped_and_recorded(api, db):
    admin = await api.sign_in(ADMIN_EMAIL)
    async with lock_held_elsewhere(db, "travel.status"):
        result = (await run_job(admin, "travel.status"))["result"]
    assert result == {"skipped": "already running"}
    [run] = await admin_runs(db, "travel.status")
    assert run["outcome"] == "SKIPPED"
    # Once the other run is over, it runs again.
    assert "activated" in (await run_job(admin, "travel.status"))["result"]


async def test_a_run_left_running_by_a_dead_worker_is_marked_abandoned(api, db):
    await db.execute(
        "INSERT INTO job_runs (name, queue, lock_key, attempt, trigger, arguments, started_at, "
        "outcome, counts) VALUES ('realtime.cleanup', 'low', 'realtime.cleanup', 1, "
        "'schedule', '{}', now() - interval '1 hour', 'RUNNING', '{}')"
    )
    admin = await api.sign_in(ADMIN_EMAIL)
    await run_job(admin, "realtime.cleanup")
    outcome = await db.fetchval(
        "SELECT outcome FROM job_runs WHERE name = 'realtime.cleanup' AND trigger = 'schedule'"
    )
    assert outcome == "ABANDONED"


@pytest.mark.parametrize("name", sorted(SCHEDULED))
async def test_every_scheduled_job_is_safe_twice_at_once(api, db, name):
    admin = await api.sign_in(ADMIN_EMAIL)
    results = await run_twice_at_once(admin, name)
    assert all(isinstance(result, dict) for result in results), results
    runs = await admin_runs(db, name)
    outcomes = sorted(run["outcome"] for run in runs)
    assert outcomes in (["SKIPPED", "SUCCEEDED"], ["SUCCEEDED", "SUCCEEDED"]), runs
    assert all(run["finished_at"] is not None for run in runs)


async def test_a_failing_job_is_retried_with_backoff_then_given_up(api, db):
    """A user.export whose data cannot be read fails three times (1 s, then 2 s apart in the
    tests), is recorded each time, and the export is marked FAILED so the user may retry."""
    ann = await api.sign_in()
    # A broken row the export cannot serialise: the profile is gone.
    await db.execute("DELETE FROM profiles WHERE user_id = $1", ann.user_id)
    r = await ann.post("/api/v1/users/me/export")
    assert r.status_code == 202, r.text
    export_id = r.json()["id"]

    async def runs():
        return await db.fetch(
            "SELECT attempt, trigger, outcome, error FROM job_runs WHERE name = 'user.export' "
            "ORDER BY attempt"
        )

    rows = await eventually(
        runs,
        lambda rows: len(rows) == 3 and rows[-1]["outcome"] != "RUNNING",
        timeout=60,
        what="3 attempts",
    )
    assert [(r["attempt"], r["trigger"], r["outcome"]) for r in rows] == [
        (1, "event", "RETRYING"),
        (2, "retry", "RETRYING"),
        (3, "retry", "FAILED"),
    ]
    assert "DoesNotExist" in rows[-1]["error"]
    status = await db.fetchval("SELECT status FROM data_exports WHERE id = $1", export_id)
    assert status == "FAILED"


async def test_the_schedule_runs_in_process(api, db):
    """Embedded mode: the web process sends the periodic jobs itself (every-minute ones here)."""

    async def scheduled():
        return await db.fetch(
            "SELECT name FROM job_runs WHERE trigger = 'schedule' AND name = 'notification.retry'"
        )

    await eventually(scheduled, bool, timeout=150, what="a scheduled notification.retry run")


async def test_in_process_low_jobs_never_take_critical_slots():
    """The in-process broker gives every priority its own slots: with every LOW slot taken by
    jobs that wait, a CRITICAL job still runs at once."""
    from connecto.jobs.broker import PriorityInMemoryBroker
    from connecto.jobs.queues import Priority

    broker = PriorityInMemoryBroker({p: 2 for p in Priority})
    release = asyncio.Event()
    started: list[str] = []

    @broker.task(task_name="test.slow", queue_name=Priority.LOW.stream)
    async def slow() -> None:
        started.append("low")
        await release.wait()

    @broker.task(task_name="test.urgent", queue_name=Priority.CRITICAL.stream)
    async def urgent() -> str:
        started.append("critical")
        return "done"

    await broker.startup()
    try:
        for _ in range(50):
            await slow.kiq()
        handle = await urgent.kiq()
        result = await handle.wait_result(timeout=10)
        assert result.return_value == "done"
        # Only two LOW jobs ever started: the other 48 wait for LOW slots, not CRITICAL ones.
        assert started.count("low") == 2 and "critical" in started
    finally:
        release.set()
        await broker.wait_all()
        await broker.shutdown()
