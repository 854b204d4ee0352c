"""Admin-only: start a maintenance job now instead of waiting for its schedule. Development
only: wait for the in-process jobs to finish (used by the tests between tests)."""

from __future__ import annotations

from typing import Any

from sanic import Blueprint, Request

from connecto.auth.guards import actor_of, admin_only
from connecto.http import doc, respond
from connecto.jobs import service
from connecto.schemas import ResponseModel


class JobRun(ResponseModel):
    job: str
    task_id: str
    # In-process the job ran already: its return value; with a worker pool it is queued.
    result: Any = None
    queued: bool = False


class Drained(ResponseModel):
    rounds: int


bp = Blueprint("admin_jobs", url_prefix="/api/v1/admin/jobs")


@bp.post("/<name:str>/run")
@doc(
    "Run a maintenance job now (admin); 202 once queued (in-process: done, with its result)",
    tag="admin",
    response=JobRun,
    status=202,
    errors=("NOT_FOUND",),
)
@admin_only
async def run_job(request: Request, name: str):
    return respond(JobRun.model_validate(await service.run_job(actor_of(request), name)), 202)


# Registered only when CONNECTO_ENV is not production (like the dev identity provider).
dev_bp = Blueprint("dev_jobs", url_prefix="/dev/jobs")


@dev_bp.post("/drain")
@doc("Wait until no in-process job runs (development only)", tag="dev", response=Drained)
async def drain(request: Request):
    return respond(Drained(rounds=await service.drain_in_process_jobs()))
