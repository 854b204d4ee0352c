"""Admin: the job catalogue with its last runs and next scheduled times, a job's run history,
and "run now". Development only: wait for the in-process jobs to finish (tests)."""

from __future__ import annotations

from sanic import Blueprint, Request

from connecto.analytics import recorder as analytics
from connecto.auth.guards import actor_of, admin_only
from connecto.http import doc, parse_body, parse_query, respond
from connecto.jobs import service
from connecto.jobs.schemas import (
    JobList,
    JobListQuery,
    JobRunPage,
    JobRunsQuery,
    JobStarted,
    RunJob,
)
from connecto.schemas import ResponseModel


class Drained(ResponseModel):
    rounds: int
    analytics_events: int


bp = Blueprint("admin_jobs", url_prefix="/api/v1/admin/jobs")


@bp.get("")
@doc(
    "Every job: priority, schedule, next run and its last runs (admin)",
    tag="admin",
    query=JobListQuery,
    response=JobList,
)
@admin_only
async def list_jobs(request: Request):
    query = parse_query(request, JobListQuery)
    return respond(await service.list_jobs(actor_of(request), query.runs))


@bp.get("/<name:str>/runs")
@doc(
    "A job's runs, newest first (admin)",
    tag="admin",
    query=JobRunsQuery,
    response=JobRunPage,
    errors=("JOB_NOT_FOUND",),
)
@admin_only
async def list_runs(request: Request, name: str):
    query = parse_query(request, JobRunsQuery)
    return respond(await service.list_runs(actor_of(request), name, query))


@bp.post("/<name:str>/run")
@doc(
    "Run a job now (admin); per-item jobs take their arguments. 202 once queued (in-process: "
    "done, with its result)",
    tag="admin",
    body=RunJob,
    response=JobStarted,
    status=202,
    errors=("JOB_NOT_FOUND",),
)
@admin_only
async def run_job(request: Request, name: str):
    body = parse_body(request, RunJob)
    return respond(await service.run_job(actor_of(request), name, body), status=202)


# Registered only when CONNECTO_ENV is not production (like the dev identity provider).
dev_bp = Blueprint("dev_jobs", url_prefix="/dev/jobs")


@dev_bp.post("/drain")
@doc(
    "Wait until no in-process job runs, then write buffered analytics events (development only)",
    tag="dev",
    response=Drained,
)
async def drain(request: Request):
    rounds = await service.drain_in_process_jobs()
    return respond(Drained(rounds=rounds, analytics_events=await analytics.flush()))
