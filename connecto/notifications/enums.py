from __future__ import annotations

from connecto.schemas import LowerEnum, UpperEnum


class DevicePlatform(UpperEnum):
    IOS = "IOS"
    ANDROID = "ANDROID"
    WEB = "WEB"


class NotificationType(LowerEnum):
    """What a notification is about; each has an on/off toggle in the user's preferences."""

    MESSAGE = "message"
    MENTION = "mention"
    REPLY = "reply"
    JOIN_REQUEST = "join_request"
    MEMBER_JOINED = "member_joined"
    TRAVEL_UPDATE = "travel_update"
    BAN = "ban"
    REPORT = "report"  # a message was reported to the travel's staff
    ANNOUNCEMENT = "announcement"  # a post in an ANNOUNCEMENT planet (always important)
    REMINDER = "reminder"  # a travel starts, or ends tomorrow
    DIGEST = "digest"  # the daily activity digest
    ACCOUNT = "account"  # the user's own account: data export ready, deletion scheduled
    SYSTEM = "system"  # from the platform (admin broadcasts)


class NotificationChannel(LowerEnum):
    """Spec 6.1: one Notification record per channel."""

    IN_APP = "in_app"
    PUSH = "push"
    EMAIL = "email"
    SMS = "sms"
    WEBSOCKET = "websocket"


class DeliveryStatus(UpperEnum):
    PENDING = "PENDING"  # waiting for its (next) attempt
    SENT = "SENT"  # accepted by the provider (FCM, SMTP server, SMS gateway) or pushed to sockets
    DELIVERED = "DELIVERED"  # in the user's hands (stored in the in-app inbox)
    FAILED = "FAILED"  # given up: permanent error or out of attempts


class BroadcastStatus(UpperEnum):
    QUEUED = "QUEUED"
    SENDING = "SENDING"
    DONE = "DONE"
