"""Message rate limit and penalties (spec 8.2): 100 messages a minute, then a 5-minute mute
that grows for repeat offenders; REST and WebSocket share it; an admin can lift it.
(Room-join and typing limits are tested with the gateway and typing.)"""

from __future__ import annotations

from redis.asyncio import Redis

from tests.support import services
from tests.support.api import error_code
from tests.support.standalone import standalone
from tests.support.world import default_planet, make_travel
from tests.support.ws import WsClient

LIMIT = 100


async def flood(session, planet_id: int, count: int = LIMIT) -> None:
    for i in range(count):
        r = await session.post(
            f"/api/v1/planets/{planet_id}/messages",
            json={"content": f"message {i}", "clientMessageId": f"flood-{i}"},
        )
        assert r.status_code == 201, (i, r.text)


async def test_a_flood_earns_a_mute_shared_by_rest_and_websocket(api, server, db):
    ann = await api.sign_in()
    planet_id = default_planet(await make_travel(ann))["id"]
    admin = await api.sign_in("admin@connecto.test")
    alerts = await WsClient.connect(server.url, admin.access_token)
    await flood(ann, planet_id)
    r = await ann.post(f"/api/v1/planets/{planet_id}/messages", json={"content": "one more"})
    assert r.status_code == 429 and error_code(r) == "RATE_LIMITED"
    details = r.json()["error"]["details"]
    assert details["limit"] == LIMIT and details["windowSeconds"] == 60
    assert details["penalty"] == "temporary_mute"
    assert 290 <= details["retryAfterSeconds"] <= 300
    # Admins see the offence in moderation:alerts.
    alert = await alerts.expect("moderation:penalty")
    assert alert == {
        "userId": ann.user_id,
        "limit": "message_send",
        "penalty": "temporary_mute",
        "seconds": 300,
    }
    await alerts.close()

    ws = await WsClient.connect(server.url, ann.access_token)
    try:
        reply = await ws.call("message:send", {"planetId": planet_id, "content": "via socket"})
        assert reply["ok"] is False and reply["error"]["code"] == "RATE_LIMITED"
        assert reply["error"]["details"]["penalty"] == "temporary_mute"
        # A retry of a message already stored is not a new message: it still answers.
        replay = await ws.call(
            "message:send",
            {"planetId": planet_id, "content": "message 7", "clientMessageId": "flood-7"},
        )
        assert replay["ok"] is True and replay["data"]["created"] is False
        assert replay["data"]["message"]["content"] == "message 7"
    finally:
        await ws.close()
    stored = await db.fetchval(
        "SELECT count(*) FROM messages WHERE planet_id = $1 AND sender_id = $2",
        planet_id,
        ann.user_id,
    )
    assert stored == LIMIT


async def test_repeat_offences_double_the_mute_and_an_admin_lifts_it(api, db):
    admin = await api.sign_in("admin@connecto.test")
    ann = await api.sign_in()
    planet_id = default_planet(await make_travel(ann))["id"]
    send = f"/api/v1/planets/{planet_id}/messages"
    await flood(ann, planet_id)
    first = await ann.post(send, json={"content": "over"})
    assert first.json()["error"]["details"]["retryAfterSeconds"] > 250
    # The first mute runs out (its key expires) while the minute's messages still count.
    redis = Redis.from_url(services.REDIS_URL)
    try:
        assert await redis.delete(f"penalty:message_send:{ann.user_id}") == 1
    finally:
        await redis.aclose()
    second = await ann.post(send, json={"content": "over again"})
    assert second.status_code == 429
    assert 550 <= second.json()["error"]["details"]["retryAfterSeconds"] <= 600

    r = await ann.get(f"/api/v1/admin/users/{ann.user_id}/penalties")
    assert r.status_code == 403 and error_code(r) == "ADMIN_REQUIRED"
    r = await admin.get(f"/api/v1/admin/users/{ann.user_id}/penalties")
    assert r.status_code == 200 and 550 <= r.json()["penalties"]["message_send"] <= 600
    r = await admin.delete(f"/api/v1/admin/users/{ann.user_id}/penalties")
    assert r.status_code == 200 and r.json()["lifted"] == ["message_send"]
    assert (await admin.get(f"/api/v1/admin/users/{ann.user_id}/penalties")).json()[
        "penalties"
    ] == {}
    assert (await ann.post(send, json={"content": "back"})).status_code == 201
    r = await admin.delete("/api/v1/admin/users/987654/penalties")
    assert r.status_code == 404 and error_code(r) == "USER_NOT_FOUND"


async def test_refused_sends_do_not_count(api):
    ann = await api.sign_in()
    planet_id = default_planet(await make_travel(ann))["id"]
    for _ in range(LIMIT + 20):
        r = await ann.post(f"/api/v1/planets/{planet_id}/messages", json={"content": ""})
        assert r.status_code == 400
    await flood(ann, planet_id)  # all hundred still allowed


async def test_the_limit_holds_without_redis(required_services):
    async with standalone("ratelimit_noredis", redis=False) as stack:
        ann = await stack.api.sign_in()
        planet_id = default_planet(await make_travel(ann))["id"]
        await flood(ann, planet_id)
        r = await ann.post(f"/api/v1/planets/{planet_id}/messages", json={"content": "over"})
        assert r.status_code == 429
        assert r.json()["error"]["details"]["penalty"] == "temporary_mute"
