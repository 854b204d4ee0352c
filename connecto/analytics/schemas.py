from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import Field

from connecto.schemas import QueryModel, ResponseModel


class RangeQuery(QueryModel):
    """Days (UTC), both included. Defaults: the 30 days ending today."""

    from_: date | None = Field(default=None, alias="from")
    to: date | None = None


class AcceptedEvents(ResponseModel):
    accepted: int


class DailyNumbers(ResponseModel):
    """One day's numbers; breakdowns (by type, channel, hour, device) are objects."""

    model_config = {"extra": "allow"}
    day: date


class TravelMessages(ResponseModel):
    travel_id: int
    messages_sent: int


class AnalyticsSummary(ResponseModel):
    from_: date = Field(alias="from")
    to: date
    days: list[DailyNumbers]
    totals: dict[str, Any]
    top_travels: list[TravelMessages] = []


class TravelAnalytics(ResponseModel):
    travel_id: int
    from_: date = Field(alias="from")
    to: date
    days: list[DailyNumbers]
    totals: dict[str, Any]
