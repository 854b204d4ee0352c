"""Sliding-window rate limits (spec 8.2), in Redis when there is one, else in-process.

Each event is remembered for the window's length (a sorted set of timestamps per user and
limit), so "50 a minute" means any 60 seconds, not a calendar minute a burst can straddle."""

from __future__ import annotations

import time
import uuid
from collections import defaultdict, deque

from connecto.container import container
from connecto.errors import ConnectoError

_local: dict[str, deque[float]] = defaultdict(deque)

# name -> (limit, window seconds), spec 8.2
LIMITS = {
    "room_join": (20, 300),
    "typing": (50, 60),
}


# Atomic: drop expired events, count, add this one if there is room. Returns {count before
# this event, oldest timestamp}.
SLIDING_WINDOW = """
local now, window, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], 0, now - window)
local count = redis.call('ZCARD', KEYS[1])
if count < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('EXPIRE', KEYS[1], math.ceil(window) + 1)
  return {count, '0'}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {count, oldest[2]}
"""


async def hit(name: str, user_id: int) -> None:
    """Count one event; RATE_LIMITED (and not counted) once the window is full."""
    limit, window = LIMITS[name]
    now = time.time()
    key = f"ratelimit:{name}:{user_id}"
    redis = container().redis
    if redis is not None:
        count, oldest = await redis.eval(
            SLIDING_WINDOW, 1, key, now, window, limit, uuid.uuid4().hex
        )
        oldest_at = float(oldest) if count >= limit else now
    else:
        events = _local[key]
        while events and events[0] <= now - window:
            events.popleft()
        count = len(events)
        if count < limit:
            events.append(now)
        oldest_at = events[0] if events else now
    if count >= limit:
        raise ConnectoError(
            "RATE_LIMITED",
            details={
                "limit": limit,
                "windowSeconds": window,
                "retryAfterSeconds": max(1, round(oldest_at + window - now)),
            },
        )
