"""Who is connected, across processes, and who is viewing which planet.

With Redis, each process counts its own connections per user in a hash field named after the
process (``rt:online:{user}`` -> ``{process: n}``) and keeps a heartbeat key alive; a field
whose process stopped heart-beating (a crash) no longer counts. The same mechanism tracks the
viewers of each planet (``rt:viewers:{planet}`` -> ``{process:user: n}``). Last seen is
``rt:lastseen:{user}``. Without Redis (or while it is away) this process's sockets are all
there is: counts come from the hub, last seen is kept in memory.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections import defaultdict
from datetime import datetime

from redis.exceptions import RedisError

from connecto import redis_client
from connecto.container import container
from connecto.timeutil import utcnow

PROCESS_ID = uuid.uuid4().hex[:12]
HEARTBEAT_SECONDS = 10
HEARTBEAT_TTL = 30
LAST_SEEN_TTL = 90 * 24 * 3600

_local_last_seen: dict[int, datetime] = {}
_heartbeat: asyncio.Task | None = None


def _proc_key(process: str) -> str:
    return f"rt:proc:{process}"


async def start() -> None:
    global _heartbeat
    if redis_client.link() is None:
        return
    redis = container().redis
    if redis is not None:
        await redis.set(_proc_key(PROCESS_ID), "1", ex=HEARTBEAT_TTL)

    async def beat() -> None:
        while True:
            await asyncio.sleep(HEARTBEAT_SECONDS)
            redis = container().redis  # None during an outage
            if redis is not None:
                with contextlib.suppress(Exception):
                    await redis.set(_proc_key(PROCESS_ID), "1", ex=HEARTBEAT_TTL)

    _heartbeat = asyncio.get_running_loop().create_task(beat(), name="presence-heartbeat")


async def stop() -> None:
    global _heartbeat
    if _heartbeat is not None:
        _heartbeat.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await _heartbeat
        _heartbeat = None
    redis = container().redis
    if redis is not None:
        with contextlib.suppress(Exception):
            await redis.delete(_proc_key(PROCESS_ID))


# Atomic: change this process's count and read the whole hash in one step, so two connections
# arriving at once do not both see "2" (and nobody announces the user online).
COUNT_AND_READ = """
local v = redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[2])
if v <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
return redis.call('HGETALL', KEYS[1])
"""


async def _count(key: str, field_suffix: str, delta: int) -> dict[str, int]:
    """Change this process's count; returns every process's counts just after (raw: pass
    them to ``_alive_totals`` when liveness matters). The caller has already added the
    socket to (or removed it from) the hub."""
    redis = container().redis
    if redis is not None:
        try:
            flat = await redis.eval(COUNT_AND_READ, 1, key, f"{PROCESS_ID}:{field_suffix}", delta)
            return {flat[i]: int(flat[i + 1]) for i in range(0, len(flat), 2)}
        except RedisError as exc:
            # Redis gets this process's counts again from ``_count_again`` when it is back.
            redis_client.mark_down(exc)
    return _local_view(key)


def _local_view(key: str) -> dict[str, int]:
    """Without Redis (or while it is away) this process's sockets are all there is: the
    counts come straight from the hub."""
    from connecto.realtime.hub import hub
    from connecto.realtime.rooms import planet_room

    if key == CONNECTIONS_KEY:
        count = len(hub.connections)
        return {f"{PROCESS_ID}:n": count} if count else {}
    if key.startswith("rt:online:"):
        count = len(hub.by_user.get(int(key.removeprefix("rt:online:")), ()))
        return {f"{PROCESS_ID}:n": count} if count else {}
    if key.startswith("rt:viewers:"):
        room = planet_room(int(key.removeprefix("rt:viewers:")), "active")
        viewers: dict[str, int] = defaultdict(int)
        for conn in hub.in_room(room):
            viewers[f"{PROCESS_ID}:{conn.user_id}"] += 1
        return dict(viewers)
    raise ValueError(f"no local view of {key}")


def _live_counts() -> dict[str, dict[str, int]]:
    """Every count this process's open sockets amount to: key -> {field: count}."""
    from connecto.realtime.hub import hub
    from connecto.realtime.rooms import planet_of

    keys = {CONNECTIONS_KEY} | {f"rt:online:{user_id}" for user_id in hub.by_user}
    for room in hub.rooms:
        if (parsed := planet_of(room)) and parsed[1] == "active":
            keys.add(f"rt:viewers:{parsed[0]}")
    return {key: view for key in keys if (view := _local_view(key))}


@redis_client.on_recovery
async def _count_again(redis) -> None:
    """Redis is back, but what it holds for this process is stale: sockets opened and closed
    meanwhile were counted here only. Start over under a new process id (the old one's counts
    stop counting with its heartbeat, and the clean-up job removes them) and count the
    sockets open now."""
    global PROCESS_ID
    old, PROCESS_ID = PROCESS_ID, uuid.uuid4().hex[:12]
    await redis.set(_proc_key(PROCESS_ID), "1", ex=HEARTBEAT_TTL)
    await redis.delete(_proc_key(old))
    pipe = redis.pipeline(transaction=False)
    for key, fields in _live_counts().items():
        for field, count in fields.items():
            pipe.hincrby(key, field, count)
    await pipe.execute()


async def _alive_counts(key: str) -> dict[str, int]:
    """field suffix -> summed count over live processes."""
    redis = container().redis
    if redis is None:
        return await _alive_totals(_local_view(key))
    return await _alive_totals({k: int(v) for k, v in (await redis.hgetall(key)).items()})


async def _alive_totals(raw: dict[str, int]) -> dict[str, int]:
    """Sum the per-process counts, leaving out processes that stopped heart-beating."""
    redis = container().redis
    if redis is None:
        alive = {PROCESS_ID}
    else:
        processes = sorted({field.split(":", 1)[0] for field in raw})
        beats = await redis.mget([_proc_key(p) for p in processes]) if processes else []
        # This process is alive by definition, whatever happened to its heartbeat key.
        alive = {p for p, beat in zip(processes, beats, strict=True) if beat} | {PROCESS_ID}
    totals: dict[str, int] = defaultdict(int)
    for field, count in raw.items():
        process, suffix = field.split(":", 1)
        if process in alive and count > 0:
            totals[suffix] += count
    return totals


# --- online / last seen --------------------------------------------------------------------


CONNECTIONS_KEY = "rt:connections"  # every process's open sockets, for /health/detailed


async def connected(user_id: int) -> bool:
    """Count a new connection; True if the user just came online (no other live connection)."""
    await _count(CONNECTIONS_KEY, "n", 1)
    counts = await _alive_totals(await _count(f"rt:online:{user_id}", "n", 1))
    return counts.get("n", 0) == 1


async def disconnected(user_id: int) -> datetime | None:
    """Count a closed connection; the last-seen time if the user just went offline."""
    await _count(CONNECTIONS_KEY, "n", -1)
    if (await _alive_totals(await _count(f"rt:online:{user_id}", "n", -1))).get("n", 0) > 0:
        return None
    now = utcnow()
    redis = container().redis
    if redis is None:
        _local_last_seen[user_id] = now
    else:
        await redis.set(f"rt:lastseen:{user_id}", now.isoformat(), ex=LAST_SEEN_TTL)
    return now


async def cluster_connections() -> int:
    """Open sockets on every live process of the deployment."""
    return (await _alive_counts(CONNECTIONS_KEY)).get("n", 0)


async def status(user_ids: list[int]) -> dict[int, tuple[bool, datetime | None]]:
    """user id -> (online, last seen)."""
    result = {}
    redis = container().redis
    last_seen: dict[int, datetime | None] = {}
    if redis is None:
        last_seen = {uid: _local_last_seen.get(uid) for uid in user_ids}
    elif user_ids:
        values = await redis.mget([f"rt:lastseen:{uid}" for uid in user_ids])
        last_seen = {
            uid: datetime.fromisoformat(v) if v else None
            for uid, v in zip(user_ids, values, strict=True)
        }
    for uid in user_ids:
        online = (await _alive_counts(f"rt:online:{uid}")).get("n", 0) > 0
        result[uid] = (online, last_seen.get(uid))
    return result


# Which of these users (KEYS: their rt:online hashes) have a connection on a live process:
# one round trip for any number of users. ARGV[1]: this process (alive by definition).
ONLINE = """
local result, alive = {}, {}
for i, key in ipairs(KEYS) do
  local flat, online = redis.call('HGETALL', key), 0
  for j = 1, #flat, 2 do
    if tonumber(flat[j + 1]) > 0 then
      local process = string.match(flat[j], '^([^:]+):')
      if alive[process] == nil then
        alive[process] = process == ARGV[1] or redis.call('EXISTS', 'rt:proc:' .. process) == 1
      end
      if alive[process] then online = 1 break end
    end
  end
  result[i] = online
end
return result
"""


async def online_user_ids(user_ids: list[int]) -> set[int]:
    redis = container().redis
    if redis is None or not user_ids:
        return {uid for uid, (online, _) in (await status(user_ids)).items() if online}
    flags = await redis.eval(
        ONLINE, len(user_ids), *[f"rt:online:{u}" for u in user_ids], PROCESS_ID
    )
    return {uid for uid, flag in zip(user_ids, flags, strict=True) if flag}


# --- who is viewing a planet ---------------------------------------------------------------


async def viewing(planet_id: int, user_id: int, delta: int) -> None:
    await _count(f"rt:viewers:{planet_id}", str(user_id), delta)


async def viewers(planet_id: int) -> list[int]:
    return sorted(int(uid) for uid in await _alive_counts(f"rt:viewers:{planet_id}"))


async def announce_viewing(user_id: int, planet_id: int, delta: int) -> None:
    """Someone opened (+1) or closed (-1) a planet: tell the planet's presence room."""
    from connecto.realtime.bus import publish
    from connecto.realtime.rooms import planet_room

    await viewing(planet_id, user_id, delta)
    event = "user:joined" if delta > 0 else "user:left"
    await publish(
        planet_room(planet_id, "presence"), event, {"userId": user_id, "planetId": planet_id}
    )


async def payload(user_id: int, online: bool, last_seen: datetime | None) -> dict:
    """presence:updated data; last seen is hidden when the user turned lastSeenVisibility off."""
    from connecto.users import service as users

    visible = (await users.get_preferences(user_id)).privacy.last_seen_visibility
    return {
        "userId": user_id,
        "status": "online" if online else "offline",
        "lastSeenAt": last_seen.isoformat() if last_seen and visible else None,
    }
