"""Starts a fresh server (and the FCM, SMS and SMTP stand-ins) for the notebooks before nbval
starts any kernel.

nbval starts a notebook's kernel when it collects the file, before fixtures run, so the server
is started in ``pytest_configure`` and handed to the kernels through the environment:
``CONNECTO_URL``, and ``CONNECTO_FAKE_FCM_URL`` / ``CONNECTO_FAKE_SMS_URL`` /
``CONNECTO_FAKE_MAILBOX`` to look at what the stand-ins received; ``CONNECTO_MONITORING_TOKEN``
and ``CONNECTO_SERVER_LOG`` (the server's log file) for the operations notebook. The server
stores files in the embedded S3 server and scans them with a real clamd (notebook 05). The
database is emptied first: notebooks run against a fresh server.
"""

from __future__ import annotations

import asyncio
import os

import pytest

from tests.support import services
from tests.support.devservices import DevServices
from tests.support.filestack import FileStack
from tests.support.metrics import MONITORING_TOKEN
from tests.support.server import ServerProcess, temp_data_dir

_running: list = []


def pytest_configure(config: pytest.Config) -> None:
    if not config.getoption("nbval", default=False) and not config.getoption(
        "nbval_lax", default=False
    ):
        return
    problem = asyncio.run(services.check_services())
    if problem:
        raise pytest.UsageError(problem)
    asyncio.run(services.drop_schema())
    asyncio.run(services.flush_redis(keep_heartbeats=False))
    data_dir = temp_data_dir("connecto-nb-")
    standins = DevServices(data_dir / "standins").start()
    _running.append(standins)
    files = FileStack(data_dir / "files").start()
    _running.append(files)
    server = ServerProcess(
        database_url=services.DATABASE_URL,
        redis_url=services.REDIS_URL,
        data_dir=data_dir,
        name="notebooks",
        env={
            "CONNECTO_REQUIRE_SERVICES": "1",
            **standins.server_env(),
            **files.server_env(),
            # Retries after 2 s rather than 30, so notebook 04 can show one happen.
            "CONNECTO_NOTIFICATION_RETRY_BASE_SECONDS": "2",
            # Deleted accounts are removable at once, so notebook 06 need not wait 30 days.
            "CONNECTO_ACCOUNT_DELETION_GRACE_DAYS": "0",
            "CONNECTO_MONITORING_TOKEN": MONITORING_TOKEN,
        },
    ).start()
    _running.append(server)
    os.environ["CONNECTO_URL"] = server.url
    os.environ["CONNECTO_MONITORING_TOKEN"] = MONITORING_TOKEN
    os.environ["CONNECTO_SERVER_LOG"] = str(server.log_path)
    os.environ.update(standins.kernel_env())


def pytest_unconfigure(config: pytest.Config) -> None:
    for running in reversed(_running):
        running.stop()
