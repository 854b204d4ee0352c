"""The shared Redis connection, or None when running without Redis (in-process fallbacks)."""

from __future__ import annotations

import logging

from redis.asyncio import Redis
from redis.exceptions import RedisError

log = logging.getLogger("connecto.redis")


async def connect(url: str | None, required: bool) -> Redis | None:
    if not url:
        if required:
            raise RuntimeError("CONNECTO_REQUIRE_SERVICES is set but CONNECTO_REDIS_URL is empty")
        log.warning(
            "No CONNECTO_REDIS_URL: using in-process bus, counters and rate limits "
            "(single process only)"
        )
        return None
    client = Redis.from_url(
        url,
        decode_responses=True,
        health_check_interval=30,
        socket_connect_timeout=5,
        socket_keepalive=True,
    )
    try:
        await client.ping()
    except (RedisError, OSError) as exc:
        await client.aclose()
        if required:
            raise RuntimeError(f"Redis at {url} is unreachable: {exc}") from exc
        log.error("Redis at %s is unreachable (%s): continuing with in-process fallbacks", url, exc)
        return None
    return client
