"""Extra servers on their own scratch database (no Redis, production mode, with a worker),
next to the session's server."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx

from tests.support import services
from tests.support.api import Api
from tests.support.server import ServerProcess, WorkerProcess, temp_data_dir


@dataclass
class Standalone:
    server: ServerProcess
    api: Api
    database_url: str
    worker: WorkerProcess | None


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
        worker_process = WorkerProcess(server).start() if worker else None
        try:
            async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
                yield Standalone(server, Api(http), database_url, worker_process)
        finally:
            if worker_process is not None:
                worker_process.stop()
            server.stop()
