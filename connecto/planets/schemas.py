"""Wire models for planets and planet memberships."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from connecto.pagination import PageQuery
from connecto.planets.enums import PlanetRole, PlanetStatus, PlanetType
from connecto.planets.schedule import TimeRestriction
from connecto.schemas import RequestModel, ResponseModel

MUTE_DURATIONS = {"1h": 3600, "24h": 24 * 3600, "7d": 7 * 24 * 3600}


class CreatePlanet(RequestModel):
    name: str = Field(min_length=1, max_length=100)
    description: str | None = Field(default=None, max_length=1000)
    # DIRECT planets are not created here: they start with a first message / direct endpoint.
    type: Literal[PlanetType.GROUP, PlanetType.ANNOUNCEMENT] = PlanetType.GROUP
    time_restriction: TimeRestriction | None = None
    # True: every current and future travel member is in it. False: members join themselves.
    auto_join: bool = True


class UpdatePlanet(RequestModel):
    name: str | None = Field(default=None, min_length=1, max_length=100)
    description: str | None = Field(default=None, max_length=1000)
    status: PlanetStatus | None = None
    time_restriction: TimeRestriction | None = None


class StartDirect(RequestModel):
    user_id: int = Field(gt=0)


class ChangePlanetRole(RequestModel):
    role: PlanetRole


class MutePlanetMember(RequestModel):
    duration: Literal["1h", "24h", "7d"]
    reason: str | None = Field(default=None, max_length=500)


class PlanetNotificationSettings(RequestModel):
    notifications_muted: bool


class PlanetListQuery(PageQuery):
    type: PlanetType | None = None
    joined: bool | None = None


class ChatStatusOut(ResponseModel):
    can_chat: bool
    # Why not (an error code: CHAT_TIME_RESTRICTED, PLANET_MUTED, ...), when it opens/closes.
    reason: str | None = None
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    muted_until: datetime | None = None


class PlanetMembershipOut(ResponseModel):
    role: PlanetRole
    muted_until: datetime | None
    notifications_muted: bool
    joined_at: datetime


class PlanetOut(ResponseModel):
    id: int
    travel_id: int
    name: str
    description: str | None
    type: PlanetType
    status: PlanetStatus
    is_default: bool
    auto_join: bool
    time_restriction: TimeRestriction
    member_count: int | None = None
    # DIRECT planets: the two participants.
    participant_ids: list[int] | None = None
    my_membership: PlanetMembershipOut | None = None
    last_message_at: datetime | None
    created_at: datetime
    updated_at: datetime


class PlanetPage(ResponseModel):
    items: list[PlanetOut]
    next_cursor: str | None


class PlanetMemberOut(ResponseModel):
    user_id: int
    nickname: str | None
    avatar_url: str | None
    role: PlanetRole
    muted_until: datetime | None
    joined_at: datetime


class PlanetMemberPage(ResponseModel):
    items: list[PlanetMemberOut]
    next_cursor: str | None
