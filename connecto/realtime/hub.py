"""This process's sockets and the rooms they are in.

Every connection has a bounded queue drained by its own writer task, so a broadcast never
waits on one socket. When a client does not read and its queue fills up, it is disconnected
(close code 4008) instead of holding the room back or growing memory without bound.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from connecto.auth.context import Actor
from connecto.observability.metrics import WS_CONNECTIONS, WS_FRAMES_OUT

log = logging.getLogger("connecto.realtime")

CLOSE_SLOW_CONSUMER = 4008
CLOSE_RECONNECT = 4409  # the user's permissions changed: reconnect (same token is fine)
CLOSE_UNAUTHORIZED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_GOING_AWAY = 1001


class Connection:
    def __init__(self, ws: Any, actor: Actor, token_expires_at: datetime, queue_size: int) -> None:
        self.id = uuid.uuid4().hex
        self.ws = ws
        self.actor = actor
        self.token_expires_at = token_expires_at
        self.rooms: set[str] = set()
        self.queue: asyncio.Queue[str] = asyncio.Queue(maxsize=queue_size)
        self.closing = False
        self.writer: asyncio.Task | None = None
        # Set when a "leave rooms" order reached this connection (see gateway: joining).
        self.left_rooms_meanwhile = False

    @property
    def user_id(self) -> int:
        return self.actor.user_id

    def start(self) -> None:
        self.writer = asyncio.get_running_loop().create_task(
            self._write(), name=f"ws-writer-{self.id}"
        )

    def enqueue(self, frame: str) -> None:
        if self.closing:
            return
        try:
            self.queue.put_nowait(frame)
        except asyncio.QueueFull:
            log.warning("disconnecting slow consumer %s (user %s)", self.id, self.user_id)
            asyncio.get_running_loop().create_task(
                self.close(CLOSE_SLOW_CONSUMER, "slow consumer: messages were not read in time")
            )

    async def _write(self) -> None:
        try:
            while True:
                frame = await self.queue.get()
                await self.ws.send(frame)
                WS_FRAMES_OUT.inc()
        except asyncio.CancelledError:
            raise
        except Exception:  # the socket went away; the reader side cleans up
            await self.close(CLOSE_GOING_AWAY, "")

    async def close(self, code: int, reason: str) -> None:
        if self.closing:
            return
        self.closing = True
        if self.writer is not None and self.writer is not asyncio.current_task():
            self.writer.cancel()
        try:
            # A client that stopped reading may never take the close frame: do not wait long.
            await asyncio.wait_for(self.ws.close(code, reason), 2)
        except Exception:
            transport = getattr(getattr(self.ws, "io_proto", None), "transport", None)
            if transport is not None:
                transport.abort()


class Hub:
    def __init__(self) -> None:
        self.connections: dict[str, Connection] = {}
        self.by_user: dict[int, set[str]] = defaultdict(set)
        self.rooms: dict[str, set[str]] = defaultdict(set)

    def add(self, conn: Connection) -> None:
        self.connections[conn.id] = conn
        self.by_user[conn.user_id].add(conn.id)
        WS_CONNECTIONS.inc()

    def remove(self, conn: Connection) -> set[str]:
        """Forget a connection; returns the rooms it was in."""
        if self.connections.pop(conn.id, None) is not None:
            WS_CONNECTIONS.dec()
        self.by_user[conn.user_id].discard(conn.id)
        if not self.by_user[conn.user_id]:
            del self.by_user[conn.user_id]
        rooms = set(conn.rooms)
        for room in rooms:
            self._leave(conn, room)
        return rooms

    def join(self, conn: Connection, room: str) -> bool:
        """True when the connection was not in the room yet."""
        if room in conn.rooms:
            return False
        conn.rooms.add(room)
        self.rooms[room].add(conn.id)
        return True

    def leave(self, conn: Connection, room: str) -> bool:
        if room not in conn.rooms:
            return False
        self._leave(conn, room)
        return True

    def _leave(self, conn: Connection, room: str) -> None:
        conn.rooms.discard(room)
        members = self.rooms.get(room)
        if members is not None:
            members.discard(conn.id)
            if not members:
                del self.rooms[room]

    def of_user(self, user_id: int) -> list[Connection]:
        return [
            self.connections[cid]
            for cid in self.by_user.get(user_id, ())
            if cid in self.connections
        ]

    def in_room(self, room: str) -> list[Connection]:
        return [
            self.connections[cid] for cid in self.rooms.get(room, ()) if cid in self.connections
        ]

    def deliver(self, room: str, frame: str, exclude_user_ids: Iterable[int] = ()) -> int:
        excluded = set(exclude_user_ids)
        sent = 0
        for conn in self.in_room(room):
            if conn.user_id not in excluded:
                conn.enqueue(frame)
                sent += 1
        return sent

    async def close_all(self, code: int, reason: str) -> None:
        for conn in list(self.connections.values()):
            with contextlib.suppress(Exception):
                await conn.close(code, reason)


hub = Hub()
