"""Time helpers: one notion of "now" (UTC, aware) and timezone validation."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import lru_cache
from zoneinfo import available_timezones


def utcnow() -> datetime:
    return datetime.now(UTC)


@lru_cache(maxsize=1)
def timezone_names() -> tuple[str, ...]:
    """The IANA timezone names this server knows (tzdata), sorted: the accepted values."""
    return tuple(sorted(available_timezones()))


def is_valid_timezone(name: str) -> bool:
    return name in _timezone_set()


@lru_cache(maxsize=1)
def _timezone_set() -> frozenset[str]:
    return frozenset(timezone_names())


def age_on(birth_date: date | None, today: date) -> int | None:
    if birth_date is None:
        return None
    before_birthday = (today.month, today.day) < (birth_date.month, birth_date.day)
    return today.year - birth_date.year - int(before_birthday)


def iso(value: datetime | None) -> str | None:
    """A timestamp as the API writes it everywhere (as pydantic does): ISO 8601, UTC as ``Z``."""
    if value is None:
        return None
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text
