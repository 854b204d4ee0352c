"""Admin-only: start a maintenance job now instead of waiting for its schedule. Development
only: wait for the in-process jobs to finish (used by the tests between tests)."""

from __future__ import annotations

from sanic import Blueprint, Request

from connecto.analytics import recorder as analytics
from connecto.auth.guards import actor_of, admin_only
from connecto.http import doc, respond
from connecto.jobs import service

bp = Blueprint("admin_jobs", url_prefix="/api/v1/admin/jobs")


@bp.post("/<name:str>/run")
@doc("Run a maintenance job now (admin)", tag="admin")
@admin_only
async def run_job(request: Request, name: str):
    return respond(await service.run_job(actor_of(request), name), status=202)


# Registered only when CONNECTO_ENV is not production (like the dev identity provider).
dev_bp = Blueprint("dev_jobs", url_prefix="/dev/jobs")


@dev_bp.post("/drain")
@doc(
    "Wait until no in-process job runs, then write buffered analytics events (development only)",
    tag="dev",
    secured=False,
)
async def drain(request: Request):
    rounds = await service.drain_in_process_jobs()
    return respond({"rounds": rounds, "analyticsEvents": await analytics.flush()})
