"""The WebSocket endpoint ``/ws``: authentication, the frame loop, dispatch to handlers.

Authenticate with ``/ws?token=<access token>`` or, within 10 seconds, a first frame
``{"event": "auth", "data": {"token": ...}}``. A refused token gets an ``error`` frame and the
close code 4401 (4403 for a banned account). After that the connection has joined its rooms
and receives ``connected``. Each frame is handled in order; a bad frame gets an error and the
connection stays usable. Frames over ``CONNECTO_WS_MAX_FRAME_BYTES`` are refused the same way;
frames over ``WEBSOCKET_MAX_SIZE`` (1 MiB) end the connection at the protocol level (1009).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import socket
import time

from pydantic import ValidationError
from sanic import Blueprint, Request

from connecto import events, outages
from connecto.auth import service as auth_service
from connecto.auth.context import Actor
from connecto.errors import ConnectoError, validation_details
from connecto.observability import access
from connecto.observability.metrics import WS_FRAMES_IN
from connecto.realtime import presence, protocol
from connecto.realtime.bus import publish
from connecto.realtime.hub import CLOSE_FORBIDDEN, CLOSE_UNAUTHORIZED, Connection, hub
from connecto.realtime.registry import HANDLERS, ConnectionContext
from connecto.realtime.rooms import auto_rooms, planet_of
from connecto.timeutil import utcnow

log = logging.getLogger("connecto.realtime.gateway")
bp = Blueprint("realtime")

AUTH_TIMEOUT_SECONDS = 10
CLOSE_TRY_AGAIN_LATER = 1013  # RFC 6455: a backing service is away


async def _authenticate(token: str) -> tuple[Actor, object]:
    actor = await auth_service.authenticate(token)
    return actor, auth_service.access_claims(token)[2]


async def _handshake(request: Request, ws) -> tuple[Actor, object] | None:
    """Authenticate from the query string or the first frame; None after refusing."""
    token, ack = request.args.get("token"), None
    try:
        if token is None:
            raw = await ws.recv(timeout=AUTH_TIMEOUT_SECONDS)
            if raw is None:
                raise ConnectoError("AUTH_REQUIRED", "Send {event: auth, data: {token}} first")
            frame = protocol.parse(raw)
            ack = frame.ack
            if (
                frame.event != "auth"
                or not isinstance(frame.data, dict)
                or not isinstance(frame.data.get("token"), str)
            ):
                raise ConnectoError(
                    "AUTH_REQUIRED", "The first frame must be {event: auth, data: {token}}"
                )
            token = frame.data["token"]
        actor, expires_at = await _authenticate(token)
        if ack is not None:
            await ws.send(protocol.ack_ok(ack, {"userId": actor.user_id}))
        return actor, expires_at
    except protocol.BadFrame as bad:
        error = bad.error
    except ConnectoError as exc:
        error = exc
    except Exception as exc:
        error = outages.unavailable_error(exc)
        if error is None:  # the peer left during the handshake: nothing to answer
            return None
    await ws.send(
        protocol.ack_error(ack, error) if ack is not None else protocol.error_event(error)
    )
    if error.code == "SERVICE_UNAVAILABLE":
        code = CLOSE_TRY_AGAIN_LATER  # the token may be fine: reconnect after Retry-After
    else:
        code = CLOSE_FORBIDDEN if error.code == "USER_BANNED" else CLOSE_UNAUTHORIZED
    await ws.close(code, error.code)
    return None


def _limit_send_buffer(request: Request, size: int) -> None:
    # Bound what the kernel buffers for one client, so a client that stops reading is
    # noticed by its send queue instead of hiding megabytes in socket buffers.
    sock = request.transport.get_extra_info("socket") if request.transport else None
    if sock is not None and size:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, size)


@bp.websocket("/ws")
async def websocket(request: Request, ws):
    settings = request.app.ctx.settings
    authenticated = await _handshake(request, ws)
    if authenticated is None:
        return
    actor, expires_at = authenticated
    started = time.monotonic()
    request.ctx.actor = actor  # for the log lines and analytics of this connection
    _limit_send_buffer(request, settings.ws_send_buffer_bytes)
    conn = Connection(ws, actor, expires_at, settings.ws_send_queue)
    hub.add(conn)
    conn.start()
    ctx = ConnectionContext(conn, ip_address=request.remote_addr or request.ip)
    try:
        rooms = await auto_rooms(actor)
        for room in rooms:
            hub.join(conn, room)
        if conn.left_rooms_meanwhile:
            # A membership ended while the rooms were being read; its "leave" found this
            # socket in none of them. Read again now that it is in, and leave what is gone.
            current = set(await auto_rooms(actor))
            for room in set(rooms) - current:
                hub.leave(conn, room)
            rooms = [room for room in rooms if room in current]
        # Counted online before "connected" goes out: a client that has "connected" is in its
        # rooms and online, so the next message to it is not pushed to its phone instead.
        came_online = await presence.connected(actor.user_id)
        conn.enqueue(
            protocol.push(
                "connected", {"userId": actor.user_id, "connectionId": conn.id, "rooms": rooms}
            )
        )
        if came_online:
            await _announce_presence(actor.user_id, rooms, online=True, last_seen=None)
        while True:
            raw = await ws.recv()
            if raw is None:
                continue
            WS_FRAMES_IN.inc()
            await _handle(ctx, raw, settings.ws_max_frame_bytes)
    except asyncio.CancelledError:
        pass
    except Exception as exc:  # the peer went away (ConnectionClosed & co.)
        log.debug("socket %s ended: %s", conn.id, exc)
    finally:
        # Sanic cancels this handler when the socket closes; the clean-up (presence counts,
        # "offline") must still run to the end, so it runs as its own task.
        seconds = time.monotonic() - started
        access.log_websocket(request, actor.user_id, seconds)
        cleanup = asyncio.get_running_loop().create_task(_cleanup(conn, seconds))
        _cleanups.add(cleanup)
        cleanup.add_done_callback(_cleanups.discard)
        await asyncio.shield(cleanup)


_cleanups: set[asyncio.Task] = set()  # running clean-ups (a task needs a reference to live)


async def _cleanup(conn: Connection, seconds: float) -> None:
    rooms = hub.remove(conn)
    if conn.writer is not None:
        conn.writer.cancel()
    with contextlib.suppress(Exception):
        for room in rooms:
            if (parsed := planet_of(room)) and parsed[1] == "active":
                await presence.announce_viewing(conn.actor.user_id, parsed[0], -1)
        last_seen = await presence.disconnected(conn.actor.user_id)
        if last_seen is not None:
            await _announce_presence(conn.actor.user_id, rooms, online=False, last_seen=last_seen)
    await events.emit(
        "realtime.disconnected",
        {"userId": conn.user_id, "sessionId": str(conn.actor.session_id), "seconds": seconds},
    )


async def _announce_presence(
    user_id: int, rooms: list[str] | set[str], *, online: bool, last_seen
) -> None:
    payload = await presence.payload(user_id, online, last_seen)
    for room in sorted(rooms):
        if room.startswith("travel:"):
            await publish(room, "presence:updated", payload, exclude_user_ids=[user_id])


async def _reply(
    conn: Connection, ack: int | None, error: ConnectoError | None = None, data=None
) -> None:
    if error is not None:
        conn.enqueue(
            protocol.ack_error(ack, error) if ack is not None else protocol.error_event(error)
        )
    elif ack is not None:
        conn.enqueue(protocol.ack_ok(ack, data))


async def _handle(ctx: ConnectionContext, raw: str | bytes, max_bytes: int) -> None:
    conn = ctx.connection
    if len(raw) > max_bytes:
        await _reply(
            conn,
            None,
            ConnectoError("PAYLOAD_TOO_LARGE", f"Frames are limited to {max_bytes} bytes"),
        )
        return
    try:
        frame = protocol.parse(raw)
    except protocol.BadFrame as bad:
        await _reply(conn, bad.ack, bad.error)
        return
    if frame.event == "ping":
        conn.enqueue(protocol.push("pong", {"at": utcnow().isoformat()}))
        await _reply(conn, frame.ack, data={"pong": True})
        return
    if frame.event == "auth":
        await _reauthenticate(ctx, frame)
        return
    if utcnow() >= conn.token_expires_at:
        await _reply(
            conn, frame.ack, ConnectoError("TOKEN_EXPIRED", "Send {event: auth} with a fresh token")
        )
        return
    registration = HANDLERS.get(frame.event)
    if registration is None:
        await _reply(
            conn, frame.ack, ConnectoError("UNKNOWN_EVENT", details={"event": frame.event})
        )
        return
    try:
        if not isinstance(frame.data, dict):
            raise ConnectoError("VALIDATION_ERROR", "data must be a JSON object")
        try:
            data = registration.model.model_validate_json(json.dumps(frame.data))
        except ValidationError as exc:
            raise ConnectoError("VALIDATION_ERROR", details=validation_details(exc)) from None
        result = await registration.handler(ctx, data)
    except ConnectoError as exc:
        await _reply(conn, frame.ack, exc)
        return
    except Exception as exc:
        error = outages.unavailable_error(exc)
        if error is None:
            log.exception("handler for %s failed", frame.event)
            error = ConnectoError("INTERNAL_ERROR")
        else:
            log.warning("%s: %s: %s", error.message, type(exc).__name__, exc)
        await _reply(conn, frame.ack, error)
        return
    if hasattr(result, "model_dump"):
        result = result.model_dump(mode="json", by_alias=True)
    await _reply(conn, frame.ack, data=result)


async def _reauthenticate(ctx: ConnectionContext, frame: protocol.Frame) -> None:
    """A fresh access token for a long-lived socket (same user)."""
    conn = ctx.connection
    token = frame.data.get("token") if isinstance(frame.data, dict) else None
    try:
        if not isinstance(token, str):
            raise ConnectoError("VALIDATION_ERROR", "data.token is required")
        actor, expires_at = await _authenticate(token)
        if actor.user_id != conn.actor.user_id:
            raise ConnectoError("FORBIDDEN", "A socket stays with the user who opened it")
    except ConnectoError as exc:
        await _reply(conn, frame.ack, exc)
        return
    conn.actor, conn.token_expires_at = actor, expires_at
    await _reply(
        conn, frame.ack, data={"userId": actor.user_id, "expiresAt": expires_at.isoformat()}
    )
