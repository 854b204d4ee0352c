"""The Taskiq broker and scheduler: the one place they are built (add middlewares here).

With ``CONNECTO_BROKER_URL`` (a Redis URL) each priority has its own Redis stream
(acknowledged, so a crashed worker's job is redelivered); ``python -m connecto worker``
(``make worker``) runs one worker process per stream with that priority's concurrency, and
``make scheduler`` sends the periodic jobs and the delayed retries. Without it an in-memory
broker runs jobs inside the web process, again with a separate concurrency per priority, and
the web process runs the schedule itself (embedded mode).

Both objects are built at import time from the environment because the taskiq CLI imports
them by path (``connecto.jobs.broker:broker``).
"""

from __future__ import annotations

import asyncio
import contextvars
import importlib
import random
from typing import Any

from taskiq import (
    AsyncBroker,
    InMemoryBroker,
    ScheduleSource,
    TaskiqEvents,
    TaskiqMessage,
    TaskiqMiddleware,
    TaskiqScheduler,
    TaskiqState,
)
from taskiq.exceptions import UnknownTaskError
from taskiq.message import BrokerMessage
from taskiq.middlewares import SmartRetryMiddleware
from taskiq.schedule_sources import LabelScheduleSource
from taskiq_redis import ListRedisScheduleSource, RedisStreamBroker

from connecto.jobs.middleware import JobMetricsMiddleware
from connecto.jobs.queues import Priority
from connecto.settings import Settings

# The first retry waits this long (seconds, per job: the ``retry_delay`` label); each further one
# twice as long, up to an hour, with +-20 % jitter.
MAX_RETRY_DELAY = 3600
# Acknowledged jobs stay in a stream until trimmed to about this many entries.
STREAM_MAXLEN = 200_000

# The message of the job running in this task (set before the job function is called).
current_message: contextvars.ContextVar[TaskiqMessage | None] = contextvars.ContextVar(
    "connecto_job_message", default=None
)


class JobContextMiddleware(TaskiqMiddleware):
    """Lets the job wrapper (``registry.job``) see its message: attempt number, trigger."""

    def pre_execute(self, message: TaskiqMessage) -> TaskiqMessage:
        current_message.set(message)
        return message


class RetryMiddleware(SmartRetryMiddleware):
    """Taskiq's retry middleware with exponential backoff (its own is linear)."""

    def __init__(self, *args: Any, base_override: float | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.base_override = base_override

    def make_delay(self, message: TaskiqMessage, retries: int) -> float:
        # ``retry_delay`` is the job's first delay; ``delay`` is what a retry waits (below).
        base = self.base_override or float(message.labels.get("retry_delay", self.default_delay))
        delay = min(base * 2 ** max(0, retries - 1), MAX_RETRY_DELAY)
        return delay * random.uniform(0.8, 1.2)


class PriorityInMemoryBroker(InMemoryBroker):
    """Embedded mode: jobs run as tasks of the web process, at most N at once per priority (a
    slot pool each, so LOW jobs never hold CRITICAL ones back), and a retry waits for its
    ``delay`` label before running."""

    def __init__(self, concurrency: dict[Priority, int]) -> None:
        super().__init__(max_stored_results=1000)
        self._slots = {p.stream: asyncio.Semaphore(n) for p, n in concurrency.items()}
        self._delayed: set[asyncio.Task[Any]] = set()

    async def kick(self, message: BrokerMessage) -> None:
        if self.find_task(message.task_name) is None:
            raise UnknownTaskError(task_name=message.task_name)
        slots = self._slots[message.labels.get("queue_name") or Priority.NORMAL.stream]
        delay = float(message.labels.get("delay") or 0)

        async def run() -> None:
            async with slots:
                await self.receiver.callback(message=message.message)

        if delay > 0:

            async def later() -> None:
                await asyncio.sleep(delay)
                self._start(run())

            task = asyncio.create_task(later())
            self._delayed.add(task)
            task.add_done_callback(self._delayed.discard)
            return
        self._start(run())

    def _start(self, coroutine) -> None:
        task = asyncio.create_task(coroutine)
        self._running_tasks.add(task)
        task.add_done_callback(self._running_tasks.discard)

    def running(self) -> int:
        return len(self._running_tasks)

    def drop_delayed(self) -> int:
        """Forget retries still waiting for their delay (development: between tests)."""
        for task in list(self._delayed):
            task.cancel()
        return len(self._delayed)


def _make_broker(settings: Settings) -> tuple[AsyncBroker, ScheduleSource | None]:
    if not settings.broker_url:
        broker: AsyncBroker = PriorityInMemoryBroker(settings.concurrency)
        retries = None  # retries wait in-process (the ``delay`` label)
    else:
        queue = Priority.of_queue(settings.worker_queue)
        concurrency = settings.concurrency[queue]
        broker = RedisStreamBroker(
            settings.broker_url,
            # Jobs are sent to their priority's stream (the ``queue_name`` label); this is the
            # stream this process consumes when it is a worker.
            queue_name=queue.stream,
            consumer_group_name="connecto-workers",
            # Claim only what can run now, so waiting jobs stay claimable by other workers.
            xread_count=concurrency,
            maxlen=STREAM_MAXLEN,
        )
        # Retries are scheduled in Redis and sent by `make scheduler` when due, so a retry
        # survives a worker restart.
        retries = ListRedisScheduleSource(settings.broker_url, prefix="connecto:jobs:retries")
    broker.add_middlewares(
        JobContextMiddleware(),
        RetryMiddleware(
            default_retry_count=3,
            default_delay=30,
            schedule_source=retries,
            # A job says whether it is retried (the ``retry_on_error`` label).
            default_retry_label=False,
            base_override=settings.job_retry_base_seconds,
        ),
    )
    return broker, retries


broker, retry_source = _make_broker(Settings())
broker.add_middlewares(JobMetricsMiddleware())
scheduler = TaskiqScheduler(
    broker,
    sources=[LabelScheduleSource(broker), *([retry_source] if retry_source else [])],
)


def is_in_process() -> bool:
    return isinstance(broker, InMemoryBroker)


def queue_streams() -> dict[str, str]:
    """The Redis stream of each job queue, by priority (health checks read their depth)."""
    if is_in_process():
        return {}
    return {priority.queue: priority.stream for priority in Priority}


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
    await runtime.start(settings, web=False)
    # Jobs emit domain events and push to sockets: the same subscribers and Redis fan-out.
    runtime.load_subscribers()
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
