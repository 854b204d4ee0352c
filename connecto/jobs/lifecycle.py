"""Starting the broker (and, in embedded mode, the schedule) inside the web process."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from sanic import Sanic
from taskiq.cli.scheduler.run import SchedulerLoop

from connecto.jobs import tasks  # noqa: F401  (registers the tasks on the broker)
from connecto.jobs.broker import broker, is_in_process, scheduler

log = logging.getLogger("connecto.jobs")


async def start_in_web_process(app: Sanic) -> None:
    await broker.startup()
    if is_in_process():
        # No separate scheduler process in embedded mode: run the schedule here. The label
        # source reads the schedules off the registered jobs when it starts.
        for source in scheduler.sources:
            await source.startup()
        app.ctx.scheduler_task = asyncio.get_running_loop().create_task(
            SchedulerLoop(scheduler).run(skip_first_run=True), name="connecto-scheduler"
        )
        log.info("jobs run in-process (no CONNECTO_BROKER_URL)")


async def stop_in_web_process(app: Sanic) -> None:
    task = getattr(app.ctx, "scheduler_task", None)
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    await broker.shutdown()
