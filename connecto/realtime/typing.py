"""Typing indicators (spec 8.1) with the spec's 5-second lifetime (12.3).

A typing session starts with ``typing:advanced_start``, may report ``typing:update``
progress, and ends with ``typing:stop``, with a message being sent by the typist, or by
itself 5 seconds after the last start/update. Indicators go to the planet's typing room and
never to the typist. Each ended session is logged for ``typing:get_analytics``.

State is ``rt:typing:{planet}:{user}`` in Redis (shared by processes) or a dict in-process.
The expiry is a timer on the process that saw the last start/update; it only ends the session
if that very version is still the current one, so it never ends a session someone refreshed
elsewhere, and never announces a timeout for a session that was stopped.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections import Counter, defaultdict, deque
from typing import Any

from connecto import events, ratelimit
from connecto.auth.context import Actor
from connecto.container import container
from connecto.errors import ConnectoError
from connecto.planets import service as planets
from connecto.realtime.bus import publish
from connecto.realtime.rooms import planet_room
from connecto.timeutil import utcnow

TYPING_SECONDS = 5.0
ANALYTICS_WINDOW_SECONDS = 3600
LOG_LENGTH = 500

_local_state: dict[str, dict] = {}
_local_log: dict[int, deque] = defaultdict(lambda: deque(maxlen=LOG_LENGTH))
_timers: dict[str, asyncio.TimerHandle] = {}

# End a session, in one round trip: delete the state (only if it is still version ARGV[1],
# when one is given) and return the deleted JSON. Once no session remains, the user also leaves
# the planet's typing set; a stale timer of a session refreshed meanwhile (another process, or
# a race) leaves both alone, so the user stays visible to typing:get_status.
# KEYS: state, the planet's typing set. ARGV: version or '', user id.
END = """
local raw = redis.call('GET', KEYS[1])
if raw and ARGV[1] ~= '' and cjson.decode(raw)['version'] ~= ARGV[1] then return nil end
if raw then redis.call('DEL', KEYS[1]) end
redis.call('SREM', KEYS[2], ARGV[2])
return raw
"""


def _key(planet_id: int, user_id: int) -> str:
    return f"rt:typing:{planet_id}:{user_id}"


async def _get(planet_id: int, user_id: int) -> dict | None:
    redis = container().redis
    if redis is None:
        state = _local_state.get(_key(planet_id, user_id))
        return state if state and state["expiresAt"] > time.time() else None
    raw = await redis.get(_key(planet_id, user_id))
    return json.loads(raw) if raw else None


async def _put(planet_id: int, user_id: int, state: dict) -> None:
    redis = container().redis
    if redis is None:
        _local_state[_key(planet_id, user_id)] = state
        return
    # The key outlives the logical expiry so the expiry timer can still see its version.
    await redis.set(_key(planet_id, user_id), json.dumps(state), ex=int(TYPING_SECONDS * 3))
    await redis.sadd(f"rt:typing:{planet_id}", user_id)
    await redis.expire(f"rt:typing:{planet_id}", 3600)


async def _end(planet_id: int, user_id: int, version: str | None) -> dict | None:
    """Remove the session (only that version, when given); returns it if it was removed."""
    key = _key(planet_id, user_id)
    redis = container().redis
    if redis is None:
        state = _local_state.get(key)
        if state is None or (version is not None and state["version"] != version):
            return None
        return _local_state.pop(key)
    raw = await redis.eval(END, 2, key, f"rt:typing:{planet_id}", version or "", user_id)
    return json.loads(raw) if raw else None


def drop_expired_local() -> int:
    """In-process mode: forget typing states whose time is up (their timers normally do)."""
    now = time.time()
    expired = [key for key, state in _local_state.items() if state["expiresAt"] <= now]
    for key in expired:
        _local_state.pop(key, None)
    return len(expired)


async def _log(planet_id: int, user_id: int, state: dict, reason: str) -> None:
    entry = {
        "userId": user_id,
        "startedAt": state["startedAt"],
        "endedAt": time.time(),
        "reason": reason,
        "language": state.get("language"),
        "progress": state.get("progress", 0),
    }
    redis = container().redis
    if redis is None:
        _local_log[planet_id].appendleft(entry)
        return
    key = f"rt:typing:log:{planet_id}"
    await redis.lpush(key, json.dumps(entry))
    await redis.ltrim(key, 0, LOG_LENGTH - 1)
    await redis.expire(key, 24 * 3600)


def _arm_timer(planet_id: int, user_id: int, version: str) -> None:
    key = _key(planet_id, user_id)
    if (old := _timers.pop(key, None)) is not None:
        old.cancel()
    loop = asyncio.get_running_loop()
    _timers[key] = loop.call_later(
        TYPING_SECONDS, lambda: loop.create_task(_expire(planet_id, user_id, version))
    )


async def _expire(planet_id: int, user_id: int, version: str) -> None:
    _timers.pop(_key(planet_id, user_id), None)
    state = await _end(planet_id, user_id, version)
    if state is not None:
        await _stopped(planet_id, user_id, state, "timeout")


async def _stopped(planet_id: int, user_id: int, state: dict, reason: str) -> None:
    await _log(planet_id, user_id, state, reason)
    await events.emit(
        "typing.ended",
        {
            "planetId": planet_id,
            "userId": user_id,
            "seconds": max(0.0, time.time() - state["startedAt"]),
            "reason": reason,
            "language": state.get("language"),
        },
    )
    await publish(
        planet_room(planet_id, "typing"),
        "typing:stopped",
        {"planetId": planet_id, "userId": user_id, "reason": reason},
        exclude_user_ids=[user_id],
    )


async def _check_may_type(actor: Actor, planet_id: int) -> None:
    access = await planets.load_planet(actor, planet_id)
    # Typing only makes sense where the member could send the message.
    planets.require_can_send(access, utcnow())
    await ratelimit.hit("typing", actor.user_id)


async def start(
    actor: Actor, planet_id: int, message_length: int | None, language: str | None
) -> dict:
    await _check_may_type(actor, planet_id)
    previous = await _get(planet_id, actor.user_id)
    now = time.time()
    state = {
        "version": uuid.uuid4().hex,
        "startedAt": previous["startedAt"] if previous else now,
        "expiresAt": now + TYPING_SECONDS,
        "progress": previous.get("progress", 0) if previous else 0,
        "messageLength": message_length,
        "language": language,
    }
    await _put(planet_id, actor.user_id, state)
    _arm_timer(planet_id, actor.user_id, state["version"])
    payload = {
        "planetId": planet_id,
        "userId": actor.user_id,
        "messageLength": message_length,
        "language": language,
        "expiresInMs": int(TYPING_SECONDS * 1000),
    }
    await publish(
        planet_room(planet_id, "typing"),
        "typing:started",
        payload,
        exclude_user_ids=[actor.user_id],
    )
    return payload


async def update(actor: Actor, planet_id: int, progress: int) -> dict:
    await _check_may_type(actor, planet_id)
    state = await _get(planet_id, actor.user_id)
    now = time.time()
    if state is None:  # the start was lost or expired: this update starts a session
        state = {"startedAt": now, "messageLength": None, "language": None}
    state.update(
        {"version": uuid.uuid4().hex, "expiresAt": now + TYPING_SECONDS, "progress": progress}
    )
    await _put(planet_id, actor.user_id, state)
    _arm_timer(planet_id, actor.user_id, state["version"])
    payload = {
        "planetId": planet_id,
        "userId": actor.user_id,
        "progress": progress,
        "expiresInMs": int(TYPING_SECONDS * 1000),
    }
    await publish(
        planet_room(planet_id, "typing"),
        "typing:updated",
        payload,
        exclude_user_ids=[actor.user_id],
    )
    return payload


async def stop(actor: Actor, planet_id: int, reason: str = "stopped") -> dict:
    await planets.load_planet(actor, planet_id)
    if (timer := _timers.pop(_key(planet_id, actor.user_id), None)) is not None:
        timer.cancel()
    state = await _end(planet_id, actor.user_id, None)
    if state is not None:
        await _stopped(planet_id, actor.user_id, state, reason)
    return {"planetId": planet_id, "userId": actor.user_id, "wasTyping": state is not None}


async def _typing_user_ids(planet_id: int) -> list[int]:
    redis = container().redis
    if redis is None:
        prefix = f"rt:typing:{planet_id}:"
        return [int(k[len(prefix) :]) for k in list(_local_state) if k.startswith(prefix)]
    return [int(uid) for uid in await redis.smembers(f"rt:typing:{planet_id}")]


async def status(actor: Actor, planet_id: int) -> dict:
    access = await planets.load_planet(actor, planet_id)
    if access.membership is None:
        raise ConnectoError("NOT_PLANET_MEMBER")
    typists = []
    for uid in sorted(await _typing_user_ids(planet_id)):
        state = await _get(planet_id, uid)
        if uid != actor.user_id and state is not None and state["expiresAt"] > time.time():
            typists.append(
                {
                    "userId": uid,
                    "progress": state.get("progress", 0),
                    "language": state.get("language"),
                    "startedAt": state["startedAt"],
                }
            )
    return {"planetId": planet_id, "typing": typists}


async def analytics(actor: Actor, planet_id: int) -> dict:
    """Typing sessions of the last hour: how many, how many ended in a sent message, how long
    they lasted, in which languages."""
    access = await planets.load_planet(actor, planet_id)
    if access.membership is None:
        raise ConnectoError("NOT_PLANET_MEMBER")
    redis = container().redis
    if redis is None:
        entries: list[Any] = list(_local_log[planet_id])
    else:
        entries = [json.loads(e) for e in await redis.lrange(f"rt:typing:log:{planet_id}", 0, -1)]
    since = time.time() - ANALYTICS_WINDOW_SECONDS
    recent = [e for e in entries if e["endedAt"] >= since]
    completed = sum(1 for e in recent if e["reason"] == "sent")
    durations = [max(0.0, e["endedAt"] - e["startedAt"]) for e in recent]
    return {
        "planetId": planet_id,
        "windowSeconds": ANALYTICS_WINDOW_SECONDS,
        "sessions": len(recent),
        "completed": completed,
        "completionRate": round(completed / len(recent), 3) if recent else None,
        "averageDurationMs": round(1000 * sum(durations) / len(durations)) if durations else None,
        "byReason": dict(Counter(e["reason"] for e in recent)),
        "languages": dict(Counter(e["language"] for e in recent if e.get("language"))),
        "typingNow": len((await status(actor, planet_id))["typing"]),
    }


@events.subscribe("message.created")
async def _sent(name: str, payload: dict) -> None:
    """Sending the message ends the sender's typing session: a completed one."""
    sender = payload.get("senderId")
    if sender is None:
        return
    planet_id = payload["planetId"]
    if (timer := _timers.pop(_key(planet_id, sender), None)) is not None:
        timer.cancel()
    state = await _end(planet_id, sender, None)
    if state is not None:
        await _stopped(planet_id, sender, state, "sent")
