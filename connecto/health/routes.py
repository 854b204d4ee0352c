from __future__ import annotations

from sanic import Blueprint, Request
from sanic.response import json as json_response

from connecto.health import service
from connecto.http import doc

bp = Blueprint("health")


@bp.get("/health")
@doc("Reachability of PostgreSQL and Redis", tag="health", secured=False)
async def health(request: Request):
    body, status = await service.health()
    return json_response(body, status=status)
