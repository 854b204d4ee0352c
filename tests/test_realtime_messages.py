"""Messages and read receipts over the WebSocket, as two real clients see them."""

from __future__ import annotations

import pytest

from tests.support.world import default_planet, join, make_travel
from tests.support.ws import WsClient


@pytest.fixture
async def pair(api, server):
    """Ann (host) and Bob, both connected, in one travel's default planet."""
    ann, bob = await api.sign_in(), await api.sign_in()
    travel = await make_travel(ann)
    await join(bob, travel)
    wa = await WsClient.connect(server.url, ann.access_token)
    wb = await WsClient.connect(server.url, bob.access_token)
    await wa.expect("connected")
    await wb.expect("connected")
    yield ann, bob, wa, wb, travel, default_planet(travel)["id"]
    await wa.close()
    await wb.close()


async def test_send_edit_react_reply_delete_restore(pair):
    _ann, bob, wa, wb, _, planet_id = pair
    sent = await wa.ok(
        "message:send",
        {"planetId": planet_id, "content": "Sunrise at 5:40", "clientMessageId": "ann-1"},
    )
    assert sent["created"] is True
    message = sent["message"]
    assert (await wb.expect("message:new", lambda m: m["id"] == message["id"]))[
        "content"
    ] == "Sunrise at 5:40"
    await wa.expect("message:new", lambda m: m["id"] == message["id"])  # the sender's devices too
    again = await wa.ok(
        "message:send",
        {"planetId": planet_id, "content": "Sunrise at 5:40", "clientMessageId": "ann-1"},
    )
    assert again == {"message": {**again["message"]}, "created": False}
    assert again["message"]["id"] == message["id"]

    edited = await wa.ok("message:edit", {"messageId": message["id"], "content": "Sunrise at 5:45"})
    assert edited["isEdited"] is True
    assert (await wb.expect("message:edited"))["content"] == "Sunrise at 5:45"

    reaction = await wb.ok("message:react", {"messageId": message["id"], "emoji": "🌅"})
    assert reaction["reacted"] is True and reaction["count"] == 1
    pushed = await wa.expect("message:reactions_updated")
    assert pushed == {
        "messageId": message["id"],
        "planetId": planet_id,
        "emoji": "🌅",
        "userId": bob.user_id,
        "reacted": True,
        "count": 1,
    }

    reply = await wb.ok(
        "message:send",
        {"planetId": planet_id, "content": "I'll be there", "replyToId": message["id"]},
    )
    assert reply["message"]["replyTo"]["id"] == message["id"]
    assert (await wa.expect("message:new", lambda m: m["id"] == reply["message"]["id"]))[
        "threadRootId"
    ] == message["id"]

    await wa.ok("message:delete", {"messageId": message["id"]})
    assert await wb.expect("message:deleted") == {"id": message["id"], "planetId": planet_id}
    restored = await wa.ok("message:restore", {"messageId": message["id"]})
    assert restored["content"] == "Sunrise at 5:45"
    assert (await wb.expect("message:restored"))["content"] == "Sunrise at 5:45"


async def test_refusals_keep_the_socket_usable(api, pair, db):
    _ann, _bob, wa, wb, _, planet_id = pair
    outsider_travel = await make_travel(await api.sign_in())
    reply = await wb.call(
        "message:send", {"planetId": default_planet(outsider_travel)["id"], "content": "hi"}
    )
    assert reply["error"]["code"] == "PLANET_NOT_FOUND"
    mine = (await wa.ok("message:send", {"planetId": planet_id, "content": "ann's"}))["message"]
    assert (await wb.call("message:edit", {"messageId": mine["id"], "content": "bob's now"}))[
        "error"
    ]["code"] == "NOT_MESSAGE_AUTHOR"
    bobs = (await wb.ok("message:send", {"planetId": planet_id, "content": "typo"}))["message"]
    await db.execute(
        "UPDATE messages SET created_at = now() - interval '20 minutes' WHERE id = $1", bobs["id"]
    )
    assert (await wb.call("message:edit", {"messageId": bobs["id"], "content": "fixed"}))["error"][
        "code"
    ] == "EDIT_WINDOW_EXPIRED"
    await wb.ok("message:delete", {"messageId": bobs["id"]})
    assert (await wa.call("message:react", {"messageId": bobs["id"], "emoji": "👍"}))["error"][
        "code"
    ] == "MESSAGE_DELETED"
    await db.execute(
        "UPDATE messages SET deleted_at = now() - interval '2 days' WHERE id = $1", bobs["id"]
    )
    assert (await wb.call("message:restore", {"messageId": bobs["id"]}))["error"][
        "code"
    ] == "RESTORE_WINDOW_EXPIRED"
    assert (await wb.call("message:send", {"planetId": planet_id}))["error"][
        "code"
    ] == "VALIDATION_ERROR"
    assert (await wb.call("message:send", {"content": "where to?"}))["error"][
        "code"
    ] == "VALIDATION_ERROR"
    assert await wb.ok("ping") == {"pong": True}


async def test_first_direct_message_reaches_the_recipient(api, server, pair):
    _ann, bob, wa, wb, travel, _ = pair
    sent = await wa.ok(
        "message:send",
        {
            "travelId": travel["id"],
            "recipientId": bob.user_id,
            "content": "Psst, birthday surprise for Cat",
        },
    )
    planet_id = sent["message"]["planetId"]
    await wb.expect("room:joined", lambda d: d["room"] == f"planet:{planet_id}:general")
    got = await wb.expect("message:new", lambda m: m["planetId"] == planet_id)
    assert got["content"] == "Psst, birthday surprise for Cat"


async def test_reconnect_catches_up_in_order(api, server, pair):
    _ann, bob, wa, wb, _, planet_id = pair
    seen = (await wa.ok("message:send", {"planetId": planet_id, "content": "before"}))["message"]
    await wb.expect("message:new", lambda m: m["id"] == seen["id"])
    await wb.close()
    missed = [
        (await wa.ok("message:send", {"planetId": planet_id, "content": f"missed {i}"}))["message"][
            "id"
        ]
        for i in range(3)
    ]
    wb2 = await WsClient.connect(server.url, bob.access_token)
    await wb2.expect("connected")
    caught = await wb2.ok("messages:sync", {"lastSeen": {str(planet_id): seen["id"]}})
    assert [m["id"] for m in caught["planets"][0]["messages"]] == missed
    assert caught["planets"][0]["truncated"] is False
    await wb2.close()


async def test_read_receipts_over_the_socket(pair):
    _ann, bob, wa, wb, _, planet_id = pair
    ids = [
        (await wa.ok("message:send", {"planetId": planet_id, "content": f"m{i}"}))["message"]["id"]
        for i in range(4)
    ]
    assert (await wb.ok("planet:get_unread_count", {"planetId": planet_id}))["unreadCount"] == 4
    # Counts are cached now: a new message pushes the new count.
    fifth = (await wa.ok("message:send", {"planetId": planet_id, "content": "m4"}))["message"]["id"]
    assert (await wb.expect("unread_count_updated", lambda d: d["unreadCount"] == 5))[
        "planetId"
    ] == planet_id

    one = await wb.ok(
        "message:read",
        {
            "messageId": ids[0],
            "deviceType": "Android",
            "readContext": {"sessionId": "s1", "timeInView": 1200},
        },
    )
    assert one["unreadCount"] == 4
    batch = await wa.expect("message:read:batch")
    assert batch["readerId"] == bob.user_id and batch["messageIds"] == [ids[0]]
    assert (await wb.expect("read:confirmed"))["messageIds"] == [ids[0]]
    assert (await wb.expect("unread_count_updated", lambda d: d.get("totalUnread") == 4))[
        "unreadCount"
    ] == 4

    many = await wb.ok("messages:read_multiple", {"planetId": planet_id, "messageIds": ids[1:3]})
    assert many["messageIds"] == ids[1:3] and many["unreadCount"] == 2
    assert (await wa.expect("message:read:batch"))["messageIds"] == ids[1:3]

    everything = await wb.ok("planet:read_all", {"planetId": planet_id})
    assert everything["messageIds"] == [ids[3], fifth] and everything["unreadCount"] == 0
    counts = await wb.ok("user:get_all_unread_counts", {})
    assert counts["totalUnread"] == 0
    bad = await wb.call("messages:read_multiple", {"planetId": planet_id, "messageIds": []})
    assert bad["error"]["code"] == "VALIDATION_ERROR"


async def test_room_pushes_carry_no_reactions_of_the_sender(pair):
    """message:edited goes to everyone: 'reacted by me' in it would be the editor's."""
    ann, _bob, wa, wb, _, planet_id = pair
    message = (await wa.ok("message:send", {"planetId": planet_id, "content": "Dinner?"}))[
        "message"
    ]
    reacted = await wa.ok("message:react", {"messageId": message["id"], "emoji": "🍜"})
    assert reacted["reacted"] is True
    edited = await wa.ok("message:edit", {"messageId": message["id"], "content": "Dinner at 7?"})
    assert edited["reactions"][0]["reactedByMe"] is True  # the ack is the editor's own view
    pushed = await wb.expect("message:edited", lambda m: m["id"] == message["id"])
    [reaction] = pushed["reactions"]
    assert (reaction["emoji"], reaction["count"], reaction["reactedByMe"]) == ("🍜", 1, False)
    assert reaction["userIds"] == [ann.user_id]
