"""Session fixtures: the real PostgreSQL and Redis, and the real server in a subprocess."""

from __future__ import annotations

import httpx
import pytest

from tests.support import services
from tests.support.api import Api
from tests.support.devservices import DevServices
from tests.support.filestack import FileStack
from tests.support.metrics import MONITORING_TOKEN
from tests.support.server import ServerProcess, temp_data_dir


@pytest.fixture(scope="session")
async def required_services():
    problem = await services.check_services()
    if problem:
        # Never a silent skip: a missing service fails the run.
        pytest.exit(problem, returncode=1)


@pytest.fixture(scope="session")
def data_dir():
    return temp_data_dir()


@pytest.fixture(scope="session")
def standins(data_dir):
    """Local FCM, SMS and SMTP servers the session's server delivers notifications to."""
    devices = DevServices(data_dir / "standins").start()
    yield devices
    devices.stop()


@pytest.fixture(scope="session")
def filestack(data_dir):
    """The embedded S3 server and a real clamd the session's server stores and scans with."""
    try:
        stack = FileStack(data_dir / "files").start()
    except RuntimeError as exc:
        pytest.exit(str(exc), returncode=1)  # never a silent skip
    yield stack
    stack.stop()


@pytest.fixture(scope="session")
async def server(required_services, data_dir, standins, filestack):
    await services.drop_schema()
    proc = ServerProcess(
        database_url=services.DATABASE_URL,
        redis_url=services.REDIS_URL,
        data_dir=data_dir,
        env={
            "CONNECTO_REQUIRE_SERVICES": "1",
            # Failed jobs are retried after 1 s, 2 s, ... instead of 30 s, 60 s, ...
            "CONNECTO_JOB_RETRY_BASE_SECONDS": "1",
            "CONNECTO_MONITORING_TOKEN": MONITORING_TOKEN,
            # Browsers on this origin may call the API (tests/test_cors.py).
            "CONNECTO_CORS_ORIGINS": "https://app.connecto.test",
            **standins.server_env(),
            **filestack.server_env(),
        },
    ).start()
    yield proc
    proc.stop()


@pytest.fixture(scope="session")
async def db_conn(server):
    conn = await services.connect_db()
    yield conn
    await conn.close()


@pytest.fixture
async def db(server, db_conn):
    """Direct SQL access for assertions about what was (not) stored. Tables start empty:
    the previous test's background jobs are waited for first, so none writes afterwards."""
    async with httpx.AsyncClient(base_url=server.url, timeout=60) as http:
        r = await http.post("/dev/jobs/drain")
        assert r.status_code == 200, r.text
    await services.truncate_all(db_conn)
    await services.flush_redis()
    return db_conn


@pytest.fixture
def outbox(standins):
    """The stand-ins, emptied for this test."""
    standins.reset()
    return standins


@pytest.fixture
async def api(server, db):
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
        yield Api(http)
