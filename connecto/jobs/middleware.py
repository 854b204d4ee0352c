"""A Taskiq middleware that measures every job run, wherever it runs (a job worker, or the web
process in embedded mode): runs by job and outcome, run time, and a log line."""

from __future__ import annotations

import logging
from time import perf_counter
from typing import Any

from taskiq import TaskiqMessage, TaskiqMiddleware, TaskiqResult

from connecto.observability.metrics import JOB_RUNS, JOB_SECONDS

log = logging.getLogger("connecto.jobs")


class JobMetricsMiddleware(TaskiqMiddleware):
    def __init__(self) -> None:
        super().__init__()
        self._started: dict[str, float] = {}

    def pre_execute(self, message: TaskiqMessage) -> TaskiqMessage:
        self._started[message.task_id] = perf_counter()
        return message

    def post_execute(self, message: TaskiqMessage, result: TaskiqResult[Any]) -> None:
        started = self._started.pop(message.task_id, None)
        seconds = perf_counter() - started if started is not None else result.execution_time
        outcome = "error" if result.is_err else "success"
        JOB_RUNS.labels(message.task_name, outcome).inc()
        JOB_SECONDS.labels(message.task_name).observe(seconds)
        log.log(
            logging.WARNING if result.is_err else logging.INFO,
            "job %s %s in %.1f ms",
            message.task_name,
            outcome,
            seconds * 1000,
            extra={
                "fields": {"job": message.task_name, "outcome": outcome, "taskId": message.task_id}
            },
        )
