"""Fixed-window rate limits (spec 8.2), in Redis when there is one, else in-process."""

from __future__ import annotations

import time
from collections import defaultdict

from connecto.container import container
from connecto.errors import ConnectoError

_local: dict[str, int] = defaultdict(int)

# name -> (limit, window seconds), spec 8.2
LIMITS = {
    "room_join": (20, 300),
    "typing": (50, 60),
}


async def hit(name: str, user_id: int) -> None:
    """Count one event; RATE_LIMITED once the user exceeded the window's limit."""
    limit, window = LIMITS[name]
    bucket = int(time.time() // window)
    key = f"ratelimit:{name}:{user_id}:{bucket}"
    redis = container().redis
    if redis is not None:
        pipe = redis.pipeline(transaction=True)
        pipe.incr(key)
        pipe.expire(key, window + 5)
        count, _ = await pipe.execute()
    else:
        _local[key] += 1
        count = _local[key]
        if len(_local) > 100_000:  # old windows are never read again
            for stale in [k for k in _local if not k.endswith(f":{bucket}")]:
                del _local[stale]
    if count > limit:
        retry_after = window - int(time.time()) % window
        raise ConnectoError(
            "RATE_LIMITED",
            details={"limit": limit, "windowSeconds": window, "retryAfterSeconds": retry_after},
        )
