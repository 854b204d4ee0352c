"""Push tokens (FCM registration tokens), one per device, and notifications."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from connecto.notifications.enums import (
    BroadcastStatus,
    DeliveryStatus,
    DevicePlatform,
    NotificationChannel,
    NotificationType,
)


class PushToken(Model):
    id = fields.BigIntField(primary_key=True)
    user = fields.ForeignKeyField(
        "models.User", related_name="push_tokens", on_delete=fields.CASCADE
    )
    # The session that registered it: signing that device out removes the token.
    session = fields.ForeignKeyField(
        "models.AuthSession", related_name="push_tokens", null=True, on_delete=fields.SET_NULL
    )
    token = fields.CharField(max_length=512, unique=True)
    platform = fields.CharEnumField(DevicePlatform, max_length=16, null=True)
    device_id = fields.CharField(max_length=128, null=True)
    device_model = fields.CharField(max_length=128, null=True)
    os_version = fields.CharField(max_length=64, null=True)
    app_version = fields.CharField(max_length=64, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "push_tokens"
        indexes = (("user_id", "device_id"),)


class Notification(Model):
    """One notification on one channel (spec 6.1). The records of one notification share a
    ``group_id``; each is delivered, retried and reported on its own."""

    id = fields.BigIntField(primary_key=True)
    user = fields.ForeignKeyField(
        "models.User", related_name="notifications", on_delete=fields.CASCADE
    )
    group_id = fields.UUIDField()
    type = fields.CharEnumField(NotificationType, max_length=24)
    channel = fields.CharEnumField(NotificationChannel, max_length=16)
    title = fields.CharField(max_length=200)
    body = fields.CharField(max_length=2000)
    # Deep-link data: planetId, travelId, messageId, customData.
    data = fields.JSONField(default=dict)
    # The message it is about (data.messageId), so deleting the message can scrub its text.
    message_id = fields.BigIntField(null=True)
    important = fields.BooleanField(default=False)
    status = fields.CharEnumField(DeliveryStatus, max_length=16, default=DeliveryStatus.PENDING)
    attempts = fields.SmallIntField(default=0)
    max_attempts = fields.SmallIntField(default=5)
    next_attempt_at = fields.DatetimeField(null=True)
    # A worker that claimed the record for an attempt; expires so a crashed worker's record
    # is picked up again.
    locked_until = fields.DatetimeField(null=True)
    last_error = fields.TextField(null=True)
    # PUSH: the device tokens that have it, so a retry goes only to the devices that did not.
    delivered_to = fields.JSONField(default=list)
    sent_at = fields.DatetimeField(null=True)
    delivered_at = fields.DatetimeField(null=True)
    read_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "notifications"
        indexes = (
            # Spec 12.1 idx_notifications_user_status
            ("user_id", "status", "created_at"),
            ("user_id", "channel", "read_at"),
            ("status", "next_attempt_at"),
            ("group_id",),
            ("message_id",),
        )


class Broadcast(Model):
    """An admin's notification to every user, or every member of one travel, delivered in
    batches by the BULK job notification.bulk. ``last_user_id`` is the progress cursor: a run
    that stopped resumes after it."""

    id = fields.BigIntField(primary_key=True)
    created_by = fields.ForeignKeyField(
        "models.User", related_name="broadcasts", null=True, on_delete=fields.SET_NULL
    )
    travel_id = fields.BigIntField(null=True)
    title = fields.CharField(max_length=200)
    body = fields.CharField(max_length=2000)
    important = fields.BooleanField(default=False)
    status = fields.CharEnumField(BroadcastStatus, max_length=16, default=BroadcastStatus.QUEUED)
    total = fields.IntField(default=0)  # recipients counted when sending began
    processed = fields.IntField(default=0)
    notified = fields.IntField(default=0)  # recipients who got it on at least one channel
    last_user_id = fields.BigIntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    started_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "broadcasts"
