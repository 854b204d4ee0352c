"""Starts a fresh server (and the FCM, SMS and SMTP stand-ins) for the notebooks before nbval
starts any kernel.

nbval starts a notebook's kernel when it collects the file, before fixtures run, so the server
is started in ``pytest_configure`` and handed to the kernels through the environment:
``CONNECTO_URL``, and ``CONNECTO_FAKE_FCM_URL`` / ``CONNECTO_FAKE_SMS_URL`` /
``CONNECTO_FAKE_MAILBOX`` to look at what the stand-ins received; ``CONNECTO_MONITORING_TOKEN``
and ``CONNECTO_SERVER_LOG`` (the server's log file) for the operations notebook. The server
stores files in the embedded S3 server and scans them with a real clamd (notebook 05). The
database is emptied first: notebooks run against a fresh server (see ``stack.py``).
"""

from __future__ import annotations

import pytest

from notebooks import stack

_running: list = []


def pytest_configure(config: pytest.Config) -> None:
    if not config.getoption("nbval", default=False) and not config.getoption(
        "nbval_lax", default=False
    ):
        return
    try:
        _running.extend(stack.start())
    except RuntimeError as exc:
        raise pytest.UsageError(str(exc)) from None


def pytest_unconfigure(config: pytest.Config) -> None:
    stack.stop(_running)
