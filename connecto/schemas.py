"""Base pydantic models: camelCase on the wire, strict and closed requests."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel


class RequestModel(BaseModel):
    """A request body or event payload: unknown fields and wrong types are errors."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="forbid",
        strict=True,
        str_strip_whitespace=True,
    )


class QueryModel(BaseModel):
    """Query-string parameters arrive as text, so these are parsed leniently ("20" -> 20).
    A model with an ``include`` parameter names what may be included in ``allowed_includes``;
    anything else is UNKNOWN_FILTER, like an unknown parameter."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")
    allowed_includes: ClassVar[tuple[str, ...]] = ()

    def includes(self) -> set[str]:
        return comma_set(getattr(self, "include", None))


def comma_set(value: str | None) -> set[str]:
    return {part.strip() for part in (value or "").split(",") if part.strip()}


class ResponseModel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, from_attributes=True)


class UpperEnum(StrEnum):
    """An enum whose wire values are upper case; input is accepted in any case."""

    @classmethod
    def _missing_(cls, value: object):
        if isinstance(value, str):
            for member in cls:
                if member.value == value.upper():
                    return member
        return None


class LowerEnum(StrEnum):
    """An enum whose wire values are lower case (the spec's TypeScript enum values)."""

    @classmethod
    def _missing_(cls, value: object):
        if isinstance(value, str):
            for member in cls:
                if member.value == value.lower():
                    return member
        return None
