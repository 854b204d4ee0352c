from __future__ import annotations

from sanic import Blueprint, Request

from connecto.audit import service
from connecto.audit.schemas import AuditPage, AuditQuery, TravelAuditQuery
from connecto.auth.guards import actor_of, admin_only, authenticated
from connecto.http import doc, parse_query, respond

bp = Blueprint("audit", url_prefix="/api/v1")


@bp.get("/admin/audit-log")
@doc(
    "Every moderation and administration action, newest first (admin)",
    tag="admin",
    query=AuditQuery,
    response=AuditPage,
)
@admin_only
async def platform_log(request: Request):
    query = parse_query(request, AuditQuery)
    return respond(await service.platform_log(actor_of(request), query))


@bp.get("/travels/<travel_id:int>/audit-log")
@doc(
    "Moderation actions in a travel, newest first (its host, admins)",
    tag="moderation",
    query=TravelAuditQuery,
    response=AuditPage,
    errors=("TRAVEL_NOT_FOUND", "NOT_TRAVEL_MEMBER", "FORBIDDEN"),
)
@authenticated
async def travel_log(request: Request, travel_id: int):
    query = parse_query(request, TravelAuditQuery)
    return respond(await service.travel_log(actor_of(request), travel_id, query))
