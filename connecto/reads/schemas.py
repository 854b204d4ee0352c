"""Wire models for read receipts and unread counts."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field, field_validator

from connecto.schemas import RequestModel, ResponseModel

DEVICE_TYPES = ("iOS", "Android", "Web")


class ReadContext(RequestModel):
    session_id: str | None = Field(default=None, max_length=128)
    time_in_view: int | None = Field(default=None, ge=0, le=24 * 3600 * 1000)  # milliseconds


class ReadOptions(RequestModel):
    read_at: datetime | None = None
    device_type: Annotated[str, Field(json_schema_extra={"enum": list(DEVICE_TYPES)})] | None = (
        Field(default=None, description="iOS, Android or Web (any letter case)")
    )
    read_context: ReadContext | None = None

    @field_validator("device_type")
    @classmethod
    def _device(cls, value: str | None) -> str | None:
        if value is not None:
            match = {d.lower(): d for d in DEVICE_TYPES}.get(value.lower())
            if match is None:
                raise ValueError(f"one of {', '.join(DEVICE_TYPES)}")
            return match
        return value


class MarkMessageRead(ReadOptions):
    """WebSocket ``message:read``."""

    message_id: int = Field(gt=0)


class ReadManyBody(ReadOptions):
    """REST ``POST /planets/{id}/read``."""

    message_ids: list[Annotated[int, Field(gt=0)]] = Field(min_length=1, max_length=500)

    @field_validator("message_ids")
    @classmethod
    def _sorted(cls, value: list[int]) -> list[int]:
        return sorted(set(value))


class MarkMultipleRead(ReadManyBody):
    """WebSocket ``messages:read_multiple``."""

    planet_id: int = Field(gt=0)


class MarkAllRead(RequestModel):
    planet_id: int = Field(gt=0)


class PlanetRef(RequestModel):
    planet_id: int = Field(gt=0)


class Nothing(RequestModel):
    """An event without payload (``user:get_all_unread_counts``)."""


class ReadResult(ResponseModel):
    planet_id: int
    message_ids: list[int]  # newly read by this call
    read_at: datetime
    unread_count: int
    total_unread: int


class UnreadCount(ResponseModel):
    planet_id: int
    unread_count: int
    last_read_message_id: int | None
    last_read_at: datetime | None


class AllUnreadCounts(ResponseModel):
    planets: list[UnreadCount]
    total_unread: int


class ReaderOut(ResponseModel):
    user_id: int
    nickname: str | None
    read_at: datetime
    device_type: str | None


class ReadersOut(ResponseModel):
    message_id: int
    read_count: int
    readers: list[ReaderOut]
