"""Wire models for travels and memberships."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, ClassVar, Literal

from pydantic import Field, field_validator, model_validator

from connecto.pagination import PageQuery
from connecto.planets.schemas import PlanetOut
from connecto.schemas import BanRequest, RequestModel, ResponseModel, TimezoneName
from connecto.travels.enums import (
    JoinRequestStatus,
    MembershipStatus,
    TravelRole,
    TravelStatus,
    TravelVisibility,
)

MAX_TRAVEL_DAYS = 366


def _aware(value: datetime | None) -> datetime | None:
    # A date or time without an offset is read as UTC.
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


class TravelSettings(RequestModel):
    """Per-travel switches (stored as JSON)."""

    # Participants may start direct conversations with each other.
    allow_direct_messages: bool = True
    # Joining (publicly or with the invite code) asks the host and moderators first.
    require_approval: bool = False


class CreateTravel(RequestModel):
    name: str = Field(min_length=2, max_length=100)
    description: str | None = Field(default=None, max_length=2000)
    start_date: datetime
    end_date: datetime
    visibility: TravelVisibility = TravelVisibility.INVITE_ONLY
    image_url: str | None = Field(default=None, max_length=2048, pattern=r"^https?://\S+$")
    timezone: TimezoneName = "UTC"
    max_members: int | None = Field(default=None, ge=2, le=10000)
    settings: TravelSettings = Field(default_factory=TravelSettings)

    @field_validator("start_date", "end_date")
    @classmethod
    def _aware_dates(cls, value: datetime) -> datetime:
        return _aware(value)

    @model_validator(mode="after")
    def _dates(self) -> CreateTravel:
        if self.end_date <= self.start_date:
            raise ValueError("endDate must be after startDate")
        if (self.end_date - self.start_date).days > MAX_TRAVEL_DAYS:
            raise ValueError(f"a travel lasts at most {MAX_TRAVEL_DAYS} days")
        return self


class UpdateTravel(RequestModel):
    name: str | None = Field(default=None, min_length=2, max_length=100)
    description: str | None = Field(default=None, max_length=2000)
    start_date: datetime | None = None
    end_date: datetime | None = None
    visibility: TravelVisibility | None = None
    image_url: str | None = Field(default=None, max_length=2048, pattern=r"^https?://\S+$")
    timezone: TimezoneName | None = None
    max_members: int | None = Field(default=None, ge=2, le=10000)
    settings: TravelSettings | None = None

    @field_validator("start_date", "end_date")
    @classmethod
    def _aware_dates(cls, value: datetime | None) -> datetime | None:
        return _aware(value)


# Invite codes are 8 letters and digits (any case on input; service.INVITE_ALPHABET).
InviteCode = Annotated[str, Field(pattern=r"^[A-Za-z0-9]{8}$")]


class JoinTravel(RequestModel):
    invite_code: InviteCode | None = None
    # A note for the host, when the travel approves newcomers.
    message: str | None = Field(default=None, max_length=500)


class JoinByCode(RequestModel):
    invite_code: InviteCode
    message: str | None = Field(default=None, max_length=500)


class TransferHost(RequestModel):
    user_id: int = Field(gt=0)


class ChangeMemberRole(RequestModel):
    role: Literal[TravelRole.MODERATOR, TravelRole.PARTICIPANT]


class BanMember(BanRequest):
    """A travel ban: ``{reason, durationSeconds}`` or ``{reason, duration, banType}``."""


INCLUDES = ("planets", "members")


class TravelListQuery(PageQuery):
    """GET /api/v1/travels. ``scope``: ``mine`` (travels I am in) or ``discover`` (public
    travels I may join). Filters: status, visibility, q (name contains), startsAfter,
    startsBefore, role (mine only). ``include``: comma list of planets, members."""

    scope: Literal["mine", "discover"] = "mine"
    status: TravelStatus | None = None
    visibility: TravelVisibility | None = None
    q: str | None = Field(default=None, min_length=1, max_length=100)
    starts_after: datetime | None = None
    starts_before: datetime | None = None
    role: TravelRole | None = None
    include: str | None = None
    allowed_includes: ClassVar[tuple[str, ...]] = INCLUDES


class MemberListQuery(PageQuery):
    role: TravelRole | None = None


class UserSummary(ResponseModel):
    id: int
    nickname: str | None
    avatar_url: str | None
    # A removed account: nickname is "Deleted user".
    deleted: bool = False


class MembershipOut(ResponseModel):
    id: int
    user_id: int
    role: TravelRole
    status: MembershipStatus
    joined_at: datetime


class MemberOut(MembershipOut):
    user: UserSummary
    banned_until: datetime | None = None
    ban_reason: str | None = None


class TravelOut(ResponseModel):
    id: int
    name: str
    description: str | None
    start_date: datetime
    end_date: datetime
    visibility: TravelVisibility
    status: TravelStatus
    image_url: str | None
    timezone: str
    max_members: int | None
    member_count: int
    settings: TravelSettings
    host: UserSummary | None
    # Only for the host and moderators (and admins).
    invite_code: str | None = None
    my_membership: MembershipOut | None = None
    planets: list[PlanetOut] | None = None
    members: list[MemberOut] | None = None
    created_at: datetime
    updated_at: datetime


class TravelPage(ResponseModel):
    items: list[TravelOut]
    next_cursor: str | None


class MemberPage(ResponseModel):
    items: list[MemberOut]
    next_cursor: str | None


class InviteCodeOut(ResponseModel):
    invite_code: str


class JoinRequestQuery(PageQuery):
    status: JoinRequestStatus = JoinRequestStatus.PENDING


class JoinRequestOut(ResponseModel):
    id: int
    travel_id: int
    user: UserSummary
    status: JoinRequestStatus
    message: str | None
    decided_by: int | None
    decided_at: datetime | None
    created_at: datetime


class JoinRequestPage(ResponseModel):
    items: list[JoinRequestOut]
    next_cursor: str | None
