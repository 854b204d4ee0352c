from __future__ import annotations

from connecto.schemas import LowerEnum


class MessageType(LowerEnum):
    TEXT = "text"
    IMAGE = "image"
    VIDEO = "video"
    FILE = "file"
    SYSTEM = "system"  # only the server writes these (joins, leaves, bans)


ATTACHMENT_TYPES = frozenset({MessageType.IMAGE, MessageType.VIDEO, MessageType.FILE})
