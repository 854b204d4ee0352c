"""The shared Redis connection, and what this process does while Redis is away.

``container().redis`` is the client while Redis answers and None while it does not (or when
none is configured). Every module already treats None as "no Redis" and uses its in-process
fallback, so an outage degrades the node instead of failing it:

* the first Redis error (a request, an event handler, or the probe below, once a second)
  takes the process onto its fallbacks: unread counts straight from PostgreSQL, rate limits,
  presence and typing in this process, real-time fan-out to this process's sockets;
* a probe pings Redis every ``PROBE_SECONDS``; once it answers, the process switches back and
  runs the recovery hooks (``on_recovery``): counters that missed updates are dropped and
  rebuilt from PostgreSQL, this process's sockets are counted in Redis again.

``/health/ready`` answers 503 meanwhile, so a load balancer drains the node if others are fine.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable

from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError

from connecto.container import container

log = logging.getLogger("connecto.redis")

PROBE_SECONDS = 1.0

RecoveryHook = Callable[[Redis], Awaitable[None]]
_hooks: list[RecoveryHook] = []


def on_recovery(hook: RecoveryHook) -> RecoveryHook:
    """Register ``hook(redis)``, run each time Redis answers again after an outage (in the
    order registered, after the process switched back to Redis)."""
    if hook not in _hooks:
        _hooks.append(hook)
    return hook


class RedisLink:
    """The configured client and whether this process currently uses it."""

    def __init__(self, client: Redis, url: str) -> None:
        self.client = client
        self.url = url
        self.up = False
        self.recovering = False  # up again, the recovery hooks still running
        self.down_since: float | None = time.monotonic()
        self.last_error: str | None = None
        self._probe: asyncio.Task | None = None

    def mark_down(self, exc: BaseException | None) -> None:
        self.last_error = type(exc).__name__ if exc is not None else "unreachable"
        if not self.up:
            return
        self.up = False
        self.down_since = time.monotonic()
        container().redis = None
        log.error(
            "Redis at %s is unreachable (%s): in-process fallbacks until it answers",
            self.url,
            exc,
        )

    async def mark_up(self) -> None:
        if self.up:
            return
        self.up = True
        container().redis = self.client
        outage = time.monotonic() - (self.down_since or time.monotonic())
        self.down_since = None
        log.warning("Redis at %s answers again after %.1fs; recovering", self.url, outage)
        self.recovering = True
        # Idle connections from before a restart are dead: open fresh ones.
        await self.client.connection_pool.disconnect(inuse_connections=False)
        try:
            for hook in list(_hooks):
                try:
                    await hook(self.client)
                except Exception as exc:
                    name = getattr(hook, "__qualname__", hook)
                    log.exception("Redis recovery step %s failed", name)
                    if isinstance(exc, RedisError | OSError):
                        self.mark_down(exc)
                        return
        finally:
            self.recovering = False

    @property
    def serving(self) -> bool:
        """This process uses Redis again and has finished recovering."""
        return self.up and not self.recovering

    def start_probe(self, timeout: float) -> None:
        async def probe() -> None:
            while True:
                await asyncio.sleep(PROBE_SECONDS)
                try:
                    await asyncio.wait_for(self.client.ping(), timeout)
                except asyncio.CancelledError:
                    raise
                except Exception as exc:
                    self.mark_down(exc)
                    continue
                await self.mark_up()

        self._probe = asyncio.get_running_loop().create_task(probe(), name="redis-probe")

    async def close(self) -> None:
        if self._probe is not None:
            self._probe.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._probe
            self._probe = None
        await self.client.aclose()


_link: RedisLink | None = None


def link() -> RedisLink | None:
    """The configured Redis of this process (whether it is up or not); None without one."""
    return _link


def mark_down(exc: BaseException | None = None) -> None:
    """Redis failed a command: switch this process to its fallbacks until the probe sees it
    answer again."""
    if _link is not None:
        _link.mark_down(exc)


def in_outage() -> bool:
    """A Redis is configured but this process is on its fallbacks."""
    return _link is not None and not _link.up


# A connection the server closed (a restart, an idle timeout) is replaced once, instead of
# failing the command.
RETRY_ONCE = {"retry": Retry(NoBackoff(), 1), "retry_on_error": [RedisConnectionError]}


def build_client(settings) -> Redis:
    """A client on a blocking pool: a burst beyond ``redis_max_connections`` waits for a free
    connection (up to ``redis_pool_timeout_seconds``) instead of failing at once."""
    pool = BlockingConnectionPool.from_url(
        settings.redis_url,
        max_connections=settings.redis_max_connections,
        timeout=settings.redis_pool_timeout_seconds,
        decode_responses=True,
        socket_timeout=settings.redis_socket_timeout_seconds,
        socket_connect_timeout=settings.redis_connect_timeout_seconds,
        socket_keepalive=True,
        health_check_interval=30,
        **RETRY_ONCE,
    )
    return Redis(connection_pool=pool)


async def connect(settings) -> Redis | None:
    """The client when Redis answers; None without one, or while it does not answer (then the
    probe, started by ``start_probe``, switches over once it does)."""
    global _link
    _link = None
    if not settings.redis_url:
        if settings.require_services:
            raise RuntimeError("CONNECTO_REQUIRE_SERVICES is set but CONNECTO_REDIS_URL is empty")
        log.warning(
            "No CONNECTO_REDIS_URL: using in-process bus, counters and rate limits "
            "(single process only)"
        )
        return None
    client = build_client(settings)
    try:
        await asyncio.wait_for(client.ping(), settings.redis_connect_timeout_seconds * 2)
    except (RedisError, OSError, TimeoutError) as exc:
        if settings.require_services:
            await client.aclose()
            raise RuntimeError(f"Redis at {settings.redis_url} is unreachable: {exc}") from exc
        log.error(
            "Redis at %s is unreachable (%s): in-process fallbacks until it answers",
            settings.redis_url,
            exc,
        )
        _link = RedisLink(client, settings.redis_url)
        return None
    _link = RedisLink(client, settings.redis_url)
    _link.up, _link.down_since = True, None
    return client


def start_probe(settings) -> None:
    if _link is not None:
        _link.start_probe(settings.redis_socket_timeout_seconds)


async def close() -> None:
    global _link
    if _link is not None:
        await _link.close()
        _link = None
