"""Fan-out across processes (Redis), without Redis (in-process), and slow consumers."""

from __future__ import annotations

import asyncio
import socket

import httpx
import pytest
import websockets

from tests.support import services
from tests.support.server import ServerProcess
from tests.support.standalone import standalone
from tests.support.world import default_planet, join, make_travel
from tests.support.ws import WsClient


@pytest.fixture
async def second_server(server, data_dir, filestack):
    """Another app process on the same PostgreSQL, Redis and object store as the session's
    server."""
    proc = ServerProcess(
        database_url=services.DATABASE_URL,
        redis_url=services.REDIS_URL,
        data_dir=data_dir,
        name="second",
        env={
            "CONNECTO_REQUIRE_SERVICES": "1",
            "CONNECTO_RUN_MIGRATIONS": "0",
            **filestack.server_env(),
        },
    ).start()
    yield proc
    proc.stop()


async def test_events_cross_processes(api, server, second_server):
    ann, bob = await api.sign_in(), await api.sign_in()
    travel = await make_travel(ann)
    await join(bob, travel)
    planet_id = default_planet(travel)["id"]
    wa = await WsClient.connect(server.url, ann.access_token)  # process 1
    wb = await WsClient.connect(second_server.url, bob.access_token)  # process 2
    await wa.expect("connected")
    await wb.expect("connected")
    assert (await wa.expect("presence:updated"))["userId"] == bob.user_id  # presence crossed over
    sent = await wa.ok("message:send", {"planetId": planet_id, "content": "from process one"})
    assert (await wb.expect("message:new"))["id"] == sent["message"]["id"]
    await wa.ok("room:join", {"planetId": planet_id, "kind": "typing"})
    await wb.ok("typing:advanced_start", {"planetId": planet_id})
    assert (await wa.expect("typing:started"))["userId"] == bob.user_id
    info = await wa.ok("room:get_info", {"planetId": planet_id})
    assert info["onlineMemberIds"] == sorted([ann.user_id, bob.user_id])
    # A REST call served by process 2 reaches the socket on process 1.
    async with httpx.AsyncClient(base_url=second_server.url) as other:
        r = await other.post(
            f"/api/v1/planets/{planet_id}/messages",
            json={"content": "via REST on two"},
            headers=bob.headers,
        )
        assert r.status_code == 201
    assert (await wa.expect("message:new", lambda m: m["content"] == "via REST on two"))["sender"][
        "id"
    ] == bob.user_id
    await wa.close()
    await wb.close()


async def test_in_process_fan_out_without_redis(required_services):
    """The same pushes as with Redis: messages, typing, and the unread count of a member who
    is online when a message arrives (issue 8: it was only pushed with Redis counters)."""
    async with standalone("rt_noredis", redis=False) as stack:
        ann, bob = await stack.api.sign_in(), await stack.api.sign_in()
        travel = await make_travel(ann)
        await join(bob, travel)
        planet_id = default_planet(travel)["id"]
        wa = await WsClient.connect(stack.server.url, ann.access_token)
        wb = await WsClient.connect(stack.server.url, bob.access_token)
        await wa.expect("connected")
        await wb.expect("connected")
        assert (await wb.ok("planet:get_unread_count", {"planetId": planet_id}))["unreadCount"] == 0
        await wa.ok("message:send", {"planetId": planet_id, "content": "no redis needed"})
        assert (await wb.expect("message:new"))["content"] == "no redis needed"
        pushed = await wb.expect("unread_count_updated")
        assert pushed == {"planetId": planet_id, "unreadCount": 1}
        await wa.ok("message:send", {"planetId": planet_id, "content": "and another"})
        assert (await wb.expect("unread_count_updated"))["unreadCount"] == 2
        await wa.settle()
        assert not wa.seen("unread_count_updated")  # not to the sender
        await wb.ok("room:join", {"planetId": planet_id, "kind": "typing"})
        await wa.ok("typing:advanced_start", {"planetId": planet_id})
        await wb.expect("typing:started")
        assert (await wb.expect("typing:stopped", timeout=15))["reason"] == "timeout"
        await wa.close()
        await wb.close()


async def test_a_slow_consumer_is_dropped_and_the_room_goes_on(api, server):
    ann, slow_user, fast_user = await api.sign_in(), await api.sign_in(), await api.sign_in()
    travel = await make_travel(ann)
    await join(slow_user, travel)
    await join(fast_user, travel)
    # Eight writers, each under the 100-a-minute message limit.
    writers = [ann, *[await api.sign_in() for _ in range(7)]]
    for writer in writers[1:]:
        await join(writer, travel)
    planet_id = default_planet(travel)["id"]
    fast = await WsClient.connect(server.url, fast_user.access_token)
    await fast.expect("connected")
    # A client that never reads, with a tiny receive buffer: the server's sends back up.
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", server.port))
    url = server.url.replace("http://", "ws://") + f"/ws?token={slow_user.access_token}"
    slow = await websockets.connect(url, sock=sock, max_queue=1, max_size=None)
    # Kernel buffers (client 4 KiB, server 256 KiB) and the transport hold ~150 of these
    # 4 KB frames, the send queue 256 more: 700 is well past that.
    big = "x" * 3900
    for i in range(700):
        writer = writers[i % len(writers)]
        r = await writer.post(
            f"/api/v1/planets/{planet_id}/messages", json={"content": f"{i} {big}"}
        )
        assert r.status_code == 201, r.text
    last = await fast.expect("message:new", lambda m: m["content"].startswith(f"{i} "), timeout=30)
    assert last["sender"]["id"] == writer.user_id  # the fast reader kept receiving
    for _ in range(1000):  # drain what the slow client had buffered, until the close arrives
        try:
            await asyncio.wait_for(slow.recv(), 5)
        except websockets.ConnectionClosed as closed:
            assert closed.rcvd is None or closed.rcvd.code == 4008
            break
    else:
        raise AssertionError("the slow consumer was not disconnected")
    await fast.close()
