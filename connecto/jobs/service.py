"""The admin view of jobs: what exists, when it runs next, how its last runs went, and
"run now". Development only: waiting for in-process jobs between tests."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import datetime

from croniter import croniter
from pydantic import ValidationError
from redis.asyncio import Redis
from taskiq.exceptions import TaskiqResultTimeoutError
from tortoise import Tortoise
from tortoise.transactions import in_transaction

from connecto.audit import service as audit
from connecto.audit.enums import AuditAction, AuditTarget
from connecto.auth.context import Actor
from connecto.container import container
from connecto.errors import ConnectoError, validation_details
from connecto.jobs.broker import broker, is_in_process, queue_streams
from connecto.jobs.models import JobRun
from connecto.jobs.registry import JOBS, JobSpec
from connecto.jobs.schemas import (
    JobList,
    JobOut,
    JobRunOut,
    JobRunPage,
    JobRunsQuery,
    JobStarted,
    RunJob,
)
from connecto.pagination import id_page
from connecto.timeutil import utcnow
from connecto.users.service import ensure_admin

LAST_RUNS = """
SELECT r.* FROM unnest($1::text[]) AS j(name)
CROSS JOIN LATERAL (
  SELECT * FROM job_runs WHERE job_runs.name = j.name ORDER BY started_at DESC, id DESC LIMIT $2
) r
"""


def next_run(spec: JobSpec, now: datetime) -> datetime | None:
    times = [croniter(cron, now).get_next(datetime) for cron in spec.schedule]
    return min(times) if times else None


def _run_out(row) -> JobRunOut:
    get = row.get if isinstance(row, dict) else lambda key: getattr(row, key)
    started, finished = get("started_at"), get("finished_at")
    return JobRunOut(
        id=get("id"),
        name=get("name"),
        queue=get("queue"),
        attempt=get("attempt"),
        trigger=get("trigger"),
        arguments=_decoded(get("arguments")),
        started_at=started,
        finished_at=finished,
        duration_ms=int((finished - started).total_seconds() * 1000) if finished else None,
        outcome=get("outcome"),
        counts=_decoded(get("counts")),
        error=get("error"),
    )


def _decoded(value):
    return json.loads(value) if isinstance(value, str) else value


def _spec(name: str) -> JobSpec:
    spec = JOBS.get(name)
    if spec is None:
        raise ConnectoError(
            "JOB_NOT_FOUND", f"No job named {name!r}", details={"jobs": sorted(JOBS)}
        )
    return spec


async def list_jobs(actor: Actor, last: int) -> JobList:
    ensure_admin(actor)
    names = sorted(JOBS, key=lambda n: (JOBS[n].priority, n))
    rows = (
        await Tortoise.get_connection("default").execute_query_dict(LAST_RUNS, [names, last])
        if last
        else []
    )
    runs: dict[str, list[JobRunOut]] = {name: [] for name in names}
    for row in rows:
        runs[row["name"]].append(_run_out(row))
    now = utcnow()
    return JobList(
        items=[
            JobOut(
                name=name,
                description=JOBS[name].description,
                priority=JOBS[name].priority.name,
                queue=JOBS[name].priority.queue,
                schedule=list(JOBS[name].schedule),
                next_run_at=next_run(JOBS[name], now),
                max_tries=JOBS[name].tries,
                recorded=JOBS[name].record,
                last_runs=runs[name],
            )
            for name in names
        ]
    )


async def list_runs(actor: Actor, name: str, query: JobRunsQuery) -> JobRunPage:
    ensure_admin(actor)
    _spec(name)
    page, cursor = await id_page(
        JobRun.filter(name=name), query.cursor, query.limit, newest_first=True
    )
    return JobRunPage(items=[_run_out(row) for row in page], next_cursor=cursor)


async def run_job(actor: Actor, name: str, body: RunJob) -> JobStarted:
    """Queue a job now. In-process, the result is waited for and returned; with a worker pool
    the task id is returned and the job runs on a worker of its priority."""
    ensure_admin(actor)
    spec = _spec(name)
    try:
        arguments = spec.arguments.model_validate(body.arguments).model_dump()
    except ValidationError as exc:
        details = validation_details(exc)
        for item in details["fields"]:
            item["field"] = f"arguments.{item['field']}"
        raise ConnectoError("VALIDATION_ERROR", details=details) from None
    handle = await spec.task.kicker().with_labels(trigger="admin").kiq(**arguments)
    # The job is queued (Redis or in-process), outside any transaction: recorded once it is.
    async with in_transaction() as conn:
        await audit.record(
            conn,
            actor,
            AuditAction.JOB_RUN,
            AuditTarget.JOB,
            None,
            details={"job": name, "taskId": handle.task_id, "arguments": body.arguments},
        )
    if is_in_process():
        try:
            result = await handle.wait_result(timeout=120)
        except TaskiqResultTimeoutError:  # failed and waiting for a retry: it runs later
            return JobStarted(job=name, task_id=handle.task_id, queued=True)
        if result.is_err:
            raise ConnectoError(
                "CONFLICT",
                f"The job failed: {result.error}",
                details={"job": name, "taskId": handle.task_id},
            )
        return JobStarted(
            job=name, task_id=handle.task_id, queued=False, result=result.return_value
        )
    return JobStarted(job=name, task_id=handle.task_id, queued=True)


DRAIN_LIMIT_SECONDS = 30


async def drain_in_process_jobs() -> int:
    """Wait until no in-process job is running (jobs that start jobs included) and drop
    retries still waiting for their delay. Returns how many rounds it waited. Development
    only: tests call it so that one test's background work (notification triggers,
    deliveries) is over before the next test empties the database."""
    if not is_in_process():
        return 0
    broker.drop_delayed()

    async def drain() -> int:
        rounds = 0
        while broker.running():
            await broker.wait_all()
            rounds += 1
        return rounds

    async with asyncio.timeout(DRAIN_LIMIT_SECONDS):
        return await drain()


async def broker_status() -> dict:
    """The job broker for /health/detailed: in-process, or the Redis streams with the jobs
    waiting in each (not yet delivered, plus delivered and not yet acknowledged)."""
    if is_in_process():
        return {"status": "up", "mode": "in-process", "running": broker.running()}
    started = time.perf_counter()
    client = Redis.from_url(container().settings.broker_url, decode_responses=True)
    try:
        queues = {}
        for priority, stream in queue_streams().items():
            groups = await client.xinfo_groups(stream) if await client.exists(stream) else []
            group = next((g for g in groups if g["name"] == broker.consumer_group_name), None)
            pending = int(group["pending"]) if group else 0
            waiting = int(group.get("lag") or 0) if group else await client.xlen(stream)
            queues[priority] = {"stream": stream, "depth": waiting + pending, "pending": pending}
    finally:
        await client.aclose()
    return {
        "status": "up",
        "mode": "redis",
        "latencyMs": round((time.perf_counter() - started) * 1000, 2),
        "queues": queues,
    }
