from __future__ import annotations

from sanic import Blueprint, Request

from connecto.analytics import service
from connecto.analytics.catalog import ClientEventBatch
from connecto.analytics.schemas import AcceptedEvents, AnalyticsSummary, RangeQuery, TravelAnalytics
from connecto.auth.guards import actor_of, admin_only, authenticated
from connecto.http import doc, parse_body, parse_query, respond

bp = Blueprint("analytics", url_prefix="/api/v1")


@bp.post("/analytics/events")
@doc(
    "Send a batch of the app's analytics events (at most 100; names and properties are checked)",
    tag="analytics",
    body=ClientEventBatch,
    response=AcceptedEvents,
    status=202,
    errors=("RATE_LIMITED",),
)
@authenticated
async def client_events(request: Request):
    body = parse_body(request, ClientEventBatch)
    return respond(await service.record_client_events(actor_of(request), body), status=202)


@bp.get("/admin/analytics/summary")
@doc(
    "Daily platform analytics (DAU/WAU/MAU, messages, reads, notifications) for a range (admin)",
    tag="admin",
    query=RangeQuery,
    response=AnalyticsSummary,
)
@admin_only
async def platform_summary(request: Request):
    query = parse_query(request, RangeQuery)
    return respond(await service.platform_summary(actor_of(request), query))


@bp.get("/travels/<travel_id:int>/analytics")
@doc(
    "Daily analytics of one travel (its host, admins)",
    tag="analytics",
    query=RangeQuery,
    response=TravelAnalytics,
    errors=("TRAVEL_NOT_FOUND", "NOT_TRAVEL_MEMBER", "FORBIDDEN"),
)
@authenticated
async def travel_summary(request: Request, travel_id: int):
    query = parse_query(request, RangeQuery)
    return respond(await service.travel_summary(actor_of(request), travel_id, query))
