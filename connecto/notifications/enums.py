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
    SYSTEM = "system"
