"""SQL of the analytics tables.

``analytics_events`` is partitioned by month (PostgreSQL declarative partitioning), which
aerich cannot express, so it is created by a hand-written migration and is not a Tortoise
model: its partitions are made here on demand, named ``analytics_events_YYYY_MM``, and dropped
whole when they pass the retention period.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from tortoise import Tortoise
from tortoise.transactions import in_transaction

PARTITION_PREFIX = "analytics_events_"
_PARTITION_NAME = re.compile(r"^analytics_events_(\d{4})_(\d{2})$")
# Serialises partition DDL between processes (two creating the same month would collide).
PARTITION_LOCK_KEY = 0x416E6C79  # "Anly"
DAILY_LOCK_KEY = 0x416E6C44  # "AnlD"

INSERT_EVENTS = """
INSERT INTO analytics_events
  (occurred_at, name, source, user_id, travel_id, planet_id, session_id, platform, device_type,
   properties)
SELECT o, n, s, u, t, p, sid::uuid, pl, d, props::jsonb
FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[],
            $7::text[], $8::text[], $9::text[], $10::text[])
  AS x(o, n, s, u, t, p, sid, pl, d, props)
"""


def month_start(moment: datetime | date) -> date:
    return date(moment.year, moment.month, 1)


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def partition_name(month: date) -> str:
    return f"{PARTITION_PREFIX}{month.year:04d}_{month.month:02d}"


async def insert_events(columns: list[list]) -> None:
    await Tortoise.get_connection("default").execute_query(INSERT_EVENTS, columns)


async def ensure_partition(month: date) -> None:
    """Create the month's partition unless it exists."""
    name = partition_name(month)
    async with in_transaction() as conn:
        await conn.execute_query("SELECT pg_advisory_xact_lock($1)", [PARTITION_LOCK_KEY])
        await conn.execute_script(
            f'CREATE TABLE IF NOT EXISTS "{name}" PARTITION OF analytics_events '
            f"FOR VALUES FROM ('{month.isoformat()} 00:00+00') "
            f"TO ('{next_month(month).isoformat()} 00:00+00')"
        )


async def partitions() -> dict[str, date]:
    """Existing partitions: name -> the month it holds."""
    rows = await Tortoise.get_connection("default").execute_query_dict(
        "SELECT c.relname AS name FROM pg_inherits i "
        "JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent "
        "WHERE p.relname = 'analytics_events'"
    )
    found = {}
    for row in rows:
        match = _PARTITION_NAME.match(row["name"])
        if match:
            found[row["name"]] = date(int(match.group(1)), int(match.group(2)), 1)
    return found


async def drop_partition(name: str) -> None:
    if not _PARTITION_NAME.match(name):
        raise ValueError(f"not an analytics partition: {name}")
    async with in_transaction() as conn:
        await conn.execute_query("SELECT pg_advisory_xact_lock($1)", [PARTITION_LOCK_KEY])
        await conn.execute_script(f'DROP TABLE IF EXISTS "{name}"')


# --- reading for the daily aggregation ---------------------------------------------------------

DAY_EVENTS = """
SELECT name, user_id, travel_id, planet_id, platform, device_type, occurred_at,
       properties->>'type' AS message_type,
       properties->>'channel' AS channel,
       CASE WHEN name IN ('notification.sent', 'notification.opened')
            THEN (properties->>'notificationId')::bigint END AS notification_id,
       CASE WHEN name = 'message.read' THEN (properties->>'count')::int END AS read_count,
       CASE WHEN name = 'message.read' THEN lower(properties->>'deviceType') END AS read_platform,
       CASE WHEN name = 'message.read' THEN (properties->>'timeToReadMs')::float8 END
         AS time_to_read_ms,
       CASE WHEN name IN ('session.ended', 'typing.started')
            THEN (properties->>'durationSeconds')::float8 END AS duration_seconds
FROM analytics_events
WHERE occurred_at >= $1 AND occurred_at < $2
"""

ACTIVE_USER_DAYS = """
SELECT DISTINCT user_id, (occurred_at AT TIME ZONE 'UTC')::date AS day
FROM analytics_events
WHERE occurred_at >= $1 AND occurred_at < $2 AND user_id IS NOT NULL
"""


def _utc_midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


async def day_events(day: date, next_day: date) -> list[dict]:
    return await Tortoise.get_connection("default").execute_query_dict(
        DAY_EVENTS, [_utc_midnight(day), _utc_midnight(next_day)]
    )


async def active_user_days(first: date, end: date) -> list[dict]:
    return await Tortoise.get_connection("default").execute_query_dict(
        ACTIVE_USER_DAYS, [_utc_midnight(first), _utc_midnight(end)]
    )


async def replace_daily(day: date, rows: list[tuple]) -> None:
    """The day's aggregates, replacing any earlier run's (one transaction, one run at a time)."""
    async with in_transaction() as conn:
        await conn.execute_query("SELECT pg_advisory_xact_lock($1)", [DAILY_LOCK_KEY])
        await conn.execute_query("DELETE FROM analytics_daily WHERE day = $1", [day])
        if rows:
            await conn.execute_query(
                "INSERT INTO analytics_daily (day, travel_id, metric, dimension, value, "
                "computed_at) SELECT $1, t, m, d, v, now() "
                "FROM unnest($2::bigint[], $3::text[], $4::text[], $5::float8[]) AS x(t, m, d, v)",
                [
                    day,
                    [row[0] for row in rows],
                    [row[1] for row in rows],
                    [row[2] for row in rows],
                    [row[3] for row in rows],
                ],
            )
