"""Unread counters in Redis (spec 5.3), exact under concurrency, rebuilt from PostgreSQL.

Keys (per the spec):
  user:{u}:planet:{p}:unread    number of unread messages, TTL 7 days
  user:{u}:total:unread         sum over the user's planets, TTL 24 hours
  user:{u}:planet:{p}:lastRead  {"messageId", "readAt"}, TTL 7 days
and bookkeeping next to them:
  ...:unread:asof      the planet sequence number the count was rebuilt at
  ...:unread:building  a rebuild is running (holds its token)
  ...:unread:pending   sequence numbers of messages that arrived during the rebuild

How it stays exact:
* A new message (sequence s) increments each member's counter only if s > asof: the rebuild
  that set asof already counted every message up to s (messages commit in sequence order,
  see planets.next_message_seq). During a rebuild, increments are parked in ``pending`` and
  the rebuild adds those newer than its snapshot.
* Reads decrement by the number of receipts they actually inserted. Reads and rebuilds of one
  user are serialised by a per-user lock, so a read is wholly before or after a rebuild's
  snapshot. Increments and decrements commute, so a read that overtakes the increment of the
  message it reads (possible: the increment runs just after the sender's commit) nets out;
  the stored value may dip below zero for that instant, and reported values are clamped.
* Anything that changes counts in ways these rules do not cover (a message deleted or
  restored, membership changes) deletes the keys, and the next read rebuilds them.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator

from redis.asyncio import Redis

PLANET_TTL = 7 * 24 * 3600
TOTAL_TTL = 24 * 3600
LOCK_TTL_MS = 10_000
REBUILD_MARK_TTL = 60


def planet_key(user_id: int, planet_id: int) -> str:
    return f"user:{user_id}:planet:{planet_id}:unread"


def total_key(user_id: int) -> str:
    return f"user:{user_id}:total:unread"


def last_read_key(user_id: int, planet_id: int) -> str:
    return f"user:{user_id}:planet:{planet_id}:lastRead"


def _planet_keys(user_id: int, planet_id: int) -> list[str]:
    base = planet_key(user_id, planet_id)
    return [base, f"{base}:asof", f"{base}:building", f"{base}:pending", total_key(user_id)]


# KEYS: count, asof, building, pending, total. ARGV: seq, planet ttl, total ttl.
# Returns the new count, or nil when nothing is cached (the next read rebuilds).
INCREMENT = """
if redis.call('EXISTS', KEYS[3]) == 1 then
  redis.call('RPUSH', KEYS[4], ARGV[1])
  redis.call('EXPIRE', KEYS[4], 120)
  return nil
end
if redis.call('EXISTS', KEYS[1]) == 0 then
  -- Nothing cached for this planet (expired, say): a cached total would miss this message.
  redis.call('DEL', KEYS[5])
  return nil
end
if tonumber(ARGV[1]) <= tonumber(redis.call('GET', KEYS[2]) or '0') then
  return tonumber(redis.call('GET', KEYS[1]))
end
local n = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[2])
redis.call('EXPIRE', KEYS[2], ARGV[2])
if redis.call('EXISTS', KEYS[5]) == 1 then
  redis.call('INCR', KEYS[5])
  redis.call('EXPIRE', KEYS[5], ARGV[3])
end
return n
"""

# KEYS: count, asof, building, pending, total. ARGV: amount. Returns the new count or nil.
DECREMENT = """
if redis.call('EXISTS', KEYS[1]) == 0 then return nil end
local n = redis.call('DECRBY', KEYS[1], ARGV[1])
if redis.call('EXISTS', KEYS[5]) == 1 then redis.call('DECRBY', KEYS[5], ARGV[1]) end
return n
"""

# KEYS: count, asof, building, pending, total. ARGV: token.
BEGIN_REBUILD = """
redis.call('DEL', KEYS[1], KEYS[2], KEYS[4], KEYS[5])
redis.call('SET', KEYS[3], ARGV[1], 'EX', ARGV[2])
return 1
"""

# KEYS: count, asof, building, pending, total. ARGV: token, count, snapshot seq, ttl.
# Returns the count, or nil if the rebuild was invalidated meanwhile.
FINISH_REBUILD = """
if redis.call('GET', KEYS[3]) ~= ARGV[1] then return nil end
local n = tonumber(ARGV[2])
local snapshot = tonumber(ARGV[3])
for _, seq in ipairs(redis.call('LRANGE', KEYS[4], 0, -1)) do
  if tonumber(seq) > snapshot then n = n + 1 end
end
redis.call('SET', KEYS[1], n, 'EX', ARGV[4])
redis.call('SET', KEYS[2], snapshot, 'EX', ARGV[4])
redis.call('DEL', KEYS[3], KEYS[4], KEYS[5])
return n
"""

# KEYS: total, then every planet count key. ARGV: ttl. Sums atomically; nil if one is missing.
SUM_TOTAL = """
local sum = 0
for i = 2, #KEYS do
  local v = redis.call('GET', KEYS[i])
  if not v then return nil end
  sum = sum + tonumber(v)
end
redis.call('SET', KEYS[1], sum, 'EX', ARGV[1])
return sum
"""

RELEASE_LOCK = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


class RedisCounters:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis
        self._increment = redis.register_script(INCREMENT)
        self._decrement = redis.register_script(DECREMENT)
        self._begin = redis.register_script(BEGIN_REBUILD)
        self._finish = redis.register_script(FINISH_REBUILD)
        self._sum = redis.register_script(SUM_TOTAL)
        self._release = redis.register_script(RELEASE_LOCK)

    @contextlib.asynccontextmanager
    async def user_lock(self, user_id: int) -> AsyncIterator[None]:
        """Serialises one user's reads and rebuilds (across processes)."""
        key, token = f"user:{user_id}:unread:lock", uuid.uuid4().hex
        for attempt in range(500):
            if await self.redis.set(key, token, nx=True, px=LOCK_TTL_MS):
                break
            await asyncio.sleep(min(0.002 * (attempt + 1), 0.05))
        else:
            raise TimeoutError(f"unread lock for user {user_id} not acquired")
        try:
            yield
        finally:
            await self._release(keys=[key], args=[token])

    async def increment(
        self, planet_id: int, seq: int, user_ids: list[int]
    ) -> dict[int, int | None]:
        pipe = self.redis.pipeline(transaction=False)
        for user_id in user_ids:
            await self._increment(
                keys=_planet_keys(user_id, planet_id),
                args=[seq, PLANET_TTL, TOTAL_TTL],
                client=pipe,
            )
        results = await pipe.execute()
        return {
            uid: (None if value is None else int(value))
            for uid, value in zip(user_ids, results, strict=True)
        }

    async def decrement(self, user_id: int, planet_id: int, amount: int) -> int | None:
        if amount <= 0:
            value = await self.redis.get(planet_key(user_id, planet_id))
            return None if value is None else int(value)
        value = await self._decrement(keys=_planet_keys(user_id, planet_id), args=[amount])
        return None if value is None else int(value)

    async def cached(self, user_id: int, planet_ids: list[int]) -> dict[int, int | None]:
        if not planet_ids:
            return {}
        values = await self.redis.mget([planet_key(user_id, pid) for pid in planet_ids])
        return {
            pid: (None if v is None else int(v)) for pid, v in zip(planet_ids, values, strict=True)
        }

    async def begin_rebuild(self, user_id: int, planet_id: int) -> str:
        token = uuid.uuid4().hex
        await self._begin(keys=_planet_keys(user_id, planet_id), args=[token, REBUILD_MARK_TTL])
        return token

    async def finish_rebuild(
        self, user_id: int, planet_id: int, token: str, count: int, snapshot_seq: int
    ) -> int | None:
        value = await self._finish(
            keys=_planet_keys(user_id, planet_id), args=[token, count, snapshot_seq, PLANET_TTL]
        )
        return None if value is None else int(value)

    async def total(self, user_id: int) -> int | None:
        value = await self.redis.get(total_key(user_id))
        return None if value is None else int(value)

    async def sum_total(self, user_id: int, planet_ids: list[int]) -> int | None:
        keys = [total_key(user_id)] + [planet_key(user_id, pid) for pid in planet_ids]
        value = await self._sum(keys=keys, args=[TOTAL_TTL])
        return None if value is None else int(value)

    async def invalidate(self, user_ids: list[int], planet_id: int | None) -> None:
        """Forget cached counts (a planet's, or only the totals) of these users."""
        keys: list[str] = []
        for user_id in user_ids:
            keys += (
                _planet_keys(user_id, planet_id) if planet_id is not None else [total_key(user_id)]
            )
        if keys:
            await self.redis.delete(*keys)

    async def set_last_read(self, user_id: int, planet_id: int, value: str) -> None:
        await self.redis.set(last_read_key(user_id, planet_id), value, ex=PLANET_TTL)


async def forget_all(redis: Redis) -> int:
    """Drop every cached count (not the per-user locks): each is rebuilt from PostgreSQL on
    its next read. For counters that missed updates while Redis was unreachable. Returns how
    many keys went."""
    deleted, batch = 0, []
    async for key in redis.scan_iter(match="user:*:unread*", count=1000):
        if key.endswith(":unread:lock"):
            continue
        batch.append(key)
        if len(batch) >= 500:
            deleted += await redis.delete(*batch)
            batch.clear()
    if batch:
        deleted += await redis.delete(*batch)
    return deleted
