"""Fan-out of room broadcasts and connection control across processes.

With Redis, every process publishes on, and subscribes to, one channel. Each process applies
what it receives to its own sockets (``hub``). One channel (rather than one per room) keeps
the order of everything a process publishes: a "join this room" control message is applied
before the broadcast that follows it, so a member added to a planet cannot miss the message
sent right after. The cost is that every process sees every event, which is fine for the
handful of nodes one deployment runs; sharding the channel by room would be the next step.
Without Redis the same envelopes are applied in-process (embedded mode, one process).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import os
import time
from collections.abc import Iterable
from typing import Any

import orjson
from redis.asyncio import Redis
from redis.exceptions import RedisError

from connecto import redis_client
from connecto.auth import session_cache
from connecto.observability.metrics import FANOUT_SECONDS
from connecto.realtime import protocol
from connecto.realtime.hub import hub

log = logging.getLogger("connecto.realtime.bus")

CHANNEL = "connecto:realtime"


def apply(envelope: dict[str, Any]) -> None:
    """Carry out one envelope on this process's sockets."""
    kind = envelope["k"]
    if kind == "room":
        sent = hub.deliver(
            envelope["room"],
            protocol.push(envelope["event"], envelope["data"]),
            envelope.get("x", ()),
        )
        # Published at "t" (wall clock: the publisher may be another node). Only processes
        # that had someone to deliver to say how long the fan-out took.
        if sent and "t" in envelope:
            FANOUT_SECONDS.observe(max(0.0, time.time() - envelope["t"]))
    elif kind == "users":
        # One envelope for many personal pushes (unread counts of every member of a planet).
        event = envelope["event"]
        for user_id, data in envelope["items"].items():
            conns = hub.of_user(int(user_id))
            if conns:
                frame = protocol.push(event, data)
                for conn in conns:
                    conn.enqueue(frame)
    elif kind == "join":
        for conn in hub.of_user(envelope["user"]):
            if hub.join(conn, envelope["room"]):
                conn.enqueue(
                    protocol.push(
                        "room:joined", {"room": envelope["room"], "reason": envelope["reason"]}
                    )
                )
    elif kind == "leave":
        prefix = envelope["prefix"]
        targets = (
            hub.of_user(envelope["user"])
            if envelope.get("user") is not None
            else list(hub.connections.values())
        )
        for conn in targets:
            conn.left_rooms_meanwhile = True
            for room in sorted(r for r in conn.rooms if r == prefix or r.startswith(prefix + ":")):
                hub.leave(conn, room)
                conn.enqueue(
                    protocol.push("room:left", {"room": room, "reason": envelope["reason"]})
                )
    elif kind == "disconnect":
        sessions = set(envelope.get("sessions") or ())
        for conn in hub.of_user(envelope["user"]):
            if not sessions or str(conn.actor.session_id) in sessions:
                conn.enqueue(
                    protocol.push(
                        "error",
                        {
                            "code": envelope["errorCode"],
                            "reason": envelope["reason"],
                            "details": {},
                        },
                    )
                )
                asyncio.get_running_loop().create_task(
                    conn.close(envelope["code"], envelope["reason"])
                )
    elif kind == "auth":
        session_cache.forget_user(envelope["user"])
    else:
        log.warning("unknown envelope kind %r", kind)


class Bus:
    def __init__(self) -> None:
        # Envelope ids ("origin:n") let this process recognise its own envelope coming back
        # from Redis after a publish that reported failure but did reach Redis (a timeout
        # after the write): it was delivered locally already and must not be twice.
        self._origin = f"{os.getpid()}-{time.monotonic_ns()}"
        self._sequence = itertools.count()
        self._applied_locally: dict[str, float] = {}
        self._publisher: Redis | None = None
        self._subscriber: Redis | None = None
        self._publish_lock = asyncio.Lock()
        self._listener: asyncio.Task | None = None
        self._ready = asyncio.Event()
        self._subscribed = False

    @property
    def distributed(self) -> bool:
        return self._publisher is not None

    async def start(
        self, redis_url: str | None, *, reply_timeout: float = 5.0, connect_timeout: float = 2.0
    ) -> None:
        if not redis_url:
            return
        # One connection for publishing keeps this process's envelopes in order.
        self._publisher = Redis.from_url(
            redis_url,
            decode_responses=True,
            single_connection_client=True,
            # A publish that hangs would hold the lock every other publish waits for.
            socket_timeout=reply_timeout,
            socket_connect_timeout=connect_timeout,
            **redis_client.RETRY_ONCE,
        )
        self._subscriber = Redis.from_url(redis_url, decode_responses=True)
        self._listener = asyncio.get_running_loop().create_task(self._listen(), name="realtime-bus")
        if redis_client.in_outage():
            return  # the listener subscribes once Redis answers; local delivery meanwhile
        await asyncio.wait_for(self._ready.wait(), 10)

    async def stop(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
        for client in (self._publisher, self._subscriber):
            if client is not None:
                await client.aclose()
        self._publisher = self._subscriber = self._listener = None

    async def _listen(self) -> None:
        delay = 0.5
        while True:
            pubsub = self._subscriber.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(CHANNEL)
                self._subscribed = True
                self._ready.set()
                delay = 0.5
                async for message in pubsub.listen():
                    if message.get("type") == "message":
                        try:
                            envelope = orjson.loads(message["data"])
                            if self._applied_locally.pop(envelope.get("id"), None) is None:
                                apply(envelope)
                        except Exception:
                            log.exception("bad realtime envelope")
            except asyncio.CancelledError:
                with contextlib.suppress(Exception):
                    await pubsub.aclose()
                raise
            except Exception as exc:  # Redis went away: retry, meanwhile local delivery only
                # Once per outage, not once per attempt.
                (log.error if self._subscribed else log.debug)(
                    "realtime bus lost Redis (%s); retrying every %.1fs at most", exc, 2.0
                )
                self._subscribed = False
                with contextlib.suppress(Exception):
                    await pubsub.aclose()
                await asyncio.sleep(delay)
                # Short: until it is subscribed again, other processes' envelopes miss this one.
                delay = min(delay * 2, 2)

    async def send(self, envelope: dict[str, Any]) -> None:
        # While Redis is away (redis_client's probe says when it is back) this process's
        # sockets still get everything published here, without waiting on a dead server.
        if self._publisher is None or redis_client.in_outage():
            apply(envelope)
            return
        envelope["id"] = f"{self._origin}:{next(self._sequence)}"
        # Not subscribed (yet, after an outage): our own envelope will not come back to us.
        local = not self._subscribed
        try:
            async with self._publish_lock:
                await self._publisher.publish(CHANNEL, protocol.encode(envelope))
        except Exception as exc:
            log.error("realtime publish failed (%s); delivering locally only", exc)
            if isinstance(exc, RedisError):
                redis_client.mark_down(exc)
            local = True
        if local:
            # Degraded: this process's sockets still get it (once, see _applied_locally).
            self._remember_local(envelope["id"])
            apply(envelope)

    def _remember_local(self, envelope_id: str) -> None:
        now = time.monotonic()
        # Insertion order is time order: drop from the oldest until one is young enough (no
        # copy of the whole dict per send while an outage piles entries up).
        while self._applied_locally:
            old_id, at = next(iter(self._applied_locally.items()))
            if now - at < 60:
                break
            del self._applied_locally[old_id]
        self._applied_locally[envelope_id] = now


bus = Bus()


async def publish(
    room: str, event: str, data: Any, *, exclude_user_ids: Iterable[int] = ()
) -> None:
    await bus.send(
        {
            "k": "room",
            "room": room,
            "event": event,
            "data": data,
            "x": sorted(set(exclude_user_ids)),
            "t": time.time(),
        }
    )


async def publish_to_user(user_id: int, event: str, data: Any) -> None:
    await publish(f"user:{user_id}", event, data)


async def publish_to_users(event: str, data_by_user: dict[int, Any]) -> None:
    """A personal push to each of these users (``user:{id}`` rooms), in one bus message."""
    if data_by_user:
        await bus.send({"k": "users", "event": event, "items": data_by_user})


async def add_user_to_room(user_id: int, room: str, reason: str = "membership") -> None:
    """Every live connection of the user, on any process, joins the room."""
    await bus.send({"k": "join", "user": user_id, "room": room, "reason": reason})


async def remove_user_from_rooms(user_id: int | None, prefix: str, reason: str) -> None:
    """Connections leave ``prefix`` and every room under it (``planet:7`` also leaves
    ``planet:7:general``, ...). ``user_id=None``: everyone's connections."""
    await bus.send({"k": "leave", "user": user_id, "prefix": prefix, "reason": reason})


async def disconnect_user(
    user_id: int, *, code: int, error_code: str, reason: str, session_ids: Iterable[str] = ()
) -> None:
    await bus.send(
        {
            "k": "disconnect",
            "user": user_id,
            "code": code,
            "errorCode": error_code,
            "reason": reason,
            "sessions": [str(s) for s in session_ids],
        }
    )


async def forget_sessions_of(user_id: int) -> None:
    """Every process drops its cached session state of the user (sign-out, ban, role change).
    This process first, so its next request already sees the change."""
    session_cache.forget_user(user_id)
    await bus.send({"k": "auth", "user": user_id})
