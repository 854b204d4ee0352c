"""An efficient client for Connecto's public API (aiohttp for HTTP and WebSocket) that records
what it did and what it observed.

One ``Recorder`` collects every request's latency (``Sample``) and every ``message:new`` a
socket received (``Delivery``). Times are ``time.monotonic()`` seconds relative to the
recorder's start, so samples of one run line up on one axis.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp


@dataclass(slots=True)
class Sample:
    at: float  # seconds since the run started, when the request was sent
    op: str  # e.g. "rest:GET /users/me", "ws:message:send"
    ms: float  # latency in milliseconds (until the answer or the ack)
    ok: bool
    code: str  # HTTP status or error code ("200", "RATE_LIMITED", "timeout", ...)
    user: int


@dataclass(slots=True)
class Delivery:
    at: float  # when the socket received it
    socket: int
    user: int
    planet: int
    message: int
    client_message_id: str | None


class Recorder:
    def __init__(self) -> None:
        self.started = time.monotonic()
        self.samples: list[Sample] = []
        self.deliveries: list[Delivery] = []
        # clientMessageId -> seconds since start when the send left the client
        self.sent_at: dict[str, float] = {}
        self.events: dict[str, int] = {}  # other pushes received, by event name

    def now(self) -> float:
        return time.monotonic() - self.started

    def sample(self, at: float, op: str, ok: bool, code: str, user: int) -> None:
        self.samples.append(Sample(at, op, (self.now() - at) * 1000, ok, code, user))


class ApiError(Exception):
    """A refusal (``answered``: the server said no) or a transport failure or timeout (not
    answered: the request may or may not have taken effect)."""

    def __init__(self, status: int, code: str, body: Any, *, answered: bool = True) -> None:
        super().__init__(f"{status} {code}: {body}")
        self.status, self.code, self.body, self.answered = status, code, body, answered


def token_expiry(token: str) -> float:
    """The ``exp`` claim of a JWT (not verified: only to know when to refresh)."""
    payload = token.split(".")[1]
    payload += "=" * (-len(payload) % 4)
    return float(json.loads(base64.urlsafe_b64decode(payload))["exp"])


class Http:
    """One aiohttp session for every simulated user: pooled keep-alive connections."""

    def __init__(self, base_url: str, recorder: Recorder, *, connections: int = 256) -> None:
        self.base_url = base_url.rstrip("/")
        self.ws_url = self.base_url.replace("http", "ws", 1) + "/ws"
        self.recorder = recorder
        self.session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=connections, limit_per_host=0),
            timeout=aiohttp.ClientTimeout(total=30),
        )
        # A WebSocket keeps its connection for life: sockets get their own, unlimited pool.
        self.ws_session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=0),
            timeout=aiohttp.ClientTimeout(total=None, sock_connect=30),
        )

    async def close(self) -> None:
        await self.session.close()
        await self.ws_session.close()

    async def request(
        self,
        method: str,
        path: str,
        *,
        op: str | None = None,
        token: str | None = None,
        user: int = 0,
        json_body: Any = None,
        params: dict | None = None,
        expect: tuple[int, ...] = (200, 201),
        retries: int | None = None,
    ) -> Any:
        """Send one request, record it, return the decoded body; raise ApiError otherwise.
        Setting up (ops named ``setup:...``) tries again after a 5xx or a transport error: a
        busy server must not stop the run before it starts; measured requests never retry."""
        label = op or f"rest:{method} {path}"
        attempts = 1 + (retries if retries is not None else 4 if label.startswith("setup:") else 0)
        for attempt in range(attempts):
            try:
                return await self._request_once(
                    method, path, label, token, user, json_body, params, expect
                )
            except ApiError as exc:
                if attempt == attempts - 1 or (exc.answered and exc.status < 500):
                    raise
                await asyncio.sleep(0.5 * 2**attempt)
        raise AssertionError("unreachable")

    async def _request_once(
        self, method, path, label, token, user, json_body, params, expect
    ) -> Any:
        headers = {"Authorization": f"Bearer {token}"} if token else None
        at = self.recorder.now()
        try:
            async with self.session.request(
                method, self.base_url + path, json=json_body, params=params, headers=headers
            ) as response:
                raw = await response.read()
                status = response.status
        except (aiohttp.ClientError, TimeoutError) as exc:
            self.recorder.sample(at, label, False, type(exc).__name__, user)
            raise ApiError(0, type(exc).__name__, str(exc), answered=False) from exc
        body = json.loads(raw) if raw else None
        if status in expect:
            self.recorder.sample(at, label, True, str(status), user)
            return body
        code = body.get("error", {}).get("code", str(status)) if isinstance(body, dict) else ""
        self.recorder.sample(at, label, False, code or str(status), user)
        raise ApiError(status, code, body)


@dataclass
class Member:
    """A signed-in simulated user."""

    http: Http
    user_id: int
    email: str
    access_token: str
    refresh_token: str
    nickname: str = ""
    expires_at: float = 0.0
    sockets: list[Socket] = field(default_factory=list)

    @classmethod
    async def sign_in(
        cls, http: Http, email: str, *, name: str, push_token: str | None = None
    ) -> Member:
        minted = await http.request(
            "POST",
            "/dev/idp/token",
            op="setup:id-token",
            json_body={"provider": "GOOGLE", "email": email, "name": name},
        )
        body: dict[str, Any] = {"provider": "GOOGLE", "idToken": minted["idToken"]}
        if push_token:
            body["pushToken"] = push_token
            body["deviceInfo"] = {"platform": "ANDROID", "deviceId": push_token[:32]}
        data = await http.request(
            "POST", "/api/v1/auth/sign/social", op="rest:sign-in", json_body=body, retries=4
        )
        member = cls(
            http,
            data["user"]["id"],
            email,
            data["accessToken"],
            data["refreshToken"],
            nickname=name,
        )
        member.expires_at = token_expiry(member.access_token)
        return member

    async def fresh_token(self, min_left: float = 60) -> str:
        """The access token, refreshed (and handed to the open sockets) when it has less than
        ``min_left`` seconds to live."""
        if self.expires_at - time.time() > min_left:
            return self.access_token
        data = await self.http.request(
            "POST",
            "/api/v1/auth/refresh",
            op="rest:refresh",
            user=self.user_id,
            json_body={"refreshToken": self.refresh_token},
        )
        self.access_token, self.refresh_token = data["accessToken"], data["refreshToken"]
        self.expires_at = token_expiry(self.access_token)
        for sock in self.sockets:
            if not sock.closed:
                await sock.call("auth", {"token": self.access_token}, op="ws:auth")
        return self.access_token

    async def api(self, method: str, path: str, **kwargs: Any) -> Any:
        token = await self.fresh_token()
        return await self.http.request(method, path, token=token, user=self.user_id, **kwargs)

    async def connect(self, recorder: Recorder, **kwargs: Any) -> Socket:
        sock = await Socket.open(self.http, recorder, self, await self.fresh_token(), **kwargs)
        self.sockets.append(sock)
        return sock


_socket_ids = itertools.count(1)


class Socket:
    """One WebSocket of a member. Records acks as samples and ``message:new`` as deliveries."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse, recorder: Recorder, user: int) -> None:
        self.id = next(_socket_ids)
        self.ws = ws
        self.recorder = recorder
        self.user = user
        self.connected_at = recorder.now()
        self.closed_at: float | None = None
        self.close_code: int | None = None
        self.received: dict[int, int] = {}  # message id -> times received on this socket
        self.last_seen: dict[int, int] = {}  # planet id -> newest message id received
        self.on_message: Callable[[Socket, dict], None] | None = None
        self.record_deliveries = True
        self._acks: dict[int, asyncio.Future] = {}
        self._ack_ids = itertools.count(1)
        self._reader: asyncio.Task | None = None

    @classmethod
    async def open(
        cls,
        http: Http,
        recorder: Recorder,
        member: Member,
        token: str,
        *,
        timeout: float = 30,
        record_deliveries: bool = True,
    ) -> Socket:
        at = recorder.now()
        try:
            ws = await http.ws_session.ws_connect(
                f"{http.ws_url}?token={token}",
                autoping=True,
                heartbeat=None,
                max_msg_size=4 * 1024 * 1024,
                timeout=aiohttp.ClientWSTimeout(ws_receive=None, ws_close=10),
            )
            # ``connected`` says the server put the socket in its rooms; pushes from those
            # rooms (presence) may come first.
            frame = await asyncio.wait_for(cls._until_connected(ws), timeout)
        except (aiohttp.ClientError, TimeoutError) as exc:
            recorder.sample(at, "ws:connect", False, type(exc).__name__, member.user_id)
            raise ApiError(0, type(exc).__name__, str(exc), answered=False) from exc
        if frame.get("event") != "connected":
            code = frame.get("data", {}).get("code", f"close {ws.close_code}")
            recorder.sample(at, "ws:connect", False, code, member.user_id)
            await ws.close()
            raise ApiError(0, code, frame)
        recorder.sample(at, "ws:connect", True, "connected", member.user_id)
        sock = cls(ws, recorder, member.user_id)
        sock.record_deliveries = record_deliveries
        sock._reader = asyncio.get_running_loop().create_task(sock._read())
        return sock

    @staticmethod
    async def _until_connected(ws: aiohttp.ClientWebSocketResponse) -> dict:
        """The ``connected`` frame, or the error/close that refused the socket."""
        while True:
            message = await ws.receive()
            if message.type != aiohttp.WSMsgType.TEXT:
                return {}
            frame = json.loads(message.data)
            if frame.get("event") in ("connected", "error"):
                return frame

    @property
    def closed(self) -> bool:
        return self.closed_at is not None

    async def _read(self) -> None:
        recorder = self.recorder
        try:
            async for msg in self.ws:
                if msg.type != aiohttp.WSMsgType.TEXT:
                    continue
                frame = json.loads(msg.data)
                event = frame.get("event")
                if event is None:
                    future = self._acks.pop(frame.get("ack"), None)
                    if future is not None and not future.done():
                        future.set_result(frame)
                    continue
                if event == "message:new":
                    data = frame["data"]
                    message_id, planet_id = data["id"], data["planetId"]
                    self.received[message_id] = self.received.get(message_id, 0) + 1
                    if message_id > self.last_seen.get(planet_id, 0):
                        self.last_seen[planet_id] = message_id
                    if self.record_deliveries:
                        recorder.deliveries.append(
                            Delivery(
                                recorder.now(),
                                self.id,
                                self.user,
                                planet_id,
                                message_id,
                                data.get("clientMessageId"),
                            )
                        )
                    if self.on_message is not None:
                        self.on_message(self, data)
                else:
                    recorder.events[event] = recorder.events.get(event, 0) + 1
        finally:
            if self.closed_at is None:
                self.closed_at = recorder.now()
            self.close_code = self.ws.close_code
            for future in self._acks.values():
                if not future.done():
                    future.set_exception(ApiError(0, "closed", self.close_code, answered=False))

    async def call(
        self, event: str, data: Any = None, *, op: str | None = None, timeout: float = 30
    ) -> Any:
        """Send a frame with an ack id, record the round trip, return the ack's data."""
        ack = next(self._ack_ids)
        future = asyncio.get_running_loop().create_future()
        self._acks[ack] = future
        at = self.recorder.now()
        label = op or f"ws:{event}"
        if isinstance(data, dict) and data.get("clientMessageId"):
            self.recorder.sent_at[data["clientMessageId"]] = at
        try:
            await self.ws.send_str(
                json.dumps({"event": event, "data": {} if data is None else data, "ack": ack})
            )
            reply = await asyncio.wait_for(future, timeout)
        except (TimeoutError, ConnectionError, aiohttp.ClientError, ApiError) as exc:
            self._acks.pop(ack, None)
            code = exc.code if isinstance(exc, ApiError) else "timeout"
            self.recorder.sample(at, label, False, code, self.user)
            raise ApiError(0, code, None, answered=False) from exc
        if reply.get("ok"):
            self.recorder.sample(at, label, True, "ok", self.user)
            return reply.get("data")
        error = reply.get("error") or {}
        self.recorder.sample(at, label, False, error.get("code", "error"), self.user)
        raise ApiError(0, error.get("code", "error"), {"error": error})

    async def close(self) -> None:
        if self.closed_at is None:
            self.closed_at = self.recorder.now()
        await self.ws.close()
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)
