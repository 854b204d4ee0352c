"""Chat windows opening and closing, pushed live (``planet:chat_status``), so clients enable
and disable their composer without polling ``GET /planets/{id}/chat-status``.

Each planet stores whether its window was open when last announced and when that next
changes (``schedule.window_fields``). The ``planet.chat_windows`` job, every minute, takes the
planets whose change time has come, re-evaluates them and announces real changes. The update
is a compare-and-set on the change time it read, so when two runs overlap only one announces.
"""

from __future__ import annotations

from datetime import datetime

from connecto import events
from connecto.planets import schedule
from connecto.planets.models import Planet
from connecto.timeutil import utcnow

BATCH = 1000


def status_payload(planet: Planet, now: datetime) -> dict:
    window = schedule.evaluate(schedule.parse(planet.time_restriction), now)
    return {
        "planetId": planet.id,
        "travelId": planet.travel_id,
        "open": window.open,
        "opensAt": window.opens_at.isoformat() if window.opens_at else None,
        "closesAt": window.closes_at.isoformat() if window.closes_at else None,
    }


async def apply_due(now: datetime | None = None) -> dict:
    now = now or utcnow()
    due = (
        await Planet.filter(chat_changes_at__lte=now, deleted_at__isnull=True)
        .order_by("chat_changes_at")
        .limit(BATCH)
    )
    opened = closed = 0
    for planet in due:
        fields = schedule.window_fields(planet.time_restriction, now)
        moved = await Planet.filter(id=planet.id, chat_changes_at=planet.chat_changes_at).update(
            **fields
        )
        if not moved or fields["chat_open"] == planet.chat_open:
            continue  # another run took it, or a window ended and the next began at once
        if fields["chat_open"]:
            opened += 1
        else:
            closed += 1
        await events.emit("planet.chat_status", status_payload(planet, now))
    return {"checked": len(due), "opened": opened, "closed": closed}


async def restriction_changed(planet: Planet, now: datetime | None = None) -> None:
    """After a planet's time restriction was set or changed: store the new window state, and
    announce it if chatting just became possible or impossible."""
    now = now or utcnow()
    was_open = planet.chat_open
    fields = schedule.window_fields(planet.time_restriction, now)
    await Planet.filter(id=planet.id).update(**fields)
    planet.update_from_dict(fields)
    if fields["chat_open"] != was_open:
        await events.emit("planet.chat_status", status_payload(planet, now))
