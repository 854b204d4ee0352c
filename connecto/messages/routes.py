from __future__ import annotations

from pydantic import Field
from sanic import Blueprint, Request

from connecto.auth.guards import actor_of, authenticated
from connecto.http import doc, parse_body, parse_query, respond
from connecto.messages import service
from connecto.messages.schemas import (
    DeleteMessage,
    EditHistoryOut,
    EditMessage,
    HistoryQuery,
    MessageOut,
    MessagePage,
    PinnedList,
    ReactionResult,
    ReactToMessage,
    SearchPage,
    SearchQuery,
    SendMessage,
    SyncOut,
    SyncRequest,
    ThreadOut,
)
from connecto.planets.service import SEND_PLACE_REFUSALS
from connecto.schemas import QueryModel

planet_messages_bp = Blueprint("planet_messages", url_prefix="/api/v1/planets/<planet_id:int>")
direct_bp = Blueprint("direct_messages", url_prefix="/api/v1/travels/<travel_id:int>")
bp = Blueprint("messages", url_prefix="/api/v1/messages")

PLANET_ERRORS = ("PLANET_NOT_FOUND", "NOT_PLANET_MEMBER")
# Why a message may not go out (planets.service.send_check and the message rules).
SEND_REFUSALS = (
    *SEND_PLACE_REFUSALS,
    "MESSAGE_DELETED",
    "REPLY_TARGET_INVALID",
    "MENTION_INVALID",
    "FILE_NOT_FOUND",
    "FILE_NOT_READY",
    "FILE_REJECTED",
    "FILE_KIND_MISMATCH",
    "CLIENT_MESSAGE_ID_REUSED",
    "RATE_LIMITED",
)


class SendDirectBody(SendMessage):
    recipient_id: int = Field(gt=0)


class ThreadQuery(QueryModel):
    after: int | None = Field(default=None, gt=0)


@planet_messages_bp.post("/messages")
@doc(
    "Send a message (clientMessageId makes retries safe: 200 with the first result)",
    tag="messages",
    body=SendMessage,
    responses={201: MessageOut, 200: MessageOut},
    errors=SEND_REFUSALS,
)
@authenticated
async def send_message(request: Request, planet_id: int):
    body = parse_body(request, SendMessage)
    message, created = await service.send_message(actor_of(request), planet_id, body)
    return respond(message, status=201 if created else 200)


@planet_messages_bp.get("/pins")
@doc("Pinned messages of a planet", tag="messages", response=PinnedList, errors=PLANET_ERRORS)
@authenticated
async def pins(request: Request, planet_id: int):
    return respond(await service.pinned_messages(actor_of(request), planet_id))


@planet_messages_bp.get("/messages")
@doc(
    "A page of the planet's timeline (before/after a message id)",
    tag="messages",
    query=HistoryQuery,
    response=MessagePage,
    errors=(*PLANET_ERRORS, "MESSAGE_NOT_FOUND"),
)
@authenticated
async def history(request: Request, planet_id: int):
    query = parse_query(request, HistoryQuery)
    return respond(await service.history(actor_of(request), planet_id, query))


@direct_bp.post("/direct-messages")
@doc(
    "Send a direct message to another member (creates the conversation on first contact)",
    tag="messages",
    body=SendDirectBody,
    responses={201: MessageOut, 200: MessageOut},
    errors=(
        "TRAVEL_NOT_FOUND",
        "NOT_TRAVEL_MEMBER",
        "MEMBER_NOT_FOUND",
        "DIRECT_MESSAGES_DISABLED",
        "PLANET_RULES",
        *SEND_REFUSALS,
    ),
)
@authenticated
async def send_direct(request: Request, travel_id: int):
    body = parse_body(request, SendDirectBody)
    message, created = await service.send_direct_message(
        actor_of(request),
        travel_id,
        body.recipient_id,
        SendMessage(**body.model_dump(exclude={"recipient_id"})),
    )
    return respond(message, status=201 if created else 200)


@bp.get("/search")
@doc(
    "Full-text search in my planets",
    tag="messages",
    query=SearchQuery,
    response=SearchPage,
    errors=("PLANET_NOT_FOUND",),
)
@authenticated
async def search(request: Request):
    return respond(await service.search(actor_of(request), parse_query(request, SearchQuery)))


@bp.post("/sync")
@doc(
    "Catch up after a reconnect: messages after the last seen id per planet",
    tag="messages",
    body=SyncRequest,
    response=SyncOut,
)
@authenticated
async def sync(request: Request):
    body = parse_body(request, SyncRequest)
    return respond(await service.sync(actor_of(request), body.last_seen, body.changed_since))


@bp.get("/<message_id:int>")
@doc("A message", tag="messages", response=MessageOut, errors=("MESSAGE_NOT_FOUND",))
@authenticated
async def get_message(request: Request, message_id: int):
    return respond(await service.get_message(actor_of(request), message_id))


@bp.patch("/<message_id:int>")
@doc(
    "Edit my text message (15 minutes)",
    tag="messages",
    body=EditMessage,
    response=MessageOut,
    errors=(
        "MESSAGE_NOT_FOUND",
        "NOT_MESSAGE_AUTHOR",
        "EDIT_WINDOW_EXPIRED",
        "MESSAGE_NOT_EDITABLE",
        "MESSAGE_DELETED",
        "NOT_PLANET_MEMBER",
        "PLANET_MUTED",
    ),
)
@authenticated
async def edit_message(request: Request, message_id: int):
    body = parse_body(request, EditMessage)
    return respond(await service.edit_message(actor_of(request), message_id, body.content))


@bp.delete("/<message_id:int>", ignore_body=False)
@doc(
    "Delete a message (author, or moderators)",
    tag="messages",
    body=DeleteMessage,
    response=MessageOut,
    errors=("MESSAGE_NOT_FOUND", "FORBIDDEN", "MESSAGE_DELETED"),
)
@authenticated
async def delete_message(request: Request, message_id: int):
    body = parse_body(request, DeleteMessage)
    return respond(await service.delete_message(actor_of(request), message_id, body.reason))


@bp.post("/<message_id:int>/restore")
@doc(
    "Restore a deleted message (author within 24 h, admins any time)",
    tag="messages",
    response=MessageOut,
    errors=(
        "MESSAGE_NOT_FOUND",
        "FORBIDDEN",
        "NOT_MESSAGE_AUTHOR",
        "RESTORE_WINDOW_EXPIRED",
        "MESSAGE_NOT_DELETED",
    ),
)
@authenticated
async def restore_message(request: Request, message_id: int):
    return respond(await service.restore_message(actor_of(request), message_id))


@bp.post("/<message_id:int>/reactions")
@doc(
    "Toggle my emoji reaction",
    tag="messages",
    body=ReactToMessage,
    response=ReactionResult,
    errors=(
        "MESSAGE_NOT_FOUND",
        "MESSAGE_DELETED",
        "FORBIDDEN",
        "CONFLICT",
        "NOT_PLANET_MEMBER",
        "PLANET_MUTED",
    ),
)
@authenticated
async def react(request: Request, message_id: int):
    body = parse_body(request, ReactToMessage)
    return respond(await service.toggle_reaction(actor_of(request), message_id, body.emoji))


@bp.put("/<message_id:int>/pin")
@doc(
    "Pin a message (moderators)",
    tag="messages",
    response=MessageOut,
    errors=("MESSAGE_NOT_FOUND", "FORBIDDEN", "MESSAGE_DELETED", "CONFLICT"),
)
@authenticated
async def pin(request: Request, message_id: int):
    return respond(await service.set_pinned(actor_of(request), message_id, True))


@bp.delete("/<message_id:int>/pin")
@doc(
    "Unpin a message (moderators)",
    tag="messages",
    response=MessageOut,
    errors=("MESSAGE_NOT_FOUND", "FORBIDDEN", "MESSAGE_DELETED", "CONFLICT"),
)
@authenticated
async def unpin(request: Request, message_id: int):
    return respond(await service.set_pinned(actor_of(request), message_id, False))


@bp.get("/<message_id:int>/thread")
@doc(
    "A message's thread (root and replies)",
    tag="messages",
    query=ThreadQuery,
    response=ThreadOut,
    errors=("MESSAGE_NOT_FOUND",),
)
@authenticated
async def thread(request: Request, message_id: int):
    query = parse_query(request, ThreadQuery)
    return respond(await service.thread(actor_of(request), message_id, query.after))


@bp.get("/<message_id:int>/edits")
@doc(
    "Edit history (author and moderators)",
    tag="messages",
    response=EditHistoryOut,
    errors=("MESSAGE_NOT_FOUND", "FORBIDDEN"),
)
@authenticated
async def edit_history(request: Request, message_id: int):
    return respond(await service.edit_history(actor_of(request), message_id))
