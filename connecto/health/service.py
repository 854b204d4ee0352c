"""Health of the service: ``GET /health`` (public, one round trip per backing service),
``GET /health/live`` and ``GET /health/ready`` (probes for load balancers and orchestrators),
``GET /health/detailed`` (admins and monitoring: every service with its latency and numbers,
this process and the cluster, the spec's 9.2 fields).

Other parts add their own service to the detailed report with ``register_check`` (object
storage does, once it exists): a coroutine returning ``{"status": "up"|"down"|..., ...}``.
"""

from __future__ import annotations

import asyncio
import functools
import os
import resource
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from tortoise import Tortoise

from connecto import __version__, outages, redis_client
from connecto.container import container
from connecto.db import MIGRATIONS_DIR
from connecto.errors import ConnectoError
from connecto.jobs import service as jobs
from connecto.notifications import delivery
from connecto.observability import metrics
from connecto.realtime import presence
from connecto.realtime.hub import hub
from connecto.timeutil import utcnow

CHECK_TIMEOUT_SECONDS = 2.0
STARTED = time.time()

Check = Callable[[], Awaitable[dict]]
_checks: dict[str, Check] = {}


def register_check(name: str, check: Check) -> None:
    """Add a service to /health/detailed (``services.<name>``); a "down" one makes the node
    "degraded"."""
    _checks[name] = check


async def _timed(check) -> dict:
    started = time.perf_counter()
    try:
        details = await asyncio.wait_for(check(), CHECK_TIMEOUT_SECONDS)
    except Exception as exc:  # any failure means "down"; the reason helps operators
        return {"status": "down", "error": type(exc).__name__}
    result = {"status": "up", "latencyMs": round((time.perf_counter() - started) * 1000, 2)}
    if isinstance(details, dict):
        result.update(details)
    return result


async def _database() -> None:
    await Tortoise.get_connection("default").execute_query("SELECT 1")


def _overall(database: dict, others: list[dict]) -> str:
    if database["status"] != "up":
        return "unhealthy"
    if any(service.get("status") == "down" for service in others):
        return "degraded"
    return "healthy"


async def _redis_ping() -> dict:
    """Redis as this process sees it: disabled (none configured), up, or down (then this
    process is on its in-process fallbacks)."""
    link = redis_client.link()
    if link is None:
        return {"status": "disabled", "mode": "in-process fallback"}
    result = await _timed(link.client.ping)
    if not link.serving:
        result["mode"] = "in-process fallback"
        if result["status"] == "up":
            result["recovering"] = True  # answers again; this process switches back shortly
    return result


async def health() -> tuple[dict, int]:
    """healthy: everything up; degraded: Redis down (in-process fallbacks keep working on this
    node); unhealthy: PostgreSQL down. 503 only when unhealthy; load balancers should ask
    ``/health/ready``, which also refuses a node whose Redis is away."""
    database = await _timed(_database)
    cache = await _redis_ping()
    status = _overall(database, [cache])
    body = {
        "status": status,
        "timestamp": utcnow().isoformat(),
        "version": __version__,
        "services": {"database": database, "redis": cache},
    }
    return body, 503 if status == "unhealthy" else 200


# --- probes for load balancers and orchestrators ----------------------------------------------


def live() -> dict:
    """The process answers (its event loop runs); nothing else is checked, so a restart of
    PostgreSQL or Redis never gets healthy processes killed."""
    return {"status": "alive", "pid": os.getpid(), "uptimeSeconds": round(time.time() - STARTED)}


async def _pending_migrations() -> dict:
    return {"pending": await _pending()}


async def ready() -> dict:
    """Whether this node can serve: PostgreSQL answers, every migration is applied, and Redis
    answers when one is configured (without it this process runs on fallbacks, see
    ``connecto.redis_client``). Raises SERVICE_UNAVAILABLE (503, Retry-After) otherwise."""
    database = await _timed(_pending_migrations)
    checks = {"database": database, "redis": await _redis_ping()}
    problems = []
    if database["status"] != "up":
        problems.append("the database is unreachable")
    elif database["pending"]:
        problems.append("migrations are pending")
    if checks["redis"]["status"] == "down":
        problems.append("Redis is unreachable")
    elif checks["redis"].get("recovering"):
        problems.append("Redis is back and this node is recovering")
    if problems:
        raise ConnectoError(
            "SERVICE_UNAVAILABLE",
            f"Not ready: {', '.join(problems)}",
            details={"checks": checks, "retryAfterSeconds": outages.RETRY_AFTER_SECONDS},
        )
    return {"status": "ready", "checks": checks}


# --- the detailed report -----------------------------------------------------------------------


@functools.cache  # the files do not change while the process runs
def _migration_files() -> frozenset[str]:
    return frozenset(path.name for path in (Path(MIGRATIONS_DIR) / "models").glob("*.py"))


async def _applied() -> set[str]:
    rows = await Tortoise.get_connection("default").execute_query_dict("SELECT version FROM aerich")
    return {row["version"] for row in rows}


async def _pending() -> list[str]:
    return sorted(_migration_files() - await _applied())


async def _database_details() -> dict:
    connection = Tortoise.get_connection("default")
    await connection.execute_query("SELECT 1")
    applied = await _applied()
    pending = sorted(_migration_files() - applied)
    pool = getattr(connection, "_pool", None)
    details: dict = {"migrations": {"applied": len(applied), "pending": pending}}
    if pool is not None:
        size, idle = pool.get_size(), pool.get_idle_size()
        details["connectionPool"] = {
            "open": size,
            "idle": idle,
            "inUse": size - idle,
            "max": pool.get_max_size(),
        }
    return details


async def _redis_details() -> dict:
    info = await redis_client.link().client.info()
    return {
        "memory": {
            "used": info.get("used_memory_human"),
            "peak": info.get("used_memory_peak_human"),
            "fragmentation": info.get("mem_fragmentation_ratio"),
        },
        "connections": {
            "clients": info.get("connected_clients"),
            "blocked": info.get("blocked_clients"),
        },
        "keyspaceHits": info.get("keyspace_hits"),
        "keyspaceMisses": info.get("keyspace_misses"),
    }


async def _job_broker() -> dict:
    try:
        return await asyncio.wait_for(jobs.broker_status(), CHECK_TIMEOUT_SECONDS)
    except Exception as exc:
        return {"status": "down", "error": type(exc).__name__}


async def _websocket() -> dict:
    rooms = len(hub.rooms)
    members = sum(len(ids) for ids in hub.rooms.values())
    try:
        cluster = await presence.cluster_connections()
    except Exception:  # Redis away: this process is all we can see
        cluster = None
    return {
        "status": "up",
        "connections": {"process": len(hub.connections), "cluster": cluster},
        "users": {"process": len(hub.by_user)},
        "rooms": {"count": rooms, "averageSize": round(members / rooms, 2) if rooms else 0},
    }


def _process() -> dict:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    rss = None
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        rss = pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        pass
    return {
        "pid": os.getpid(),
        "uptimeSeconds": round(time.time() - STARTED, 1),
        "memory": {"rssBytes": rss, "peakRssBytes": usage.ru_maxrss * 1024},
        "cpuSeconds": round(usage.ru_utime + usage.ru_stime, 2),
    }


def _deliveries(families: list) -> dict:
    """Notification delivery outcomes per channel since the node started, with the share of
    finished attempts that reached the provider or the user."""
    by_channel: dict[str, dict[str, int]] = {}
    for family in families:
        for sample in family.samples:
            if sample.name == "connecto_notification_deliveries_total":
                outcomes = by_channel.setdefault(sample.labels["channel"], {})
                outcomes[sample.labels["outcome"]] = int(sample.value)
    for outcomes in by_channel.values():
        done = outcomes.get("sent", 0) + outcomes.get("delivered", 0)
        finished = done + outcomes.get("failed", 0)
        outcomes["successRate"] = round(done / finished, 4) if finished else None
    return by_channel


def _node_numbers(families: list) -> dict:
    """Totals since the node started, summed over its processes (rates: see /health/metrics)."""
    requests = metrics.total(families, "connecto_http_request_duration_seconds_count")
    seconds = metrics.total(families, "connecto_http_request_duration_seconds_sum")
    errors = sum(
        metrics.total(families, "connecto_http_request_duration_seconds_count", status=str(code))
        for code in range(500, 600)
    )
    hits = metrics.total(families, "connecto_unread_cache_lookups_total", result="hit")
    misses = metrics.total(families, "connecto_unread_cache_lookups_total", result="miss")
    return {
        "requests": int(requests),
        "avgResponseMs": round(seconds * 1000 / requests, 2) if requests else None,
        "errorRate": round(errors / requests, 4) if requests else None,
        "messagesSent": int(metrics.total(families, "connecto_messages_sent_total")),
        "websocketFrames": {
            "in": int(metrics.total(families, "connecto_ws_frames_total", direction="in")),
            "out": int(metrics.total(families, "connecto_ws_frames_total", direction="out")),
        },
        "jobRuns": {
            outcome: int(metrics.total(families, "connecto_job_runs_total", outcome=outcome))
            for outcome in ("success", "error")
        },
        "rateLimitRefusals": int(metrics.total(families, "connecto_rate_limit_refusals_total")),
        # spec 12.3: above 95 %
        "unreadCacheHitRatio": round(hits / (hits + misses), 4) if hits + misses else None,
    }


async def detailed() -> tuple[dict, int]:
    database = await _timed(_database_details)
    if redis_client.link() is None:
        cache = {"status": "disabled", "mode": "in-process fallback"}
    else:
        cache = await _timed(_redis_details)
        if not redis_client.link().up:
            cache["mode"] = "in-process fallback"
    families = await asyncio.to_thread(metrics.families)
    services = {
        "database": database,
        "redis": cache,
        "jobBroker": await _job_broker(),
        "websocket": await _websocket(),
        "notifications": {
            "status": "up",
            "channels": sorted(channel.value for channel in delivery.configured_channels()),
            "deliveries": _deliveries(families),
        },
    }
    for name, check in _checks.items():
        services[name] = await _timed(check)
    if "storage" not in services:
        services["storage"] = {"status": "disabled", "reason": "no object storage configured"}
    status = _overall(database, [s for name, s in services.items() if name != "database"])
    body = {
        "status": status,
        "timestamp": utcnow().isoformat(),
        "version": __version__,
        "environment": container().settings.env,
        "process": _process(),
        "services": services,
        "metrics": _node_numbers(families),
    }
    return body, 503 if status == "unhealthy" else 200
