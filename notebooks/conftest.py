"""Starts a fresh server for the notebooks before nbval starts any kernel.

nbval starts a notebook's kernel when it collects the file, before fixtures run, so the server
is started in ``pytest_configure`` and its URL handed to the kernels through the environment
(``CONNECTO_URL``). The database is emptied first: notebooks run against a fresh server.
"""

from __future__ import annotations

import asyncio
import os

import pytest

from tests.support import services
from tests.support.server import ServerProcess, temp_data_dir

_server: ServerProcess | None = None


def pytest_configure(config: pytest.Config) -> None:
    global _server
    if not config.getoption("nbval", default=False) and not config.getoption(
        "nbval_lax", default=False
    ):
        return
    problem = asyncio.run(services.check_services())
    if problem:
        raise pytest.UsageError(problem)
    asyncio.run(services.drop_schema())
    asyncio.run(services.flush_redis())
    _server = ServerProcess(database_url=services.DATABASE_URL, redis_url=services.REDIS_URL,
                            data_dir=temp_data_dir("connecto-nb-"), name="notebooks",
                            env={"CONNECTO_REQUIRE_SERVICES": "1"}).start()
    os.environ["CONNECTO_URL"] = _server.url


def pytest_unconfigure(config: pytest.Config) -> None:
    if _server is not None:
        _server.stop()
