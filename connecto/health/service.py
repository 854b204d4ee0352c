"""Reachability of the backing services, for ``GET /health``."""

from __future__ import annotations

import asyncio
import time

from tortoise import Tortoise

from connecto import __version__
from connecto.container import container
from connecto.timeutil import utcnow

CHECK_TIMEOUT_SECONDS = 2.0


async def _timed(check) -> dict:
    started = time.perf_counter()
    try:
        await asyncio.wait_for(check(), CHECK_TIMEOUT_SECONDS)
    except Exception as exc:  # any failure means "down"; the reason helps operators
        return {"status": "down", "error": type(exc).__name__}
    return {"status": "up", "latencyMs": round((time.perf_counter() - started) * 1000, 2)}


async def _database() -> None:
    await Tortoise.get_connection("default").execute_query("SELECT 1")


async def health() -> tuple[dict, int]:
    """healthy: everything up; degraded: Redis down (in-process fallbacks keep working on this
    node); unhealthy: PostgreSQL down. 503 only when unhealthy, so load balancers keep a
    degraded node."""
    redis = container().redis
    database = await _timed(_database)
    if redis is None:
        cache = {"status": "disabled", "mode": "in-process fallback"}
    else:
        cache = await _timed(redis.ping)
    if database["status"] != "up":
        status = "unhealthy"
    elif cache["status"] == "down":
        status = "degraded"
    else:
        status = "healthy"
    body = {
        "status": status,
        "timestamp": utcnow().isoformat(),
        "version": __version__,
        "services": {"database": database, "redis": cache},
    }
    return body, 503 if status == "unhealthy" else 200
