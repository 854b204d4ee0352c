"""Wire models of the audit log."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import Field, field_validator

from connecto.audit.enums import AuditAction, AuditTarget
from connecto.pagination import PageQuery
from connecto.schemas import ResponseModel


class TravelAuditQuery(PageQuery):
    """A travel's log (the travel is in the path), newest first. Filters: ``actorId``,
    ``action`` (repeatable), ``targetType`` and ``targetId``, ``targetUserId`` (the person
    acted on), ``from`` / ``to`` (ISO 8601 times; ``from`` included, ``to`` excluded; without
    an offset, UTC)."""

    actor_id: int | None = Field(default=None, gt=0)
    action: list[AuditAction] = Field(default_factory=list)
    target_type: AuditTarget | None = None
    target_id: int | None = Field(default=None, gt=0)
    target_user_id: int | None = Field(default=None, gt=0)
    from_: datetime | None = Field(default=None, alias="from")
    to: datetime | None = None

    @field_validator("from_", "to")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class AuditQuery(TravelAuditQuery):
    """The whole log (admins), newest first: the travel's filters and ``travelId``."""

    travel_id: int | None = Field(default=None, gt=0)


class AuditEntryOut(ResponseModel):
    id: int
    created_at: datetime
    actor_id: int | None = Field(description="None: the system (a penalty that ran out)")
    actor_role: str = Field(description="ADMIN, HOST, MODERATOR, PLANET_MODERATOR or SYSTEM")
    action: AuditAction
    target_type: AuditTarget
    target_id: int | None
    target_user_id: int | None
    travel_id: int | None
    planet_id: int | None
    details: dict[str, Any] = Field(description="The action's parameters: reason, until, role...")


class AuditPage(ResponseModel):
    items: list[AuditEntryOut]
    next_cursor: str | None
