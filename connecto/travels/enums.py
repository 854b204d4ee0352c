from __future__ import annotations

from connecto.schemas import LowerEnum, UpperEnum


class TravelStatus(LowerEnum):
    INACTIVE = "inactive"  # planning, or over
    ACTIVE = "active"  # between startDate and endDate


class TravelVisibility(LowerEnum):
    PUBLIC = "public"
    INVITE_ONLY = "invite_only"


class TravelRole(UpperEnum):
    HOST = "HOST"
    MODERATOR = "MODERATOR"
    PARTICIPANT = "PARTICIPANT"


class MembershipStatus(UpperEnum):
    ACTIVE = "ACTIVE"
    LEFT = "LEFT"
    BANNED = "BANNED"


class JoinMethod(UpperEnum):
    CREATOR = "CREATOR"
    PUBLIC = "PUBLIC"
    INVITE_CODE = "INVITE_CODE"


class JoinRequestStatus(UpperEnum):
    PENDING = "PENDING"  # waiting for the host or a moderator
    APPROVED = "APPROVED"  # the requester became a member
    DECLINED = "DECLINED"
    CANCELLED = "CANCELLED"  # withdrawn by the requester
