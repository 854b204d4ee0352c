"""Messages over REST: send (idempotent), edit, delete/restore, reactions, replies, history,
search, catch-up. The same service functions back the WebSocket events."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from tests.support.api import error_code
from tests.support.world import default_planet, join, make_travel

PLANETS = "/api/v1/planets"
MESSAGES = "/api/v1/messages"


@pytest.fixture
async def room(api):
    """A travel with host Ann and member Bob, and its default planet."""
    ann, bob = await api.sign_in(), await api.sign_in()
    travel = await make_travel(ann)
    await join(bob, travel)
    return ann, bob, travel, default_planet(travel)["id"]


def users_only(items: list[dict]) -> list[dict]:
    """Leave out the SYSTEM messages joins and leaves add to the timeline."""
    return [m for m in items if m["type"] != "system"]


async def send(session, planet_id: int, content: str = "hello", **extra):
    r = await session.post(f"{PLANETS}/{planet_id}/messages", json={"content": content, **extra})
    assert r.status_code == 201, r.text
    return r.json()


async def test_send_and_read(room):
    ann, bob, _, planet_id = room
    sent = await send(ann, planet_id, "Meet at 9 at the hotel lobby")
    assert sent["type"] == "text" and sent["sender"]["id"] == ann.user_id
    assert sent["isEdited"] is False and sent["reactions"] == [] and sent["replyCount"] == 0
    page = (await bob.get(f"{PLANETS}/{planet_id}/messages")).json()
    assert [m["id"] for m in users_only(page["items"])] == [sent["id"]]
    assert (await bob.get(f"{MESSAGES}/{sent['id']}")).json()[
        "content"
    ] == "Meet at 9 at the hotel lobby"


async def test_retry_with_client_message_id_stores_once(room, db):
    ann, _, _, planet_id = room
    client_id = str(uuid.uuid4())
    body = {"content": "only once", "clientMessageId": client_id}
    results = await asyncio.gather(
        *[ann.post(f"{PLANETS}/{planet_id}/messages", json=body) for _ in range(8)]
    )
    assert sorted(r.status_code for r in results) == [200] * 7 + [201]
    assert len({r.json()["id"] for r in results}) == 1
    assert (
        await db.fetchval("SELECT count(*) FROM messages WHERE client_message_id = $1", client_id)
        == 1
    )
    # Sequence numbers have no gap from the losers' rolled-back attempts (seq 1 is Bob's join).
    assert await db.fetchval("SELECT last_message_seq FROM planets WHERE id = $1", planet_id) == 2
    other = (
        await ann.post(
            "/api/v1/travels",
            json={
                "name": "Other",
                "startDate": "2026-01-01T00:00:00Z",
                "endDate": "2027-01-01T00:00:00Z",
            },
        )
    ).json()
    r = await ann.post(f"{PLANETS}/{default_planet(other)['id']}/messages", json=body)
    assert r.status_code == 409 and error_code(r) == "CLIENT_MESSAGE_ID_REUSED"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({}, "VALIDATION_ERROR"),
        ({"content": ""}, "VALIDATION_ERROR"),
        ({"content": "x" * 4001}, "VALIDATION_ERROR"),
        ({"content": 5}, "VALIDATION_ERROR"),
        ({"content": "hi", "type": "system"}, "VALIDATION_ERROR"),
        ({"content": "hi", "fileId": 3}, "VALIDATION_ERROR"),
        ({"type": "image"}, "VALIDATION_ERROR"),
        ({"content": "hi", "clientMessageId": "has spaces"}, "VALIDATION_ERROR"),
        ({"content": "hi", "mentions": [999999]}, "MENTION_INVALID"),
        ({"content": "hi", "replyToId": 999999}, "REPLY_TARGET_INVALID"),
        ({"type": "image", "fileId": 12345}, "FILE_NOT_FOUND"),
    ],
)
async def test_bad_sends_store_nothing(room, db, body, code):
    ann, _, _, planet_id = room
    r = await ann.post(f"{PLANETS}/{planet_id}/messages", json=body)
    assert r.status_code in (400, 404), r.text
    assert error_code(r) == code
    assert await db.fetchval("SELECT count(*) FROM messages WHERE type <> 'system'") == 0


async def test_sending_where_you_may_not(api, room):
    ann, bob, travel, planet_id = room
    outsider = await api.sign_in()
    r = await outsider.post(f"{PLANETS}/{planet_id}/messages", json={"content": "hi"})
    assert r.status_code == 404 and error_code(r) == "PLANET_NOT_FOUND"
    notices = (
        await ann.post(
            f"/api/v1/travels/{travel['id']}/planets",
            json={"name": "Notices", "type": "announcement"},
        )
    ).json()
    r = await bob.post(f"{PLANETS}/{notices['id']}/messages", json={"content": "me too"})
    assert r.status_code == 403 and error_code(r) == "ANNOUNCEMENT_READ_ONLY"
    assert (
        await ann.post(f"{PLANETS}/{notices['id']}/messages", json={"content": "Bus at 8"})
    ).status_code == 201
    await ann.post(f"{PLANETS}/{planet_id}/members/{bob.user_id}/mute", json={"duration": "1h"})
    r = await bob.post(f"{PLANETS}/{planet_id}/messages", json={"content": "hello?"})
    assert r.status_code == 403 and error_code(r) == "PLANET_MUTED"
    assert "mutedUntil" in r.json()["error"]["details"]
    # A travel member who left a group planet is no longer in it.
    food = (await ann.post(f"/api/v1/travels/{travel['id']}/planets", json={"name": "Food"})).json()
    assert (await bob.post(f"{PLANETS}/{food['id']}/leave")).status_code == 204
    r = await bob.post(f"{PLANETS}/{food['id']}/messages", json={"content": "still here?"})
    assert r.status_code == 403 and error_code(r) == "NOT_PLANET_MEMBER"


async def test_time_restricted_planet_refuses_outside_its_window(room):
    ann, _, _, planet_id = room
    await ann.patch(
        f"{PLANETS}/{planet_id}",
        json={
            "timeRestriction": {
                "type": "custom",
                "customSchedule": [
                    {"startDate": "2030-01-01T09:00:00Z", "endDate": "2030-01-01T10:00:00Z"}
                ],
            }
        },
    )
    r = await ann.post(f"{PLANETS}/{planet_id}/messages", json={"content": "too early"})
    assert r.status_code == 403 and error_code(r) == "CHAT_TIME_RESTRICTED"
    assert r.json()["error"]["details"]["opensAt"] == "2030-01-01T09:00:00+00:00"


async def test_edit_within_fifteen_minutes_keeps_history(room, db):
    ann, bob, _, planet_id = room
    sent = await send(ann, planet_id, "Meet at 9")
    r = await ann.patch(f"{MESSAGES}/{sent['id']}", json={"content": "Meet at 10"})
    assert (
        r.status_code == 200
        and r.json()["content"] == "Meet at 10"
        and r.json()["isEdited"] is True
    )
    await ann.patch(f"{MESSAGES}/{sent['id']}", json={"content": "Meet at 10:30"})
    history = (await ann.get(f"{MESSAGES}/{sent['id']}/edits")).json()
    assert history["originalContent"] == "Meet at 9"
    assert [e["previousContent"] for e in history["edits"]] == ["Meet at 9", "Meet at 10"]
    r = await bob.patch(f"{MESSAGES}/{sent['id']}", json={"content": "hijacked"})
    assert r.status_code == 403 and error_code(r) == "NOT_MESSAGE_AUTHOR"
    assert (await bob.get(f"{MESSAGES}/{sent['id']}/edits")).status_code == 403
    await db.execute(
        "UPDATE messages SET created_at = now() - interval '16 minutes' WHERE id = $1", sent["id"]
    )
    r = await ann.patch(f"{MESSAGES}/{sent['id']}", json={"content": "too late"})
    assert r.status_code == 403 and error_code(r) == "EDIT_WINDOW_EXPIRED"
    assert (await ann.get(f"{MESSAGES}/{sent['id']}")).json()["content"] == "Meet at 10:30"


async def test_delete_and_restore(api, room, db):
    ann, bob, _, planet_id = room
    sent = await send(bob, planet_id, "oops, wrong chat")
    r = await bob.delete(f"{MESSAGES}/{sent['id']}", json={})
    assert r.status_code == 200 and r.json()["isDeleted"] is True and r.json()["content"] is None
    page = users_only((await ann.get(f"{PLANETS}/{planet_id}/messages")).json()["items"])
    assert page[0]["isDeleted"] is True and "wrong chat" not in str(page)  # content never sent
    assert (
        await ann.post(f"{MESSAGES}/{sent['id']}/reactions", json={"emoji": "👍"})
    ).status_code == 409
    assert error_code(await bob.delete(f"{MESSAGES}/{sent['id']}", json={})) == "MESSAGE_DELETED"
    r = await bob.post(f"{MESSAGES}/{sent['id']}/restore")
    assert r.status_code == 200 and r.json()["content"] == "oops, wrong chat"
    assert error_code(await bob.post(f"{MESSAGES}/{sent['id']}/restore")) == "MESSAGE_NOT_DELETED"
    await bob.delete(f"{MESSAGES}/{sent['id']}", json={})
    await db.execute(
        "UPDATE messages SET deleted_at = now() - interval '25 hours' WHERE id = $1", sent["id"]
    )
    r = await bob.post(f"{MESSAGES}/{sent['id']}/restore")
    assert r.status_code == 403 and error_code(r) == "RESTORE_WINDOW_EXPIRED"
    # An admin restores any time.
    admin = await api.sign_in("admin@connecto.test")
    r = await admin.post(f"{MESSAGES}/{sent['id']}/restore")
    assert r.status_code == 200 and r.json()["content"] == "oops, wrong chat"


async def test_moderation_delete_and_admin_restore(api, room):
    ann, bob, _, planet_id = room
    sent = await send(bob, planet_id, "spam spam")
    own = await send(ann, planet_id, "host message")
    r = await bob.delete(f"{MESSAGES}/{own['id']}", json={})
    assert r.status_code == 403  # a participant cannot delete others' messages
    r = await ann.delete(f"{MESSAGES}/{sent['id']}", json={"reason": "spam"})
    assert r.status_code == 200
    r = await bob.post(f"{MESSAGES}/{sent['id']}/restore")
    assert r.status_code == 403  # deleted by a moderator: not the author's to undo
    admin = await api.sign_in("admin@connecto.test")
    r = await admin.post(f"{MESSAGES}/{sent['id']}/restore")
    assert r.status_code == 200 and r.json()["content"] == "spam spam"


async def test_reactions_toggle(room):
    ann, bob, _, planet_id = room
    sent = await send(ann, planet_id)
    r = await bob.post(f"{MESSAGES}/{sent['id']}/reactions", json={"emoji": "👍"})
    assert r.status_code == 200 and r.json()["reacted"] is True and r.json()["count"] == 1
    await bob.post(f"{MESSAGES}/{sent['id']}/reactions", json={"emoji": "❤️"})
    await ann.post(f"{MESSAGES}/{sent['id']}/reactions", json={"emoji": "👍"})
    await bob.post(f"{MESSAGES}/{sent['id']}/reactions", json={"emoji": "👨‍👩‍👧"})
    mine = {r["emoji"]: r for r in (await bob.get(f"{MESSAGES}/{sent['id']}")).json()["reactions"]}
    assert {e: (r["count"], r["reactedByMe"]) for e, r in mine.items()} == {
        "👍": (2, True),
        "❤️": (1, True),
        "👨‍👩‍👧": (1, True),
    }
    theirs = {
        r["emoji"]: r["reactedByMe"]
        for r in (await ann.get(f"{MESSAGES}/{sent['id']}")).json()["reactions"]
    }
    assert theirs == {"👍": True, "❤️": False, "👨‍👩‍👧": False}
    r = await bob.post(f"{MESSAGES}/{sent['id']}/reactions", json={"emoji": "👍"})
    assert r.json()["reacted"] is False and r.json()["count"] == 1
    for bad in ("abc", "👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍", "", 5):
        assert (
            await bob.post(f"{MESSAGES}/{sent['id']}/reactions", json={"emoji": bad})
        ).status_code == 400


async def test_replies_and_threads(room):
    ann, bob, _, planet_id = room
    root = await send(ann, planet_id, "Dinner options?")
    first = await send(bob, planet_id, "Black pork BBQ", replyToId=root["id"])
    second = await send(ann, planet_id, "Yes, the one near the port", replyToId=first["id"])
    assert first["replyTo"] == {
        "id": root["id"],
        "senderId": ann.user_id,
        "content": "Dinner options?",
        "isDeleted": False,
    }
    assert second["threadRootId"] == root["id"]  # a reply to a reply joins the root's thread
    thread = (await bob.get(f"{MESSAGES}/{root['id']}/thread")).json()
    assert thread["root"]["replyCount"] == 2
    assert [m["id"] for m in thread["replies"]] == [first["id"], second["id"]]
    await bob.delete(f"{MESSAGES}/{first['id']}", json={})
    assert (await bob.get(f"{MESSAGES}/{root['id']}")).json()["replyCount"] == 1
    r = await bob.post(
        f"{PLANETS}/{planet_id}/messages", json={"content": "x", "replyToId": first["id"]}
    )
    assert r.status_code == 409 and error_code(r) == "MESSAGE_DELETED"


async def test_history_pages_both_ways(api):
    ann = await api.sign_in()
    planet_id = default_planet(await make_travel(ann))["id"]  # nobody joined: no system messages
    sent = [await send(ann, planet_id, f"message {i}") for i in range(7)]
    ids = [m["id"] for m in sent]
    latest = (await ann.get(f"{PLANETS}/{planet_id}/messages", params={"limit": 3})).json()
    assert [m["id"] for m in latest["items"]] == ids[4:]
    assert latest["hasMoreBefore"] is True and latest["hasMoreAfter"] is False
    older = (
        await ann.get(f"{PLANETS}/{planet_id}/messages", params={"limit": 3, "before": ids[4]})
    ).json()
    assert [m["id"] for m in older["items"]] == ids[1:4]
    assert older["hasMoreBefore"] is True and older["hasMoreAfter"] is True
    newer = (
        await ann.get(f"{PLANETS}/{planet_id}/messages", params={"limit": 4, "after": ids[1]})
    ).json()
    assert [m["id"] for m in newer["items"]] == ids[2:6]
    assert newer["hasMoreBefore"] is True and newer["hasMoreAfter"] is True
    for params in (
        {"before": ids[0], "after": ids[1]},
        {"limit": 500},
        {"before": "x"},
        {"page": 2},
    ):
        assert (await ann.get(f"{PLANETS}/{planet_id}/messages", params=params)).status_code == 400
    r = await ann.get(f"{PLANETS}/{planet_id}/messages", params={"after": 999999})
    assert r.status_code == 404 and error_code(r) == "MESSAGE_NOT_FOUND"


async def test_concurrent_senders_get_a_gapless_ordered_timeline(api, room):
    ann, bob, travel, planet_id = room
    others = [await api.sign_in() for _ in range(3)]
    for person in others:
        await join(person, travel)
    senders = [ann, bob, *others]
    await asyncio.gather(
        *[send(s, planet_id, f"{i}-{j}") for j in range(6) for i, s in enumerate(senders)]
    )
    items = (await ann.get(f"{PLANETS}/{planet_id}/messages", params={"limit": 100})).json()[
        "items"
    ]
    assert [m["seq"] for m in items] == list(range(1, 35))  # 4 joins + 30 messages, no gaps
    assert len(users_only(items)) == 30


async def test_search_only_in_my_planets(api, room):
    ann, bob, _, planet_id = room
    await send(ann, planet_id, "The ferry to Udo island leaves at 10")
    await send(bob, planet_id, "I will bring snacks for the ferry")
    secret = await make_travel(await api.sign_in())
    outsider_planet = default_planet(secret)["id"]
    r = await bob.get(f"{MESSAGES}/search", params={"q": "ferry"})
    assert r.status_code == 200
    hits = r.json()["items"]
    assert len(hits) == 2 and all("<mark>ferry</mark>" in h["highlight"] for h in hits)
    r = await bob.get(f"{MESSAGES}/search", params={"q": "ferry", "senderId": ann.user_id})
    assert [h["message"]["sender"]["id"] for h in r.json()["items"]] == [ann.user_id]
    r = await bob.get(f"{MESSAGES}/search", params={"q": "ferry", "planetId": outsider_planet})
    assert r.status_code == 404
    outsider = await api.sign_in()
    assert (await outsider.get(f"{MESSAGES}/search", params={"q": "ferry"})).json()["items"] == []
    assert (await bob.get(f"{MESSAGES}/search", params={"q": ""})).status_code == 400
    assert (await bob.get(f"{MESSAGES}/search", params={"q": "x", "colour": 1})).status_code == 400


async def test_search_leaves_out_deleted_messages(room):
    ann, bob, _, planet_id = room
    kept = await send(ann, planet_id, "Jagalchi market at ten")
    gone = await send(ann, planet_id, "Jagalchi market password is 1234")
    assert (await ann.delete(f"{MESSAGES}/{gone['id']}")).status_code == 200
    for who in (ann, bob):
        found = (await who.get(f"{MESSAGES}/search", params={"q": "jagalchi"})).json()["items"]
        assert [hit["message"]["id"] for hit in found] == [kept["id"]]
        assert "1234" not in str(found)


async def test_direct_message_creates_the_conversation(room, db):
    ann, bob, travel, _ = room
    r = await ann.post(
        f"/api/v1/travels/{travel['id']}/direct-messages",
        json={"recipientId": bob.user_id, "content": "Psst"},
    )
    assert r.status_code == 201, r.text
    planet_id = r.json()["planetId"]
    planet = (await bob.get(f"{PLANETS}/{planet_id}")).json()
    assert planet["type"] == "direct" and planet["participantIds"] == sorted(
        [ann.user_id, bob.user_id]
    )
    r = await bob.post(
        f"/api/v1/travels/{travel['id']}/direct-messages",
        json={"recipientId": ann.user_id, "content": "What?"},
    )
    assert r.json()["planetId"] == planet_id
    assert await db.fetchval("SELECT count(*) FROM planets WHERE type = 'direct'") == 1


async def test_sync_returns_what_was_missed(room):
    ann, bob, _, planet_id = room
    seen = await send(ann, planet_id, "seen")
    missed = [await send(ann, planet_id, f"missed {i}") for i in range(3)]
    r = await bob.post(f"{MESSAGES}/sync", json={"lastSeen": {str(planet_id): seen["id"]}})
    assert r.status_code == 200
    got = r.json()["planets"][0]
    assert [m["id"] for m in got["messages"]] == [m["id"] for m in missed] and got[
        "truncated"
    ] is False
    for bad in ({"lastSeen": {"abc": 1}}, {"lastSeen": []}, {}):
        assert (await bob.post(f"{MESSAGES}/sync", json=bad)).status_code == 400


async def test_sync_also_returns_what_changed_in_messages_already_seen(room):
    ann, bob, _, planet_id = room
    first = await send(ann, planet_id, "Dinner at 7")
    second = await send(ann, planet_id, "Bring cash")
    untouched = await send(ann, planet_id, "See you")
    # Bob's phone has all three; it goes offline. Meanwhile:
    offline_since = untouched["createdAt"]
    assert (
        await ann.patch(f"{MESSAGES}/{first['id']}", json={"content": "Dinner at 8"})
    ).is_success
    assert (await ann.delete(f"{MESSAGES}/{second['id']}")).is_success
    assert (
        await ann.post(f"{MESSAGES}/{untouched['id']}/reactions", json={"emoji": "👍"})
    ).is_success
    new = await send(ann, planet_id, "Taxi booked")
    r = await bob.post(
        f"{MESSAGES}/sync",
        json={"lastSeen": {str(planet_id): untouched["id"]}, "changedSince": offline_since},
    )
    assert r.status_code == 200, r.text
    got = r.json()["planets"][0]
    assert [m["id"] for m in got["messages"]] == [new["id"]]
    changed = {m["id"]: m for m in got["changed"]}
    assert [m["id"] for m in got["changed"]] == [first["id"], second["id"], untouched["id"]]
    assert changed[first["id"]]["content"] == "Dinner at 8" and changed[first["id"]]["isEdited"]
    assert changed[second["id"]]["isDeleted"] and changed[second["id"]]["content"] is None
    assert changed[untouched["id"]]["reactions"][0]["emoji"] == "👍"
    assert got["changedTruncated"] is False
    # Without changedSince nothing old comes back.
    r = await bob.post(f"{MESSAGES}/sync", json={"lastSeen": {str(planet_id): untouched["id"]}})
    assert r.json()["planets"][0]["changed"] == []
    bad = {"lastSeen": {str(planet_id): 1}, "changedSince": "yesterday"}
    assert (await bob.post(f"{MESSAGES}/sync", json=bad)).status_code == 400


async def test_system_messages_record_membership_changes(api):
    ann, bob = await api.sign_in(), await api.sign_in()
    await bob.patch("/api/v1/users/me/profile", json={"nickname": "Bob"})
    travel = await make_travel(ann)
    await join(bob, travel)
    planet_id = default_planet(travel)["id"]
    await bob.post(f"/api/v1/travels/{travel['id']}/leave")
    await join(bob, travel)
    items = (await ann.get(f"{PLANETS}/{planet_id}/messages")).json()["items"]
    system = [(m["type"], m["content"], m["metadata"]["event"]) for m in items]
    assert system == [
        ("system", "Bob joined the travel", "member_joined"),
        ("system", "Bob left the travel", "member_left"),
        ("system", "Bob joined the travel", "member_joined"),
    ]
    assert all(m["sender"] is None for m in items)
    r = await ann.post(f"{MESSAGES}/{items[0]['id']}/reactions", json={"emoji": "👋"})
    assert r.status_code == 409  # system messages take no reactions
    r = await ann.patch(f"{MESSAGES}/{items[0]['id']}", json={"content": "forged"})
    assert r.status_code == 403  # nobody is the author of a system message


async def test_concurrent_first_messages_share_one_direct_planet(room, db):
    ann, bob, travel, _ = room
    path = f"/api/v1/travels/{travel['id']}/direct-messages"
    results = await asyncio.gather(
        *[
            ann.post(path, json={"recipientId": bob.user_id, "content": f"ann {i}"})
            for i in range(5)
        ],
        *[
            bob.post(path, json={"recipientId": ann.user_id, "content": f"bob {i}"})
            for i in range(5)
        ],
    )
    assert all(r.status_code == 201 for r in results), [r.text for r in results]
    assert len({r.json()["planetId"] for r in results}) == 1
    assert await db.fetchval("SELECT count(*) FROM planets WHERE type = 'direct'") == 1
    planet_id = results[0].json()["planetId"]
    assert await db.fetchval("SELECT count(*) FROM messages WHERE planet_id = $1", planet_id) == 10


async def test_search_filters_by_type_and_date(room, db):
    ann, bob, _, planet_id = room
    old = await send(ann, planet_id, "lantern festival tickets")
    await send(bob, planet_id, "lantern photos later")
    await db.execute(
        "UPDATE messages SET created_at = now() - interval '3 days' WHERE id = $1", old["id"]
    )
    since = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    recent = (
        await ann.get(f"{MESSAGES}/search", params={"q": "lantern", "sentAfter": since})
    ).json()
    assert [h["message"]["content"] for h in recent["items"]] == ["lantern photos later"]
    before = (
        await ann.get(f"{MESSAGES}/search", params={"q": "lantern", "sentBefore": since})
    ).json()
    assert [h["message"]["id"] for h in before["items"]] == [old["id"]]
    assert (await ann.get(f"{MESSAGES}/search", params={"q": "lantern", "type": "image"})).json()[
        "items"
    ] == []
    joined = (await ann.get(f"{MESSAGES}/search", params={"q": "joined", "type": "system"})).json()
    assert [h["message"]["type"] for h in joined["items"]] == ["system"]  # only when asked for
    assert (await ann.get(f"{MESSAGES}/search", params={"q": "joined"})).json()["items"] == []
    page = (await ann.get(f"{MESSAGES}/search", params={"q": "lantern", "limit": 1})).json()
    rest = (
        await ann.get(
            f"{MESSAGES}/search", params={"q": "lantern", "limit": 1, "cursor": page["nextCursor"]}
        )
    ).json()
    assert len(page["items"]) == len(rest["items"]) == 1 and rest["nextCursor"] is None
    assert page["items"][0]["message"]["id"] != rest["items"][0]["message"]["id"]
