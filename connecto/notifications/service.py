"""Notification delivery and device push tokens."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from connecto import events
from connecto.audit import service as audit
from connecto.audit.enums import AuditAction, AuditTarget
from connecto.auth.context import Actor
from connecto.container import container
from connecto.errors import ConnectoError
from connecto.notifications import delivery
from connecto.notifications.enums import (
    DeliveryStatus,
    DevicePlatform,
    NotificationChannel,
    NotificationType,
)
from connecto.notifications.models import Notification, PushToken
from connecto.notifications.schemas import (
    DeliveriesOut,
    DeliveryOut,
    NotificationOut,
    NotificationPage,
    PushTokenList,
    PushTokenOut,
    ReadAllResult,
    RegisterPushToken,
    SendNotification,
    SentNotification,
    UnreadNotifications,
)
from connecto.pagination import id_page
from connecto.timeutil import is_valid_timezone, utcnow


async def register_push_token(
    user_id: int,
    token: str,
    session_id: uuid.UUID | None,
    conn: BaseDBAsyncClient,
    *,
    platform: DevicePlatform | None = None,
    device_id: str | None = None,
    device_model: str | None = None,
    os_version: str | None = None,
    app_version: str | None = None,
) -> PushToken:
    """Upsert a device's FCM token. A token is unique worldwide: if it moves to another account
    (a shared phone), it follows the new owner. A device keeps one token: registering a new one
    for the same device id replaces the old (FCM token refresh)."""
    fields = {"user_id": user_id, "session_id": session_id}
    details = {
        "platform": platform,
        "device_id": device_id,
        "device_model": device_model,
        "os_version": os_version,
        "app_version": app_version,
    }
    fields.update({key: value for key, value in details.items() if value is not None})
    if device_id:
        await (
            PushToken.filter(user_id=user_id, device_id=device_id)
            .exclude(token=token)
            .using_db(conn)
            .delete()
        )
    existing = await PushToken.filter(token=token).using_db(conn).select_for_update().first()
    if existing is None:
        return await PushToken.create(token=token, **fields, using_db=conn)
    existing.update_from_dict(fields)
    await existing.save(using_db=conn)
    return existing


async def add_push_token(actor: Actor, body: RegisterPushToken) -> PushTokenOut:
    async with in_transaction() as conn:
        token = await register_push_token(
            actor.user_id,
            body.token,
            actor.session_id,
            conn,
            **body.model_dump(exclude={"token"}),
        )
    return PushTokenOut.model_validate(token)


async def list_push_tokens(actor: Actor) -> PushTokenList:
    tokens = await PushToken.filter(user_id=actor.user_id).order_by("-updated_at")
    return PushTokenList(items=[PushTokenOut.model_validate(t) for t in tokens])


async def remove_push_token(actor: Actor, token: str) -> None:
    # Another user's token is reported as not found: its existence is not ours to learn.
    deleted = await PushToken.filter(user_id=actor.user_id, token=token).delete()
    if not deleted:
        raise ConnectoError("PUSH_TOKEN_NOT_FOUND")


async def forget_push_tokens_of_sessions(
    session_ids: list[uuid.UUID], conn: BaseDBAsyncClient
) -> None:
    await PushToken.filter(session_id__in=session_ids).using_db(conn).delete()


async def forget_user(user_id: int, conn: BaseDBAsyncClient) -> None:
    """Account removal: devices and the whole inbox go."""
    await PushToken.filter(user_id=user_id).using_db(conn).delete()
    await Notification.filter(user_id=user_id).using_db(conn).delete()


async def export_data(user_id: int) -> dict:
    tokens = await PushToken.filter(user_id=user_id).order_by("id")
    return {
        "devices": [
            PushTokenOut.model_validate(t).model_dump(mode="json", by_alias=True) for t in tokens
        ]
    }


async def delete_stale_push_tokens(older_than: datetime, conn: BaseDBAsyncClient) -> int:
    return await PushToken.filter(updated_at__lt=older_than).using_db(conn).delete()


# --- notifications --------------------------------------------------------------------------

# Which channels a kind of notification may use at all (before preferences). A plain message
# only pushes (the chat itself is the inbox); SMS costs money and is kept for moderation and
# important announcements.
CHANNELS_BY_TYPE: dict[NotificationType, frozenset[NotificationChannel]] = {
    NotificationType.MESSAGE: frozenset({NotificationChannel.PUSH}),
    NotificationType.MENTION: frozenset(
        {
            NotificationChannel.IN_APP,
            NotificationChannel.WEBSOCKET,
            NotificationChannel.PUSH,
            NotificationChannel.EMAIL,
        }
    ),
    NotificationType.REPLY: frozenset(
        {NotificationChannel.IN_APP, NotificationChannel.WEBSOCKET, NotificationChannel.PUSH}
    ),
    NotificationType.JOIN_REQUEST: frozenset(
        {NotificationChannel.IN_APP, NotificationChannel.WEBSOCKET, NotificationChannel.PUSH}
    ),
    NotificationType.MEMBER_JOINED: frozenset(
        {NotificationChannel.IN_APP, NotificationChannel.WEBSOCKET, NotificationChannel.PUSH}
    ),
    NotificationType.REPORT: frozenset(
        {NotificationChannel.IN_APP, NotificationChannel.WEBSOCKET, NotificationChannel.PUSH}
    ),
    NotificationType.TRAVEL_UPDATE: frozenset(
        {
            NotificationChannel.IN_APP,
            NotificationChannel.WEBSOCKET,
            NotificationChannel.PUSH,
            NotificationChannel.EMAIL,
        }
    ),
    NotificationType.BAN: frozenset(
        {
            NotificationChannel.IN_APP,
            NotificationChannel.WEBSOCKET,
            NotificationChannel.PUSH,
            NotificationChannel.EMAIL,
            NotificationChannel.SMS,
        }
    ),
    # Announcements reach the inbox and the phone; not email or SMS, which a chatty host
    # would turn into spam.
    NotificationType.ANNOUNCEMENT: frozenset(
        {NotificationChannel.IN_APP, NotificationChannel.WEBSOCKET, NotificationChannel.PUSH}
    ),
    NotificationType.REMINDER: frozenset(
        {
            NotificationChannel.IN_APP,
            NotificationChannel.WEBSOCKET,
            NotificationChannel.PUSH,
            NotificationChannel.EMAIL,
        }
    ),
    NotificationType.DIGEST: frozenset(
        {
            NotificationChannel.IN_APP,
            NotificationChannel.WEBSOCKET,
            NotificationChannel.PUSH,
            NotificationChannel.EMAIL,
        }
    ),
    NotificationType.ACCOUNT: frozenset(
        {
            NotificationChannel.IN_APP,
            NotificationChannel.WEBSOCKET,
            NotificationChannel.PUSH,
            NotificationChannel.EMAIL,
        }
    ),
    NotificationType.SYSTEM: frozenset(NotificationChannel),
}
PREFERENCE_OF = {
    NotificationChannel.PUSH: "push",
    NotificationChannel.EMAIL: "email",
    NotificationChannel.SMS: "sms",
    NotificationChannel.IN_APP: "in_app",
    NotificationChannel.WEBSOCKET: "in_app",  # the live copy of the in-app notification
}
# Interruptions wait for the end of quiet hours; the inbox and email do not.
HELD_IN_QUIET_HOURS = frozenset({NotificationChannel.PUSH, NotificationChannel.SMS})
# Someone online sees it live; their phone need not buzz.
SKIPPED_WHEN_ONLINE = frozenset({NotificationChannel.PUSH, NotificationChannel.SMS})


def quiet_hours_end(prefs, timezone: str, now: datetime) -> datetime | None:
    """When the user's quiet hours end, if ``now`` is inside them."""
    from connecto.planets.enums import TimeRestrictionType
    from connecto.planets.schedule import TimeRestriction, evaluate

    quiet = prefs.notifications.quiet_hours
    if not quiet.enabled:
        return None
    rule = TimeRestriction(
        type=TimeRestrictionType.DAILY,
        start_time=quiet.start,
        end_time=quiet.end,
        timezone=timezone if is_valid_timezone(timezone) else "UTC",
    )
    window = evaluate(rule, now)
    return window.closes_at if window.open else None


async def notify(
    user_id: int,
    type: NotificationType,
    title: str,
    body: str,
    *,
    data: dict | None = None,
    important: bool = False,
    online: bool | None = None,
    also: Callable[[BaseDBAsyncClient, list[Notification]], Awaitable[None]] | None = None,
) -> list[Notification]:
    """Create a notification on every channel the type, the user's preferences and this
    server allow, and start delivering it. ``important`` overrides the type toggle and quiet
    hours. ``online``: whether the user has a live socket (None: ask presence). ``also``:
    more writes committed with the records (an admin's audit entry)."""
    from connecto.users import service as users

    allowed = CHANNELS_BY_TYPE[type] & delivery.configured_channels()
    has_devices = await PushToken.filter(user_id=user_id).exists()
    if allowed == {NotificationChannel.PUSH} and not has_devices:
        return []  # the common case of a chat message to someone without a device: done
    prefs = await users.get_preferences(user_id)
    if not important and not getattr(prefs.notifications.types, type.value):
        return []
    contact = await users.contact(user_id)
    if contact["closing"]:
        return []  # the account is being deleted, or is gone
    if online is None:
        from connecto.realtime import presence

        online = user_id in await presence.online_user_ids([user_id])
    channels = [
        channel
        for channel in NotificationChannel
        if channel in allowed
        and getattr(prefs.notifications, PREFERENCE_OF[channel])
        and not (online and channel in SKIPPED_WHEN_ONLINE and not important)
        and not (channel is NotificationChannel.WEBSOCKET and not online)
        and not (channel is NotificationChannel.EMAIL and not contact["email"])
        and not (channel is NotificationChannel.SMS and not contact["phone_number"])
    ]
    if (
        NotificationChannel.PUSH in channels
        and not await PushToken.filter(user_id=user_id).exists()
    ):
        channels.remove(NotificationChannel.PUSH)
    if not channels:
        return []
    now = utcnow()
    held_until = None if important else quiet_hours_end(prefs, contact["timezone"], now)
    group = uuid.uuid4()
    max_attempts = container().settings.notification_max_attempts
    try:
        async with in_transaction() as conn:
            records = []
            for channel in channels:
                in_app = channel is NotificationChannel.IN_APP
                records.append(
                    await Notification.create(
                        user_id=user_id,
                        group_id=group,
                        type=type,
                        channel=channel,
                        title=title[:200],
                        body=body[:2000],
                        data=data or {},
                        message_id=(data or {}).get("messageId"),
                        important=important,
                        max_attempts=max_attempts,
                        status=DeliveryStatus.DELIVERED if in_app else DeliveryStatus.PENDING,
                        delivered_at=now if in_app else None,
                        next_attempt_at=held_until
                        if held_until and channel in HELD_IN_QUIET_HOURS
                        else now,
                        using_db=conn,
                    )
                )
            if also is not None:
                await also(conn, records)
    except IntegrityError:
        # This message already notified this person (its trigger ran twice): once is enough.
        return []
    for record in records:
        if record.status is DeliveryStatus.DELIVERED:
            await delivery.outcome(record, "delivered")
        if record.status is DeliveryStatus.PENDING and record.next_attempt_at <= now:
            await _schedule_delivery(record.id, record.channel)
    return records


async def _schedule_delivery(notification_id: int, channel: NotificationChannel) -> None:
    """One job per channel (spec 10.2 notification.push / .email), all CRITICAL. The socket
    copy is a publish to the user's sockets: no need to queue it."""
    if channel is NotificationChannel.WEBSOCKET:
        await delivery.attempt(notification_id)
        return
    from connecto.jobs import tasks

    task = {
        NotificationChannel.PUSH: tasks.deliver_push,
        NotificationChannel.EMAIL: tasks.deliver_email,
        NotificationChannel.SMS: tasks.deliver_sms,
    }[channel]
    await task.kiq(notification_id=notification_id)


async def deliver_due(limit: int = 500) -> dict:
    """Periodic: start an attempt for every record whose (next) attempt is due."""
    due = (
        await Notification.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=utcnow())
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=utcnow()))
        .order_by("next_attempt_at")
        .limit(limit)
        .values_list("id", "channel")
    )
    for notification_id, channel in due:
        await _schedule_delivery(notification_id, NotificationChannel(channel))
    return {"scheduled": len(due)}


# --- the in-app inbox ------------------------------------------------------------------------


def _inbox(user_id: int):
    return Notification.filter(user_id=user_id, channel=NotificationChannel.IN_APP)


async def list_notifications(actor: Actor, query) -> NotificationPage:
    rows = _inbox(actor.user_id)
    if query.unread_only:
        rows = rows.filter(read_at__isnull=True)
    if query.type is not None:
        rows = rows.filter(type=query.type)
    page, next_cursor = await id_page(rows, query.cursor, query.limit, newest_first=True)
    return NotificationPage(
        items=[NotificationOut.model_validate(n) for n in page], next_cursor=next_cursor
    )


async def _own(actor: Actor, notification_id: int) -> Notification:
    record = await _inbox(actor.user_id).filter(id=notification_id).first()
    if record is None:  # someone else's id is as unknown as a missing one
        raise ConnectoError("NOTIFICATION_NOT_FOUND")
    return record


async def mark_read(actor: Actor, notification_id: int) -> NotificationOut:
    record = await _own(actor, notification_id)
    if record.read_at is None:
        record.read_at = utcnow()
        await record.save(update_fields=["read_at", "updated_at"])
        await events.emit(
            "notification.opened",
            {
                "notificationId": record.id,
                "userId": actor.user_id,
                "channel": record.channel.value,
                "type": record.type.value,
            },
        )
    return NotificationOut.model_validate(record)


async def mark_all_read(actor: Actor) -> ReadAllResult:
    marked = await _inbox(actor.user_id).filter(read_at__isnull=True).update(read_at=utcnow())
    return ReadAllResult(marked=marked)


async def unread_count(actor: Actor) -> UnreadNotifications:
    return UnreadNotifications(
        count=await _inbox(actor.user_id).filter(read_at__isnull=True).count()
    )


async def deliveries(actor: Actor, notification_id: int) -> DeliveriesOut:
    """How one notification went out on each channel."""
    record = await _own(actor, notification_id)
    rows = await Notification.filter(group_id=record.group_id).order_by("id")
    return DeliveriesOut(
        notification_id=notification_id, deliveries=[DeliveryOut.model_validate(r) for r in rows]
    )


async def admin_send(actor: Actor, body: SendNotification) -> SentNotification:
    from connecto.users import service as users

    users.ensure_admin(actor)
    await users.get_user(body.user_id)
    audited = False

    async def audit_send(conn: BaseDBAsyncClient, records: list[Notification]) -> None:
        nonlocal audited
        await audit.record(
            conn,
            actor,
            AuditAction.NOTIFICATION_SEND,
            AuditTarget.USER,
            body.user_id,
            target_user_id=body.user_id,
            details={
                "type": body.type.value,
                "title": body.title,
                "important": body.important,
                "channels": sorted(r.channel.value for r in records),
            },
        )
        audited = True

    records = await notify(
        body.user_id,
        body.type,
        body.title,
        body.body,
        data=body.data or {},
        important=body.important,
        also=audit_send,
    )
    if not audited:  # nothing to deliver (preferences, no channel): the attempt is recorded
        async with in_transaction() as conn:
            await audit_send(conn, [])
    return SentNotification(
        group_id=str(records[0].group_id) if records else "",
        channels={r.channel.value: r.status.value for r in records},
    )


async def cleanup_old(older_than_days: int = 30) -> int:
    """Spec 10.1: notifications older than 30 days go, except important ones."""
    return await Notification.filter(
        created_at__lt=utcnow() - timedelta(days=older_than_days), important=False
    ).delete()


# --- a message's notifications follow the message ---------------------------------------------

DELETED_PLACEHOLDER = "Message deleted"  # spec 4.1 softDelete.placeholder


async def scrub_deleted_message(message_id: int) -> int:
    """A deleted message's text must not reach anyone any more: its notifications show the
    placeholder, and those not delivered yet (held for quiet hours, waiting for a retry) are
    dropped. Returns how many records were changed."""
    async with in_transaction() as conn:
        changed = await (
            Notification.filter(message_id=message_id)
            .using_db(conn)
            .update(body=DELETED_PLACEHOLDER)
        )
        await (
            Notification.filter(message_id=message_id, status=DeliveryStatus.PENDING)
            .exclude(channel=NotificationChannel.IN_APP)
            .using_db(conn)
            .update(status=DeliveryStatus.FAILED, last_error="the message was deleted")
        )
    return changed


async def restore_message_preview(message_id: int, preview: str) -> int:
    """The inbox shows the text again once the message is restored."""
    return await Notification.filter(
        message_id=message_id, channel=NotificationChannel.IN_APP, body=DELETED_PLACEHOLDER
    ).update(body=preview[:2000])


async def channels_of(user_id: int, notification_ids: list[int]) -> dict[int, tuple[str, str]]:
    """The user's own notifications among ``notification_ids``: id -> (channel, type)."""
    if not notification_ids:
        return {}
    rows = await Notification.filter(user_id=user_id, id__in=notification_ids).values_list(
        "id", "channel", "type"
    )
    return {
        nid: (getattr(channel, "value", channel), getattr(type_, "value", type_))
        for nid, channel, type_ in rows
    }
