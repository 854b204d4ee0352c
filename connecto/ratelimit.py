"""Sliding-window rate limits and their penalties (spec 8.2), in Redis when there is one,
else in-process (also while Redis is away: each process then counts on its own); and the
API-wide request budgets (spec 12.2, ``request_budget``).

Each event is remembered for the window's length (a sorted set of timestamps per user and
limit), so "50 a minute" means any 60 seconds, not a calendar minute a burst can straddle.

Going over a limit earns a penalty: for a while every such event is refused outright (a
5-minute mute for messages, as the spec says). Penalties grow for repeat offenders (doubling
with each offence within a day, at most an hour), end by themselves, and an admin can lift
them (``lift_penalties``).
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
import uuid
from collections import defaultdict, deque
from dataclasses import dataclass, replace

from redis.exceptions import NoScriptError, RedisError

from connecto import events, redis_client
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
# CONNECTO_ACTION_RATE_LIMITS overrides counts and windows (``configure``).
DEFAULT_LIMITS = {
    "message_send": Limit(100, 60, "temporary_mute", 300),
    "room_join": Limit(20, 300, "connection_throttle", 300),
    "typing": Limit(50, 60, "typing_disabled", 60),
    "file_upload": Limit(10, 300, "upload_restriction", 300),
    # Client analytics batches (not in the spec): plenty for an app flushing every few seconds.
    "analytics_events": Limit(30, 60, "analytics_throttle", 60),
}
LIMITS = dict(DEFAULT_LIMITS)
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


def parse_action_limits(value: str) -> dict[str, tuple[int, int]]:
    """``"message_send=100/60,typing=50/60"`` -> {name: (count, window seconds)}."""
    parsed = {}
    for item in filter(None, (part.strip() for part in value.split(","))):
        name, _, rule = item.partition("=")
        count, _, window = rule.partition("/")
        name = name.strip()
        if name not in DEFAULT_LIMITS:
            raise ValueError(f"unknown rate limit {name!r} (known: {', '.join(DEFAULT_LIMITS)})")
        parsed[name] = (int(count), int(window))  # the setting's validator checked the form
    return parsed


def configure(action_limits: str) -> None:
    """Apply CONNECTO_ACTION_RATE_LIMITS over the spec's defaults (penalties keep their
    lengths)."""
    LIMITS.clear()
    LIMITS.update(DEFAULT_LIMITS)
    for name, (count, window) in parse_action_limits(action_limits).items():
        LIMITS[name] = replace(DEFAULT_LIMITS[name], limit=count, window=window)


_SHAS: dict[str, str] = {}


async def run_script(redis, source: str, *keys_and_args):
    """EVALSHA (the script's hash, not its text, on every call); the text only the first time
    a Redis sees it (or after it restarted)."""
    sha = _SHAS.get(source)
    if sha is None:
        sha = _SHAS[source] = hashlib.sha1(source.encode()).hexdigest()
    try:
        return await redis.evalsha(sha, *keys_and_args)
    except NoScriptError:
        return await redis.eval(source, *keys_and_args)


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
    count = None
    if redis is not None:
        try:
            count = await run_script(
                redis,
                SLIDING_WINDOW,
                2,
                events_key,
                penalty_key,
                now,
                rule.window,
                rule.limit,
                uuid.uuid4().hex,
            )
        except RedisError as exc:
            # Redis went away: this process counts on its own until it is back.
            redis_client.mark_down(exc)
        if count is not None and count < 0:
            raise _refused(name, rule, -count / 1000)
    if count is None:
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
            await run_script(
                redis,
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


# --- API-wide request budgets (spec 12.2 RATE_LIMIT_MAX per RATE_LIMIT_WINDOW_MS) ----------
#
# These run on every request, so they are cheaper than the exact windows above: two counters
# per subject (this fixed window and the previous one) instead of one entry per event, the
# previous window's count weighted by how much of it the sliding window still covers. Memory
# is constant per subject (an exact window of 1,000 requests would keep 1,000 entries for each
# active user), a check is one round trip, and the estimate is exact when requests are
# spread evenly (at worst it counts a burst at the end of the previous window as if it were
# spread over it).


@dataclass(frozen=True)
class Budget:
    limit: int
    window: float  # seconds


# Atomic, one round trip. KEYS: this window's counter, the previous window's. ARGV: limit,
# the previous window's weight, the counters' lifetime (ms). Counts this request unless the
# budget is spent (a refused request does not count). Returns {allowed, current, previous}.
REQUEST_BUDGET = """
local counts = redis.call('MGET', KEYS[1], KEYS[2])
local current, previous = tonumber(counts[1] or '0'), tonumber(counts[2] or '0')
if previous * tonumber(ARGV[2]) + current >= tonumber(ARGV[1]) then
  return {0, current, previous}
end
current = redis.call('INCR', KEYS[1])
if current == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
return {1, current, previous}
"""

# In-process fallback: subject key -> [window index, current count, previous count, window].
_local_budgets: dict[str, list] = {}
_local_swept_at = 0.0
_redis_failed_at = 0.0

log = logging.getLogger("connecto.ratelimit")


async def request_budget(scope: str, subject: str, budget: Budget) -> None:
    """Count one request of ``subject`` (a user, a session, an IP) against ``budget``;
    RATE_LIMITED with the seconds until one more fits once it is spent."""
    now = time.time()
    index, elapsed = divmod(now, budget.window)
    weight = 1 - elapsed / budget.window  # of the previous window, still in the sliding one
    key = f"budget:{scope}:{subject}:"
    redis = container().redis
    counts = None
    if redis is not None:
        try:
            counts = await _eval_budget(redis, key, int(index), weight, budget)
        except (RedisError, OSError) as exc:
            # Redis away: keep limiting, per process, rather than fail every request.
            _note_redis_failure(exc)
    if counts is None:
        counts = _local_budget(key, int(index), weight, budget)
    allowed, current, previous = counts
    if not allowed:
        wait = _wait_seconds(current, previous, elapsed / budget.window, budget)
        RATE_LIMIT_REFUSALS.labels(f"requests_{scope}").inc()
        raise ConnectoError(
            "RATE_LIMITED",
            details={
                "limit": budget.limit,
                "windowSeconds": int(budget.window),
                "scope": scope,
                "retryAfterSeconds": max(1, math.ceil(wait)),
            },
        )


async def _eval_budget(redis, key: str, index: int, weight: float, budget: Budget) -> list:
    keys_and_args = (
        2,
        f"{key}{index}",
        f"{key}{index - 1}",
        budget.limit,
        repr(weight),
        int(budget.window * 2000) + 1000,
    )
    return [int(value) for value in await run_script(redis, REQUEST_BUDGET, *keys_and_args)]


def _local_budget(key: str, index: int, weight: float, budget: Budget) -> list:
    global _local_swept_at
    now = time.time()
    if now - _local_swept_at > 60:  # forget subjects quiet for two windows
        _local_swept_at = now
        for stale in [k for k, e in _local_budgets.items() if (e[0] + 2) * e[3] < now]:
            del _local_budgets[stale]
    entry = _local_budgets.get(key)
    if entry is None or entry[0] < index - 1:
        entry = _local_budgets[key] = [index, 0, 0, budget.window]
    elif entry[0] == index - 1:
        entry[:3] = [index, 0, entry[1]]
    _, current, previous, _ = entry
    if previous * weight + current >= budget.limit:
        return [0, current, previous]
    entry[1] += 1
    return [1, entry[1], previous]


def _wait_seconds(current: int, previous: int, elapsed: float, budget: Budget) -> float:
    """Seconds until the sliding estimate drops below the limit (without new requests)."""
    if current >= budget.limit:
        # Not before the next window; there this window's count weighs (1 - elapsed').
        return ((1 - elapsed) + max(0.0, 1 - budget.limit / current)) * budget.window
    # Within this window, once enough of the previous one has slid out.
    return max(0.0, 1 - (budget.limit - current) / previous - elapsed) * budget.window


def _note_redis_failure(exc: Exception) -> None:
    global _redis_failed_at
    if time.time() - _redis_failed_at > 60:  # one line a minute, not one per request
        log.warning("rate limits fall back to this process: Redis is unreachable (%s)", exc)
    _redis_failed_at = time.time()
    if isinstance(exc, RedisError):
        redis_client.mark_down(exc)  # the whole process on its fallbacks until Redis is back
