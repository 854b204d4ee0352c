"""The WebSocket gateway: authentication, rooms, bad frames, live session changes."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os

import pytest
import websockets

from tests.support.api import error_code
from tests.support.server import ADMIN_EMAIL
from tests.support.standalone import standalone
from tests.support.tokens import claims_of, our_token
from tests.support.world import default_planet, join, make_travel, membership_id
from tests.support.ws import WsClient


async def test_auth_by_query_token_and_auto_rooms(api, server):
    ann = await api.sign_in()
    travel = await make_travel(ann)
    ws = await WsClient.connect(server.url, ann.access_token)
    hello = await ws.expect("connected")
    assert hello["userId"] == ann.user_id
    assert hello["rooms"] == [
        f"user:{ann.user_id}",
        f"travel:{travel['id']}",
        f"planet:{default_planet(travel)['id']}:general",
    ]
    await ws.close()


async def test_auth_by_first_frame(api, server):
    ann = await api.sign_in()
    ws = await WsClient.connect(server.url)
    reply = await ws.call("auth", {"token": ann.access_token})
    assert reply == {"ack": 1, "ok": True, "data": {"userId": ann.user_id}}
    assert (await ws.expect("connected"))["userId"] == ann.user_id
    await ws.close()


async def test_admins_join_admin_rooms(api, server):
    admin = await api.sign_in(ADMIN_EMAIL)
    ws = await WsClient.connect(server.url, admin.access_token)
    assert {"system:admin", "moderation:alerts"} <= set((await ws.expect("connected"))["rooms"])
    await ws.close()


@pytest.mark.parametrize("case", ["garbage", "expired", "refresh token", "no auth frame"])
async def test_refused_tokens(api, server, case):
    ann = await api.sign_in()
    sid = claims_of(ann.access_token)["sid"]
    tokens = {
        "garbage": "not-a-token",
        "expired": our_token(user_id=ann.user_id, session_id=sid, expires_in=-5),
        "refresh token": ann.refresh_token,
    }
    if case == "no auth frame":
        ws = await WsClient.connect(server.url)
        await ws.send_raw(json.dumps({"event": "ping"}))
        expected = "AUTH_REQUIRED"
    else:
        ws = await WsClient.connect(server.url, tokens[case])
        expected = {"expired": "TOKEN_EXPIRED"}.get(case, "TOKEN_INVALID")
    error = await ws.expect("error")
    assert error["code"] == expected
    assert await ws.closed == (4401, expected)


async def test_revoked_and_banned_accounts_are_refused(api, server):
    ann, bob = await api.sign_in(), await api.sign_in()
    await ann.post("/api/v1/auth/logout", json={})
    ws = await WsClient.connect(server.url, ann.access_token)
    assert (await ws.expect("error"))["code"] == "TOKEN_REVOKED"
    assert (await ws.closed)[0] == 4401
    admin = await api.sign_in(ADMIN_EMAIL)
    await admin.post(f"/api/v1/admin/users/{bob.user_id}/ban", json={"reason": "spam"})
    ws = await WsClient.connect(server.url, bob.access_token)
    assert (await ws.expect("error"))["code"] == "USER_BANNED"
    assert (await ws.closed)[0] == 4403


async def test_live_sockets_close_on_logout_and_ban(api, server):
    ann = await api.sign_in()
    phone = await WsClient.connect(server.url, ann.access_token)
    await phone.expect("connected")
    laptop_session = await api.sign_in(ann.email)
    laptop = await WsClient.connect(server.url, laptop_session.access_token)
    await laptop.expect("connected")
    await ann.post("/api/v1/auth/logout", json={})  # signs out the phone's session only
    assert (await phone.expect("error"))["code"] == "TOKEN_REVOKED"
    assert (await phone.closed)[0] == 4401
    await laptop.settle()
    assert not laptop.closed.done()
    admin = await api.sign_in(ADMIN_EMAIL)
    await admin.post(f"/api/v1/admin/users/{ann.user_id}/ban", json={"reason": "abuse"})
    assert (await laptop.expect("error"))["code"] == "USER_BANNED"
    assert (await laptop.closed)[0] == 4403


async def test_bad_frames_leave_the_connection_usable(api, server):
    ann = await api.sign_in()
    travel = await make_travel(ann)
    planet_id = default_planet(travel)["id"]
    ws = await WsClient.connect(server.url, ann.access_token)
    await ws.expect("connected")
    cases = [
        ("{not json", "INVALID_JSON"),
        ("[1, 2, 3]", "VALIDATION_ERROR"),
        (json.dumps({"data": {}}), "VALIDATION_ERROR"),
        (json.dumps({"event": "message:send", "data": {}, "extra": 1}), "VALIDATION_ERROR"),
        (json.dumps({"event": "no:such_event", "data": {}}), "UNKNOWN_EVENT"),
        (
            json.dumps({"event": "message:send", "data": {"planetId": planet_id, "content": 5}}),
            "VALIDATION_ERROR",
        ),
        (json.dumps({"event": "message:send", "data": "hello"}), "VALIDATION_ERROR"),
        (
            json.dumps(
                {"event": "message:send", "data": {"planetId": planet_id, "content": "x" * 70_000}}
            ),
            "PAYLOAD_TOO_LARGE",
        ),
    ]
    for raw, code in cases:
        await ws.send_raw(raw)
        assert (await ws.expect("error"))["code"] == code, raw[:60]
        assert await ws.ok("ping") == {"pong": True}  # still usable
    reply = await ws.call("message:send", {"planetId": planet_id, "content": 5})
    assert reply["ok"] is False and reply["error"]["code"] == "VALIDATION_ERROR"
    assert reply["error"]["details"]["fields"][0]["field"] == "content"
    await ws.close()


async def test_frames_over_the_protocol_limit_close_the_socket(api, server):
    ann = await api.sign_in()
    ws = await WsClient.connect(server.url, ann.access_token)
    await ws.expect("connected")
    with contextlib.suppress(websockets.ConnectionClosed):  # may close while we still send
        await ws.send_raw("x" * (2 * 1024 * 1024))
    assert (await ws.closed)[0] == 1009  # "message too big", at the protocol level


async def test_room_join_rules(api, server):
    ann, bob = await api.sign_in(), await api.sign_in()
    mine = await make_travel(ann)
    theirs = await make_travel(bob)
    ws = await WsClient.connect(server.url, ann.access_token)
    await ws.expect("connected")
    planet_id = default_planet(mine)["id"]
    assert await ws.ok("room:join", {"planetId": planet_id, "kind": "active"}) == {
        "room": f"planet:{planet_id}:active",
        "joined": True,
    }
    refused = {
        f"planet:{default_planet(theirs)['id']}:active": "PLANET_NOT_FOUND",
        f"travel:{theirs['id']}": "TRAVEL_NOT_FOUND",
        "system:admin": "ADMIN_REQUIRED",
        f"user:{bob.user_id}": "FORBIDDEN",
        "lobby": "ROOM_NOT_FOUND",
    }
    for room, code in refused.items():
        reply = await ws.call("room:join", {"room": room})
        assert reply["ok"] is False and reply["error"]["code"] == code, room
    reply = await ws.call("room:join", {"planetId": planet_id, "kind": "secret"})
    assert reply["error"]["code"] == "VALIDATION_ERROR"
    info = await ws.ok("room:get_info", {"planetId": planet_id})
    assert info["viewerIds"] == [ann.user_id] and info["onlineMemberIds"] == [ann.user_id]
    assert f"planet:{planet_id}:active" in info["myRooms"]
    assert (await ws.call("room:get_info", {"planetId": default_planet(theirs)["id"]}))[
        "ok"
    ] is False
    await ws.close()


async def test_viewers_are_announced(api, server):
    ann, bob = await api.sign_in(), await api.sign_in()
    travel = await make_travel(ann)
    await join(bob, travel)
    planet_id = default_planet(travel)["id"]
    wa = await WsClient.connect(server.url, ann.access_token)
    wb = await WsClient.connect(server.url, bob.access_token)
    await wa.ok("room:join", {"planetId": planet_id, "kind": "presence"})
    await wb.ok("room:join", {"planetId": planet_id, "kind": "active"})
    assert await wa.expect("user:joined") == {"userId": bob.user_id, "planetId": planet_id}
    await wb.ok("room:leave", {"planetId": planet_id, "kind": "active"})
    assert await wa.expect("user:left") == {"userId": bob.user_id, "planetId": planet_id}
    await wb.ok("room:join", {"planetId": planet_id, "kind": "active"})
    await wa.expect("user:joined")
    await wb.close()  # disconnecting leaves too
    assert await wa.expect("user:left") == {"userId": bob.user_id, "planetId": planet_id}
    await wa.close()


async def test_room_joins_are_rate_limited(api, server):
    ann = await api.sign_in()
    travel = await make_travel(ann)
    planet_id = default_planet(travel)["id"]
    ws = await WsClient.connect(server.url, ann.access_token)
    for i in range(20):
        kind = ("active", "typing", "presence")[i % 3]
        assert (await ws.call("room:join", {"planetId": planet_id, "kind": kind}))["ok"]
    reply = await ws.call("room:join", {"planetId": planet_id, "kind": "typing"})
    assert reply["error"]["code"] == "RATE_LIMITED" and reply["error"]["details"]["limit"] == 20
    await ws.close()


async def test_membership_changes_reach_live_sockets(api, server):
    ann, bob = await api.sign_in(), await api.sign_in()
    travel = await make_travel(ann)
    await join(bob, travel)
    wb = await WsClient.connect(server.url, bob.access_token)
    await wb.expect("connected")
    # A planet created for everyone: Bob's socket joins it without reconnecting.
    food = (await ann.post(f"/api/v1/travels/{travel['id']}/planets", json={"name": "Food"})).json()
    await wb.expect("room:joined", lambda d: d["room"] == f"planet:{food['id']}:general")
    await ann.post(f"/api/v1/planets/{food['id']}/messages", json={"content": "Lunch at noon"})
    assert (await wb.expect("message:new"))["content"] == "Lunch at noon"
    # Banned from the travel: out of its rooms, told why, and no more messages.
    tu = await membership_id(ann, travel["id"], bob.user_id)
    await ann.post(f"/api/v1/travel-users/{tu}/ban", json={"reason": "rude"})
    removed = await wb.expect("travel:removed")
    assert removed["travelId"] == travel["id"] and removed["reason"] == "banned"
    await wb.expect("room:left", lambda d: d["room"] == f"planet:{food['id']}:general")
    await ann.post(f"/api/v1/planets/{food['id']}/messages", json={"content": "secret plans"})
    await wb.settle()
    assert not wb.seen("message:new", lambda d: d["content"] == "secret plans")
    await wb.close()


async def test_token_expiry_needs_reauth_on_the_same_socket(api, server):
    ann = await api.sign_in()
    sid = claims_of(ann.access_token)["sid"]
    short = our_token(user_id=ann.user_id, session_id=sid, expires_in=2)
    ws = await WsClient.connect(server.url, short)
    await ws.expect("connected")
    fresh = (
        await api.http.post("/api/v1/auth/refresh", json={"refreshToken": ann.refresh_token})
    ).json()
    await asyncio.sleep(2.5)  # let the short token expire (waiting, not asserting on time)
    reply = await ws.call("user:get_all_unread_counts", {})
    assert reply["error"]["code"] == "TOKEN_EXPIRED"
    other = await api.sign_in()
    assert (await ws.call("auth", {"token": other.access_token}))["error"]["code"] == "FORBIDDEN"
    assert (await ws.call("auth", {"token": fresh["accessToken"]}))["ok"]
    assert (await ws.call("user:get_all_unread_counts", {}))["ok"]
    await ws.close()


async def test_plain_http_on_the_websocket_endpoint(api):
    r = await api.http.get("/ws")
    assert r.status_code == 426 and error_code(r) == "UPGRADE_REQUIRED"


async def test_websockets_library_sees_close_reason(api, server):
    url = server.url.replace("http://", "ws://") + "/ws?token=nope"
    async with websockets.connect(url) as conn:
        frame = json.loads(await conn.recv())
        assert frame["event"] == "error"
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await conn.recv()
    assert closed.value.rcvd.code == 4401


async def test_a_peer_that_stops_answering_pings_is_dropped(required_services):
    """Heartbeat: the server pings; a device that went silent (no pong) is disconnected and
    its user goes offline for the others."""
    env = {"CONNECTO_WS_PING_INTERVAL_SECONDS": "1"}
    async with standalone("heartbeat", env=env) as stack:
        ann, bob = await stack.api.sign_in(), await stack.api.sign_in()
        travel = await make_travel(ann)
        await join(bob, travel)
        watcher = await WsClient.connect(stack.server.url, ann.access_token)
        # Bob's phone: a bare WebSocket handshake, then silence (nothing read, no pong).
        reader, writer = await asyncio.open_connection("127.0.0.1", stack.server.port)
        key = base64.b64encode(os.urandom(16)).decode()
        writer.write(
            (
                f"GET /ws?token={bob.access_token} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
            ).encode()
        )
        await writer.drain()
        assert (await reader.readline()).startswith(b"HTTP/1.1 101")
        online = await watcher.expect("presence:updated", lambda d: d["userId"] == bob.user_id)
        assert online["status"] == "online"
        offline = await watcher.expect(
            "presence:updated", lambda d: d["userId"] == bob.user_id, timeout=15
        )
        assert offline["status"] == "offline"
        writer.close()
        await watcher.close()
