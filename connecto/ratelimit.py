"""Sliding-window rate limits and their penalties (spec 8.2), in Redis when there is one,
else in-process.

Each event is remembered for the window's length (a sorted set of timestamps per user and
limit), so "50 a minute" means any 60 seconds, not a calendar minute a burst can straddle.

Going over a limit earns a penalty: for a while every such event is refused outright (a
5-minute mute for messages, as the spec says). Penalties grow for repeat offenders (doubling
with each offence within a day, at most an hour), end by themselves, and an admin can lift
them (``lift_penalties``).
"""

from __future__ import annotations

import math
import time
import uuid
from collections import defaultdict, deque
from dataclasses import dataclass

from connecto import events
from connecto.container import container
from connecto.errors import ConnectoError
from connecto.observability.metrics import RATE_LIMIT_REFUSALS


@dataclass(frozen=True)
class Limit:
    limit: int
    window: int  # seconds
    penalty: str  # the spec's name for what happens to an offender
    penalty_seconds: int  # the first offence; doubled for each repeat within a day


# spec 8.2. The spec gives only the message mute's length; the others last one window.
LIMITS = {
    "message_send": Limit(100, 60, "temporary_mute", 300),
    "room_join": Limit(20, 300, "connection_throttle", 300),
    "typing": Limit(50, 60, "typing_disabled", 60),
    "file_upload": Limit(10, 300, "upload_restriction", 300),
    # Client analytics batches (not in the spec): plenty for an app flushing every few seconds.
    "analytics_events": Limit(30, 60, "analytics_throttle", 60),
}
MAX_PENALTY_SECONDS = 3600
OFFENCE_MEMORY_SECONDS = 24 * 3600

_local_events: dict[str, deque[float]] = defaultdict(deque)
_local_penalties: dict[str, float] = {}  # key -> ends at
_local_offences: dict[str, deque[float]] = defaultdict(deque)


# Atomic, one round trip: while a penalty runs, return -(milliseconds left); otherwise drop
# expired events, count, add this one if there is room, and return the count before it.
# KEYS: events, penalty.
SLIDING_WINDOW = """
local penalty = redis.call('PTTL', KEYS[2])
if penalty > 0 then return -penalty end
local now, window, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], 0, now - window)
local count = redis.call('ZCARD', KEYS[1])
if count < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('EXPIRE', KEYS[1], math.ceil(window) + 1)
end
return count
"""

# Atomic: count this offence (the counter lives a day) and start the penalty, doubling its
# length with each offence. Returns the penalty's length in seconds.
PENALIZE = """
local offences = redis.call('INCR', KEYS[2])
if offences == 1 then redis.call('EXPIRE', KEYS[2], tonumber(ARGV[3])) end
local seconds = math.min(tonumber(ARGV[1]) * 2 ^ (offences - 1), tonumber(ARGV[2]))
redis.call('SET', KEYS[1], '1', 'EX', seconds)
return seconds
"""


def _keys(name: str, user_id: int) -> tuple[str, str, str]:
    return (
        f"ratelimit:{name}:{user_id}",
        f"penalty:{name}:{user_id}",
        f"penalty:offences:{name}:{user_id}",
    )


async def hit(name: str, user_id: int) -> None:
    """Count one event. Refused with RATE_LIMITED (and not counted) while a penalty runs or
    once the window is full; the latter starts a penalty."""
    rule = LIMITS[name]
    events_key, penalty_key, offences_key = _keys(name, user_id)
    now = time.time()
    redis = container().redis
    if redis is not None:
        count = await redis.eval(
            SLIDING_WINDOW,
            2,
            events_key,
            penalty_key,
            now,
            rule.window,
            rule.limit,
            uuid.uuid4().hex,
        )
        if count < 0:
            raise _refused(name, rule, -count / 1000)
    else:
        remaining = await _penalty_left(penalty_key)
        if remaining:
            raise _refused(name, rule, remaining)
        recent = _local_events[events_key]
        while recent and recent[0] <= now - rule.window:
            recent.popleft()
        count = len(recent)
        if count < rule.limit:
            recent.append(now)
    if count >= rule.limit:
        seconds = await _penalize(rule, penalty_key, offences_key)
        await events.emit(
            "ratelimit.penalized",
            {"userId": user_id, "limit": name, "penalty": rule.penalty, "seconds": int(seconds)},
        )
        raise _refused(name, rule, seconds)


def _refused(name: str, rule: Limit, seconds: float) -> ConnectoError:
    RATE_LIMIT_REFUSALS.labels(name).inc()
    return ConnectoError(
        "RATE_LIMITED",
        details={
            "limit": rule.limit,
            "windowSeconds": rule.window,
            "penalty": rule.penalty,
            "retryAfterSeconds": max(1, math.ceil(seconds)),
        },
    )


async def _penalty_left(penalty_key: str) -> float:
    redis = container().redis
    if redis is not None:
        ttl = await redis.pttl(penalty_key)
        return ttl / 1000 if ttl > 0 else 0.0
    return max(0.0, _local_penalties.get(penalty_key, 0.0) - time.time())


async def _penalize(rule: Limit, penalty_key: str, offences_key: str) -> float:
    redis = container().redis
    if redis is not None:
        return float(
            await redis.eval(
                PENALIZE,
                2,
                penalty_key,
                offences_key,
                rule.penalty_seconds,
                MAX_PENALTY_SECONDS,
                OFFENCE_MEMORY_SECONDS,
            )
        )
    now = time.time()
    offences = _local_offences[offences_key]
    while offences and offences[0] <= now - OFFENCE_MEMORY_SECONDS:
        offences.popleft()
    offences.append(now)
    seconds = min(rule.penalty_seconds * 2 ** (len(offences) - 1), MAX_PENALTY_SECONDS)
    _local_penalties[penalty_key] = now + seconds
    return float(seconds)


async def penalties_of(user_id: int) -> dict[str, int]:
    """Running penalties: limit name -> seconds left."""
    running = {}
    for name in LIMITS:
        left = await _penalty_left(_keys(name, user_id)[1])
        if left:
            running[name] = max(1, math.ceil(left))
    return running


async def lift_penalties(user_id: int) -> list[str]:
    """Admin override: end the user's penalties and forget their offences and recent events.
    Returns the names of the penalties that were running."""
    lifted = list(await penalties_of(user_id))
    keys = [key for name in LIMITS for key in _keys(name, user_id)]
    redis = container().redis
    if redis is not None:
        await redis.delete(*keys)
    else:
        for key in keys:
            _local_events.pop(key, None)
            _local_penalties.pop(key, None)
            _local_offences.pop(key, None)
    return lifted
