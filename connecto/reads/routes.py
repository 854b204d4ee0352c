"""REST equivalents of the read-receipt WebSocket events, for clients without a socket."""

from __future__ import annotations

from sanic import Blueprint, Request

from connecto.auth.guards import actor_of, authenticated
from connecto.http import doc, parse_body, respond
from connecto.reads import service
from connecto.reads.schemas import (
    AllUnreadCounts,
    ReadersOut,
    ReadManyBody,
    ReadOptions,
    ReadResult,
    UnreadCount,
)

bp = Blueprint("reads", url_prefix="/api/v1")


@bp.post("/messages/<message_id:int>/read")
@doc(
    "Mark one message read (message:read)",
    tag="reads",
    body=ReadOptions,
    response=ReadResult,
    errors=("MESSAGE_NOT_FOUND", "PLANET_NOT_FOUND", "NOT_PLANET_MEMBER"),
)
@authenticated
async def mark_read(request: Request, message_id: int):
    body = parse_body(request, ReadOptions)
    return respond(
        await service.mark_read(
            actor_of(request),
            message_id,
            read_at=body.read_at,
            device_type=body.device_type,
            context=body.read_context,
            ip_address=request.remote_addr or request.ip,
        )
    )


@bp.post("/planets/<planet_id:int>/read")
@doc(
    "Mark several messages read (messages:read_multiple)",
    tag="reads",
    body=ReadManyBody,
    response=ReadResult,
    errors=("PLANET_NOT_FOUND", "MESSAGE_NOT_FOUND", "NOT_PLANET_MEMBER"),
)
@authenticated
async def mark_many_read(request: Request, planet_id: int):
    body = parse_body(request, ReadManyBody)
    return respond(
        await service.mark_many_read(
            actor_of(request),
            planet_id,
            body.message_ids,
            read_at=body.read_at,
            device_type=body.device_type,
            context=body.read_context,
            ip_address=request.remote_addr or request.ip,
        )
    )


@bp.post("/planets/<planet_id:int>/read-all")
@doc(
    "Mark everything in a planet read (planet:read_all)",
    tag="reads",
    response=ReadResult,
    errors=("PLANET_NOT_FOUND", "NOT_PLANET_MEMBER"),
)
@authenticated
async def mark_all_read(request: Request, planet_id: int):
    return respond(await service.mark_all_read(actor_of(request), planet_id))


@bp.get("/planets/<planet_id:int>/unread-count")
@doc(
    "My unread count in a planet (planet:get_unread_count)",
    tag="reads",
    response=UnreadCount,
    errors=("PLANET_NOT_FOUND", "NOT_PLANET_MEMBER"),
)
@authenticated
async def planet_unread(request: Request, planet_id: int):
    return respond(await service.planet_unread(actor_of(request), planet_id))


@bp.get("/users/me/unread-counts")
@doc(
    "My unread counts everywhere (user:get_all_unread_counts)",
    tag="reads",
    response=AllUnreadCounts,
)
@authenticated
async def all_unread(request: Request):
    return respond(await service.all_unread(actor_of(request)))


@bp.get("/messages/<message_id:int>/reads")
@doc(
    "Who read a message, and when",
    tag="reads",
    response=ReadersOut,
    errors=("MESSAGE_NOT_FOUND", "PLANET_NOT_FOUND", "FORBIDDEN"),
)
@authenticated
async def readers(request: Request, message_id: int):
    return respond(await service.readers(actor_of(request), message_id))
