"""Wire models for users, profiles and preferences."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field, field_validator

from connecto.schemas import BanRequest, RequestModel, ResponseModel, TimezoneName
from connecto.users.enums import Gender, ProfileVisibility, UserRole

E164 = r"^\+[1-9]\d{6,14}$"
HHMM = r"^([01]\d|2[0-3]):[0-5]\d$"


# --- preferences -------------------------------------------------------------------------
# Stored as JSON on the profile. A PATCH is deep-merged into the stored value and the result
# is validated against these (closed, strict) models, so a typo in a key is an error.


class NotificationTypeToggles(RequestModel):
    message: bool = True
    mention: bool = True
    reply: bool = True
    join_request: bool = True
    member_joined: bool = True
    travel_update: bool = True
    ban: bool = True
    report: bool = True
    announcement: bool = True
    reminder: bool = True
    digest: bool = True
    account: bool = True
    system: bool = True


class QuietHours(RequestModel):
    """Push and SMS are held back in this window (user's timezone); in-app still arrives."""

    enabled: bool = False
    start: str = Field(default="22:00", pattern=HHMM, description="HH:mm (24h)")
    end: str = Field(default="07:00", pattern=HHMM, description="HH:mm (24h)")


class NotificationPreferences(RequestModel):
    push: bool = True
    email: bool = True
    sms: bool = False
    in_app: bool = True
    types: NotificationTypeToggles = Field(default_factory=NotificationTypeToggles)
    quiet_hours: QuietHours = Field(default_factory=QuietHours)


class PrivacyPreferences(RequestModel):
    profile_visibility: ProfileVisibility = ProfileVisibility.PUBLIC
    last_seen_visibility: bool = True


class Preferences(RequestModel):
    notifications: NotificationPreferences = Field(default_factory=NotificationPreferences)
    privacy: PrivacyPreferences = Field(default_factory=PrivacyPreferences)


# --- requests ----------------------------------------------------------------------------


class UpdateMe(RequestModel):
    timezone: TimezoneName | None = None
    locale: str | None = Field(default=None, min_length=2, max_length=16, pattern=r"^[a-zA-Z-]+$")


class UpdateProfile(RequestModel):
    nickname: str | None = Field(default=None, min_length=2, max_length=40)
    name: str | None = Field(default=None, min_length=1, max_length=100)
    gender: Gender | None = None
    birth_date: date | None = None
    occupation: str | None = Field(default=None, max_length=100)
    bio: str | None = Field(default=None, max_length=500)
    avatar_url: str | None = Field(default=None, max_length=2048, pattern=r"^https?://\S+$")
    phone_number: str | None = Field(
        default=None, pattern=E164, description="E.164, such as +821012345678"
    )
    # Partial preferences, deep-merged (see Preferences).
    preferences: dict | None = None

    @field_validator("birth_date")
    @classmethod
    def _plausible_birth_date(cls, value: date | None) -> date | None:
        if value is not None and not (date(1900, 1, 1) <= value <= date.today()):
            raise ValueError("must be between 1900-01-01 and today")
        return value


class ChangeRole(RequestModel):
    role: UserRole


class BanUser(BanRequest):
    """A platform ban: ``{reason, durationSeconds}`` or ``{reason, duration, banType}``."""


# --- responses ---------------------------------------------------------------------------


class ProfileOut(ResponseModel):
    nickname: str | None
    name: str | None
    gender: Gender | None
    birth_date: date | None
    age: int | None
    occupation: str | None
    bio: str | None
    avatar_url: str | None
    phone_number: str | None
    profile_completion: int
    preferences: Preferences


class UserOut(ResponseModel):
    id: int
    email: str | None
    role: UserRole
    timezone: str
    locale: str
    is_banned: bool
    last_login_at: datetime | None
    created_at: datetime


class MeOut(UserOut):
    profile: ProfileOut


class PublicProfileOut(ResponseModel):
    """What anyone may see of another user; fields the owner hides are null."""

    id: int
    nickname: str | None
    avatar_url: str | None
    bio: str | None = None
    occupation: str | None = None
    gender: Gender | None = None
    age: int | None = None


class AdminUserOut(UserOut):
    banned_until: datetime | None
    ban_reason: str | None


class PenaltiesOut(ResponseModel):
    """Rate-limit penalties running for a user: limit name -> seconds left."""

    user_id: int
    penalties: dict[str, int]
    lifted: list[str] = []
