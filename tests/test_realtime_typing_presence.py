"""Typing indicators and presence over real sockets."""

from __future__ import annotations

import asyncio

import pytest

from tests.support.world import default_planet, join, make_travel
from tests.support.ws import WsClient


@pytest.fixture
async def trio(api, server):
    ann, bob, cat = await api.sign_in(), await api.sign_in(), await api.sign_in()
    travel = await make_travel(ann)
    await join(bob, travel)
    await join(cat, travel)
    planet_id = default_planet(travel)["id"]
    sockets = []
    for person in (ann, bob, cat):
        ws = await WsClient.connect(server.url, person.access_token)
        await ws.expect("connected")
        await ws.ok("room:join", {"planetId": planet_id, "kind": "typing"})
        sockets.append(ws)
    yield (ann, bob, cat), sockets, travel, planet_id
    for ws in sockets:
        await ws.close()


async def test_typing_reaches_others_not_the_typist(trio):
    (ann, _bob, _), (wa, wb, wc), _, planet_id = trio
    await wa.ok(
        "typing:advanced_start", {"planetId": planet_id, "messageLength": 12, "language": "ko"}
    )
    for ws in (wb, wc):
        started = await ws.expect("typing:started")
        assert started["userId"] == ann.user_id and started["language"] == "ko"
    await wa.ok("typing:update", {"planetId": planet_id, "progress": 60})
    assert (await wb.expect("typing:updated"))["progress"] == 60
    status = await wb.ok("typing:get_status", {"planetId": planet_id})
    assert [(t["userId"], t["progress"]) for t in status["typing"]] == [(ann.user_id, 60)]
    await wa.ok("typing:stop", {"planetId": planet_id})
    assert (await wb.expect("typing:stopped")) == {
        "planetId": planet_id,
        "userId": ann.user_id,
        "reason": "stopped",
    }
    await wa.settle()
    assert not wa.seen("typing:started") and not wa.seen("typing:stopped")
    assert (await wb.ok("typing:get_status", {"planetId": planet_id}))["typing"] == []


async def test_typing_expires_by_itself(trio):
    (ann, _, _), (wa, wb, _), _, planet_id = trio
    await wa.ok("typing:advanced_start", {"planetId": planet_id})
    await wb.expect("typing:started")
    stopped = await wb.expect("typing:stopped", timeout=15)  # nobody stopped it: it timed out
    assert stopped["reason"] == "timeout" and stopped["userId"] == ann.user_id


async def test_sending_completes_typing_and_feeds_analytics(trio):
    (_ann, _bob, _), (wa, wb, _), _, planet_id = trio
    await wa.ok("typing:advanced_start", {"planetId": planet_id, "language": "en"})
    await wa.ok("message:send", {"planetId": planet_id, "content": "done typing"})
    assert (await wb.expect("typing:stopped"))["reason"] == "sent"
    await wb.ok("typing:advanced_start", {"planetId": planet_id, "language": "ko"})
    await wb.ok("typing:stop", {"planetId": planet_id})
    stats = await wa.ok("typing:get_analytics", {"planetId": planet_id})
    assert stats["sessions"] == 2 and stats["completed"] == 1 and stats["completionRate"] == 0.5
    assert stats["languages"] == {"en": 1, "ko": 1}
    assert stats["byReason"] == {"sent": 1, "stopped": 1}


async def test_typing_rules(api, trio):
    (ann, _bob, _), (_wa, wb, _), travel, planet_id = trio
    notices = (
        await ann.post(
            f"/api/v1/travels/{travel['id']}/planets",
            json={"name": "Notices", "type": "announcement"},
        )
    ).json()
    reply = await wb.call("typing:advanced_start", {"planetId": notices["id"]})
    assert reply["error"]["code"] == "ANNOUNCEMENT_READ_ONLY"
    other = await make_travel(await api.sign_in())
    reply = await wb.call("typing:advanced_start", {"planetId": default_planet(other)["id"]})
    assert reply["error"]["code"] == "PLANET_NOT_FOUND"
    for bad in ({"planetId": planet_id, "progress": 101}, {"planetId": planet_id}, {"progress": 5}):
        assert (await wb.call("typing:update", bad))["error"]["code"] == "VALIDATION_ERROR"
    codes = [
        (await wb.call("typing:update", {"planetId": planet_id, "progress": 1}))["ok"]
        for _ in range(50)
    ]
    assert all(codes)
    reply = await wb.call("typing:update", {"planetId": planet_id, "progress": 2})
    assert reply["error"]["code"] == "RATE_LIMITED"  # 50 typing events a minute (spec 8.2)


async def test_presence_online_offline_and_privacy(api, server):
    ann, bob, stranger = await api.sign_in(), await api.sign_in(), await api.sign_in()
    travel = await make_travel(ann)
    await join(bob, travel)
    wa = await WsClient.connect(server.url, ann.access_token)
    await wa.expect("connected")
    wb = await WsClient.connect(server.url, bob.access_token)
    await wb.expect("connected")
    online = await wa.expect("presence:updated", lambda d: d["userId"] == bob.user_id)
    assert online == {"userId": bob.user_id, "status": "online", "lastSeenAt": None}
    seen = await wa.ok("presence:get", {"userIds": [bob.user_id, stranger.user_id]})
    assert [(u["userId"], u["status"]) for u in seen["users"]] == [(bob.user_id, "online")]
    assert seen["hidden"] == [stranger.user_id]
    await wb.close()
    offline = await wa.expect("presence:updated", lambda d: d["status"] == "offline")
    assert offline["userId"] == bob.user_id and offline["lastSeenAt"] is not None
    # Bob hides his last-seen time: still online/offline, never when.
    await bob.patch("/api/v1/users/me/preferences", json={"privacy": {"lastSeenVisibility": False}})
    wb = await WsClient.connect(server.url, bob.access_token)
    await wa.expect("presence:updated", lambda d: d["status"] == "online")
    await wb.close()
    hidden = await wa.expect("presence:updated", lambda d: d["status"] == "offline")
    assert hidden["lastSeenAt"] is None
    assert (await wa.ok("presence:get", {"userIds": [bob.user_id]}))["users"][0][
        "lastSeenAt"
    ] is None
    await wa.close()


async def test_two_devices_one_presence(api, server):
    ann, bob = await api.sign_in(), await api.sign_in()
    travel = await make_travel(ann)
    await join(bob, travel)
    wa = await WsClient.connect(server.url, ann.access_token)
    await wa.expect("connected")
    phone = await WsClient.connect(server.url, bob.access_token)
    await wa.expect("presence:updated", lambda d: d["status"] == "online")
    laptop = await WsClient.connect(server.url, bob.access_token)
    await laptop.expect("connected")
    await phone.close()  # still online on the laptop
    await laptop.ok("ping")
    await wa.settle()
    assert not wa.seen("presence:updated", lambda d: d["status"] == "offline")
    assert (await wa.ok("presence:get", {"userIds": [bob.user_id]}))["users"][0][
        "status"
    ] == "online"
    await laptop.close()
    await wa.expect("presence:updated", lambda d: d["status"] == "offline")
    await wa.close()


async def test_devices_connecting_at_once_announce_online_once(api, server):
    ann, bob = await api.sign_in(), await api.sign_in()
    travel = await make_travel(ann)
    await join(bob, travel)
    wa = await WsClient.connect(server.url, ann.access_token)
    for _ in range(5):  # a race: try it a few times
        devices = await asyncio.gather(
            *[WsClient.connect(server.url, bob.access_token) for _ in range(4)]
        )
        await wa.expect("presence:updated", lambda d: d["status"] == "online")
        await asyncio.gather(*[device.close() for device in devices])
        await wa.expect("presence:updated", lambda d: d["status"] == "offline")
        await wa.settle()
        assert not wa.seen("presence:updated")  # exactly one of each
    await wa.close()
