"""Base pydantic models: camelCase on the wire, strict and closed requests."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError

from connecto.timeutil import is_valid_timezone, timezone_names

# What PostgreSQL can store: a BIGINT, and text without U+0000.
INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1


def unstorable(value: Any) -> PydanticCustomError | None:
    """Why ``value`` (a string, number or free-form JSON) cannot be stored or searched: a NUL
    character or an integer beyond 64 bits anywhere inside it. None when it is fine."""
    stack = [(value, "")]
    while stack:
        item, path = stack.pop()
        if isinstance(item, str):
            problem = "string_contains_nul" if "\x00" in item else None
        elif isinstance(item, int) and not isinstance(item, bool):
            problem = None if INT64_MIN <= item <= INT64_MAX else "int_out_of_range"
        elif isinstance(item, dict):
            for key, inner in item.items():
                stack += [(key, path), (inner, f"{path}.{key}")]
            continue
        elif isinstance(item, list | tuple | set | frozenset):
            stack += [(inner, f"{path}.{i}") for i, inner in enumerate(item)]
            continue
        else:
            continue
        if problem is not None:
            where = f" (at {path.lstrip('.')})" if path else ""
            return PydanticCustomError(problem, _UNSTORABLE[problem] + "{where}", {"where": where})
    return None


_UNSTORABLE = {
    "string_contains_nul": "Text may not contain U+0000",
    "int_out_of_range": "Integers must fit in 64 bits",
}


class StorableInput(BaseModel):
    """Every value a client sends ends up in a query or a row: this rejects, for every field of
    every request model, what PostgreSQL refuses (so a 400, never a 500). Nested models check
    their own fields; free-form JSON (dicts, lists) is walked."""

    @field_validator("*", mode="after")
    @classmethod
    def _storable(cls, value: Any) -> Any:
        if not isinstance(value, BaseModel) and (problem := unstorable(value)) is not None:
            raise problem
        return value

    @model_validator(mode="after")
    def _storable_extras(self) -> Any:
        if self.__pydantic_extra__ and (problem := unstorable(self.__pydantic_extra__)):
            raise problem
        return self


def _known_timezone(value: str) -> str:
    if not is_valid_timezone(value):
        raise ValueError("unknown IANA timezone")
    return value


# An IANA timezone name ("Asia/Seoul"); the document lists every accepted one.
TimezoneName = Annotated[
    str,
    AfterValidator(_known_timezone),
    Field(json_schema_extra=lambda schema: schema.update(enum=list(timezone_names()))),
]


class RequestModel(StorableInput):
    """A request body or event payload: unknown fields and wrong types are errors."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="forbid",
        strict=True,
        str_strip_whitespace=True,
    )


class QueryModel(StorableInput):
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
    """An answer. Serialised whole (``respond``), so every field is present: the OpenAPI
    schema lists fields with defaults as required too."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        from_attributes=True,
        json_schema_serialization_defaults_required=True,
    )


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


class BanType(UpperEnum):
    PERMANENT = "PERMANENT"
    TEMPORARY = "TEMPORARY"


MAX_BAN_SECONDS = 10 * 365 * 24 * 3600
_DURATION_UNITS = {"m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


class BanRequest(RequestModel):
    """A ban (platform or travel), in either of two shapes:

    - ``{reason, durationSeconds}``: no ``durationSeconds`` is a permanent ban;
    - the spec's (7.3) ``{reason, duration, banType}``: ``banType`` PERMANENT (no duration) or
      TEMPORARY (a duration: ``"30m"``, ``"24h"``, ``"7d"``, ``"2w"``, or seconds as an
      integer). ``duration`` alone means TEMPORARY. It becomes ``durationSeconds``.
    """

    reason: str = Field(min_length=1, max_length=500)
    duration_seconds: int | None = Field(default=None, gt=0, le=MAX_BAN_SECONDS)
    duration: (
        Annotated[
            str,
            Field(
                pattern=r"^[1-9][0-9]{0,5}[mhdw]$",
                description="minutes (m), hours (h), days (d) or weeks (w): 24h, 7d",
            ),
        ]
        | Annotated[int, Field(gt=0, le=MAX_BAN_SECONDS, description="seconds")]
        | None
    ) = None
    ban_type: BanType | None = None

    @model_validator(mode="after")
    def _one_duration(self) -> BanRequest:
        if self.duration is not None and self.duration_seconds is not None:
            raise ValueError("give duration or durationSeconds, not both")
        if self.duration is not None:
            if isinstance(self.duration, int):
                seconds = self.duration
            else:
                seconds = int(self.duration[:-1]) * _DURATION_UNITS[self.duration[-1]]
            if seconds > MAX_BAN_SECONDS:
                raise ValueError("a ban lasts at most 10 years (or is PERMANENT)")
            self.duration_seconds = seconds
        if self.ban_type is BanType.PERMANENT and self.duration_seconds is not None:
            raise ValueError("a PERMANENT ban has no duration")
        if self.ban_type is BanType.TEMPORARY and self.duration_seconds is None:
            raise ValueError("a TEMPORARY ban needs a duration")
        return self
