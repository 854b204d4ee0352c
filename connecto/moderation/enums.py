from __future__ import annotations

from connecto.schemas import UpperEnum


class ReportReason(UpperEnum):
    SPAM = "SPAM"
    HARASSMENT = "HARASSMENT"
    HATE = "HATE"
    INAPPROPRIATE = "INAPPROPRIATE"
    SCAM = "SCAM"
    OTHER = "OTHER"


class ReportStatus(UpperEnum):
    OPEN = "OPEN"  # waiting for a host, travel moderator or admin
    DISMISSED = "DISMISSED"  # looked at, nothing done
    ACTIONED = "ACTIONED"  # the message was removed


class ReportAction(UpperEnum):
    DISMISS = "DISMISS"
    DELETE_MESSAGE = "DELETE_MESSAGE"
