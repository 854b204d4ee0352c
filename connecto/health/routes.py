from __future__ import annotations

from sanic import Blueprint, Request
from sanic.response import json as json_response

from connecto.health import service
from connecto.health.schemas import HealthOut
from connecto.http import doc

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
