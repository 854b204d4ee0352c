"""The Taskiq broker and scheduler.

With ``CONNECTO_BROKER_URL`` (a Redis URL) jobs go to a Redis stream (acknowledged, so a
crashed worker's job is redelivered) and run in ``make worker`` processes; ``make scheduler``
sends the periodic ones. Without it an in-memory broker runs jobs inside the web process and
the web process runs the schedule itself (embedded mode).

Both objects are built at import time from the environment because the taskiq CLI imports
them by path (``connecto.jobs.broker:broker``).
"""

from __future__ import annotations

from taskiq import AsyncBroker, InMemoryBroker, TaskiqEvents, TaskiqScheduler, TaskiqState
from taskiq.schedule_sources import LabelScheduleSource
from taskiq_redis import RedisStreamBroker

from connecto.settings import Settings


def _make_broker(settings: Settings) -> AsyncBroker:
    if settings.broker_url:
        return RedisStreamBroker(
            settings.broker_url, queue_name="connecto:jobs", consumer_group_name="connecto-workers"
        )
    return InMemoryBroker()


broker: AsyncBroker = _make_broker(Settings())
scheduler = TaskiqScheduler(broker, sources=[LabelScheduleSource(broker)])


def is_in_process() -> bool:
    return isinstance(broker, InMemoryBroker)


@broker.on_event(TaskiqEvents.WORKER_STARTUP)
async def _worker_startup(state: TaskiqState) -> None:
    # A worker process has no web app: give it the same services the app has. (The in-memory
    # broker fires this event inside the web process, which has them already.)
    if is_in_process():
        return
    from connecto import runtime
    from connecto.realtime import setup as realtime

    settings = Settings()
    runtime.install_container(settings)
    await runtime.start(settings)
    # Jobs may push to sockets (notifications): they go through the same Redis fan-out.
    realtime.load_handlers()
    await realtime.start(settings.redis_url)


@broker.on_event(TaskiqEvents.WORKER_SHUTDOWN)
async def _worker_shutdown(state: TaskiqState) -> None:
    if is_in_process():
        return
    from connecto import runtime
    from connecto.notifications import delivery
    from connecto.realtime import setup as realtime

    await realtime.stop()
    await delivery.close_clients()
    await runtime.stop()
