"""``python -m connecto worker`` (``make worker``): the job workers of one machine.

One ``taskiq worker`` process per priority queue (CRITICAL, HIGH, NORMAL, LOW, BULK), each
consuming only its own Redis stream with its own concurrency (``CONNECTO_JOB_CONCURRENCY``),
so a backlog in one queue never takes a slot from another. ``--queues critical,high`` runs a
subset (to scale one priority on more machines). Signals are passed on to the children; if
one of them dies the others are stopped and the command exits with its status, so the
process supervisor (systemd, Kubernetes) restarts the set.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time

from connecto.jobs.queues import Priority
from connecto.settings import Settings

STOP_TIMEOUT = 30


def command(concurrency: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "taskiq",
        "worker",
        "connecto.jobs.broker:broker",
        "connecto.jobs.tasks",
        "--workers",
        "1",
        "--max-async-tasks",
        str(concurrency),
    ]


def run(settings: Settings, queues: list[Priority]) -> int:
    if not settings.broker_url:
        sys.exit(
            "CONNECTO_BROKER_URL is not set: jobs run inside the web process (make run); "
            "set it to a Redis URL to run separate workers"
        )
    children: dict[Priority, subprocess.Popen] = {}
    for queue in queues:
        env = {**os.environ, "CONNECTO_WORKER_QUEUE": queue.queue}
        # Each in a session of its own: a signal to this command's whole process group (Ctrl-C
        # in a terminal, `kill -- -PGID`) reaches them once, forwarded below. Two signals at
        # once (the group's and the forwarded one) can leave taskiq's process manager stuck.
        children[queue] = subprocess.Popen(
            command(settings.concurrency[queue]), env=env, start_new_session=True
        )
        print(
            f"worker for the {queue.queue} queue (pid {children[queue].pid}, "
            f"{settings.concurrency[queue]} at once)",
            flush=True,
        )

    stopping = False

    def stop(signum, frame) -> None:
        nonlocal stopping
        stopping = True
        for child in children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGINT)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    status = 0
    deadline = None
    while any(child.poll() is None for child in children.values()):
        for queue, child in children.items():
            code = child.poll()
            if code is not None and not stopping:
                print(f"the {queue.queue} worker exited ({code}); stopping the others", flush=True)
                status = code or 1
                stop(None, None)
        if stopping and deadline is None:
            deadline = time.monotonic() + STOP_TIMEOUT
        if deadline is not None and time.monotonic() > deadline:
            # A worker that does not stop in time (taskiq's process manager can hang in its
            # signal handler) is killed with its own worker process, so the command exits.
            for queue, child in children.items():
                if child.poll() is None:
                    print(f"the {queue.queue} worker did not stop; killing it", flush=True)
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(child.pid, signal.SIGKILL)
            deadline = float("inf")
        time.sleep(0.5)
    return status
