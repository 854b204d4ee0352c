"""The stack the notebooks run against in CI (``conftest.py``) and when their outputs are
recorded (``record.py``): an emptied test database, a server on it with the FCM/SMS/SMTP
stand-ins, the embedded S3 server and clamd, and the environment variables the kernels read.
"""

from __future__ import annotations

import asyncio
import os

from tests.support import services
from tests.support.devservices import DevServices
from tests.support.filestack import FileStack
from tests.support.metrics import MONITORING_TOKEN
from tests.support.server import ServerProcess, temp_data_dir


def start() -> list:
    """Start everything; returns what to stop (in reverse order) afterwards."""
    problem = asyncio.run(services.check_services())
    if problem:
        raise RuntimeError(problem)
    asyncio.run(services.drop_schema())
    asyncio.run(services.flush_redis(keep_heartbeats=False))
    data_dir = temp_data_dir("connecto-nb-")
    running: list = []
    standins = DevServices(data_dir / "standins").start()
    running.append(standins)
    files = FileStack(data_dir / "files").start()
    running.append(files)
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
    running.append(server)
    os.environ["CONNECTO_URL"] = server.url
    os.environ["CONNECTO_MONITORING_TOKEN"] = MONITORING_TOKEN
    os.environ["CONNECTO_SERVER_LOG"] = str(server.log_path)
    os.environ.update(standins.kernel_env())
    return running


def stop(running: list) -> None:
    for part in reversed(running):
        part.stop()
