"""Analytics: events clients send, the daily reports, and the jobs behind them."""

from __future__ import annotations

from datetime import date, timedelta

from pydantic.alias_generators import to_camel
from tortoise.functions import Sum

from connecto import ratelimit
from connecto.analytics import aggregation, queries
from connecto.analytics.catalog import ClientEventBatch, NotificationOpenedEvent, PlanetViewedEvent
from connecto.analytics.models import AnalyticsDaily
from connecto.analytics.recorder import recorder
from connecto.analytics.schemas import (
    AcceptedEvents,
    AnalyticsSummary,
    RangeQuery,
    TravelAnalytics,
)
from connecto.auth.context import Actor
from connecto.container import container
from connecto.errors import ConnectoError
from connecto.notifications import service as notifications
from connecto.permissions import Action
from connecto.planets import service as planets
from connecto.timeutil import utcnow
from connecto.travels import service as travels
from connecto.users.service import ensure_admin

# How far a client's clock may place an event: up to a week back (an app offline for a while
# sends its backlog), a few minutes ahead (clock skew; such events are dated now).
CLIENT_PAST = timedelta(days=7)
CLIENT_FUTURE = timedelta(minutes=5)
MAX_RANGE_DAYS = 366
TOP_TRAVELS = 10


def _field_error(field: str, message: str, kind: str = "value_error") -> dict:
    return {"field": field, "message": message, "type": kind}


async def record_client_events(actor: Actor, batch: ClientEventBatch) -> AcceptedEvents:
    """Validate a client's batch against what this user may talk about, then buffer it. The
    whole batch is refused when one event is wrong, naming it."""
    await ratelimit.hit("analytics_events", actor.user_id)
    now = utcnow()
    errors = []
    for index, event in enumerate(batch.events):
        at = event.occurred_at
        if at is not None and (
            at.tzinfo is None or not now - CLIENT_PAST <= at <= now + CLIENT_FUTURE
        ):
            errors.append(
                _field_error(
                    f"events.{index}.occurredAt",
                    "must carry a timezone and lie within the last 7 days",
                )
            )
    planet_ids = {e.properties.planet_id for e in batch.events if isinstance(e, PlanetViewedEvent)}
    mine = set(await planets.planet_ids_of(actor.user_id)) if planet_ids else set()
    notification_ids = [
        e.properties.notification_id for e in batch.events if isinstance(e, NotificationOpenedEvent)
    ]
    channels = await notifications.channels_of(actor.user_id, notification_ids)
    for index, event in enumerate(batch.events):
        where = f"events.{index}.properties"
        if isinstance(event, PlanetViewedEvent) and event.properties.planet_id not in mine:
            errors.append(_field_error(f"{where}.planetId", "not a planet you are a member of"))
        if isinstance(event, NotificationOpenedEvent):
            found = channels.get(event.properties.notification_id)
            if found is None:
                errors.append(_field_error(f"{where}.notificationId", "no such notification"))
            elif found[0] == "in_app":
                errors.append(
                    _field_error(
                        f"{where}.notificationId",
                        "in-app notifications are opened by marking them read",
                    )
                )
    if errors:
        raise ConnectoError("VALIDATION_ERROR", details={"fields": errors})
    for event in batch.events:
        properties = event.properties.model_dump(mode="json", by_alias=True, exclude_none=True)
        planet_id = properties.pop("planetId", None)
        if isinstance(event, NotificationOpenedEvent):
            properties["channel"], properties["type"] = channels[event.properties.notification_id]
        recorder.record(
            event.name,
            user_id=actor.user_id,
            planet_id=planet_id,
            properties=properties,
            session_id=str(actor.session_id),
            occurred_at=min(event.occurred_at, now) if event.occurred_at else now,
            source="client",
        )
    return AcceptedEvents(accepted=len(batch.events))


# --- reports ---------------------------------------------------------------------------------


def _range(query: RangeQuery) -> tuple[date, date]:
    last = query.to or utcnow().date()
    first = query.from_ or last - timedelta(days=29)
    if first > last:
        raise ConnectoError(
            "VALIDATION_ERROR", details={"fields": [_field_error("from", "must not be after to")]}
        )
    if (last - first).days + 1 > MAX_RANGE_DAYS:
        raise ConnectoError(
            "VALIDATION_ERROR",
            details={"fields": [_field_error("from", f"at most {MAX_RANGE_DAYS} days at once")]},
        )
    return first, last


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _days(rows: list[AnalyticsDaily]) -> list[dict]:
    """Rows (day, metric, dimension, value) as one object per day: ``{"day", "dau": 3,
    "messagesSentByType": {"text": 2}, ...}``."""
    days: dict[date, dict] = {}
    for row in rows:
        entry = days.setdefault(row.day, {"day": row.day})
        key = to_camel(row.metric)
        if row.dimension:
            entry.setdefault(key, {})[row.dimension] = _number(row.value)
        else:
            entry[key] = _number(row.value)
    return [days[day] for day in sorted(days)]


def _totals(days: list[dict]) -> dict:
    """Sums over the range of the daily counts; peaks and means of the daily active users."""
    totals: dict = {}
    for entry in days:
        for key, value in entry.items():
            if key in SUMMED and isinstance(value, int | float):
                totals[key] = _number(totals.get(key, 0) + value)
    dau = [entry["dau"] for entry in days if "dau" in entry]
    if dau:
        totals["peakDau"] = max(dau)
        totals["averageDau"] = round(sum(dau) / len(dau), 2)
    return totals


SUMMED = {
    to_camel(name)
    for name in (
        *aggregation.COUNTS,
        "sign_ins",
        "messages_sent",
        "messages_read",
        "joins",
        "leaves",
    )
}


async def _daily_rows(first: date, last: date, travel_id: int | None) -> list[AnalyticsDaily]:
    query = AnalyticsDaily.filter(day__gte=first, day__lte=last)
    if travel_id is None:
        query = query.filter(travel_id__isnull=True)
    else:
        query = query.filter(travel_id=travel_id)
    return await query.order_by("day", "metric", "dimension")


async def platform_summary(actor: Actor, query: RangeQuery) -> AnalyticsSummary:
    ensure_admin(actor)
    first, last = _range(query)
    days = _days(await _daily_rows(first, last, None))
    busiest = (
        await AnalyticsDaily.filter(
            day__gte=first,
            day__lte=last,
            travel_id__isnull=False,
            metric="messages_sent",
            dimension="",
        )
        .group_by("travel_id")
        .annotate(total=Sum("value"))
        .order_by("-total", "travel_id")
        .limit(TOP_TRAVELS)
        .values("travel_id", "total")
    )
    return AnalyticsSummary(
        from_=first,
        to=last,
        days=days,
        totals=_totals(days),
        top_travels=[
            {"travel_id": row["travel_id"], "messages_sent": int(row["total"])} for row in busiest
        ],
    )


async def travel_summary(actor: Actor, travel_id: int, query: RangeQuery) -> TravelAnalytics:
    access = await travels.load_travel(actor, travel_id)
    travels.require_member(access, Action.TRAVEL_ANALYTICS)
    first, last = _range(query)
    days = _days(await _daily_rows(first, last, travel_id))
    return TravelAnalytics(
        travel_id=travel_id, from_=first, to=last, days=days, totals=_totals(days)
    )


# --- jobs ------------------------------------------------------------------------------------


async def run_daily(days: list[date] | None = None) -> dict:
    """Aggregate yesterday (now complete) and today so far (replaced by later runs)."""
    await recorder.flush()  # what this process still holds counts too
    today = utcnow().date()
    result = {}
    for day in days or [today - timedelta(days=1), today]:
        result[day.isoformat()] = len(await aggregation.aggregate_day(day))
    return {"rows": result}


def _months_back(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)


async def maintain_partitions() -> dict:
    """This and next month's partitions exist before events need them; partitions past the
    retention period (CONNECTO_ANALYTICS_RETENTION_MONTHS, this month included) are dropped."""
    this_month = queries.month_start(utcnow())
    for month in (this_month, queries.next_month(this_month)):
        await queries.ensure_partition(month)
    oldest_kept = _months_back(this_month, container().settings.analytics_retention_months - 1)
    dropped = sorted(
        name for name, month in (await queries.partitions()).items() if month < oldest_kept
    )
    for name in dropped:
        await queries.drop_partition(name)
    recorder.forget_partitions()
    return {"dropped": dropped, "oldestKept": oldest_kept.isoformat()}
