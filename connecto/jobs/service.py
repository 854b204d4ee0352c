from __future__ import annotations

import asyncio

from connecto.auth.context import Actor
from connecto.errors import ConnectoError
from connecto.jobs.broker import broker, is_in_process
from connecto.jobs.tasks import JOBS
from connecto.users.service import ensure_admin


async def run_job(actor: Actor, name: str) -> dict:
    """Queue a job. In-process, the result is waited for and returned; with a worker pool the
    task id is returned and the job runs on a worker."""
    ensure_admin(actor)
    task = JOBS.get(name)
    if task is None:
        raise ConnectoError("NOT_FOUND", f"No job named {name!r}", details={"jobs": sorted(JOBS)})
    handle = await task.kiq()
    if is_in_process():
        result = await handle.wait_result(timeout=60)
        return {"job": name, "taskId": handle.task_id, "result": result.return_value}
    return {"job": name, "taskId": handle.task_id, "queued": True}


DRAIN_LIMIT_SECONDS = 30


async def drain_in_process_jobs() -> int:
    """Wait until no in-process job is running (jobs that start jobs included). Returns how
    many rounds it waited. Development only: tests call it so that one test's background work
    (notification triggers, deliveries) is over before the next test empties the database."""
    if not is_in_process():
        return 0

    async def drain() -> int:
        rounds = 0
        while broker._running_tasks:  # the in-memory broker's own set of running jobs
            await broker.wait_all()
            rounds += 1
        return rounds

    async with asyncio.timeout(DRAIN_LIMIT_SECONDS):
        return await drain()
