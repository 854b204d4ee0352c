from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from connecto.jobs.models import RunOutcome
from connecto.pagination import PageQuery
from connecto.schemas import QueryModel, RequestModel, ResponseModel


class RunJob(RequestModel):
    """Arguments of a per-item job (``{"exportId": 5}``); scheduled jobs take none."""

    arguments: dict[str, Any] = Field(default_factory=dict)


class JobRunOut(ResponseModel):
    id: int
    name: str
    queue: str
    attempt: int
    trigger: str
    arguments: dict[str, Any]
    started_at: datetime
    finished_at: datetime | None
    duration_ms: int | None
    outcome: RunOutcome
    counts: dict[str, Any]
    error: str | None


class JobOut(ResponseModel):
    name: str
    description: str
    priority: str
    queue: str
    # Cron expressions, UTC; empty for jobs queued by the service itself.
    schedule: list[str]
    next_run_at: datetime | None
    max_tries: int
    # Every run is recorded, or only failures (jobs run once per message or notification).
    recorded: str
    last_runs: list[JobRunOut]


class JobList(ResponseModel):
    items: list[JobOut]


class JobListQuery(QueryModel):
    runs: int = Field(default=5, ge=0, le=50)


class JobRunPage(ResponseModel):
    items: list[JobRunOut]
    next_cursor: str | None


class JobRunsQuery(PageQuery):
    pass


class JobStarted(ResponseModel):
    job: str
    task_id: str
    queued: bool
    # In-process (embedded) the run is waited for and its result returned.
    result: Any = None
