from __future__ import annotations

from sanic import Blueprint, Request

from connecto.auth.guards import actor_of, authenticated
from connecto.http import doc, parse_body, parse_query, respond
from connecto.moderation import service
from connecto.moderation.schemas import (
    ReportMessage,
    ReportOut,
    ReportPage,
    ReportQuery,
    ResolveReport,
    ResolveResult,
)

bp = Blueprint("moderation", url_prefix="/api/v1")


@bp.post("/messages/<message_id:int>/reports")
@doc(
    "Report a message to the travel's host and moderators (again: the first report)",
    tag="moderation",
    body=ReportMessage,
    responses={201: ReportOut, 200: ReportOut},
    errors=("MESSAGE_NOT_FOUND", "MESSAGE_DELETED", "REPORT_NOT_ALLOWED"),
)
@authenticated
async def report_message(request: Request, message_id: int):
    body = parse_body(request, ReportMessage)
    report, created = await service.report_message(actor_of(request), message_id, body)
    return respond(report, status=201 if created else 200)


@bp.get("/travels/<travel_id:int>/reports")
@doc(
    "The travel's report queue, newest first (host, travel moderators, admins)",
    tag="moderation",
    query=ReportQuery,
    response=ReportPage,
    errors=("TRAVEL_NOT_FOUND", "FORBIDDEN"),
)
@authenticated
async def list_reports(request: Request, travel_id: int):
    query = parse_query(request, ReportQuery)
    return respond(await service.list_reports(actor_of(request), travel_id, query))


@bp.get("/reports/<report_id:int>")
@doc(
    "One report (host, travel moderators, admins)",
    tag="moderation",
    response=ReportOut,
    errors=("REPORT_NOT_FOUND",),
)
@authenticated
async def get_report(request: Request, report_id: int):
    return respond(await service.get_report(actor_of(request), report_id))


@bp.post("/reports/<report_id:int>/resolve")
@doc(
    "Dismiss a report or delete the reported message; closes every open report of it",
    tag="moderation",
    body=ResolveReport,
    response=ResolveResult,
    errors=("REPORT_NOT_FOUND", "REPORT_ALREADY_HANDLED", "FORBIDDEN"),
)
@authenticated
async def resolve_report(request: Request, report_id: int):
    body = parse_body(request, ResolveReport)
    return respond(await service.resolve_report(actor_of(request), report_id, body))
