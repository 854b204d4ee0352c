"""The daily aggregation (spec 10.1 ``analytics_aggregation``): one day of raw events in, the
day's numbers out, for the platform and for each travel, written to ``analytics_daily``.

Days are UTC days, and so are the hours of ``reads_by_hour``. Active users are users with any
event (server or client) that day (DAU), in the 7 days (WAU) or 30 days (MAU) ending that day.
Read latency is how long read messages had waited for their reader, averaged over messages. A
channel's open rate is the notifications opened that day over those delivered that day,
counted once per notification.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from connecto.analytics import queries

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = [
    "name",
    "user_id",
    "travel_id",
    "planet_id",
    "platform",
    "device_type",
    "occurred_at",
    "message_type",
    "channel",
    "notification_id",
    "read_count",
    "read_platform",
    "time_to_read_ms",
    "duration_seconds",
]

# metric -> the event it counts (messages and reads have their own breakdowns below)
COUNTS = {
    "new_users": "user.signup",
    "returning_sign_ins": "user.login",
    "logouts": "user.logout",
    "token_refreshes": "token.refresh",
    "travels_created": "travel.created",
    "travel_joins": "travel.joined",
    "travel_leaves": "travel.left",
    "travels_completed": "travel.completed",
    "planet_joins": "planet.joined",
    "messages_edited": "message.edited",
    "messages_deleted": "message.deleted",
    "reactions": "message.reacted",
    "searches": "message.searched",
    "typing_sessions": "typing.started",
    "sessions": "session.ended",
    "app_opens": "app.opened",
    "planet_views": "planet.viewed",
}

Row = tuple[int | None, str, str, float]  # travel id, metric, dimension, value


def frame(records: list[dict]) -> pd.DataFrame:
    import pandas as pd  # only the job needs it: web processes start without loading pandas

    df = pd.DataFrame.from_records(records, columns=COLUMNS)
    df["occurred_at"] = pd.to_datetime(df["occurred_at"], utc=True)
    for column in ("read_count", "time_to_read_ms", "duration_seconds"):
        df[column] = pd.to_numeric(df[column])
    return df


def _reading(rows: list[Row], reads: pd.DataFrame, travel: int | None) -> None:
    """Messages read, their average wait, and when (UTC hour) they were read."""
    counts = reads["read_count"].fillna(0)
    rows.append((travel, "messages_read", "", float(counts.sum())))
    timed = reads.dropna(subset=["time_to_read_ms"])
    if not timed.empty and timed["read_count"].sum() > 0:
        weighted = (timed["time_to_read_ms"] * timed["read_count"]).sum() / timed[
            "read_count"
        ].sum()
        rows.append((travel, "read_latency_avg_seconds", "", round(float(weighted) / 1000, 3)))
    by_hour = counts.groupby(reads["occurred_at"].dt.hour).sum()
    rows += [(travel, "reads_by_hour", f"{int(h):02d}", float(n)) for h, n in by_hour.items()]


def _messages(rows: list[Row], sent: pd.DataFrame, travel: int | None) -> None:
    rows.append((travel, "messages_sent", "", float(len(sent))))
    by_type = sent.groupby(sent["message_type"].fillna("unknown")).size()
    rows += [(travel, "messages_sent_by_type", str(t), float(n)) for t, n in by_type.items()]


def compute(day: date, events: pd.DataFrame, activity: pd.DataFrame) -> list[Row]:
    """The day's rows from its events and the (user, day) pairs of the 30 days ending it."""
    rows: list[Row] = []
    active = activity["user_id"]
    rows.append((None, "dau", "", float(active[activity["day"] == day].nunique())))
    rows.append(
        (None, "wau", "", float(active[activity["day"] > day - timedelta(days=7)].nunique()))
    )
    rows.append((None, "mau", "", float(active.nunique())))
    rows.append((None, "events", "", float(len(events))))

    names = events["name"]
    for metric, name in COUNTS.items():
        rows.append((None, metric, "", float((names == name).sum())))
    rows.append((None, "sign_ins", "", float(names.isin(["user.signup", "user.login"]).sum())))

    sent = events[names == "message.sent"]
    _messages(rows, sent, None)
    active_travels = sent["travel_id"].nunique()
    rows.append((None, "active_travels", "", float(active_travels)))
    if active_travels:
        rows.append((None, "messages_per_active_travel", "", round(len(sent) / active_travels, 3)))

    reads = events[names == "message.read"]
    _reading(rows, reads, None)
    read_counts = reads["read_count"].fillna(0)
    by_device = read_counts.groupby(reads["device_type"].fillna("unknown")).sum()
    rows += [(None, "reads_by_device", str(d), float(n)) for d, n in by_device.items()]
    # The platform the client named with the read (spec 5.1 deviceType), else its session's.
    platform = reads["read_platform"].fillna(reads["platform"]).fillna("unknown")
    by_platform = read_counts.groupby(platform).sum()
    rows += [(None, "reads_by_platform", str(p), float(n)) for p, n in by_platform.items()]

    delivered = events[names == "notification.sent"].groupby("channel")["notification_id"].nunique()
    opened = events[names == "notification.opened"].groupby("channel")["notification_id"].nunique()
    rows += [(None, "notifications_sent", str(c), float(n)) for c, n in delivered.items()]
    rows += [(None, "notifications_opened", str(c), float(n)) for c, n in opened.items()]
    for channel, count in delivered.items():
        if count:
            rate = opened.get(channel, 0) / count
            rows.append((None, "notification_open_rate", str(channel), round(float(rate), 4)))

    sessions = events[names == "session.ended"]["duration_seconds"].dropna()
    if not sessions.empty:
        rows.append((None, "session_length_avg_seconds", "", round(float(sessions.mean()), 3)))

    in_travels = events.dropna(subset=["travel_id"])
    for travel_id, group in in_travels.groupby("travel_id"):
        travel = int(travel_id)
        rows.append((travel, "active_members", "", float(group["user_id"].nunique())))
        _messages(rows, group[group["name"] == "message.sent"], travel)
        _reading(rows, group[group["name"] == "message.read"], travel)
        rows.append((travel, "joins", "", float((group["name"] == "travel.joined").sum())))
        rows.append((travel, "leaves", "", float((group["name"] == "travel.left").sum())))
    return rows


async def aggregate_day(day: date) -> list[Row]:
    """Compute one day and store it (replacing an earlier run of the same day)."""
    next_day = day + timedelta(days=1)
    import pandas as pd

    events = frame(await queries.day_events(day, next_day))
    activity = pd.DataFrame.from_records(
        await queries.active_user_days(day - timedelta(days=29), next_day),
        columns=["user_id", "day"],
    )
    rows = compute(day, events, activity)
    await queries.replace_daily(day, rows)
    return rows
