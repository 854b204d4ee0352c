"""The daily activity digest (spec MEMBER_ACTIVITY_DIGEST): once a day, at the digest hour of
each user's own timezone, how many messages wait for them in each travel and how many of
those mention them, on the channels they enabled (type ``digest``). Someone with nothing
unread gets nothing.

The job runs hourly and takes the users whose local clock is at the digest hour. A digest
that goes out is claimed first (``digest:{user}:{local date}``), so an overlapping run or a
retry never sends a second one that day.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from connecto.container import container
from connecto.jobs import runs
from connecto.notifications.enums import NotificationType
from connecto.notifications.service import notify
from connecto.reads import service as reads
from connecto.timeutil import is_valid_timezone, utcnow
from connecto.travels import service as travels
from connecto.users import service as users

JOB = "member.digest"
BATCH = 500
TRAVELS_NAMED = 3


def _zones_at_hour(zones: list[str], hour: int, now: datetime) -> dict[str, str]:
    """zone -> local date, for the zones whose local time is in ``hour`` now."""
    due = {}
    for zone in zones:
        local = now.astimezone(ZoneInfo(zone if is_valid_timezone(zone) else "UTC"))
        if local.hour == hour:
            due[zone] = local.date().isoformat()
    return due


def _text(summary: list[dict], names: dict[int, str]) -> tuple[str, str]:
    unread = sum(item["unread"] for item in summary)
    mentions = sum(item["mentions"] for item in summary)
    title = f"{unread} unread message{'s' if unread != 1 else ''}"
    if mentions:
        title += f", {mentions} mention{'s' if mentions != 1 else ''}"
    parts = []
    for item in summary[:TRAVELS_NAMED]:
        part = f"{names.get(item['travelId'], 'A travel')}: {item['unread']}"
        if item["mentions"]:
            part += f" ({item['mentions']} @you)"
        parts.append(part)
    if len(summary) > TRAVELS_NAMED:
        parts.append(f"and {len(summary) - TRAVELS_NAMED} more")
    return title, " · ".join(parts)


async def send_due(now: datetime | None = None) -> dict:
    now = now or utcnow()
    hour = container().settings.digest_hour
    zones = _zones_at_hour(await users.timezones_in_use(), hour, now)
    result = {"considered": 0, "sent": 0}
    if not zones:
        return result
    after = 0
    while True:
        batch = await users.active_user_ids(after, BATCH, timezones=list(zones))
        if not batch:
            return result
        after = batch[-1]
        result["considered"] += len(batch)
        unread = await reads.unread_by_travel(batch)
        if not unread:
            continue
        zone_of = await users.timezones_of(list(unread))
        keys = {f"digest:{uid}:{zones[zone_of[uid]]}": uid for uid in unread}
        claimed = await runs.claim(JOB, list(keys))
        names = await travels.names({item["travelId"] for s in unread.values() for item in s})
        for key in sorted(claimed):
            user_id = keys[key]
            title, body = _text(unread[user_id], names)
            records = await notify(
                user_id,
                NotificationType.DIGEST,
                title,
                body,
                data={"digest": unread[user_id]},
            )
            result["sent"] += bool(records)
