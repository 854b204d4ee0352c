from __future__ import annotations

import asyncio
import time

from redis.asyncio import Redis

from connecto.auth.context import Actor
from connecto.container import container
from connecto.errors import ConnectoError
from connecto.jobs.broker import broker, is_in_process, queue_streams
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


async def broker_status() -> dict:
    """The job broker for /health/detailed: in-process, or the Redis streams with the jobs
    waiting in each (not yet delivered, plus delivered and not yet acknowledged)."""
    if is_in_process():
        return {"status": "up", "mode": "in-process", "running": len(broker._running_tasks)}
    started = time.perf_counter()
    client = Redis.from_url(container().settings.broker_url, decode_responses=True)
    try:
        queues = {}
        for priority, stream in queue_streams().items():
            groups = await client.xinfo_groups(stream) if await client.exists(stream) else []
            group = next((g for g in groups if g["name"] == broker.consumer_group_name), None)
            pending = int(group["pending"]) if group else 0
            waiting = int(group.get("lag") or 0) if group else await client.xlen(stream)
            queues[priority] = {"stream": stream, "depth": waiting + pending, "pending": pending}
    finally:
        await client.aclose()
    return {
        "status": "up",
        "mode": "redis",
        "latencyMs": round((time.perf_counter() - started) * 1000, 2),
        "queues": queues,
    }
