"""Travel reminders (spec TRAVEL_EXPIRY_NOTICE): members hear once that their travel has
started, and once, a day before, that it ends tomorrow.

"Once" holds across restarts, retries and overlapping runs: each reminder is a claim
(``travel:{id}:started:{startDate}``) inserted before anyone is told, and only the run that
inserted it sends. Moving a date makes a new key, so a travel extended by a week gets a new
"ends tomorrow" a day before its new end.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from connecto.jobs import runs
from connecto.notifications.enums import NotificationType
from connecto.notifications.service import notify
from connecto.timeutil import is_valid_timezone, utcnow
from connecto.travels import service as travels

JOB = "travel.reminders"
# A travel that started longer ago than this (the server was down, the feature is new) is not
# announced late.
STARTED_GRACE = timedelta(days=1)
ENDING_NOTICE = timedelta(days=1)


def _local(moment: datetime, zone: str) -> str:
    tz = ZoneInfo(zone if is_valid_timezone(zone) else "UTC")
    return moment.astimezone(tz).strftime("%a %d %b %H:%M")


async def send_due(now: datetime | None = None) -> dict:
    now = now or utcnow()
    due: dict[str, tuple[str, dict]] = {}
    for travel in await travels.starting_between(now - STARTED_GRACE, now):
        due[f"travel:{travel['id']}:started:{travel['start_date'].isoformat()}"] = (
            "started",
            travel,
        )
    for travel in await travels.ending_between(now, now + ENDING_NOTICE):
        due[f"travel:{travel['id']}:ending:{travel['end_date'].isoformat()}"] = ("ending", travel)
    claimed = await runs.claim(JOB, sorted(due))
    sent = {"started": 0, "ending": 0, "notified": 0}
    for key in sorted(claimed):
        kind, travel = due[key]
        if kind == "started":
            title = f"{travel['name']} has started"
            ends = _local(travel["end_date"], travel["timezone"])
            body = f"Have a great trip! It runs until {ends}."
        else:
            title = f"{travel['name']} ends tomorrow"
            body = f"The travel ends {_local(travel['end_date'], travel['timezone'])}."
        for user_id in await travels.member_ids(travel["id"]):
            await notify(
                user_id,
                NotificationType.REMINDER,
                title,
                body,
                data={"travelId": travel["id"], "reminder": kind},
            )
            sent["notified"] += 1
        sent[kind] += 1
    return sent
