"""Time restrictions: when may a planet's members chat? (spec 3.2)

All windows are wall-clock times in the restriction's timezone (IANA, via zoneinfo), so
"09:00-18:00" stays 09:00-18:00 local across DST changes.

* NONE: always open.
* DAILY: open every day from ``startTime`` to ``endTime`` (HH:mm). An end at or before the
  start means the window crosses midnight (22:00-02:00).
* WEEKLY: as DAILY, on ``daysOfWeek`` only (0 = Sunday ... 6 = Saturday). A window that
  crosses midnight belongs to the day it starts on (Friday 22:00-02:00 covers Saturday 01:00).
* CUSTOM: open inside any ``customSchedule`` period [startDate, endDate). A period with
  ``recurring: true`` repeats every week at the same local weekday and time.

Windows are half-open: open at ``startTime``, closed at ``endTime``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import Field, field_validator, model_validator

from connecto.planets.enums import TimeRestrictionType
from connecto.schemas import RequestModel, TimezoneName

WEEK = timedelta(days=7)


class CustomPeriod(RequestModel):
    start_date: datetime
    end_date: datetime
    recurring: bool = False

    @model_validator(mode="after")
    def _ordered(self) -> CustomPeriod:
        if self.start_date.tzinfo is None or self.end_date.tzinfo is None:
            raise ValueError(
                "startDate and endDate need a UTC offset (e.g. 2026-07-01T09:00:00+09:00)"
            )
        if self.end_date <= self.start_date:
            raise ValueError("endDate must be after startDate")
        if self.recurring and self.end_date - self.start_date > WEEK:
            raise ValueError("a recurring period cannot be longer than a week")
        return self


class TimeRestriction(RequestModel):
    type: TimeRestrictionType = TimeRestrictionType.NONE
    start_time: str | None = Field(default=None, pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    end_time: str | None = Field(default=None, pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    days_of_week: list[Annotated[int, Field(ge=0, le=6)]] | None = Field(
        default=None, min_length=1, description="0 (Sunday) to 6 (Saturday)"
    )
    # Left out: the travel's timezone (filled in when the planet is saved).
    timezone: TimezoneName | None = None
    custom_schedule: list[CustomPeriod] | None = Field(default=None, max_length=100)

    @field_validator("days_of_week")
    @classmethod
    def _days(cls, value: list[int] | None) -> list[int] | None:
        if value is not None:
            if not value or any(not 0 <= day <= 6 for day in value):
                raise ValueError("days are 0 (Sunday) to 6 (Saturday), at least one")
            return sorted(set(value))
        return value

    @model_validator(mode="after")
    def _fields_for_type(self) -> TimeRestriction:
        kind = self.type
        if kind in (TimeRestrictionType.DAILY, TimeRestrictionType.WEEKLY):
            if self.start_time is None or self.end_time is None:
                raise ValueError(f"{kind.value} needs startTime and endTime")
            if self.start_time == self.end_time:
                raise ValueError("startTime and endTime must differ")
        if kind is TimeRestrictionType.WEEKLY and not self.days_of_week:
            raise ValueError("weekly needs daysOfWeek")
        if kind is TimeRestrictionType.CUSTOM and not self.custom_schedule:
            raise ValueError("custom needs a non-empty customSchedule")
        return self


@dataclass(frozen=True)
class ChatWindow:
    open: bool
    opens_at: datetime | None = None  # when closed: next opening (None = never again)
    closes_at: datetime | None = None  # when open: when it closes (None = no end)


def _hhmm(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def _local(day: date, at: time, zone: ZoneInfo) -> datetime:
    """A local wall-clock time as an aware UTC instant (PEP 495, fold=0): a time skipped by a
    spring-forward change moves forward by the gap (02:30 -> 03:30), a repeated one at a
    fall-back change means its first occurrence."""
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def _day_of_week(day: date) -> int:
    return (day.weekday() + 1) % 7  # Python: Monday=0; spec: Sunday=0


def _daily_windows(rule: TimeRestriction, now: datetime, days: set[int] | None):
    """Windows (start, end) in UTC starting from yesterday (a window crossing midnight may
    still be open) through the next 8 days."""
    zone = ZoneInfo(rule.timezone or "UTC")
    start_t, end_t = _hhmm(rule.start_time), _hhmm(rule.end_time)
    today = now.astimezone(zone).date()
    for offset in range(-1, 9):
        day = today + timedelta(days=offset)
        if days is not None and _day_of_week(day) not in days:
            continue
        end_day = day + timedelta(days=1) if end_t <= start_t else day
        yield _local(day, start_t, zone), _local(end_day, end_t, zone)


def _custom_windows(rule: TimeRestriction, now: datetime):
    zone = ZoneInfo(rule.timezone or "UTC")
    for period in rule.custom_schedule or ():
        start, end = period.start_date.astimezone(UTC), period.end_date.astimezone(UTC)
        if not period.recurring:
            yield start, end
            continue
        # Repeat weekly in local wall-clock time: shift by whole weeks of local dates.
        local_start = period.start_date.astimezone(zone)
        local_end = period.end_date.astimezone(zone)
        weeks_since = max(0, (now - start).days // 7 - 1)
        for extra in range(weeks_since, weeks_since + 3):
            shift = timedelta(weeks=extra)
            yield (
                _local(local_start.date() + shift, local_start.timetz().replace(tzinfo=None), zone),
                _local(local_end.date() + shift, local_end.timetz().replace(tzinfo=None), zone),
            )


def evaluate(rule: TimeRestriction, now: datetime) -> ChatWindow:
    """Is chatting allowed at ``now`` (aware), and when does that change?"""
    if rule.type is TimeRestrictionType.NONE:
        return ChatWindow(open=True)
    if rule.type is TimeRestrictionType.CUSTOM:
        windows = sorted(_custom_windows(rule, now))
    else:
        days = set(rule.days_of_week or ()) if rule.type is TimeRestrictionType.WEEKLY else None
        windows = sorted(_daily_windows(rule, now, days))
    for start, end in windows:
        if start <= now < end:
            # Adjacent or overlapping windows extend the open period.
            closes = end
            for next_start, next_end in windows:
                if next_start <= closes < next_end:
                    closes = next_end
            return ChatWindow(open=True, closes_at=closes)
    upcoming = [start for start, _ in windows if start > now]
    return ChatWindow(open=False, opens_at=min(upcoming) if upcoming else None)


def parse(stored: dict | None) -> TimeRestriction:
    return TimeRestriction.model_validate_json(json.dumps(stored or {}))


def window_fields(stored: dict | None, now: datetime) -> dict:
    """The planet columns that track the window: open now, and when that next changes."""
    window = evaluate(parse(stored), now)
    return {
        "chat_open": window.open,
        "chat_changes_at": window.closes_at if window.open else window.opens_at,
    }
