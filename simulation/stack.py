"""Connecto in its production shape on this machine, for load tests and benchmarks:
``python -m connecto run`` with several Sanic workers, a private Redis, a fresh PostgreSQL
database, a Taskiq job worker on the Redis broker, and the local FCM/SMS/SMTP stand-ins so
offline members' pushes really go out.

The server and job worker are the test suite's launchers (``tests/support``), so the load
tests run exactly what the tests run.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import resource
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from connecto.db import credentials_from_url
from tests.support.devservices import DevServices
from tests.support.server import ServerProcess, WorkerProcess, free_port, temp_data_dir
from tests.support.services import connect_db

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/connecto_bench"


def raise_file_limit() -> None:
    """Thousands of sockets need thousands of file descriptors (the stack inherits this)."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


async def recreate_database(url: str) -> None:
    """Drop and create the database ``url`` names (the bench starts from empty tables)."""
    name = credentials_from_url(url)["database"]
    conn = await connect_db(url.rsplit("/", 1)[0] + "/postgres")
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


class RedisServer:
    """A private ``redis-server`` on a free port (nothing else publishes on its channels)."""

    def __init__(self, data_dir: Path) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.log_path = data_dir / f"redis-{self.port}.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> RedisServer:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed (apt-get install redis-server)")
        self.process = subprocess.Popen(
            [
                *(binary, "--bind", "127.0.0.1", "--port", str(self.port), "--save", ""),
                *("--appendonly", "no", "--logfile", str(self.log_path), "--maxclients", "20000"),
            ],
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            probe = subprocess.run(
                ["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True
            )
            if probe.stdout.strip() == "PONG":
                return self
            time.sleep(0.05)
        raise RuntimeError(f"redis-server on {self.port} did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


@dataclass
class Stack:
    workers: int = 2
    database_url: str = ""
    redis_url: str = ""  # empty: start a private redis-server
    env: dict[str, str] = field(default_factory=dict)
    data_dir: Path = field(default_factory=lambda: temp_data_dir("connecto-bench-"))
    server: ServerProcess | None = None
    worker: WorkerProcess | None = None
    redis: RedisServer | None = None
    standins: DevServices | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return self.server.url

    def start(self) -> Stack:
        self.database_url = self.database_url or os.environ.get(
            "CONNECTO_BENCH_DATABASE_URL", DEFAULT_DATABASE_URL
        )
        asyncio.run(recreate_database(self.database_url))
        if not self.redis_url:
            self.redis = RedisServer(self.data_dir).start()
            self.redis_url = self.redis.url
        self.standins = DevServices(self.data_dir / "standins").start()
        env = {
            "CONNECTO_WORKERS": str(self.workers),
            "CONNECTO_BROKER_URL": self.redis_url,
            "CONNECTO_LOG_LEVEL": "WARNING",
            "CONNECTO_REQUIRE_SERVICES": "1",
            **self.standins.server_env(),
            **self.env,
        }
        # Sanic gives each worker 30 s to start; on a machine busy with other work, importing
        # the app can take longer. Try again rather than give up on the first slow start.
        for attempt in range(1, 4):
            self.server = ServerProcess(
                database_url=self.database_url,
                redis_url=self.redis_url,
                data_dir=self.data_dir,
                name="bench",
                env=env,
            )
            try:
                self.server.start(timeout=120)
                break
            except RuntimeError:
                if attempt == 3:
                    raise
                print(f"the server did not start (attempt {attempt}), trying again", flush=True)
        self.worker = WorkerProcess(self.server).start()
        return self

    def stop(self) -> None:
        for part in (self.worker, self.server, self.standins, self.redis):
            if part is not None:
                with contextlib.suppress(Exception):
                    part.stop()

    def __enter__(self) -> Stack:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def pids(self) -> dict[str, list[int]]:
        """Process ids by role: the Sanic server tree, the job worker tree, Redis."""
        import psutil

        def tree(process) -> list[int]:
            if process is None or process.poll() is not None:
                return []
            root = psutil.Process(process.pid)
            return [root.pid, *(child.pid for child in root.children(recursive=True))]

        return {
            "server": tree(self.server.process if self.server else None),
            "jobs": tree(self.worker.process if self.worker else None),
            "redis": tree(self.redis.process if self.redis else None),
        }
