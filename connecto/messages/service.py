"""Messages: send (idempotent), edit, delete/restore, reactions, replies and threads, history,
search and reconnect catch-up. One implementation per action, called by REST routes and
WebSocket handlers alike; every function checks the caller's rights first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import orjson
from asyncpg.exceptions import UniqueViolationError
from tortoise import Tortoise
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from connecto import db, events, ratelimit
from connecto.audit import service as audit
from connecto.audit.enums import AuditAction, AuditTarget
from connecto.auth.context import Actor
from connecto.errors import ConnectoError
from connecto.files import service as files
from connecto.messages import queries
from connecto.messages.enums import MessageType
from connecto.messages.models import Message, MessageEdit, MessageReaction
from connecto.messages.schemas import (
    EditHistoryOut,
    EditOut,
    HistoryQuery,
    MessageOut,
    PinnedList,
    ReactionOut,
    ReactionResult,
    SearchHit,
    SearchPage,
    SearchQuery,
    SendMessage,
    SyncOut,
    SyncPlanet,
    ThreadOut,
)
from connecto.pagination import decode_cursor, encode_cursor
from connecto.permissions import Action, allowed, require
from connecto.planets import service as planets
from connecto.planets.enums import PlanetRole
from connecto.planets.models import PlanetUser
from connecto.timeutil import utcnow
from connecto.travels import service as travels
from connecto.travels.enums import TravelRole

EDIT_WINDOW = timedelta(minutes=15)
RESTORE_WINDOW = timedelta(hours=24)
SYNC_LIMIT_PER_PLANET = 200
THREAD_PAGE = 100
# Must match the expression of the GIN index in the migration, or the index is not used.
TSVECTOR = "to_tsvector('simple', coalesce(m.searchable_text, ''))"


# --- serialisation -------------------------------------------------------------------------


async def _attached_files(rows) -> dict[int, dict]:
    """The file summaries (metadata, variants) of the shown messages that carry one."""
    ids = {
        row["attachment_file_id"]
        for row in rows
        if row["attachment_file_id"] is not None and row["deleted_at"] is None
    }
    if not ids:
        return {}
    return {
        file_id: out.model_dump(mode="json", by_alias=True)
        for file_id, out in (await files.summaries(ids)).items()
    }


async def payloads(viewer_id: int | None, message_ids: list[int]) -> list[dict]:
    """``MessageOut`` dicts of these messages, in the given order, in one statement."""
    if not message_ids:
        return []
    rows = await db.fetch(queries.BY_IDS, list(message_ids))
    attached = await _attached_files(rows)
    by_id = {row["id"]: queries.message_payload(row, viewer_id, attached) for row in rows}
    return [by_id[i] for i in message_ids if i in by_id]


async def serialize(viewer_id: int | None, messages: list[Message]) -> list[MessageOut]:
    """MessageOut models for the slower paths that work with them; the hot paths (history,
    sending) use the same dicts without building models."""
    return [
        MessageOut.model_validate(d) for d in await payloads(viewer_id, [m.id for m in messages])
    ]


async def _one(viewer_id: int | None, message: Message) -> MessageOut:
    return (await serialize(viewer_id, [message]))[0]


def _for_room(out: MessageOut) -> dict:
    """A message as pushed to a whole planet: one payload for every reader, so nothing in it
    may be about the person who caused the push (``reactedByMe`` is theirs, not the reader's)."""
    reactions = [reaction.model_copy(update={"reacted_by_me": False}) for reaction in out.reactions]
    return out.model_copy(update={"reactions": reactions}).model_dump(mode="json", by_alias=True)


# --- access --------------------------------------------------------------------------------


async def _load_message(actor: Actor, message_id: int) -> tuple[Message, planets.PlanetAccess]:
    """A message and the caller's access to its planet; invisible ones are not found."""
    message = await Message.get_or_none(id=message_id)
    if message is None:
        raise ConnectoError("MESSAGE_NOT_FOUND")
    try:
        access = await planets.load_planet(actor, message.planet_id)
    except ConnectoError:
        raise ConnectoError("MESSAGE_NOT_FOUND") from None
    if access.membership is None and not actor.is_admin:
        raise ConnectoError("MESSAGE_NOT_FOUND")
    return message, access


async def _author_roles(
    message: Message, access: planets.PlanetAccess
) -> tuple[TravelRole, PlanetRole]:
    """The author's current ranks, for moderation; someone who left counts as a plain member."""
    if message.sender_id is None:
        return TravelRole.PARTICIPANT, PlanetRole.MEMBER
    membership = await travels.active_membership(access.planet.travel_id, message.sender_id)
    planet_member = await PlanetUser.get_or_none(
        planet_id=message.planet_id, user_id=message.sender_id
    )
    return (
        membership.role if membership else TravelRole.PARTICIPANT,
        planet_member.role if planet_member else PlanetRole.MEMBER,
    )


# --- sending ---------------------------------------------------------------------------------


def _searchable(content: str | None) -> str | None:
    return " ".join(content.split()) if content else None


async def send_message(actor: Actor, planet_id: int, body: SendMessage) -> tuple[dict, bool]:
    """Post to a planet. With a ``clientMessageId`` a retry returns the original message and
    stores nothing (unique per sender). Returns (``MessageOut`` payload, created now)."""
    if body.client_message_id:
        existing = await Message.get_or_none(
            sender_id=actor.user_id, client_message_id=body.client_message_id
        )
        if existing is not None:
            return await _replayed(actor, existing, planet_id)
    access = await planets.load_planet(actor, planet_id)
    planets.require_can_send(access, utcnow())
    reply_to = await _reply_target(body.reply_to_id, planet_id)
    await _check_mentions(body.mentions, planet_id)
    if body.file_id is not None:
        await files.require_attachable(actor, body.file_id, body.type.value)
    # Counted once the send is valid; a flood earns a temporary mute (spec 8.2).
    await ratelimit.hit("message_send", actor.user_id)
    send_args = (
        planet_id,
        actor.user_id,
        body.type.value,
        body.content,
        _searchable(body.content),
        body.client_message_id,
        reply_to.id if reply_to else None,
        (reply_to.thread_root_id or reply_to.id) if reply_to else None,
        body.file_id,
        orjson.dumps(sorted(set(body.mentions))).decode(),
        "{}",
    )
    try:
        if body.file_id is None:
            row = await db.fetchrow(queries.SEND, *send_args)
        else:
            # The file is attached in the same transaction: no message without its file.
            async with in_transaction() as conn:
                row = await db.fetchrow(queries.SEND, *send_args)
                await files.attach(body.file_id, row["id"], planet_id, conn)
    except UniqueViolationError:
        # A concurrent retry with the same clientMessageId committed first.
        existing = await Message.get_or_none(
            sender_id=actor.user_id, client_message_id=body.client_message_id
        )
        if existing is None:
            raise
        return await _replayed(actor, existing, planet_id)
    out = queries.message_payload(row, actor.user_id, await _attached_files([row]))
    await events.emit(
        "message.created",
        {
            "message": out,  # a new message has no reactions: nothing in it is the sender's
            "planetId": planet_id,
            "travelId": access.planet.travel_id,
            "planetType": access.planet.type.value,
            "senderId": actor.user_id,
            "memberIds": list(row["member_ids"]),
            "mentions": out["mentions"],
            "replyToSenderId": reply_to.sender_id if reply_to else None,
        },
    )
    return out, True


async def _replayed(actor: Actor, existing: Message, planet_id: int) -> tuple[dict, bool]:
    if existing.planet_id != planet_id:
        raise ConnectoError("CLIENT_MESSAGE_ID_REUSED")
    return (await payloads(actor.user_id, [existing.id]))[0], False


async def send_direct_message(
    actor: Actor, travel_id: int, recipient_id: int, body: SendMessage
) -> tuple[dict, bool]:
    """A message to another member of a travel; the DIRECT planet is created on first contact."""
    planet, _ = await planets.get_or_create_direct(actor, travel_id, recipient_id)
    return await send_message(actor, planet.id, body)


async def _reply_target(reply_to_id: int | None, planet_id: int) -> Message | None:
    if reply_to_id is None:
        return None
    target = await Message.get_or_none(id=reply_to_id, planet_id=planet_id)
    if target is None:
        raise ConnectoError("REPLY_TARGET_INVALID")
    if target.deleted_at is not None:
        raise ConnectoError("MESSAGE_DELETED", "You cannot reply to a deleted message")
    return target


async def _check_mentions(mentions: list[int], planet_id: int) -> None:
    if not mentions:
        return
    members = set(await planets.member_user_ids(planet_id))
    strangers = sorted(set(mentions) - members)
    if strangers:
        raise ConnectoError("MENTION_INVALID", details={"userIds": strangers})


async def post_system_message(planet_id: int, text: str, metadata: dict) -> MessageOut:
    """A SYSTEM message (joins, leaves, bans); only the server writes these."""
    async with in_transaction() as conn:
        seq = await planets.next_message_seq(planet_id, conn)
        message = await Message.create(
            planet_id=planet_id,
            seq=seq,
            sender_id=None,
            type=MessageType.SYSTEM,
            content=text,
            searchable_text=_searchable(text),
            metadata=metadata,
            using_db=conn,
        )
    out = await _one(None, message)
    await events.emit(
        "message.created",
        {
            "message": _for_room(out),
            "planetId": planet_id,
            "senderId": None,
            "system": True,
            "mentions": [],
            "replyToSenderId": None,
        },
    )
    return out


# --- editing, deleting, restoring ------------------------------------------------------------


async def edit_message(actor: Actor, message_id: int, content: str) -> MessageOut:
    """The author edits a text message within 15 minutes; the previous text is kept."""
    message, access = await _load_message(actor, message_id)
    if message.sender_id != actor.user_id:
        raise ConnectoError("NOT_MESSAGE_AUTHOR")
    require(Action.MESSAGE_EDIT_OWN, access.roles)
    if message.deleted_at is not None:
        raise ConnectoError("MESSAGE_DELETED")
    if message.type is not MessageType.TEXT:
        raise ConnectoError("MESSAGE_NOT_EDITABLE")
    if utcnow() - message.created_at > EDIT_WINDOW:
        raise ConnectoError(
            "EDIT_WINDOW_EXPIRED",
            details={"editableUntil": (message.created_at + EDIT_WINDOW).isoformat()},
        )
    planets.require_voice(access, utcnow())
    async with in_transaction() as conn:
        message = await Message.select_for_update().using_db(conn).get(id=message_id)
        if message.content == content:
            return await _one(actor.user_id, message)
        await MessageEdit.create(
            message=message,
            previous_content=message.content or "",
            edited_by_id=actor.user_id,
            using_db=conn,
        )
        if message.original_content is None:
            message.original_content = message.content
        message.content = content
        message.searchable_text = _searchable(content)
        message.edited_at = utcnow()
        message.edit_count += 1
        await message.save(using_db=conn)
    out = await _one(actor.user_id, message)
    await events.emit(
        "message.edited",
        {"message": _for_room(out), "planetId": message.planet_id},
    )
    return out


async def delete_message(actor: Actor, message_id: int, reason: str | None = None) -> MessageOut:
    """Soft delete by the author, or by a moderator of higher rank (permission matrix)."""
    message, access = await _load_message(actor, message_id)
    if message.deleted_at is not None:
        raise ConnectoError("MESSAGE_DELETED")
    if message.sender_id == actor.user_id:
        require(Action.MESSAGE_DELETE_OWN, access.roles)
    else:
        require(Action.MESSAGE_DELETE_ANY, access.roles)
        travel_role, planet_role = await _author_roles(message, access)
        if not planets.may_moderate(access.roles, travel_role, planet_role):
            raise ConnectoError(
                "FORBIDDEN",
                "You cannot delete messages of a member of equal or higher rank",
                details={"action": Action.MESSAGE_DELETE_ANY.value},
            )
    async with in_transaction() as conn:
        await _set_deleted(message, actor.user_id, reason, conn)
        if message.sender_id != actor.user_id:  # moderation: on the record
            await audit_deletion(
                actor, message, access.planet.travel_id, reason, conn, access.roles
            )
    await announce_deleted(message)
    return await _one(actor.user_id, message)


async def _set_deleted(
    message: Message,
    by_user_id: int | None,
    reason: str | None,
    conn: BaseDBAsyncClient | None = None,
) -> None:
    """Soft delete (``by_user_id`` set) or restore (None) a message; its file is hidden from
    readers, or shown again, in the same transaction."""
    if conn is None:
        async with in_transaction() as conn:
            return await _set_deleted(message, by_user_id, reason, conn)
    deleted = by_user_id is not None
    message.deleted_at = utcnow() if deleted else None
    message.deleted_by_id = by_user_id
    message.delete_reason = reason
    await message.save(
        update_fields=["deleted_at", "deleted_by_id", "delete_reason", "updated_at"],
        using_db=conn,
    )
    if message.attachment_file_id:
        await files.set_hidden(message.id, deleted, conn)


async def audit_deletion(
    actor: Actor,
    message: Message,
    travel_id: int,
    reason: str | None,
    conn: BaseDBAsyncClient,
    roles=None,
    report_id: int | None = None,
) -> None:
    """The audit entry of a moderator's deletion (never the content: it is gone)."""
    details: dict = {"reason": reason}
    if report_id is not None:
        details["reportId"] = report_id
    await audit.record(
        conn,
        actor,
        AuditAction.MESSAGE_DELETE,
        AuditTarget.MESSAGE,
        message.id,
        roles=roles,
        target_user_id=message.sender_id,
        travel_id=travel_id,
        planet_id=message.planet_id,
        details=details,
    )


async def announce_deleted(message: Message) -> None:
    """Tell the planet a message is gone (after the deleting transaction committed)."""
    await events.emit(
        "message.deleted",
        {
            "messageId": message.id,
            "planetId": message.planet_id,
            "deletedBy": message.deleted_by_id,
            "senderId": message.sender_id,
        },
    )


@dataclass(frozen=True)
class ReportedMessage:
    """What the moderation service needs to know of a message someone reports."""

    id: int
    planet_id: int
    travel_id: int
    sender_id: int | None


async def reportable_message(actor: Actor, message_id: int) -> ReportedMessage:
    """A message the caller can see and may report: not deleted, not a SYSTEM message and
    not their own."""
    message, access = await _load_message(actor, message_id)
    if message.deleted_at is not None:
        raise ConnectoError("MESSAGE_DELETED")
    if message.sender_id is None:
        raise ConnectoError("REPORT_NOT_ALLOWED", "System messages cannot be reported")
    if message.sender_id == actor.user_id:
        raise ConnectoError("REPORT_NOT_ALLOWED", "You cannot report your own message")
    return ReportedMessage(
        message.id, message.planet_id, access.planet.travel_id, message.sender_id
    )


async def delete_reported_message(
    message_id: int, by_user_id: int, reason: str, conn: BaseDBAsyncClient
) -> Message | None:
    """Soft delete as the outcome of a report, inside the caller's transaction. The
    moderation service has checked the handler's rights (REPORT_HANDLE and rank over the
    author). Returns the message if this call deleted it; announce it after the commit."""
    message = await Message.filter(id=message_id).using_db(conn).select_for_update().first()
    if message is None or message.deleted_at is not None:
        return None
    await _set_deleted(message, by_user_id, reason, conn)
    return message


async def is_deleted(message_id: int) -> bool:
    return await Message.filter(id=message_id, deleted_at__isnull=False).exists()


async def author_of(message_id: int, conn: BaseDBAsyncClient | None = None) -> int | None:
    rows = await Message.filter(id=message_id).using_db(conn).values_list("sender_id", flat=True)
    return rows[0] if rows else None


async def messages_by_id(viewer_id: int, message_ids: list[int]) -> dict[int, MessageOut]:
    """Serialised messages (deleted ones without content) for a moderation queue."""
    rows = await Message.filter(id__in=message_ids)
    return {out.id: out for out in await serialize(viewer_id, rows)}


async def restore_message(actor: Actor, message_id: int) -> MessageOut:
    """The author restores their own deletion within 24 hours; an admin restores any time."""
    message, access = await _load_message(actor, message_id)
    if message.deleted_at is None:
        raise ConnectoError("MESSAGE_NOT_DELETED")
    if not allowed(Action.MESSAGE_RESTORE_ANY, access.roles):
        if message.sender_id != actor.user_id or message.deleted_by_id != actor.user_id:
            raise ConnectoError("NOT_MESSAGE_AUTHOR", "Only the author restores their own deletion")
        if utcnow() - message.deleted_at > RESTORE_WINDOW:
            raise ConnectoError("RESTORE_WINDOW_EXPIRED")
    deleted_by = message.deleted_by_id
    async with in_transaction() as conn:
        await _set_deleted(message, None, None, conn)
        if message.sender_id != actor.user_id:  # an admin undoing a deletion: on the record
            await audit.record(
                conn,
                actor,
                AuditAction.MESSAGE_RESTORE,
                AuditTarget.MESSAGE,
                message.id,
                roles=access.roles,
                target_user_id=message.sender_id,
                travel_id=access.planet.travel_id,
                planet_id=message.planet_id,
                details={"deletedBy": deleted_by},
            )
    out = await _one(actor.user_id, message)
    await events.emit(
        "message.restored",
        {"message": _for_room(out), "planetId": message.planet_id},
    )
    return out


async def edit_history(actor: Actor, message_id: int) -> EditHistoryOut:
    """Previous versions: for the author and for those who may moderate the planet."""
    message, access = await _load_message(actor, message_id)
    if message.sender_id != actor.user_id:
        require(Action.MESSAGE_DELETE_ANY, access.roles)
    edits = await MessageEdit.filter(message_id=message_id).order_by("id")
    deleted = message.deleted_at is not None
    return EditHistoryOut(
        message_id=message.id,
        original_content=None if deleted else (message.original_content or message.content),
        current_content=None if deleted else message.content,
        edits=[]
        if deleted
        else [
            EditOut(
                previous_content=e.previous_content, edited_at=e.edited_at, edited_by=e.edited_by_id
            )
            for e in edits
        ],
    )


# --- reactions -------------------------------------------------------------------------------


async def toggle_reaction(actor: Actor, message_id: int, emoji: str) -> ReactionResult:
    """Add the caller's emoji, or take it away if already there. Several emoji per user."""
    message, access = await _load_message(actor, message_id)
    require(Action.MESSAGE_REACT, access.roles)
    if message.deleted_at is not None:
        raise ConnectoError("MESSAGE_DELETED")
    if message.type is MessageType.SYSTEM:
        raise ConnectoError("CONFLICT", "System messages take no reactions")
    planets.require_voice(access, utcnow())
    removed = await MessageReaction.filter(
        message_id=message_id, user_id=actor.user_id, emoji=emoji
    ).delete()
    if not removed:
        try:
            await MessageReaction.create(message_id=message_id, user_id=actor.user_id, emoji=emoji)
        except IntegrityError:
            pass  # a concurrent identical toggle added it: it is there, which is the goal
    # The message changed for everyone who sees it: a reconnecting client's "changed since"
    # catch-up must find it.
    await Message.filter(id=message_id).update(updated_at=utcnow())
    (payload,) = await payloads(actor.user_id, [message_id])
    reactions = [ReactionOut.model_validate(r) for r in payload["reactions"]]
    count = next((r.count for r in reactions if r.emoji == emoji), 0)
    result = ReactionResult(
        message_id=message_id,
        planet_id=message.planet_id,
        emoji=emoji,
        user_id=actor.user_id,
        reacted=not removed,
        count=count,
        reactions=reactions,
    )
    await events.emit(
        "message.reaction",
        {**result.model_dump(mode="json", by_alias=True), "senderId": message.sender_id},
    )
    return result


# --- pins ------------------------------------------------------------------------------------

MAX_PINS_PER_PLANET = 50


async def set_pinned(actor: Actor, message_id: int, pinned: bool) -> MessageOut:
    """Pin or unpin a message: host, travel moderators, the planet's moderators (spec 7.2)."""
    message, access = await _load_message(actor, message_id)
    require(Action.MESSAGE_PIN, access.roles)
    if message.deleted_at is not None:
        raise ConnectoError("MESSAGE_DELETED")
    if pinned and message.pinned_at is None:
        if (
            await Message.filter(planet_id=message.planet_id, pinned_at__isnull=False).count()
            >= MAX_PINS_PER_PLANET
        ):
            raise ConnectoError(
                "CONFLICT", f"A planet holds at most {MAX_PINS_PER_PLANET} pinned messages"
            )
        message.pinned_at, message.pinned_by_id = utcnow(), actor.user_id
    elif not pinned:
        message.pinned_at, message.pinned_by_id = None, None
    await message.save(update_fields=["pinned_at", "pinned_by_id", "updated_at"])
    out = await _one(actor.user_id, message)
    await events.emit(
        "message.pinned",
        {
            "message": _for_room(out),
            "planetId": message.planet_id,
            "pinned": pinned,
        },
    )
    return out


async def pinned_messages(actor: Actor, planet_id: int) -> PinnedList:
    access = await planets.load_planet(actor, planet_id)
    if access.membership is None and not actor.is_admin:
        raise ConnectoError("NOT_PLANET_MEMBER")
    rows = await Message.filter(
        planet_id=planet_id, pinned_at__isnull=False, deleted_at__isnull=True
    ).order_by("-pinned_at")
    return PinnedList(items=await serialize(actor.user_id, rows))


# --- reading ---------------------------------------------------------------------------------


async def get_message(actor: Actor, message_id: int) -> MessageOut:
    message, _ = await _load_message(actor, message_id)
    return await _one(actor.user_id, message)


async def _seq_of(message_id: int, planet_id: int) -> int:
    seq = await Message.filter(id=message_id, planet_id=planet_id).values_list("seq", flat=True)
    if not seq:
        raise ConnectoError("MESSAGE_NOT_FOUND", "That message is not in this planet")
    return seq[0]


async def history(actor: Actor, planet_id: int, query: HistoryQuery) -> dict:
    """A chronological page of the timeline: just after ``after``, just before ``before``, or
    the newest. Paging by seq keeps pages stable while messages keep arriving."""
    access = await planets.load_planet(actor, planet_id)
    if access.membership is None and not actor.is_admin:
        raise ConnectoError("NOT_PLANET_MEMBER")
    if query.after is not None:
        boundary = await _seq_of(query.after, planet_id)
        # An empty page just after seq b reports the bounds (b + 1, b), as if it sat there.
        sql, empty_bounds = queries.PAGE_AFTER, (boundary + 1, boundary)
    elif query.before is not None:
        boundary = await _seq_of(query.before, planet_id)
        sql, empty_bounds = queries.PAGE_BEFORE, (boundary, boundary - 1)
    else:
        boundary = None
        sql, empty_bounds = queries.PAGE_BEFORE, (1, 0)
    rows = await db.fetch(sql, planet_id, boundary, query.limit, *empty_bounds)
    if not rows:
        more = await db.fetchrow(queries.HAS_MORE, planet_id, *empty_bounds)
        before, after = more["has_more_before"], more["has_more_after"]
    else:
        before, after = rows[0]["has_more_before"], rows[0]["has_more_after"]
    attached = await _attached_files(rows)
    return {
        "items": [queries.message_payload(row, actor.user_id, attached) for row in rows],
        "hasMoreBefore": before,
        "hasMoreAfter": after,
    }


async def thread(actor: Actor, message_id: int, after: int | None = None) -> ThreadOut:
    """A message and the replies under it (one level: replies to replies join the root)."""
    message, _ = await _load_message(actor, message_id)
    root_id = message.thread_root_id or message.id
    root = message if root_id == message.id else await Message.get(id=root_id)
    replies = Message.filter(thread_root_id=root_id)
    if after is not None:
        replies = replies.filter(seq__gt=await _seq_of(after, message.planet_id))
    page = await replies.order_by("seq").limit(THREAD_PAGE + 1)
    out = await serialize(actor.user_id, [root, *page[:THREAD_PAGE]])
    return ThreadOut(root=out[0], replies=out[1:], has_more=len(page) > THREAD_PAGE)


async def search(actor: Actor, query: SearchQuery) -> SearchPage:
    """Full-text search (PostgreSQL, GIN-indexed) over the planets the caller belongs to,
    best matches first, with highlighted fragments."""
    planet_ids = await planets.planet_ids_of(actor.user_id)
    if query.planet_id is not None:
        if query.planet_id not in planet_ids:
            raise ConnectoError("PLANET_NOT_FOUND")
        planet_ids = [query.planet_id]
    offset = decode_cursor(query.cursor, int)[0] if query.cursor else 0
    if offset < 0:
        raise ConnectoError("INVALID_CURSOR")
    if offset == 0:  # a new search, not its next page
        await events.emit(
            "messages.searched",
            {
                "userId": actor.user_id,
                "planetId": query.planet_id,
                "filtered": any(
                    v is not None
                    for v in (query.sender_id, query.type, query.sent_after, query.sent_before)
                ),
                "queryLength": len(query.q),
            },
        )
    if not planet_ids:
        return SearchPage(items=[], next_cursor=None)
    params: list = [query.q, planet_ids]
    where = [f"{TSVECTOR} @@ q", "m.deleted_at IS NULL", "m.planet_id = ANY($2)"]
    for column, value, op in (
        ("m.sender_id", query.sender_id, "="),
        ("m.type", query.type.value if query.type else None, "="),
        ("m.created_at", query.sent_after, ">="),
        ("m.created_at", query.sent_before, "<"),
    ):
        if value is not None:
            params.append(value)
            where.append(f"{column} {op} ${len(params)}")
    if query.type is None:
        where.append("m.type <> 'system'")
    params += [query.limit + 1, offset]
    sql = f"""
        SELECT m.id, ts_rank({TSVECTOR}, q) AS rank,
               ts_headline('simple', coalesce(m.content, ''), q,
                           'StartSel=<mark>, StopSel=</mark>, MaxWords=24, MinWords=8') AS highlight
        FROM messages m, websearch_to_tsquery('simple', $1) q
        WHERE {" AND ".join(where)}
        ORDER BY rank DESC, m.id DESC
        LIMIT ${len(params) - 1} OFFSET ${len(params)}
    """
    rows = await Tortoise.get_connection("default").execute_query_dict(sql, params)
    has_more = len(rows) > query.limit
    rows = rows[: query.limit]
    found = {m.id: m for m in await Message.filter(id__in=[r["id"] for r in rows])}
    messages = await serialize(actor.user_id, [found[r["id"]] for r in rows])
    return SearchPage(
        items=[
            SearchHit(message=msg, rank=round(row["rank"], 6), highlight=row["highlight"])
            for msg, row in zip(messages, rows, strict=True)
        ],
        next_cursor=encode_cursor(offset + query.limit) if has_more else None,
    )


async def sync(
    actor: Actor, last_seen: dict[str, int], changed_since: datetime | None = None
) -> SyncOut:
    """Reconnect catch-up: for each planet, the messages after the last one the client saw,
    in timeline order, each once; with ``changed_since``, also the ones it had that changed
    meanwhile. Planets the caller may not read are left out."""
    result = []
    for key, last_id in sorted(last_seen.items(), key=lambda kv: int(kv[0])):
        planet_id = int(key)
        try:
            access = await planets.load_planet(actor, planet_id)
        except ConnectoError:
            continue
        if access.membership is None:
            continue
        rows = Message.filter(planet_id=planet_id)
        last_seq = 0
        if last_id:
            try:
                last_seq = await _seq_of(last_id, planet_id)
            except ConnectoError:
                continue
        page = await rows.filter(seq__gt=last_seq).order_by("seq").limit(SYNC_LIMIT_PER_PLANET + 1)
        changed: list[Message] = []
        if changed_since is not None and last_seq:
            changed = await (
                Message.filter(planet_id=planet_id, seq__lte=last_seq, updated_at__gt=changed_since)
                .order_by("updated_at", "id")
                .limit(SYNC_LIMIT_PER_PLANET + 1)
            )
        result.append(
            SyncPlanet(
                planet_id=planet_id,
                messages=await serialize(actor.user_id, page[:SYNC_LIMIT_PER_PLANET]),
                truncated=len(page) > SYNC_LIMIT_PER_PLANET,
                changed=await serialize(actor.user_id, changed[:SYNC_LIMIT_PER_PLANET]),
                changed_truncated=len(changed) > SYNC_LIMIT_PER_PLANET,
            )
        )
    return SyncOut(planets=result)


# --- lookups for the read model (connecto.reads) ---------------------------------------------


async def planet_of_message(message_id: int) -> int | None:
    values = await Message.filter(id=message_id).values_list("planet_id", flat=True)
    return values[0] if values else None


async def ids_in_planet(planet_id: int, message_ids: list[int]) -> set[int]:
    return set(
        await Message.filter(planet_id=planet_id, id__in=message_ids).values_list("id", flat=True)
    )


async def id_at_seq(planet_id: int, seq: int, conn=None) -> int | None:
    query = Message.filter(planet_id=planet_id, seq=seq)
    if conn is not None:
        query = query.using_db(conn)
    values = await query.values_list("id", flat=True)
    return values[0] if values else None


# --- the author's own data (data export) -------------------------------------------------------

EXPORT_PAGE = 1000


async def export_messages(user_id: int):
    """The user's own messages, oldest first, in pages (an async iterator of lists of dicts):
    what they wrote, including what they deleted and what they edited."""
    last_id = 0
    while True:
        page = (
            await Message.filter(sender_id=user_id, id__gt=last_id)
            .order_by("id")
            .limit(EXPORT_PAGE)
            .prefetch_related("edits")
        )
        if not page:
            return
        last_id = page[-1].id
        yield [
            {
                "id": m.id,
                "planetId": m.planet_id,
                "type": m.type.value,
                "content": m.content,
                "originalContent": m.original_content,
                "edits": [
                    {"previousContent": e.previous_content, "editedAt": e.edited_at}
                    for e in m.edits
                ],
                "replyToId": m.reply_to_id,
                "fileId": m.attachment_file_id,
                "mentions": list(m.mentions or []),
                "createdAt": m.created_at,
                "editedAt": m.edited_at,
                "deletedAt": m.deleted_at,
            }
            for m in page
        ]


async def export_reactions(user_id: int) -> list[dict]:
    rows = (
        await MessageReaction.filter(user_id=user_id)
        .order_by("id")
        .values("message_id", "emoji", "created_at")
    )
    return [
        {"messageId": r["message_id"], "emoji": r["emoji"], "createdAt": r["created_at"]}
        for r in rows
    ]
