"""Real-time state left behind (spec 10.1 "WebSocket connection cleanup", "Redis memory
optimization"): a process that crashed leaves its connection counts in the presence hashes
and its typists in the per-planet typing sets. Readers already ignore them (counts of dead
processes do not count, typing states expire), but the keys would stay forever, and the users
it carried never got their "offline" announced. The ``realtime.cleanup`` job removes them.

Each sweep step is one Lua script per key, so a connection or typing session that starts while
the sweep runs is never removed by mistake.
"""

from __future__ import annotations

from connecto.container import container
from connecto.realtime import presence, typing
from connecto.realtime.bus import publish
from connecto.timeutil import utcnow
from connecto.travels import service as travels

# KEYS[1]: a presence hash ({process}:{suffix} -> count). Deletes fields of processes whose
# heartbeat key is gone; returns how many, and how many fields are left.
SWEEP_HASH = """
local removed = 0
for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
  local process = string.match(field, '^([^:]+):')
  if process and redis.call('EXISTS', 'rt:proc:' .. process) == 0 then
    redis.call('HDEL', KEYS[1], field)
    removed = removed + 1
  end
end
return {removed, redis.call('HLEN', KEYS[1])}
"""

# KEYS[1]: a planet's typing set. Removes users whose typing state key has expired.
SWEEP_TYPING = """
local removed = 0
for _, uid in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if redis.call('EXISTS', KEYS[1] .. ':' .. uid) == 0 then
    redis.call('SREM', KEYS[1], uid)
    removed = removed + 1
  end
end
return removed
"""


async def sweep() -> dict:
    redis = container().redis
    if redis is None:
        # One process: nothing can be left by another; only expired typing states remain.
        return {"typingStates": typing.drop_expired_local(), "presenceEntries": 0}
    hash_sweep = redis.register_script(SWEEP_HASH)
    typing_sweep = redis.register_script(SWEEP_TYPING)
    result = {"presenceEntries": 0, "viewerEntries": 0, "typingStates": 0, "wentOffline": 0}
    offline: list[int] = []
    async for key in redis.scan_iter(match="rt:online:*", count=500):
        removed, left = await hash_sweep(keys=[key])
        result["presenceEntries"] += removed
        if removed and not left:
            offline.append(int(key.rsplit(":", 1)[1]))
    async for key in redis.scan_iter(match="rt:viewers:*", count=500):
        removed, _ = await hash_sweep(keys=[key])
        result["viewerEntries"] += removed
    async for key in redis.scan_iter(match="rt:typing:*", count=500):
        parts = key.split(":")
        if len(parts) == 3 and parts[2].isdigit():  # rt:typing:{planet}, the set
            result["typingStates"] += await typing_sweep(keys=[key])
    for user_id in offline:
        await _announce_offline(user_id)
    result["wentOffline"] = len(offline)
    return result


async def _announce_offline(user_id: int) -> None:
    """The user's connections died with their process: record when they were last seen and
    tell their travels, as a normal disconnect would have."""
    if (await presence.status([user_id]))[user_id][0]:
        return  # connected again meanwhile
    now = utcnow()
    await container().redis.set(
        f"rt:lastseen:{user_id}", now.isoformat(), ex=presence.LAST_SEEN_TTL
    )
    payload = await presence.payload(user_id, False, now)
    for travel_id in await travels.travel_ids_of(user_id):
        await publish(f"travel:{travel_id}", "presence:updated", payload)
