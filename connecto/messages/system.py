"""SYSTEM messages: the timeline records joins, leaves, removals and bans (spec 4.1)."""

from __future__ import annotations

from connecto import events
from connecto.messages import service
from connecto.planets import service as planets
from connecto.users import service as users

TRAVEL_EVENTS = {
    "travel.member_joined": ("member_joined", "{name} joined the travel"),
    "travel.member_left": ("member_left", "{name} left the travel"),
    "travel.member_removed": ("member_removed", "{name} was removed from the travel"),
    "travel.member_banned": ("member_banned", "{name} was banned from the travel"),
    "travel.host_transferred": ("host_transferred", "{name} is now the host"),
}
PLANET_EVENTS = {
    "planet.member_joined": ("member_joined", "{name} joined"),
    "planet.member_left": ("member_left", "{name} left"),
}


async def _name(user_id: int) -> str:
    person = (await users.summaries({user_id})).get(user_id, {})
    return person.get("nickname") or f"User {user_id}"


@events.subscribe(*TRAVEL_EVENTS)
async def on_travel_event(name: str, payload: dict) -> None:
    planet_id = await planets.default_planet_id(payload["travelId"])
    if planet_id is None:
        return
    kind, text = TRAVEL_EVENTS[name]
    await service.post_system_message(
        planet_id,
        text.format(name=await _name(payload["userId"])),
        {"event": kind, "userId": payload["userId"], "byUserId": payload.get("byUserId")},
    )


@events.subscribe(*PLANET_EVENTS)
async def on_planet_event(name: str, payload: dict) -> None:
    kind, text = PLANET_EVENTS[name]
    await service.post_system_message(
        payload["planetId"],
        text.format(name=await _name(payload["userId"])),
        {"event": kind, "userId": payload["userId"]},
    )
