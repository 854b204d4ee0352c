"""Read receipts and unread counts: exact under concurrency, rebuilt after Redis loses its data,
the same numbers with and without Redis."""

from __future__ import annotations

import asyncio
import random

import pytest

from tests.support import services
from tests.support.api import Api
from tests.support.standalone import standalone
from tests.support.waiting import eventually
from tests.support.world import default_planet, join, make_travel

TRUTH_SQL = """
SELECT count(*) FROM messages m
JOIN planet_users pu ON pu.planet_id = m.planet_id AND pu.user_id = $2
WHERE m.planet_id = $1 AND m.deleted_at IS NULL AND m.type <> 'system'
  AND m.sender_id <> $2 AND m.created_at >= pu.joined_at
  AND NOT EXISTS (SELECT 1 FROM message_read_receipts r
                  WHERE r.message_id = m.id AND r.user_id = $2)
"""


async def unread(session, planet_id: int) -> int:
    r = await session.get(f"/api/v1/planets/{planet_id}/unread-count")
    assert r.status_code == 200, r.text
    return r.json()["unreadCount"]


async def send(session, planet_id: int, text: str = "hi") -> dict:
    r = await session.post(f"/api/v1/planets/{planet_id}/messages", json={"content": text})
    assert r.status_code == 201, r.text
    return r.json()


@pytest.fixture
async def trio(api):
    ann, bob, cat = await api.sign_in(), await api.sign_in(), await api.sign_in()
    travel = await make_travel(ann)
    await join(bob, travel)
    await join(cat, travel)
    return ann, bob, cat, travel, default_planet(travel)["id"]


async def test_counts_follow_sends_and_reads(trio):
    ann, bob, cat, _, planet_id = trio
    sent = [await send(ann, planet_id, f"m{i}") for i in range(3)]
    assert await unread(bob, planet_id) == 3
    assert await unread(ann, planet_id) == 0  # your own messages are not unread for you
    r = await bob.post(f"/api/v1/messages/{sent[0]['id']}/read", json={"deviceType": "ios"})
    assert r.status_code == 200 and r.json()["messageIds"] == [sent[0]["id"]]
    assert r.json()["unreadCount"] == 2 and r.json()["totalUnread"] == 2
    r = await bob.post(
        f"/api/v1/planets/{planet_id}/read",
        json={"messageIds": [sent[0]["id"], sent[1]["id"], sent[2]["id"]]},
    )
    assert r.json()["messageIds"] == [sent[1]["id"], sent[2]["id"]]  # the first was already read
    assert r.json()["unreadCount"] == 0
    await send(bob, planet_id, "reply")
    assert await unread(cat, planet_id) == 4
    everything = (await cat.get("/api/v1/users/me/unread-counts")).json()
    assert everything["totalUnread"] == 4
    assert {p["planetId"]: p["unreadCount"] for p in everything["planets"]} == {planet_id: 4}


async def test_read_all_and_read_status_in_payloads(trio, db):
    ann, bob, cat, _, planet_id = trio
    sent = [await send(ann, planet_id, f"m{i}") for i in range(5)]
    r = await bob.post(f"/api/v1/planets/{planet_id}/read-all")
    assert r.status_code == 200 and r.json()["unreadCount"] == 0
    assert r.json()["messageIds"] == [m["id"] for m in sent]
    assert (
        await db.fetchval(
            "SELECT count(*) FROM message_read_receipts WHERE user_id = $1", bob.user_id
        )
        == 5
    )
    message = (await ann.get(f"/api/v1/messages/{sent[0]['id']}")).json()
    assert message["readCount"] == 1 and message["readBy"] == [bob.user_id]
    readers = (await ann.get(f"/api/v1/messages/{sent[0]['id']}/reads")).json()
    assert [r["userId"] for r in readers["readers"]] == [bob.user_id] and readers["readCount"] == 1
    state = (await bob.get(f"/api/v1/planets/{planet_id}/unread-count")).json()
    assert state["lastReadMessageId"] == sent[-1]["id"]
    assert await unread(cat, planet_id) == 5


async def test_deleting_and_restoring_an_unread_message(trio):
    ann, bob, _, _, planet_id = trio
    first = await send(ann, planet_id)
    await send(ann, planet_id)
    assert await unread(bob, planet_id) == 2
    await ann.delete(f"/api/v1/messages/{first['id']}", json={})
    assert await unread(bob, planet_id) == 1
    await ann.post(f"/api/v1/messages/{first['id']}/restore")
    assert await unread(bob, planet_id) == 2


async def test_messages_before_joining_are_not_unread(api):
    ann, late = await api.sign_in(), await api.sign_in()
    travel = await make_travel(ann)
    planet_id = default_planet(travel)["id"]
    for i in range(3):
        await send(ann, planet_id, f"before {i}")
    await join(late, travel)
    assert await unread(late, planet_id) == 0
    await send(ann, planet_id, "after")
    assert await unread(late, planet_id) == 1


async def test_bad_read_requests(api, trio):
    ann, bob, _, _, planet_id = trio
    mine = await send(ann, planet_id)
    elsewhere_owner = await api.sign_in()
    other = await make_travel(elsewhere_owner)
    foreign = await send(elsewhere_owner, default_planet(other)["id"])
    cases = [
        ("POST", f"/api/v1/messages/{foreign['id']}/read", {}, 404),
        ("POST", "/api/v1/messages/999999/read", {}, 404),
        (
            "POST",
            f"/api/v1/planets/{planet_id}/read",
            {"messageIds": [mine["id"], foreign["id"]]},
            404,
        ),
        ("POST", f"/api/v1/planets/{planet_id}/read", {"messageIds": []}, 400),
        ("POST", f"/api/v1/planets/{planet_id}/read", {"messageIds": ["1"]}, 400),
        ("POST", f"/api/v1/planets/{planet_id}/read", {"messageIds": [-4]}, 400),
        ("POST", f"/api/v1/planets/{planet_id}/read", {"messageIds": list(range(1, 600))}, 400),
        ("POST", f"/api/v1/messages/{mine['id']}/read", {"deviceType": "toaster"}, 400),
        ("POST", f"/api/v1/planets/{default_planet(other)['id']}/read-all", None, 404),
        ("GET", f"/api/v1/planets/{default_planet(other)['id']}/unread-count", None, 404),
    ]
    for method, path, body, status in cases:
        r = await bob.request(method, path, json=body)
        assert r.status_code == status, (path, body, r.text)
    assert await unread(bob, planet_id) == 1  # nothing was marked read by the bad calls


async def _exact_under_concurrency(api: Api, db, flush_redis_midway: bool) -> None:
    host = await api.sign_in()
    travel = await make_travel(host)
    planet_id = default_planet(travel)["id"]
    senders = [await api.sign_in() for _ in range(5)]
    reader = await api.sign_in()
    for person in [*senders, reader]:
        await join(person, travel)
    observed: list[int] = []
    done = asyncio.Event()

    async def send_many(sender, n):
        for i in range(n):
            await send(sender, planet_id, f"{sender.user_id}-{i}")

    async def read_along():
        rng = random.Random(7)
        while not done.is_set():
            page = (
                await reader.get(f"/api/v1/planets/{planet_id}/messages", params={"limit": 20})
            ).json()
            ids = [m["id"] for m in page["items"] if m["type"] != "system" and rng.random() < 0.6]
            if ids:
                r = await reader.post(f"/api/v1/planets/{planet_id}/read", json={"messageIds": ids})
                observed.append(r.json()["unreadCount"])
            observed.append(await unread(reader, planet_id))
            await asyncio.sleep(0)

    async def flush_later():
        await asyncio.sleep(0.3)
        await services.flush_redis(keep_heartbeats=False)  # Redis loses everything mid-run

    reading = asyncio.create_task(read_along())
    extra = [flush_later()] if flush_redis_midway else []
    await asyncio.gather(*[send_many(s, 20) for s in senders], *extra)
    done.set()
    await reading
    truth = await db.fetchval(TRUTH_SQL, planet_id, reader.user_id)
    assert await unread(reader, planet_id) == truth
    assert (await reader.get("/api/v1/users/me/unread-counts")).json()["totalUnread"] == truth
    assert min(observed) >= 0
    read = await db.fetchval(
        "SELECT count(*) FROM message_read_receipts WHERE user_id = $1", reader.user_id
    )
    assert truth == 100 - read  # every message counted once, every read subtracted once
    r = await reader.post(f"/api/v1/planets/{planet_id}/read-all")
    assert r.json()["unreadCount"] == 0 and r.json()["totalUnread"] == 0


async def test_exact_with_concurrent_senders_and_a_reader(api, db):
    await _exact_under_concurrency(api, db, flush_redis_midway=False)


async def test_exact_when_redis_loses_its_data(api, db):
    await _exact_under_concurrency(api, db, flush_redis_midway=True)


async def test_redis_keys_follow_the_spec(trio):
    import redis.asyncio as aioredis

    ann, bob, _, _, planet_id = trio
    message = await send(ann, planet_id)
    await unread(bob, planet_id)
    await bob.post(f"/api/v1/messages/{message['id']}/read", json={})
    await bob.get("/api/v1/users/me/unread-counts")
    client = aioredis.Redis.from_url(services.REDIS_URL, decode_responses=True)
    try:
        assert await client.get(f"user:{bob.user_id}:planet:{planet_id}:unread") == "0"
        assert (
            0 < await client.ttl(f"user:{bob.user_id}:planet:{planet_id}:unread") <= 7 * 24 * 3600
        )
        assert await client.get(f"user:{bob.user_id}:total:unread") == "0"
        assert 0 < await client.ttl(f"user:{bob.user_id}:total:unread") <= 24 * 3600
        last = await client.get(f"user:{bob.user_id}:planet:{planet_id}:lastRead")
        assert f'"messageId": {message["id"]}' in last
    finally:
        await client.aclose()


async def test_counts_come_from_postgresql_without_redis(required_services):
    async with standalone("reads_noredis", redis=False) as stack:
        ann, bob = await stack.api.sign_in(), await stack.api.sign_in()
        travel = await make_travel(ann)
        await join(bob, travel)
        planet_id = default_planet(travel)["id"]
        sent = [await send(ann, planet_id) for _ in range(4)]
        assert await unread(bob, planet_id) == 4
        await bob.post(f"/api/v1/messages/{sent[1]['id']}/read", json={})
        assert await unread(bob, planet_id) == 3
        await bob.post(f"/api/v1/planets/{planet_id}/read-all")
        assert (await bob.get("/api/v1/users/me/unread-counts")).json()["totalUnread"] == 0


async def test_counts_start_over_when_someone_leaves_and_comes_back(api, db):
    ann, jun = await api.sign_in(), await api.sign_in()
    travel = await make_travel(ann)
    general = default_planet(travel)["id"]
    food = (await ann.post(f"/api/v1/travels/{travel['id']}/planets", json={"name": "Food"})).json()
    await join(jun, travel)
    assert (await jun.post(f"/api/v1/planets/{food['id']}/join")).status_code == 200
    for planet_id in (general, food["id"]):
        await send(ann, planet_id, "before")
        await send(ann, planet_id, "before, again")
        assert await unread(jun, planet_id) == 2  # cached in Redis from here on

    # Out of one planet and back: what was said meanwhile and before is not theirs to read.
    assert (await jun.post(f"/api/v1/planets/{food['id']}/leave")).status_code == 204
    await send(ann, food["id"], "while away")
    assert (await jun.post(f"/api/v1/planets/{food['id']}/join")).status_code == 200
    assert await unread(jun, food["id"]) == 0
    # Out of the whole travel and back.
    assert (await jun.post(f"/api/v1/travels/{travel['id']}/leave")).status_code == 204
    await send(ann, general, "while away")
    await join(jun, travel)
    assert await unread(jun, general) == 0
    await send(ann, general, "welcome back")
    assert await unread(jun, general) == 1
    assert await db.fetchval(TRUTH_SQL, general, jun.user_id) == 1
    total = (await jun.get("/api/v1/users/me/unread-counts")).json()["totalUnread"]
    assert total == 1


async def test_push_badge_stays_right_when_a_planet_count_expires(api, outbox):
    import redis.asyncio as aioredis

    ann = await api.sign_in()
    bob = await api.sign_in(push_token="fcm-bob-phone", device={"deviceId": "bob"})
    travel = await make_travel(ann)
    await join(bob, travel)
    planet_id = default_planet(travel)["id"]

    async def badges() -> list[int]:
        return [p["message"]["apns"]["payload"]["aps"]["badge"] for p in outbox.pushes()]

    await send(ann, planet_id, "one")
    assert await eventually(badges, lambda b: len(b) == 1, what="first push") == [1]
    client = aioredis.Redis.from_url(services.REDIS_URL)
    try:
        # The planet's count expires (a quiet week) while the cached total lives on.
        assert await client.delete(f"user:{bob.user_id}:planet:{planet_id}:unread") == 1
    finally:
        await client.aclose()
    await send(ann, planet_id, "two")
    assert await eventually(badges, lambda b: len(b) == 2, what="second push") == [1, 2]
