"""Time-restriction rules (planets/schedule.py), evaluated at fixed instants."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from connecto.planets.schedule import TimeRestriction, evaluate


def rule(**fields) -> TimeRestriction:
    return TimeRestriction.model_validate_json(__import__("json").dumps(fields))


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def test_none_is_always_open():
    window = evaluate(rule(type="none"), at("2026-05-05T03:00:00+00:00"))
    assert window.open and window.opens_at is None and window.closes_at is None


DAILY = rule(type="daily", startTime="09:00", endTime="18:00", timezone="Asia/Seoul")


@pytest.mark.parametrize(
    ("instant", "is_open", "edge"),
    [
        ("2026-05-05T08:59:00+09:00", False, "2026-05-05T09:00:00+09:00"),
        ("2026-05-05T09:00:00+09:00", True, "2026-05-05T18:00:00+09:00"),  # opening minute is in
        ("2026-05-05T17:59:59+09:00", True, "2026-05-05T18:00:00+09:00"),
        ("2026-05-05T18:00:00+09:00", False, "2026-05-06T09:00:00+09:00"),  # end is out
        ("2026-05-05T23:30:00+09:00", False, "2026-05-06T09:00:00+09:00"),
    ],
)
def test_daily_window(instant, is_open, edge):
    window = evaluate(DAILY, at(instant))
    assert window.open is is_open
    assert (window.closes_at if is_open else window.opens_at) == at(edge)


NIGHT = rule(type="daily", startTime="22:00", endTime="02:00", timezone="Europe/Paris")


@pytest.mark.parametrize(
    ("instant", "is_open", "edge"),
    [
        ("2026-06-10T21:59:00+02:00", False, "2026-06-10T22:00:00+02:00"),
        ("2026-06-10T23:00:00+02:00", True, "2026-06-11T02:00:00+02:00"),
        ("2026-06-11T01:30:00+02:00", True, "2026-06-11T02:00:00+02:00"),  # after midnight
        ("2026-06-11T02:00:00+02:00", False, "2026-06-11T22:00:00+02:00"),
        ("2026-06-11T12:00:00+02:00", False, "2026-06-11T22:00:00+02:00"),
    ],
)
def test_window_crossing_midnight(instant, is_open, edge):
    window = evaluate(NIGHT, at(instant))
    assert window.open is is_open
    assert (window.closes_at if is_open else window.opens_at) == at(edge)


# Mon, Wed, Fri 20:00-01:00 (crossing midnight), New York. 2026-06-12 is a Friday.
WEEKLY = rule(
    type="weekly",
    daysOfWeek=[1, 3, 5],
    startTime="20:00",
    endTime="01:00",
    timezone="America/New_York",
)


@pytest.mark.parametrize(
    ("instant", "is_open", "edge"),
    [
        ("2026-06-12T20:30:00-04:00", True, "2026-06-13T01:00:00-04:00"),  # Friday evening
        (
            "2026-06-13T00:30:00-04:00",
            True,
            "2026-06-13T01:00:00-04:00",
        ),  # Saturday 00:30 is Friday's
        (
            "2026-06-13T20:30:00-04:00",
            False,
            "2026-06-15T20:00:00-04:00",
        ),  # Saturday: next is Monday
        (
            "2026-06-14T00:30:00-04:00",
            False,
            "2026-06-15T20:00:00-04:00",
        ),  # Sunday 00:30 (Sat had none)
        ("2026-06-10T19:00:00-04:00", False, "2026-06-10T20:00:00-04:00"),  # Wednesday, early
    ],
)
def test_weekly_days(instant, is_open, edge):
    window = evaluate(WEEKLY, at(instant))
    assert window.open is is_open
    assert (window.closes_at if is_open else window.opens_at) == at(edge)


def test_daily_window_across_a_dst_change():
    """New York springs forward on 2026-03-08 (UTC-5 -> UTC-4): the window stays 09:00-17:00
    local, so it moves by an hour in UTC."""
    ny = rule(type="daily", startTime="09:00", endTime="17:00", timezone="America/New_York")
    before = evaluate(ny, at("2026-03-07T13:30:00+00:00"))  # 08:30 EST: closed
    assert not before.open and before.opens_at == at("2026-03-07T14:00:00+00:00")
    after = evaluate(ny, at("2026-03-08T13:30:00+00:00"))  # 09:30 EDT: open
    assert after.open and after.closes_at == at("2026-03-08T21:00:00+00:00")
    # Closed on the Saturday evening, the next opening is on the new offset.
    evening = evaluate(ny, at("2026-03-07T23:00:00+00:00"))
    assert evening.opens_at == at("2026-03-08T13:00:00+00:00")


def test_window_starting_in_the_skipped_hour():
    """02:30 does not exist in Berlin on 2026-03-29; the window starts after the gap."""
    berlin = rule(type="daily", startTime="02:30", endTime="04:00", timezone="Europe/Berlin")
    window = evaluate(berlin, at("2026-03-29T00:00:00+00:00"))  # 01:00 CET
    assert not window.open
    assert window.opens_at == at("2026-03-29T03:30:00+02:00")
    inside = evaluate(berlin, at("2026-03-29T01:45:00+00:00"))  # 03:45 CEST
    assert inside.open


def test_fall_back_day_keeps_local_times():
    paris = rule(type="daily", startTime="09:00", endTime="10:00", timezone="Europe/Paris")
    window = evaluate(paris, at("2026-10-25T07:30:00+00:00"))  # 08:30 CET (after fall back)
    assert window.opens_at == at("2026-10-25T09:00:00+01:00")


CUSTOM = rule(
    type="custom",
    timezone="Asia/Tokyo",
    customSchedule=[
        {"startDate": "2026-07-01T09:00:00+09:00", "endDate": "2026-07-01T12:00:00+09:00"},
        {
            "startDate": "2026-07-03T18:00:00+09:00",
            "endDate": "2026-07-03T20:00:00+09:00",
            "recurring": True,
        },
    ],
)


@pytest.mark.parametrize(
    ("instant", "is_open", "edge"),
    [
        ("2026-06-30T10:00:00+09:00", False, "2026-07-01T09:00:00+09:00"),
        ("2026-07-01T10:00:00+09:00", True, "2026-07-01T12:00:00+09:00"),
        ("2026-07-02T10:00:00+09:00", False, "2026-07-03T18:00:00+09:00"),
        ("2026-07-10T19:00:00+09:00", True, "2026-07-10T20:00:00+09:00"),  # recurring, a week on
        ("2026-08-01T12:00:00+09:00", False, "2026-08-07T18:00:00+09:00"),  # next Friday
    ],
)
def test_custom_schedule(instant, is_open, edge):
    window = evaluate(CUSTOM, at(instant))
    assert window.open is is_open
    assert (window.closes_at if is_open else window.opens_at) == at(edge)


def test_custom_schedule_that_is_over_never_opens():
    over = rule(
        type="custom",
        customSchedule=[{"startDate": "2026-01-01T00:00:00Z", "endDate": "2026-01-02T00:00:00Z"}],
    )
    window = evaluate(over, at("2026-02-01T00:00:00+00:00"))
    assert not window.open and window.opens_at is None


@pytest.mark.parametrize(
    "fields",
    [
        {"type": "daily", "startTime": "09:00"},
        {"type": "daily", "startTime": "9:00", "endTime": "18:00"},
        {"type": "daily", "startTime": "24:00", "endTime": "18:00"},
        {"type": "daily", "startTime": "09:00", "endTime": "09:00"},
        {"type": "weekly", "startTime": "09:00", "endTime": "18:00"},
        {"type": "weekly", "startTime": "09:00", "endTime": "18:00", "daysOfWeek": [7]},
        {"type": "custom"},
        {
            "type": "custom",
            "customSchedule": [
                {"startDate": "2026-01-02T00:00:00Z", "endDate": "2026-01-01T00:00:00Z"}
            ],
        },
        {
            "type": "custom",
            "customSchedule": [
                {"startDate": "2026-01-01T00:00:00", "endDate": "2026-01-02T00:00:00"}
            ],
        },
        {
            "type": "custom",
            "customSchedule": [
                {
                    "startDate": "2026-01-01T00:00:00Z",
                    "endDate": "2026-01-20T00:00:00Z",
                    "recurring": True,
                }
            ],
        },
        {"type": "daily", "startTime": "09:00", "endTime": "18:00", "timezone": "Nowhere/Land"},
        {"type": "hourly"},
    ],
)
def test_invalid_restrictions(fields):
    with pytest.raises(ValidationError):
        rule(**fields)
