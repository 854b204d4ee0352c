"""What creates notifications: messages, mentions, replies, joins, bans, travel changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.support import services
from tests.support.server import ADMIN_EMAIL
from tests.support.standalone import standalone
from tests.support.waiting import eventually
from tests.support.world import default_planet, join, make_travel, membership_id
from tests.support.ws import WsClient


async def inbox(user) -> list[dict]:
    return (await user.get("/api/v1/notifications")).json()["items"]


async def pushed(outbox, count: int = 1, **where) -> list[dict]:
    """Wait until the FCM stand-in holds ``count`` pushes whose data match ``where``."""

    async def probe():
        return [
            p["message"]
            for p in outbox.pushes()
            if all(p["message"]["data"].get(k) == v for k, v in where.items())
        ]

    return await eventually(
        probe, lambda found: len(found) >= count, what=f"{count} push(es) {where}"
    )


async def in_quiet_hours(user, zone: str) -> None:
    """Turn on the user's quiet hours around now (in ``zone``, their timezone)."""
    now = datetime.now(ZoneInfo(zone))
    window = {
        "enabled": True,
        "start": (now - timedelta(hours=1)).strftime("%H:%M"),
        "end": (now + timedelta(hours=2)).strftime("%H:%M"),
    }
    r = await user.patch(
        "/api/v1/users/me/preferences", json={"notifications": {"quietHours": window}}
    )
    assert r.status_code == 200, r.text


@pytest.fixture
async def trip(api, outbox):
    """Host Hana; Jun (offline, with a phone); Mia (online, with a phone)."""
    hana = await api.sign_in("hana@example.com")
    jun = await api.sign_in(
        "jun@example.com", push_token="fcm-jun-phone", device={"deviceId": "jun"}
    )
    mia = await api.sign_in(
        "mia@example.com", push_token="fcm-mia-phone", device={"deviceId": "mia"}
    )
    await hana.patch("/api/v1/users/me/profile", json={"nickname": "Hana"})
    travel = await make_travel(hana, name="Jeju")
    await join(jun, travel)
    await join(mia, travel)
    return hana, jun, mia, travel, default_planet(travel)["id"]


async def test_messages_push_to_offline_members_only(trip, server, outbox):
    hana, jun, mia, _, planet_id = trip
    mia_ws = await WsClient.connect(server.url, mia.access_token)
    await mia_ws.expect("connected")
    r = await hana.post(f"/api/v1/planets/{planet_id}/messages", json={"content": "Dinner at 7"})
    message_id = str(r.json()["id"])
    [push] = await pushed(outbox, messageId=message_id)
    assert push["token"] == "fcm-jun-phone"  # Mia is online: she sees it live, no buzz
    assert push["notification"] == {"title": "Hana → General", "body": "Dinner at 7"}
    assert push["data"]["planetId"] == str(planet_id) and push["data"]["type"] == "message"
    assert push["apns"]["payload"]["aps"]["thread-id"] == f"planet-{planet_id}"
    assert await inbox(jun) == []  # plain messages do not fill the inbox
    await mia_ws.close()


async def test_mentions_and_replies(trip, server, outbox):
    hana, jun, mia, _, planet_id = trip
    mia_ws = await WsClient.connect(server.url, mia.access_token)
    await mia_ws.expect("connected")
    r = await hana.post(
        f"/api/v1/planets/{planet_id}/messages",
        json={"content": "@Mia @Jun bring sunscreen", "mentions": [mia.user_id, jun.user_id]},
    )
    message_id = r.json()["id"]
    live = await mia_ws.expect("notification")
    assert live["type"] == "mention" and live["title"] == "Hana mentioned you in General"
    assert live["data"]["messageId"] == message_id and live["id"] == (await inbox(mia))[0]["id"]
    [push] = await pushed(outbox, messageId=str(message_id))
    assert push["token"] == "fcm-jun-phone" and push["data"]["type"] == "mention"
    assert [n["type"] for n in await inbox(jun)] == ["mention"]
    r = await jun.post(
        f"/api/v1/planets/{planet_id}/messages", json={"content": "Got it", "replyToId": message_id}
    )
    replies = await eventually(
        lambda: inbox(hana),
        lambda items: any(n["type"] == "reply" for n in items),
        what="reply notification",
    )
    assert replies[0]["title"].endswith("replied to you in General")
    await mia_ws.close()


async def test_muted_planet_stays_quiet_except_for_mentions(trip, outbox):
    hana, jun, _, _, planet_id = trip
    await jun.put(
        f"/api/v1/planets/{planet_id}/notification-settings", json={"notificationsMuted": True}
    )
    quiet = await hana.post(f"/api/v1/planets/{planet_id}/messages", json={"content": "chit chat"})
    loud = await hana.post(
        f"/api/v1/planets/{planet_id}/messages",
        json={"content": "@Jun your passport!", "mentions": [jun.user_id]},
    )
    [mention] = await pushed(outbox, messageId=str(loud.json()["id"]), type="mention")
    assert mention["token"] == "fcm-jun-phone"
    chat = [
        p["message"]["token"]
        for p in outbox.pushes()
        if p["message"]["data"].get("messageId") == str(quiet.json()["id"])
    ]
    assert chat == ["fcm-mia-phone"]  # Mia did not mute the planet; Jun did


async def test_host_hears_about_joins(api, trip):
    hana, _, _, travel, _ = trip
    newcomer = await api.sign_in("ravi@example.com")
    await newcomer.patch("/api/v1/users/me/profile", json={"nickname": "Ravi"})
    await join(newcomer, travel)
    items = await eventually(
        lambda: inbox(hana),
        lambda xs: any("Ravi joined" in n["title"] for n in xs),
        what="join notification",
    )
    assert items[0]["type"] == "member_joined" and items[0]["data"] == {"travelId": travel["id"]}


async def test_bans_and_mutes_are_announced_to_the_member(trip, outbox):
    hana, jun, mia, travel, planet_id = trip
    await hana.post(
        f"/api/v1/planets/{planet_id}/members/{mia.user_id}/mute", json={"duration": "1h"}
    )
    muted = await eventually(lambda: inbox(mia), bool, what="mute notification")
    assert muted[0]["type"] == "ban" and muted[0]["title"] == "You were muted in General"
    assert muted[0]["important"] is True
    tu = await membership_id(hana, travel["id"], jun.user_id)
    await hana.post(f"/api/v1/travel-users/{tu}/ban", json={"reason": "Kept spamming the group"})
    banned = await eventually(lambda: inbox(jun), bool, what="ban notification")
    assert (
        banned[0]["title"] == "You were banned from Jeju"
        and banned[0]["body"] == "Kept spamming the group"
    )
    bans = await pushed(outbox, count=2, type="ban", travelId=str(travel["id"]))
    assert sorted(p["token"] for p in bans) == [
        "fcm-jun-phone",
        "fcm-mia-phone",
    ]  # the mute, the ban
    [ban] = [p for p in bans if p["token"] == "fcm-jun-phone"]
    assert ban["notification"]["title"] == "You were banned from Jeju"


async def test_travel_changes_reach_members_but_not_the_author(trip):
    hana, jun, mia, travel, _ = trip
    await hana.patch(f"/api/v1/travels/{travel['id']}", json={"name": "Jeju (postponed)"})
    for member in (jun, mia):
        items = await eventually(lambda m=member: inbox(m), bool, what="travel update")
        assert (
            items[0]["type"] == "travel_update"
            and items[0]["title"] == "Jeju (postponed) was updated"
        )
    assert [n for n in await inbox(hana) if n["type"] == "travel_update"] == []
    await hana.patch(f"/api/v1/travels/{travel['id']}", json={"description": "new photo"})
    assert len(await inbox(jun)) == 1  # a description change is not worth a notification


async def test_a_worker_process_delivers(required_services, standins):
    """With CONNECTO_BROKER_URL the web process only queues; `make worker` sends."""
    standins.reset()
    env = {"CONNECTO_BROKER_URL": services.REDIS_URL, **standins.server_env()}
    async with standalone("notify_worker", env=env, worker=True) as stack:
        admin = await stack.api.sign_in(ADMIN_EMAIL)
        user = await stack.api.sign_in(
            "far@example.com", push_token="fcm-far-away-phone", device={"deviceId": "far"}
        )
        r = await admin.post(
            "/api/v1/admin/notifications",
            json={"userId": user.user_id, "title": "From the worker", "body": "hi"},
        )
        assert r.json()["channels"]["push"] == "PENDING"

        async def pushes():
            return [
                p
                for p in standins.pushes()
                if p["message"]["notification"]["title"] == "From the worker"
            ]

        delivered = await eventually(pushes, bool, timeout=30, what="push from the worker")
        assert delivered[0]["message"]["token"] == "fcm-far-away-phone"


async def test_a_deleted_message_leaves_no_text_in_notifications(trip, outbox, db):
    """Deleted content is never sent: the inbox shows the placeholder and a push still held
    for quiet hours is dropped. Restoring brings the inbox text back."""
    hana, jun, _, _, planet_id = trip
    r = await jun.patch("/api/v1/users/me", json={"timezone": "Asia/Seoul"})
    assert r.status_code == 200, r.text
    await in_quiet_hours(jun, "Asia/Seoul")
    r = await hana.post(
        f"/api/v1/planets/{planet_id}/messages",
        json={"content": "@Jun the secret door code is 4711", "mentions": [jun.user_id]},
    )
    message_id = r.json()["id"]
    [notice] = await eventually(lambda: inbox(jun), bool, what="mention in the inbox")
    assert notice["body"] == "@Jun the secret door code is 4711"
    held = await db.fetchrow(
        "SELECT status, next_attempt_at FROM notifications WHERE message_id = $1"
        " AND channel = 'push'",
        message_id,
    )
    # Quiet hours: waiting until the window ends, not sent now.
    assert held["status"] == "PENDING", dict(held)
    assert held["next_attempt_at"] > datetime.now(UTC) + timedelta(minutes=30), dict(held)

    assert (await hana.delete(f"/api/v1/messages/{message_id}")).status_code == 200
    [notice] = await inbox(jun)
    assert notice["body"] == "Message deleted"
    rows = await db.fetch(
        "SELECT channel, status, body FROM notifications WHERE message_id = $1 AND user_id = $2",
        message_id,
        jun.user_id,
    )
    assert {row["body"] for row in rows} == {"Message deleted"}
    assert {row["channel"]: row["status"] for row in rows}["push"] == "FAILED"
    assert not [p for p in outbox.pushes() if p["message"]["token"] == "fcm-jun-phone"]

    assert (await hana.post(f"/api/v1/messages/{message_id}/restore")).status_code == 200
    [notice] = await inbox(jun)
    assert notice["body"] == "@Jun the secret door code is 4711"


async def test_announcements_are_important_for_every_member(trip, server, outbox):
    """Spec 3.1: an ANNOUNCEMENT post reaches every member's inbox and phone, even someone
    online, in quiet hours, or who silenced the planet, and is marked important."""
    hana, jun, mia, travel, _ = trip
    r = await hana.post(
        f"/api/v1/travels/{travel['id']}/planets", json={"name": "News", "type": "announcement"}
    )
    assert r.status_code == 201, r.text
    planet_id = r.json()["id"]
    await in_quiet_hours(mia, "UTC")
    r = await jun.put(
        f"/api/v1/planets/{planet_id}/notification-settings", json={"notificationsMuted": True}
    )
    assert r.status_code == 200, r.text
    mia_ws = await WsClient.connect(server.url, mia.access_token)
    r = await hana.post(
        f"/api/v1/planets/{planet_id}/messages", json={"content": "The bus leaves at 7"}
    )
    assert r.status_code == 201, r.text
    pushes = await pushed(outbox, count=2, type="announcement")
    assert sorted(p["token"] for p in pushes) == ["fcm-jun-phone", "fcm-mia-phone"]
    assert pushes[0]["notification"]["title"] == "📢 News · Jeju"
    live = await mia_ws.expect("notification", lambda d: d["type"] == "announcement")
    assert live["important"] is True and live["body"] == "Hana: The bus leaves at 7"
    for member in (jun, mia):
        [notice] = await eventually(lambda m=member: inbox(m), bool, what="announcement")
        assert notice["type"] == "announcement" and notice["important"] is True
    assert [n for n in await inbox(hana) if n["type"] == "announcement"] == []
    await mia_ws.close()
