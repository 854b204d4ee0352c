from __future__ import annotations

from datetime import datetime

from pydantic import Field

from connecto.notifications.enums import BroadcastStatus, DevicePlatform, NotificationType
from connecto.pagination import PageQuery
from connecto.schemas import RequestModel, ResponseModel


class RegisterPushToken(RequestModel):
    token: str = Field(min_length=8, max_length=512)
    platform: DevicePlatform | None = None
    device_id: str | None = Field(default=None, min_length=1, max_length=128)
    device_model: str | None = Field(default=None, max_length=128)
    os_version: str | None = Field(default=None, max_length=64)
    app_version: str | None = Field(default=None, max_length=64)


class RemovePushToken(RequestModel):
    token: str = Field(min_length=8, max_length=512)


class PushTokenOut(ResponseModel):
    id: int
    token: str
    platform: DevicePlatform | None
    device_id: str | None
    device_model: str | None
    os_version: str | None
    app_version: str | None
    created_at: datetime
    updated_at: datetime


class PushTokenList(ResponseModel):
    items: list[PushTokenOut]


class NotificationOut(ResponseModel):
    id: int
    type: str
    title: str
    body: str
    data: dict
    important: bool
    read_at: datetime | None
    created_at: datetime


class NotificationPage(ResponseModel):
    items: list[NotificationOut]
    next_cursor: str | None


class UnreadNotifications(ResponseModel):
    count: int


class ReadAllResult(ResponseModel):
    marked: int


class DeliveryOut(ResponseModel):
    id: int
    channel: str
    status: str
    attempts: int
    max_attempts: int
    next_attempt_at: datetime | None
    last_error: str | None
    sent_at: datetime | None
    delivered_at: datetime | None


class DeliveriesOut(ResponseModel):
    notification_id: int
    deliveries: list[DeliveryOut]


class SendNotification(RequestModel):
    """Admin: a notification to one user (announcements, support, emergencies)."""

    user_id: int = Field(gt=0)
    type: NotificationType = NotificationType.SYSTEM
    title: str = Field(min_length=1, max_length=200)
    body: str = Field(min_length=1, max_length=2000)
    important: bool = False
    data: dict | None = None


class SentNotification(ResponseModel):
    group_id: str
    channels: dict[str, str]  # channel -> status right after creation


class NotificationQuery(PageQuery):
    unread_only: bool = False
    type: NotificationType | None = None


class CreateBroadcast(RequestModel):
    """Admin: a notification to every user, or to every member of one travel."""

    title: str = Field(min_length=1, max_length=200)
    body: str = Field(min_length=1, max_length=2000)
    travel_id: int | None = Field(default=None, gt=0, le=2**63 - 1)
    important: bool = False


class BroadcastOut(ResponseModel):
    id: int
    title: str
    body: str
    travel_id: int | None
    important: bool
    status: BroadcastStatus
    total: int
    processed: int
    notified: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class BroadcastPage(ResponseModel):
    items: list[BroadcastOut]
    next_cursor: str | None
