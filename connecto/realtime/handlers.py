"""WebSocket events of the gateway itself: rooms, presence, typing."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from connecto import ratelimit
from connecto.errors import ConnectoError
from connecto.planets import service as planets
from connecto.realtime import presence, typing
from connecto.realtime.hub import hub
from connecto.realtime.registry import ConnectionContext, ws_event
from connecto.realtime.rooms import authorize, planet_of, planet_room
from connecto.schemas import RequestModel
from connecto.travels import service as travels

RoomKind = Literal["general", "active", "typing", "presence"]


class RoomRef(RequestModel):
    """Either ``{"room": "planet:7:active"}`` or ``{"planetId": 7, "kind": "active"}``."""

    room: str | None = Field(default=None, min_length=1, max_length=100)
    planet_id: int | None = Field(default=None, gt=0)
    kind: RoomKind = "general"

    @model_validator(mode="after")
    def _one(self) -> RoomRef:
        if (self.room is None) == (self.planet_id is None):
            raise ValueError("give room or planetId")
        return self

    def name(self) -> str:
        return self.room or planet_room(self.planet_id, self.kind)


class PlanetRef(RequestModel):
    planet_id: int = Field(gt=0)


class TypingStart(PlanetRef):
    message_length: int | None = Field(default=None, ge=0, le=100_000)
    language: str | None = Field(default=None, min_length=2, max_length=16, pattern=r"^[A-Za-z-]+$")


class TypingUpdate(PlanetRef):
    progress: int = Field(ge=0, le=100)


class PresenceQuery(RequestModel):
    user_ids: list[int] = Field(min_length=1, max_length=100)


@ws_event("room:join", RoomRef)
async def room_join(ctx: ConnectionContext, data: RoomRef) -> dict:
    room = data.name()
    await authorize(ctx.actor, room)
    await ratelimit.hit("room_join", ctx.actor.user_id)
    joined = hub.join(ctx.connection, room)
    try:
        # Again, now that the socket is in: a membership ending meanwhile found it outside.
        await authorize(ctx.actor, room)
    except ConnectoError:
        hub.leave(ctx.connection, room)
        raise
    parsed = planet_of(room)
    if joined and parsed and parsed[1] == "active":
        await presence.announce_viewing(ctx.actor.user_id, parsed[0], +1)
    return {"room": room, "joined": joined}


@ws_event("room:leave", RoomRef)
async def room_leave(ctx: ConnectionContext, data: RoomRef) -> dict:
    room = data.name()
    if room == f"user:{ctx.actor.user_id}":
        raise ConnectoError("CONFLICT", "The user room carries your own events; it cannot be left")
    left = hub.leave(ctx.connection, room)
    parsed = planet_of(room)
    if left and parsed and parsed[1] == "active":
        await presence.announce_viewing(ctx.actor.user_id, parsed[0], -1)
    return {"room": room, "left": left}


@ws_event("room:get_info", PlanetRef)
async def room_get_info(ctx: ConnectionContext, data: PlanetRef) -> dict:
    """A planet as seen from the socket: members online, who is viewing, who is typing."""
    access = await planets.load_planet(ctx.actor, data.planet_id)
    if access.membership is None:
        raise ConnectoError("NOT_PLANET_MEMBER")
    member_ids = await planets.member_user_ids(data.planet_id)
    online = await presence.online_user_ids(member_ids)
    prefix = f"planet:{data.planet_id}:"
    return {
        "planetId": data.planet_id,
        "name": access.planet.name,
        "type": access.planet.type.value,
        "memberCount": len(member_ids),
        "onlineMemberIds": sorted(online),
        "viewerIds": await presence.viewers(data.planet_id),
        "typing": (await typing.status(ctx.actor, data.planet_id))["typing"],
        "myRooms": sorted(r for r in ctx.connection.rooms if r.startswith(prefix)),
    }


@ws_event("presence:get", PresenceQuery)
async def presence_get(ctx: ConnectionContext, data: PresenceQuery) -> dict:
    """Online status and last seen of people who share a travel with the caller; others are
    listed as hidden."""
    visible, hidden = [], []
    for user_id in sorted(set(data.user_ids)):
        if user_id == ctx.actor.user_id or await travels.share_a_travel(ctx.actor.user_id, user_id):
            visible.append(user_id)
        else:
            hidden.append(user_id)
    statuses = await presence.status(visible)
    return {
        "users": [await presence.payload(uid, *statuses[uid]) for uid in visible],
        "hidden": hidden,
    }


@ws_event("typing:advanced_start", TypingStart)
async def typing_start(ctx: ConnectionContext, data: TypingStart) -> dict:
    return await typing.start(ctx.actor, data.planet_id, data.message_length, data.language)


@ws_event("typing:update", TypingUpdate)
async def typing_update(ctx: ConnectionContext, data: TypingUpdate) -> dict:
    return await typing.update(ctx.actor, data.planet_id, data.progress)


@ws_event("typing:stop", PlanetRef)
async def typing_stop(ctx: ConnectionContext, data: PlanetRef) -> dict:
    return await typing.stop(ctx.actor, data.planet_id)


@ws_event("typing:get_status", PlanetRef)
async def typing_status(ctx: ConnectionContext, data: PlanetRef) -> dict:
    return await typing.status(ctx.actor, data.planet_id)


@ws_event("typing:get_analytics", PlanetRef)
async def typing_analytics(ctx: ConnectionContext, data: PlanetRef) -> dict:
    return await typing.analytics(ctx.actor, data.planet_id)
