"""``@job``: the one decorator that makes a function a Connecto job.

    @job("travel.status", Priority.NORMAL, schedule="*/5 * * * *")
    async def travel_status_update() -> dict:
        return await travels.sync_statuses()      # the counts go into job_runs

gives the function a priority queue, an optional cron schedule (UTC), bounded retries with
exponential backoff, mutual exclusion (a PostgreSQL advisory lock per job, or per job and
arguments, so two schedulers or workers never run it at once), a ``job_runs`` record of every
run, and a place in the admin job list and "run now". The module defining it must be listed in
``connecto.jobs.tasks.JOB_MODULES`` so every worker imports it.
"""

from __future__ import annotations

import functools
import inspect
import logging
import typing
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, create_model
from pydantic.alias_generators import to_camel

from connecto.jobs import runs
from connecto.jobs.broker import broker, current_message
from connecto.jobs.models import RunOutcome
from connecto.jobs.queues import Priority

log = logging.getLogger("connecto.jobs")

# "job": one run of the job at a time; "arguments": one run per distinct arguments (per-item
# jobs: one export, one broadcast); "none": the job's own work is claimed row by row (a
# notification delivery claims its record), so it needs no lock.
LockScope = Literal["job", "arguments", "none"]
# "every": each run gets a job_runs row. "failures": only failed attempts do, for jobs run
# once per message or notification, where a row per run would double the write load.
RecordPolicy = Literal["every", "failures"]


@dataclass
class JobSpec:
    name: str
    priority: Priority
    description: str
    schedule: tuple[str, ...]
    tries: int
    lock: LockScope
    record: RecordPolicy
    # The arguments "run now" accepts, validated like a request body.
    arguments: type[BaseModel]
    # Called with the job's arguments when its last attempt failed (mark the item failed).
    on_give_up: Callable[..., Awaitable[None]] | None = None
    task: Any = field(default=None, repr=False)

    def lock_key(self, kwargs: dict[str, Any]) -> str:
        if self.lock == "arguments" and kwargs:
            return self.name + ":" + ",".join(f"{k}={kwargs[k]}" for k in sorted(kwargs))
        return self.name


JOBS: dict[str, JobSpec] = {}


class _Arguments(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, extra="forbid", strict=True
    )


def _arguments_model(name: str, fn: Callable) -> type[BaseModel]:
    hints = typing.get_type_hints(fn)
    fields: dict[str, Any] = {}
    for param in inspect.signature(fn).parameters.values():
        default = ... if param.default is inspect.Parameter.empty else param.default
        fields[param.name] = (hints.get(param.name, Any), default)
    return create_model(f"Arguments_{name.replace('.', '_')}", __base__=_Arguments, **fields)


def _trigger(labels: dict[str, Any]) -> str:
    if int(labels.get("_retries", 0) or 0) > 0:
        return "retry"
    if labels.get("trigger") == "admin":
        return "admin"
    if labels.get("schedule_id"):
        return "schedule"
    return "event"


def job(
    name: str,
    priority: Priority,
    *,
    schedule: str | tuple[str, ...] = (),
    tries: int = 3,
    retry_delay: float = 30,
    lock: LockScope = "job",
    record: RecordPolicy = "every",
    timeout: float | None = 1800,
    on_give_up: Callable[..., Awaitable[None]] | None = None,
) -> Callable[[Callable[..., Awaitable[Any]]], Any]:
    """Register ``fn`` as the job ``name`` and return its Taskiq task
    (``await task.kiq(export_id=5)`` queues it)."""
    crons = (schedule,) if isinstance(schedule, str) else tuple(schedule)

    def register(fn: Callable[..., Awaitable[Any]]):
        if name in JOBS:
            raise ValueError(f"job {name!r} is defined twice")
        spec = JobSpec(
            name=name,
            priority=priority,
            description=inspect.cleandoc(fn.__doc__ or "").split("\n\n")[0].replace("\n", " "),
            schedule=crons,
            tries=tries,
            lock=lock,
            record=record,
            arguments=_arguments_model(name, fn),
            on_give_up=on_give_up,
        )

        signature = inspect.signature(fn)

        @functools.wraps(fn)
        async def run(*args: Any, **kwargs: Any) -> Any:
            return await _run(spec, fn, signature.bind(*args, **kwargs).arguments)

        labels: dict[str, Any] = {
            "queue_name": priority.stream,
            "priority": priority.name,
            "retry_on_error": tries > 1,
            "max_retries": tries,
            "retry_delay": retry_delay,
        }
        if timeout is not None:
            labels["timeout"] = timeout
        if crons:
            labels["schedule"] = [
                {"cron": cron, "schedule_id": f"{name}#{i}"} for i, cron in enumerate(crons)
            ]
        spec.task = broker.task(task_name=name, **labels)(run)
        JOBS[name] = spec
        return spec.task

    return register


async def _run(spec: JobSpec, fn: Callable[..., Awaitable[Any]], kwargs: dict[str, Any]) -> Any:
    message = current_message.get()
    labels = message.labels if message is not None else {}
    attempt = int(labels.get("_retries", 0) or 0) + 1
    final = attempt >= int(labels.get("max_retries", spec.tries) or spec.tries)
    context = runs.RunContext(
        name=spec.name,
        queue=spec.priority.queue,
        lock_key=spec.lock_key(kwargs),
        task_id=message.task_id if message is not None else None,
        attempt=attempt,
        trigger=_trigger(labels),
        arguments=kwargs,
    )
    if spec.lock == "none":
        return await _call(spec, fn, kwargs, context, run_id=None, final=final)
    async with runs.exclusive(context.lock_key) as held:
        if not held:
            log.info("job %s skipped: already running (%s)", spec.name, context.lock_key)
            if spec.record == "every":
                await runs.record(context, RunOutcome.SKIPPED)
            return {"skipped": "already running"}
        run_id = await runs.start(context) if spec.record == "every" else None
        return await _call(spec, fn, kwargs, context, run_id=run_id, final=final)


async def _call(spec, fn, kwargs, context, *, run_id: int | None, final: bool) -> Any:
    try:
        result = await fn(**kwargs)
    except Exception as exc:
        outcome = RunOutcome.FAILED if final else RunOutcome.RETRYING
        error = f"{type(exc).__name__}: {exc}"[:4000]
        if run_id is not None:
            await runs.finish(run_id, outcome, {}, error)
        else:
            await runs.record(context, outcome, error)
        if final and spec.on_give_up is not None:
            await spec.on_give_up(**kwargs)
        raise
    if run_id is not None:
        await runs.finish(run_id, RunOutcome.SUCCEEDED, result if result is not None else {}, None)
    return result
