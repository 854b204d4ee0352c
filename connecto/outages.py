"""A backing service out of reach: which errors mean that, and how clients are told.

PostgreSQL and Redis can go away while the app runs (a restart, a failover, a network cut).
The errors that follow are not bugs: the request could not be served *now* and can be sent
again. Every one of them, wherever it surfaces (a route, a WebSocket handler), becomes
``503 SERVICE_UNAVAILABLE`` with ``Retry-After`` instead of a 500; this module is the one
place that decides which errors those are. A Redis error also switches this process to its
in-process fallbacks until Redis answers again (``connecto.redis_client``).
"""

from __future__ import annotations

import asyncpg
import redis.exceptions as redis_errors
from tortoise.exceptions import DBConnectionError

from connecto.errors import ConnectoError

# What clients are asked to wait before trying again (a restart or failover takes seconds).
RETRY_AFTER_SECONDS = 5

_REDIS = (redis_errors.ConnectionError, redis_errors.TimeoutError, redis_errors.ReadOnlyError)
_POSTGRES = (
    asyncpg.PostgresConnectionError,  # 08xxx: the connection failed or was lost
    # 57xxx: shutting down, starting up, crashed, or a statement cancelled (statement_timeout)
    asyncpg.exceptions.OperatorInterventionError,
    asyncpg.exceptions.InsufficientResourcesError,  # 53xxx: too many connections, disk full
    DBConnectionError,
)


NAMES = {"redis": "Redis", "postgresql": "The database", "backing service": "A backing service"}


def _chain(exc: BaseException):
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen and len(seen) < 8:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def service_of(exc: BaseException) -> str | None:
    """``"redis"``, ``"postgresql"`` or ``"backing service"`` when ``exc`` (or what caused
    it) means that service is out of reach, else None (a bug or a client error)."""
    for error in _chain(exc):
        if isinstance(error, _REDIS):
            return "redis"
        if isinstance(error, _POSTGRES):
            return "postgresql"
        if isinstance(error, asyncpg.InterfaceError) and "connection is closed" in str(error):
            return "postgresql"
    for error in _chain(exc):
        # asyncpg lets the socket's own errors through while connecting (refused, reset,
        # timed out); a wait for a busy resource that ran out of time is the same to clients.
        if isinstance(error, ConnectionError | TimeoutError):
            return "backing service"
    return None


def unavailable_error(exc: BaseException) -> ConnectoError | None:
    """The SERVICE_UNAVAILABLE error to answer for ``exc``, or None if it is not an outage.
    A Redis error also takes this process onto its fallbacks."""
    service = service_of(exc)
    if service is None:
        return None
    if service == "redis":
        from connecto import redis_client

        redis_client.mark_down(exc)
    return ConnectoError(
        "SERVICE_UNAVAILABLE",
        f"{NAMES[service]} is unavailable; try again shortly",
        details={"service": service, "retryAfterSeconds": RETRY_AFTER_SECONDS},
    )
