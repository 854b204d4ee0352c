"""Room names (spec 8.3) and who may be in which.

user:{id}                  auto, the user's own devices
travel:{id}                auto, each travel the user is an active member of
planet:{id}:general        auto, each planet the user belongs to (messages)
planet:{id}:active         joined while viewing the planet (who is looking: user:joined/left)
planet:{id}:typing         joined to receive typing indicators
planet:{id}:presence       joined to receive who-is-viewing and presence changes
system:admin, moderation:alerts   admins only
"""

from __future__ import annotations

import re

from connecto.auth.context import Actor
from connecto.errors import ConnectoError
from connecto.planets import service as planets
from connecto.travels import service as travels

ADMIN_ROOMS = ("system:admin", "moderation:alerts")
PLANET_ROOM = re.compile(r"^planet:(\d{1,18}):(general|active|typing|presence)$")
TRAVEL_ROOM = re.compile(r"^travel:(\d{1,18})$")
USER_ROOM = re.compile(r"^user:(\d{1,18})$")


def planet_room(planet_id: int, kind: str = "general") -> str:
    return f"planet:{planet_id}:{kind}"


async def auto_rooms(actor: Actor) -> list[str]:
    travel_ids, planet_ids = await planets.membership_ids(actor.user_id)
    rooms = [f"user:{actor.user_id}"]
    rooms += [f"travel:{tid}" for tid in travel_ids]
    rooms += [planet_room(pid) for pid in planet_ids]
    if actor.is_admin:
        rooms += list(ADMIN_ROOMS)
    return rooms


async def authorize(actor: Actor, room: str) -> None:
    """Raise unless the caller may be in ``room``."""
    if room in ADMIN_ROOMS:
        if not actor.is_admin:
            raise ConnectoError("ADMIN_REQUIRED")
        return
    if match := USER_ROOM.match(room):
        if int(match.group(1)) != actor.user_id:
            raise ConnectoError("FORBIDDEN", "Only your own user room")
        return
    if match := TRAVEL_ROOM.match(room):
        access = await travels.load_travel(actor, int(match.group(1)))
        if access.membership is None:
            raise ConnectoError("NOT_TRAVEL_MEMBER")
        return
    if match := PLANET_ROOM.match(room):
        access = await planets.load_planet(actor, int(match.group(1)))
        if access.membership is None:
            raise ConnectoError("NOT_PLANET_MEMBER")
        return
    raise ConnectoError("ROOM_NOT_FOUND", details={"room": room})


def planet_of(room: str) -> tuple[int, str] | None:
    match = PLANET_ROOM.match(room)
    return (int(match.group(1)), match.group(2)) if match else None
