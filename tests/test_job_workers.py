"""The production shape of jobs: the web process only queues, `make worker` runs one worker
process per priority queue, `make scheduler` sends the periodic jobs and the due retries."""

from __future__ import annotations

import pytest
from taskiq.kicker import AsyncKicker
from taskiq_redis import RedisStreamBroker

from tests.support import services
from tests.support.server import ADMIN_EMAIL, ROOT, SchedulerProcess
from tests.support.standalone import standalone
from tests.support.waiting import eventually
from tests.support.world import default_planet, join, make_travel
from tests.test_jobs import make_stale_rows

FLOOD = 300


@pytest.fixture(scope="module")
async def stack(required_services):
    """A server, the job workers (one LOW job at a time) and the scheduler, on their own
    database, sharing the test Redis."""
    await services.flush_redis()
    env = {
        "CONNECTO_BROKER_URL": services.REDIS_URL,
        "CONNECTO_JOB_CONCURRENCY": "low=1",
        "CONNECTO_JOB_RETRY_BASE_SECONDS": "1",
    }
    async with standalone("workers", env=env, worker=True) as stack:
        scheduler = SchedulerProcess(stack.server).start()
        db = await services.connect_db(stack.database_url)
        try:
            yield stack, db
        finally:
            await db.close()
            scheduler.stop()


async def test_cleanup_job_on_a_worker_process(stack):
    """With CONNECTO_BROKER_URL the web process only queues; `make worker` does the work."""
    stack, db = stack
    api = stack.api
    await make_stale_rows(api, db)
    admin = await api.sign_in(ADMIN_EMAIL)
    r = await admin.post("/api/v1/admin/jobs/maintenance.expired_data_cleanup/run")
    assert r.status_code == 202, r.text
    assert r.json()["queued"] is True

    async def stale_tokens() -> int:
        return await db.fetchval("SELECT count(*) FROM push_tokens WHERE token = 'fcm-stale-token'")

    await eventually(stale_tokens, lambda n: n == 0, timeout=60, what="the worker ran the job")
    assert await db.fetchval("SELECT count(*) FROM auth_sessions WHERE revoked_at IS NOT NULL") == 0

    async def run():
        return await db.fetchrow(
            "SELECT queue, trigger, outcome FROM job_runs "
            "WHERE name = 'maintenance.expired_data_cleanup' AND trigger = 'admin'"
        )

    finished = await eventually(run, lambda r: r and r["outcome"] != "RUNNING", what="the run")
    assert dict(finished) == {"queue": "low", "trigger": "admin", "outcome": "SUCCEEDED"}


async def test_a_flood_of_low_jobs_does_not_delay_a_critical_one(stack):
    """300 LOW maintenance jobs queue up behind one LOW slot; a mention (a CRITICAL
    notification.trigger job) is delivered while most of them are still waiting."""
    stack, db = stack
    api = stack.api
    hana, jun = await api.sign_in(), await api.sign_in()
    travel = await make_travel(hana)
    await join(jun, travel)
    low = RedisStreamBroker(services.REDIS_URL, queue_name="connecto:jobs:low")
    await low.startup()
    try:
        for _ in range(FLOOD):
            await AsyncKicker(
                "maintenance.expired_data_cleanup", low, {"queue_name": "connecto:jobs:low"}
            ).kiq()
    finally:
        await low.shutdown()
    r = await hana.post(
        f"/api/v1/planets/{default_planet(travel)['id']}/messages",
        json={"content": "@jun the bus leaves at 8", "mentions": [jun.user_id]},
    )
    assert r.status_code == 201, r.text

    async def mention_notified():
        return (await jun.get("/api/v1/notifications")).json()["items"]

    await eventually(mention_notified, bool, timeout=60, what="the mention notification")
    low_done = await db.fetchval(
        "SELECT count(*) FROM job_runs WHERE name = 'maintenance.expired_data_cleanup' "
        "AND trigger = 'event'"
    )
    assert low_done < FLOOD / 2, f"{low_done} LOW jobs ran before the CRITICAL one"

    async def all_low_done():
        return await db.fetchval(
            "SELECT count(*) FROM job_runs WHERE name = 'maintenance.expired_data_cleanup' "
            "AND trigger = 'event' AND outcome = 'SUCCEEDED'"
        )

    # The LOW backlog is worked off too: every job ran, one at a time.
    await eventually(all_low_done, lambda n: n == FLOOD, timeout=240, what="the LOW backlog")


async def test_the_scheduler_sends_periodic_jobs_to_the_workers(stack):
    stack, db = stack

    async def scheduled():
        return await db.fetch(
            "SELECT DISTINCT name FROM job_runs "
            "WHERE trigger = 'schedule' AND outcome = 'SUCCEEDED'"
        )

    rows = await eventually(
        scheduled,
        lambda rows: (
            {"planet.chat_windows", "moderation.lift_expired"} <= {r["name"] for r in rows}
        ),
        timeout=150,
        what="every-minute jobs sent by the scheduler",
    )
    assert "notification.retry" in {r["name"] for r in rows}


async def test_a_failed_job_is_retried_through_the_scheduler(stack):
    """On workers a retry is scheduled in Redis and sent by the scheduler when due, so it
    survives a worker restart."""
    stack, db = stack
    ann = await stack.api.sign_in()
    await db.execute("DELETE FROM profiles WHERE user_id = $1", ann.user_id)
    r = await ann.post("/api/v1/users/me/export")
    assert r.status_code == 202, r.text

    async def attempts():
        return await db.fetch(
            "SELECT attempt, trigger, outcome FROM job_runs WHERE name = 'user.export' "
            "ORDER BY attempt"
        )

    rows = await eventually(attempts, lambda rows: len(rows) >= 2, timeout=240, what="a retry")
    assert [(r["attempt"], r["trigger"]) for r in rows[:2]] == [(1, "event"), (2, "retry")]
    assert rows[0]["outcome"] == "RETRYING"


def test_make_worker_stops_even_if_a_queue_worker_hangs(tmp_path):
    """SIGTERM stops `make worker` in bounded time: a queue worker that does not stop (taskiq's
    process manager can hang in its signal handler) is killed after the stop timeout, with
    the process it runs, instead of keeping the command alive until a supervisor's SIGKILL."""
    import contextlib
    import os
    import signal
    import subprocess
    import sys
    import time

    pids = tmp_path / "children"
    # The real `run` with a stand-in for the taskiq command: a child that ignores SIGINT and
    # starts a grandchild of its own, as taskiq's process manager does.
    script = f"""
import sys
from connecto.jobs import worker
from connecto.jobs.queues import Priority
from connecto.settings import Settings
stubborn = (
    "import os, signal, subprocess, sys, time; signal.signal(signal.SIGINT, signal.SIG_IGN); "
    "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)']); "
    "open({str(pids)!r}, 'a').write(f'{{os.getpid()}} {{child.pid}}\\\\n'); time.sleep(600)"
)
worker.command = lambda concurrency: [sys.executable, "-c", stubborn]
worker.STOP_TIMEOUT = 1
sys.exit(worker.run(Settings(broker_url="redis://127.0.0.1:1/0"), [Priority.LOW]))
"""
    process = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while not pids.exists() or not pids.read_text().endswith("\n"):
            assert time.monotonic() < deadline, "the queue worker did not start"
            time.sleep(0.1)
        process.send_signal(signal.SIGTERM)
        assert process.wait(30) == 0
        for pid in map(int, pids.read_text().split()):
            assert gone(pid), f"process {pid} survived"
    finally:  # nothing left behind if it failed
        process.kill()
        for pid in map(int, pids.read_text().split() if pids.exists() else []):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def gone(pid: int) -> bool:
    """The process ended (a zombie at most, until init reaps it: its parent is gone too)."""
    import os
    import time

    for _ in range(50):
        try:
            os.kill(pid, 0)
            with open(f"/proc/{pid}/stat") as stat:
                if stat.read().split(")")[-1].split()[0] == "Z":
                    return True
        except (ProcessLookupError, FileNotFoundError):
            return True
        time.sleep(0.1)
    return False
