"""The Taskiq broker and scheduler.

With ``CONNECTO_BROKER_URL`` (a Redis URL) jobs go to a Redis stream (acknowledged, so a
crashed worker's job is redelivered) and run in ``make worker`` processes; ``make scheduler``
sends the periodic ones. Without it an in-memory broker runs jobs inside the web process and
the web process runs the schedule itself (embedded mode).

Both objects are built at import time from the environment because the taskiq CLI imports
them by path (``connecto.jobs.broker:broker``).
"""

from __future__ import annotations

import importlib

from taskiq import AsyncBroker, InMemoryBroker, TaskiqEvents, TaskiqScheduler, TaskiqState
from taskiq.schedule_sources import LabelScheduleSource
from taskiq_redis import RedisStreamBroker

from connecto.jobs.middleware import JobMetricsMiddleware
from connecto.settings import Settings


def _make_broker(settings: Settings) -> AsyncBroker:
    if settings.broker_url:
        return RedisStreamBroker(
            settings.broker_url, queue_name="connecto:jobs", consumer_group_name="connecto-workers"
        )
    return InMemoryBroker()


broker: AsyncBroker = _make_broker(Settings())
broker.add_middlewares(JobMetricsMiddleware())
scheduler = TaskiqScheduler(broker, sources=[LabelScheduleSource(broker)])


def is_in_process() -> bool:
    return isinstance(broker, InMemoryBroker)


def queue_streams() -> dict[str, str]:
    """The Redis stream of each job queue, by priority (health checks read their depth)."""
    if is_in_process():
        return {}
    return {"default": broker.queue_name}


@broker.on_event(TaskiqEvents.WORKER_STARTUP)
async def _worker_startup(state: TaskiqState) -> None:
    # A worker process has no web app: give it the same services the app has. (The in-memory
    # broker fires this event inside the web process, which has them already.)
    if is_in_process():
        return
    from connecto import runtime
    from connecto.analytics import recorder as analytics
    from connecto.observability import logs, metrics, sentry
    from connecto.realtime import setup as realtime

    settings = Settings()
    logs.configure(settings)
    sentry.init(settings, web=False)
    metrics.prune_dead_processes()
    if settings.worker_metrics_port:
        metrics.serve_for_job_workers(settings.worker_metrics_port)
    runtime.install_container(settings)
    await runtime.start(settings)
    # Jobs may push to sockets (notifications): they go through the same Redis fan-out.
    realtime.load_handlers()
    importlib.import_module("connecto.analytics.subscribers")
    await realtime.start(settings.redis_url)
    await metrics.start_sampler(settings.metrics_sample_seconds)
    await analytics.start(settings)


@broker.on_event(TaskiqEvents.WORKER_SHUTDOWN)
async def _worker_shutdown(state: TaskiqState) -> None:
    if is_in_process():
        return
    from connecto import runtime
    from connecto.analytics import recorder as analytics
    from connecto.notifications import delivery
    from connecto.observability import metrics
    from connecto.realtime import setup as realtime

    await analytics.stop()
    await metrics.stop_sampler()
    await realtime.stop()
    await delivery.close_clients()
    await runtime.stop()
