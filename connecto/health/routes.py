from __future__ import annotations

import asyncio

from sanic import Blueprint, Request
from sanic.response import json as json_response
from sanic.response import raw

from connecto.auth.guards import admin_or_monitoring
from connecto.health import service
from connecto.health.schemas import DetailedHealthOut, HealthOut, LiveOut, ReadyOut
from connecto.http import doc, respond
from connecto.observability import metrics

bp = Blueprint("health")


@bp.get("/health")
@doc(
    "Reachability of PostgreSQL and Redis (503 when this node cannot serve)",
    tag="health",
    responses={200: HealthOut, 503: HealthOut},
)
async def health(request: Request):
    body, status = await service.health()
    return json_response(body, status=status)


@bp.get("/health/live")
@doc(
    "Liveness: the process answers (nothing else is checked, so a database restart does not "
    "get it killed)",
    tag="health",
    response=LiveOut,
)
async def live(request: Request):
    return respond(LiveOut(**service.live()))


@bp.get("/health/ready")
@doc(
    "Readiness: this node can serve (PostgreSQL reachable, migrations applied, Redis reachable "
    "when configured); 503 SERVICE_UNAVAILABLE with Retry-After otherwise",
    tag="health",
    response=ReadyOut,
    errors=("SERVICE_UNAVAILABLE",),
)
async def ready(request: Request):
    return respond(ReadyOut(**await service.ready()))


@bp.get("/health/detailed")
@doc(
    "Every backing service with latency, this process and the cluster, node totals "
    "(admins, or the monitoring token)",
    tag="health",
    responses={200: DetailedHealthOut, 503: DetailedHealthOut},
)
@admin_or_monitoring
async def detailed(request: Request):
    body, status = await service.detailed()
    return json_response(body, status=status)


@bp.get("/health/metrics")
@doc(
    "Prometheus metrics of every process of this node (admins, or the monitoring token)",
    tag="health",
    download="text/plain",
)
@admin_or_monitoring
async def prometheus(request: Request):
    metrics.sample_process_gauges()
    # Reading and merging every process's files is file I/O: off the event loop.
    body, content_type = await asyncio.to_thread(metrics.exposition)
    return raw(body, content_type=content_type)
