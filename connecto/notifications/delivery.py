"""Delivering one Notification record on its channel, with retries (spec 6.2, 10.2).

An attempt first *claims* the record (a short lease in ``locked_until``) with one UPDATE, so
two workers never send the same record twice, and no transaction stays open during the
network call. A crashed worker's lease simply expires and the record is picked up again.
Transient failures are retried with exponential backoff and jitter; after ``max_attempts``, or
on a permanent failure, the record is FAILED with the reason in ``last_error``.
"""

from __future__ import annotations

import json
import logging
import random
from collections.abc import Awaitable, Callable
from datetime import timedelta

from tortoise import Tortoise

from connecto import events
from connecto.container import container
from connecto.notifications import mail, push
from connecto.notifications.delivery_errors import DeliveryError
from connecto.notifications.enums import DeliveryStatus, NotificationChannel
from connecto.notifications.models import Notification, PushToken
from connecto.notifications.sms import TwilioSms
from connecto.observability.metrics import NOTIFICATION_DELIVERIES
from connecto.timeutil import utcnow

log = logging.getLogger("connecto.notifications")

LEASE = timedelta(seconds=60)
MAX_DELAY_SECONDS = 3600

# Real-time delivery is provided by the WebSocket layer (see register_channel_sender).
ChannelSender = Callable[[Notification], Awaitable[None]]
_senders: dict[NotificationChannel, ChannelSender] = {}


def register_channel_sender(channel: NotificationChannel, sender: ChannelSender) -> None:
    _senders[channel] = sender


def backoff(attempts: int, retry_after: float | None = None) -> timedelta:
    """30 s, 1 min, 2 min, ... (from CONNECTO_NOTIFICATION_RETRY_BASE_SECONDS) capped at an
    hour, +-20 % jitter; never less than the delay the provider asked for."""
    base = container().settings.notification_retry_base_seconds
    delay = min(base * 2 ** max(0, attempts - 1), MAX_DELAY_SECONDS)
    delay *= random.uniform(0.8, 1.2)
    return timedelta(seconds=max(delay, retry_after or 0))


def configured_channels() -> set[NotificationChannel]:
    settings = container().settings
    channels = {NotificationChannel.IN_APP}
    if settings.fcm_project_id and settings.fcm_credentials_file:
        channels.add(NotificationChannel.PUSH)
    if settings.smtp_host:
        channels.add(NotificationChannel.EMAIL)
    if settings.sms_account_sid and settings.sms_from:
        channels.add(NotificationChannel.SMS)
    channels |= set(_senders)
    return channels


def _client(kind: str):
    """One FCM / SMS client per process, created on first use."""
    extras = container().extras
    if kind not in extras:
        settings = container().settings
        extras[kind] = push.FcmClient(settings) if kind == "fcm" else TwilioSms(settings)
    return extras[kind]


async def close_clients() -> None:
    for kind in ("fcm", "sms"):
        client = container().extras.pop(kind, None)
        if client is not None:
            await client.aclose()


CLAIM = """
UPDATE notifications SET locked_until = now() + interval '60 seconds', attempts = attempts + 1
WHERE id = $1 AND status = 'PENDING' AND (next_attempt_at IS NULL OR next_attempt_at <= now())
  AND (locked_until IS NULL OR locked_until < now())
RETURNING id
"""


async def attempt(notification_id: int) -> str | None:
    """Try to deliver one record now. Returns its new status, or None when it was not due or
    someone else holds it."""
    claimed = await Tortoise.get_connection("default").execute_query_dict(CLAIM, [notification_id])
    if not claimed:
        return None
    record = await Notification.get(id=notification_id)
    try:
        await _send(record)
    except DeliveryError as exc:
        return await _failed(record, exc)
    except Exception as exc:  # a bug or an unexpected provider answer: retried, and logged
        log.exception("delivery of notification %s crashed", notification_id)
        return await _failed(
            record, DeliveryError(f"internal error: {type(exc).__name__}", permanent=False)
        )
    record.status, record.sent_at, record.locked_until, record.last_error = (
        DeliveryStatus.SENT,
        utcnow(),
        None,
        None,
    )
    await record.save(
        update_fields=["status", "sent_at", "locked_until", "last_error", "updated_at"]
    )
    await outcome(record, "sent")
    return record.status.value


async def outcome(record: Notification, result: str) -> None:
    """Count a delivery outcome (sent, delivered, retry, failed); a notification that reached
    the user is announced (``notification.sent``) for analytics."""
    NOTIFICATION_DELIVERIES.labels(record.channel.value, result).inc()
    if result in ("sent", "delivered"):
        await events.emit(
            "notification.sent",
            {
                "notificationId": record.id,
                "userId": record.user_id,
                "channel": record.channel.value,
                "type": record.type.value,
            },
        )


async def _failed(record: Notification, exc: DeliveryError) -> str:
    record.last_error = exc.reason[:2000]
    record.locked_until = None
    if exc.permanent or record.attempts >= record.max_attempts:
        # A push some of the user's devices got is SENT; the error says what the rest missed.
        reached_some = bool(record.delivered_to)
        record.status = DeliveryStatus.SENT if reached_some else DeliveryStatus.FAILED
        record.sent_at = utcnow() if reached_some else None
        record.next_attempt_at = None
    else:
        record.next_attempt_at = utcnow() + backoff(record.attempts, exc.retry_after)
    await record.save(
        update_fields=[
            "status",
            "last_error",
            "locked_until",
            "next_attempt_at",
            "sent_at",
            "updated_at",
        ]
    )
    log.info(
        "notification %s (%s) attempt %s failed: %s -> %s",
        record.id,
        record.channel.value,
        record.attempts,
        exc.reason,
        record.status.value,
    )
    await outcome(
        record, "retry" if record.status is DeliveryStatus.PENDING else record.status.value.lower()
    )
    return record.status.value


async def _send(record: Notification) -> None:
    channel = record.channel
    if channel is NotificationChannel.PUSH:
        await _send_push(record)
    elif channel is NotificationChannel.EMAIL:
        await _send_email(record)
    elif channel is NotificationChannel.SMS:
        await _send_sms(record)
    elif channel in _senders:
        await _senders[channel](record)
    else:
        raise DeliveryError(
            f"channel {channel.value} is not available on this server", permanent=True
        )


async def _send_push(record: Notification) -> None:
    """To every device of the user that does not have it yet. Dead tokens are removed; a
    device that failed for a passing reason is tried again with the next attempt (the others
    are not sent it twice)."""
    from connecto.reads import service as reads  # the badge is the user's unread messages

    tokens = (
        await PushToken.filter(user_id=record.user_id)
        .order_by("id")
        .values_list("token", flat=True)
    )
    if not tokens:
        raise DeliveryError("the user has no registered devices", permanent=True)
    already = set(record.delivered_to or [])
    targets = [token for token in tokens if token not in already]
    if not targets:
        return
    badge = await reads.total_unread(record.user_id)
    data = {
        key: str(value)
        for key, value in {
            "notificationId": record.id,
            "type": record.type.value,
            **{
                k: v
                for k, v in (record.data or {}).items()
                if k in ("planetId", "travelId", "messageId")
            },
        }.items()
    }
    if (record.data or {}).get("customData") is not None:
        data["customData"] = json.dumps(record.data["customData"])
    thread = f"planet-{record.data['planetId']}" if (record.data or {}).get("planetId") else None
    client = _client("fcm")
    reached, transient, dead = [], None, []
    for token in targets:
        message = push.build_message(
            token,
            title=record.title,
            body=record.body,
            data=data,
            badge=badge,
            category=record.type.value.upper(),
            thread=thread,
        )
        try:
            await client.send(message)
            reached.append(token)
        except push.DeadToken:
            dead.append(token)
        except DeliveryError as exc:
            if not exc.permanent:
                transient = exc
    if dead:
        await PushToken.filter(token__in=dead).delete()
    if reached:
        record.delivered_to = sorted(already | set(reached))
        await record.save(update_fields=["delivered_to", "updated_at"])
    if transient is not None:
        raise transient  # the devices that missed it get the next attempt
    if record.delivered_to:
        return
    raise DeliveryError("no device accepted the push (tokens invalid)", permanent=True)


async def _send_email(record: Notification) -> None:
    from connecto.users import service as users

    contact = await users.contact(record.user_id)
    if not contact["email"]:
        raise DeliveryError("the user has no email address", permanent=True)
    settings = container().settings
    await mail.send(settings, mail.compose(settings, contact["email"], record.title, record.body))


async def _send_sms(record: Notification) -> None:
    from connecto.users import service as users

    contact = await users.contact(record.user_id)
    if not contact["phone_number"]:
        raise DeliveryError("the user has no phone number", permanent=True)
    await _client("sms").send(contact["phone_number"], f"{record.title}: {record.body}")
