"""A WebSocket test client speaking the gateway's protocol, with pushes buffered."""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Callable
from typing import Any

import websockets

DEFAULT_TIMEOUT = 10.0


class WsClient:
    def __init__(self, conn: websockets.ClientConnection) -> None:
        self.conn = conn
        self.pushes: list[dict] = []
        self._acks: dict[int, asyncio.Future] = {}
        self._arrived = asyncio.Condition()
        self._ids = itertools.count(1)
        self._reader = asyncio.get_running_loop().create_task(self._read())
        self.closed: asyncio.Future = asyncio.get_running_loop().create_future()

    @classmethod
    async def connect(cls, base_url: str, token: str | None = None, **kwargs: Any) -> WsClient:
        url = base_url.replace("http://", "ws://") + "/ws" + (f"?token={token}" if token else "")
        conn = await websockets.connect(url, open_timeout=10, max_size=4 * 1024 * 1024, **kwargs)
        client = cls(conn)
        if token:
            await client._settled_in()
        return client

    async def _settled_in(self) -> None:
        """Wait (without consuming it) for ``connected``: the server has put the socket in its
        rooms, so anything published from now on reaches it. A refused token closes instead."""

        async def wait() -> None:
            async with self._arrived:
                while not self.closed.done() and not any(
                    frame.get("event") == "connected" for frame in self.pushes
                ):
                    await self._arrived.wait()

        await asyncio.wait_for(wait(), DEFAULT_TIMEOUT)

    async def _read(self) -> None:
        try:
            async for raw in self.conn:
                frame = json.loads(raw)
                if "ack" in frame and "event" not in frame:
                    future = self._acks.pop(frame["ack"], None)
                    if future is not None and not future.done():
                        future.set_result(frame)
                    continue
                async with self._arrived:
                    self.pushes.append(frame)
                    self._arrived.notify_all()
        except websockets.ConnectionClosed:
            pass
        finally:
            if not self.closed.done():
                self.closed.set_result((self.conn.close_code, self.conn.close_reason))
            async with self._arrived:
                self._arrived.notify_all()

    async def call(self, event: str, data: Any = None, timeout: float = DEFAULT_TIMEOUT) -> dict:
        """Send a frame with an ack id; return the ack ``{"ack", "ok", "data"|"error"}``."""
        ack = next(self._ids)
        future = asyncio.get_running_loop().create_future()
        self._acks[ack] = future
        await self.conn.send(
            json.dumps({"event": event, "data": {} if data is None else data, "ack": ack})
        )
        return await asyncio.wait_for(future, timeout)

    async def ok(self, event: str, data: Any = None) -> Any:
        reply = await self.call(event, data)
        assert reply["ok"], reply
        return reply["data"]

    async def send_raw(self, raw: str | bytes) -> None:
        await self.conn.send(raw)

    async def expect(
        self,
        event: str,
        where: Callable[[dict], bool] = lambda d: True,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> dict:
        """Wait for (and consume) the first push of ``event`` whose data matches."""

        def find() -> dict | None:
            for frame in self.pushes:
                if frame.get("event") == event and where(frame.get("data")):
                    self.pushes.remove(frame)
                    return frame["data"]
            return None

        async def wait() -> dict:
            async with self._arrived:
                while True:
                    found = find()
                    if found is not None:
                        return found
                    if self.closed.done():
                        raise AssertionError(
                            f"closed {self.closed.result()} before {event}; got {self.pushes}"
                        )
                    await self._arrived.wait()

        try:
            return await asyncio.wait_for(wait(), timeout)
        except TimeoutError:
            raise AssertionError(
                f"no {event} within {timeout}s; got {[p.get('event') for p in self.pushes]}"
            ) from None

    def seen(self, event: str, where: Callable[[dict], bool] = lambda d: True) -> list[dict]:
        return [f["data"] for f in self.pushes if f.get("event") == event and where(f.get("data"))]

    async def settle(self) -> None:
        """Round-trip a ping: pushes published before it by this server have been read."""
        await self.ok("ping")

    async def close(self) -> None:
        await self.conn.close()
        self._reader.cancel()
