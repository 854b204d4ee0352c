"""Extra servers on their own scratch database (no Redis, production mode, with a worker),
next to the session's server."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import redis.asyncio as aioredis

from connecto.jobs.queues import Priority
from tests.support import services
from tests.support.api import Api
from tests.support.server import ServerProcess, WorkerProcess, temp_data_dir
from tests.support.waiting import eventually


@dataclass
class Standalone:
    server: ServerProcess
    api: Api
    database_url: str
    worker: WorkerProcess | None


async def forget_job_queues() -> None:
    client = aioredis.Redis.from_url(services.REDIS_URL)
    try:
        await client.delete(*(priority.stream for priority in Priority))
    finally:
        await client.aclose()


@contextlib.asynccontextmanager
async def standalone(
    name: str, *, redis: bool = True, env: dict | None = None, worker: bool = False
) -> AsyncIterator[Standalone]:
    """A server (and, with ``worker``, a `make worker` process) on a fresh scratch database.
    Uploads are off unless ``env`` turns them on (then the server starts its own embedded S3
    server), so the many extra servers do not each start one."""
    env = {"CONNECTO_UPLOADS_ENABLED": "0", **(env or {})}
    async with services.ScratchDatabase(name) as database_url:
        server = ServerProcess(
            database_url=database_url,
            redis_url=services.REDIS_URL if redis else None,
            data_dir=temp_data_dir(),
            name=name,
            env=env,
        ).start()
        if worker:
            await forget_job_queues()  # no consumers of an earlier run look like ours
        worker_process = WorkerProcess(server).start() if worker else None
        try:
            if worker_process is not None:
                await eventually(
                    worker_process.listening,
                    lambda n: n == len(Priority),
                    timeout=240,
                    what="a worker listening on every priority queue",
                )
            async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
                yield Standalone(server, Api(http), database_url, worker_process)
        finally:
            if worker_process is not None:
                worker_process.stop()
            server.stop()
