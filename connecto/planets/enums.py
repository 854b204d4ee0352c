from __future__ import annotations

from connecto.schemas import LowerEnum, UpperEnum


class PlanetType(LowerEnum):
    GROUP = "group"
    DIRECT = "direct"
    ANNOUNCEMENT = "announcement"


class PlanetStatus(LowerEnum):
    ACTIVE = "active"
    INACTIVE = "inactive"  # archived: readable, no new messages


class PlanetRole(UpperEnum):
    MODERATOR = "MODERATOR"
    MEMBER = "MEMBER"


class TimeRestrictionType(LowerEnum):
    NONE = "none"
    DAILY = "daily"
    WEEKLY = "weekly"
    CUSTOM = "custom"
