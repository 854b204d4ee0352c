"""Runs the real server (``python -m connecto run``) in a subprocess on a free port."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
JWT_SECRET = "test-secret-that-is-long-enough-for-hs256-000000"
ADMIN_EMAIL = "admin@connecto.test"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServerProcess:
    """One app process. ``env`` overrides the test defaults; a value of None unsets it."""

    def __init__(
        self,
        *,
        database_url: str | None,
        redis_url: str | None,
        data_dir: Path,
        env: dict[str, str | None] | None = None,
        name: str = "server",
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.name = name
        self.data_dir = data_dir
        self.log_path = data_dir / f"{name}-{self.port}.log"
        self.env = {
            **os.environ,
            "CONNECTO_ENV": "test",
            "CONNECTO_HOST": "127.0.0.1",
            "CONNECTO_PORT": str(self.port),
            "CONNECTO_DATA_DIR": str(data_dir),
            "CONNECTO_JWT_SECRET": JWT_SECRET,
            "CONNECTO_ADMIN_EMAILS": ADMIN_EMAIL,
            "CONNECTO_LOG_LEVEL": "INFO",
        }
        for key in [
            k
            for k in self.env
            if k.startswith("CONNECTO_")
            and k
            not in (
                "CONNECTO_ENV",
                "CONNECTO_HOST",
                "CONNECTO_PORT",
                "CONNECTO_DATA_DIR",
                "CONNECTO_JWT_SECRET",
                "CONNECTO_ADMIN_EMAILS",
                "CONNECTO_LOG_LEVEL",
            )
            and not k.startswith("CONNECTO_TEST_")
        ]:
            del self.env[key]  # nothing from the developer's shell leaks into the server
        # Set in this process once connecto's metrics module is imported (by a test): each
        # server keeps its metrics in its own data directory instead.
        self.env.pop("PROMETHEUS_MULTIPROC_DIR", None)
        # Every test client is 127.0.0.1 and the suites sign in hundreds of users: the API-wide
        # request budgets (tests/test_request_limits.py lowers them again) are raised out of
        # the way; the per-action limits of spec 8.2 stay as shipped.
        self.env["CONNECTO_RATE_LIMIT_MAX"] = "1000000"
        self.env["CONNECTO_AUTH_RATE_LIMIT_MAX"] = "1000000"
        if database_url:
            self.env["CONNECTO_DATABASE_URL"] = database_url
        if redis_url:
            self.env["CONNECTO_REDIS_URL"] = redis_url
        for key, value in (env or {}).items():
            if value is None:
                self.env.pop(key, None)
            else:
                self.env[key] = value
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 180.0) -> ServerProcess:
        log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "connecto", "run"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            # Its own process group: Sanic's manager SIGKILLs the process group of a worker
            # that fails to start in time, which would otherwise include the launcher.
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited early:\n{self.log_tail()}")
            try:
                if httpx.get(f"{self.url}/health", timeout=1).status_code in (200, 503):
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{self.name} did not come up in {timeout}s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)  # with its worker processes
                self.process.wait()

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return "(no log)"


def temp_data_dir(prefix: str = "connecto-test-") -> Path:
    return Path(tempfile.mkdtemp(prefix=prefix))


class WorkerProcess:
    """The job workers (``make worker``: one Taskiq worker per priority queue) with the same
    environment as a ServerProcess (plus ``env``)."""

    command = "worker"
    # A line its log shows once it takes jobs (None: nothing to wait for).
    ready_marker: str | None = "Listening started"

    def __init__(self, server: ServerProcess, env: dict[str, str] | None = None) -> None:
        self.env = {**server.env, **(env or {})}
        # (Not "worker-...": a server named "worker" writes that file.)
        self.log_path = server.data_dir / f"taskiq-{self.command}-{server.port}.log"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 180.0) -> WorkerProcess:
        """Start it and wait until it listens for jobs (it imports the whole service first,
        which on a busy machine takes a while)."""
        log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "connecto", self.command],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while self.ready_marker and self.ready_marker not in self.log_path.read_text(
            errors="replace"
        ):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the job worker did not start:\n{self.log_tail()}")
            time.sleep(0.2)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(45)  # it kills a queue worker that is not done in 30 s
            except subprocess.TimeoutExpired:
                # With its queue workers (each in a session of its own) and theirs.
                import psutil

                with contextlib.suppress(psutil.NoSuchProcess):
                    for child in psutil.Process(self.process.pid).children(recursive=True):
                        with contextlib.suppress(psutil.NoSuchProcess):
                            child.kill()
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    async def listening(self) -> int:
        """How many of its worker processes have started listening to their queue."""
        return self.log_path.read_text(errors="replace").count("Listening started")


class SchedulerProcess(WorkerProcess):
    """The scheduler (``make scheduler``): sends periodic jobs and due retries."""

    command = "scheduler"
    ready_marker = None
