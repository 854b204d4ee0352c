"""Notifications: every channel against its local stand-in, retries, preferences, the inbox."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.support.api import error_code
from tests.support.server import ADMIN_EMAIL
from tests.support.waiting import eventually
from tests.support.world import default_planet, join, make_travel

SEND = "/api/v1/admin/notifications"


@pytest.fixture
async def admin(api):
    return await api.sign_in(ADMIN_EMAIL)


async def reachable_user(api, email="mina@example.com", phone="+821012345678", sms=True):
    """A user with a device, an email, a phone number and SMS switched on."""
    user = await api.sign_in(
        email,
        push_token="fcm-mina-phone-token",
        device={"deviceId": "mina-phone", "platform": "IOS"},
    )
    await user.patch(
        "/api/v1/users/me/profile",
        json={
            "nickname": "Mina",
            "phoneNumber": phone,
            "preferences": {"notifications": {"sms": sms}},
        },
    )
    return user


async def deliveries(user, notification_id: int) -> dict[str, dict]:
    r = await user.get(f"/api/v1/notifications/{notification_id}/deliveries")
    assert r.status_code == 200, r.text
    return {d["channel"]: d for d in r.json()["deliveries"]}


async def inbox(user, **params) -> list[dict]:
    r = await user.get("/api/v1/notifications", params=params)
    assert r.status_code == 200, r.text
    return r.json()["items"]


def _waiting_for_later(delivery: dict) -> bool:
    """PENDING with its next attempt in the future: a scheduled retry or a held push."""
    due = delivery["nextAttemptAt"]
    return due is not None and datetime.fromisoformat(due) > datetime.now(UTC)


async def settled(user, notification_id: int) -> dict[str, dict]:
    """Deliveries once no channel has an attempt due now or in flight."""
    return await eventually(
        lambda: deliveries(user, notification_id),
        lambda d: all(x["status"] != "PENDING" or _waiting_for_later(x) for x in d.values()),
        what="deliveries settled",
    )


async def test_one_notification_on_every_channel(api, admin, outbox):
    mina = await reachable_user(api)
    host = await api.sign_in()
    travel = await make_travel(host)
    await join(mina, travel)
    for text in ("one", "two"):  # two unread messages: the push badge
        await host.post(
            f"/api/v1/planets/{default_planet(travel)['id']}/messages", json={"content": text}
        )
    r = await admin.post(
        SEND,
        json={
            "userId": mina.user_id,
            "title": "Typhoon warning",
            "body": "Ferries to Udo are cancelled today",
            "important": True,
            "data": {"travelId": travel["id"], "customData": {"level": 3}},
        },
    )
    assert r.status_code == 201, r.text
    assert set(r.json()["channels"]) == {"in_app", "push", "email", "sms"}  # not websocket: offline
    notification = (await inbox(mina))[0]
    assert notification["title"] == "Typhoon warning" and notification["readAt"] is None
    done = await settled(mina, notification["id"])
    assert {c: d["status"] for c, d in done.items()} == {
        "in_app": "DELIVERED",
        "push": "SENT",
        "email": "SENT",
        "sms": "SENT",
    }

    pushes = outbox.pushes()
    # Mina was offline: the two chat messages were pushed too (the message trigger).
    assert sorted(
        p["message"]["notification"]["body"]
        for p in pushes
        if p["message"]["data"]["type"] == "message"
    ) == ["one", "two"]
    [message] = [p["message"] for p in pushes if p["message"]["data"]["type"] == "system"]
    assert message["token"] == "fcm-mina-phone-token"
    assert message["notification"] == {
        "title": "Typhoon warning",
        "body": "Ferries to Udo are cancelled today",
    }
    assert message["data"] == {
        "notificationId": str(done["push"]["id"]),
        "type": "system",
        "travelId": str(travel["id"]),
        "customData": '{"level": 3}',
    }
    assert message["apns"]["payload"]["aps"]["badge"] == 2
    assert message["android"]["notification"]["notification_count"] == 2
    [email] = outbox.emails()
    assert email["to"] == ["mina@example.com"] and email["subject"] == "Typhoon warning"
    assert (
        "Ferries to Udo are cancelled today" in email["text"]
        and "<h2>Typhoon warning</h2>" in email["html"]
    )
    [sms] = outbox.texts()
    assert (
        sms["to"] == "+821012345678"
        and sms["body"] == "Typhoon warning: Ferries to Udo are cancelled today"
    )


async def test_unregistered_device_token_is_removed(api, admin, outbox, db):
    mina = await reachable_user(api, sms=False)
    for token, device in (("fcm-mina-old-tablet", "tablet"), ("fcm-other-app", "watch")):
        r = await mina.post(
            "/api/v1/notifications/push-token", json={"token": token, "deviceId": device}
        )
        assert r.status_code in (200, 201), r.text
    outbox.fcm_control(unregistered=["fcm-mina-old-tablet"], foreignProject=["fcm-other-app"])
    await admin.post(SEND, json={"userId": mina.user_id, "title": "Hi", "body": "there"})
    notification = (await inbox(mina))[0]
    done = await settled(mina, notification["id"])
    assert done["push"]["status"] == "SENT"  # the phone got it
    assert [p["message"]["token"] for p in outbox.pushes()] == ["fcm-mina-phone-token"]
    tokens = await db.fetch("SELECT token FROM push_tokens WHERE user_id = $1", mina.user_id)
    assert [t["token"] for t in tokens] == ["fcm-mina-phone-token"]


async def run_retry_job(admin) -> None:
    r = await admin.post("/api/v1/admin/jobs/notification.retry/run")
    assert r.status_code == 202, r.text


async def retried_until_sent(admin, db, user, notification_id: int, push_id: int) -> dict:
    """Time passes (the backoff): the periodic job sends the push again."""
    await db.execute("UPDATE notifications SET next_attempt_at = now() WHERE id = $1", push_id)
    await run_retry_job(admin)
    return await eventually(
        lambda: deliveries(user, notification_id),
        lambda d: d["push"]["status"] == "SENT",
        what="push retried",
    )


async def test_transient_failure_is_retried(api, admin, outbox, db):
    mina = await reachable_user(api, sms=False)
    outbox.fcm_control(failNext=1)
    await admin.post(SEND, json={"userId": mina.user_id, "title": "Retry me", "body": "please"})
    notification = (await inbox(mina))[0]
    first = (await settled(mina, notification["id"]))["push"]
    assert first["status"] == "PENDING" and first["attempts"] == 1
    assert "503" in first["lastError"] and first["nextAttemptAt"] is not None
    assert outbox.pushes() == []
    final = await retried_until_sent(admin, db, mina, notification["id"], first["id"])
    assert final["push"]["attempts"] == 2 and final["push"]["lastError"] is None
    assert len(outbox.pushes()) == 1


async def test_a_retry_goes_only_to_the_devices_that_missed_it(api, admin, outbox, db):
    mina = await reachable_user(api, sms=False)
    r = await mina.post(
        "/api/v1/notifications/push-token", json={"token": "fcm-mina-tablet", "deviceId": "tab"}
    )
    assert r.status_code in (200, 201), r.text
    outbox.fcm_control(failNext=1)  # the phone (first registered) fails, the tablet gets it
    await admin.post(SEND, json={"userId": mina.user_id, "title": "Two devices", "body": "hi"})
    notification = (await inbox(mina))[0]
    first = (await settled(mina, notification["id"]))["push"]
    assert first["status"] == "PENDING" and "503" in first["lastError"]
    assert [p["message"]["token"] for p in outbox.pushes()] == ["fcm-mina-tablet"]
    final = await retried_until_sent(admin, db, mina, notification["id"], first["id"])
    assert final["push"]["attempts"] == 2
    assert sorted(p["message"]["token"] for p in outbox.pushes()) == [
        "fcm-mina-phone-token",
        "fcm-mina-tablet",
    ]  # each device once


async def test_a_push_some_devices_got_ends_sent(api, admin, outbox, db):
    mina = await reachable_user(api, sms=False)
    await mina.post(
        "/api/v1/notifications/push-token", json={"token": "fcm-mina-tablet", "deviceId": "tab"}
    )
    outbox.fcm_control(failNext=1)
    await admin.post(SEND, json={"userId": mina.user_id, "title": "Last try", "body": "hi"})
    notification = (await inbox(mina))[0]
    first = (await settled(mina, notification["id"]))["push"]
    # The phone's last attempt fails too: the tablet has it, so the push counts as sent.
    await db.execute(
        "UPDATE notifications SET next_attempt_at = now(), attempts = max_attempts - 1"
        " WHERE id = $1",
        first["id"],
    )
    outbox.fcm_control(failNext=1)
    await run_retry_job(admin)
    final = await eventually(
        lambda: deliveries(mina, notification["id"]),
        lambda d: d["push"]["status"] != "PENDING",
        what="last attempt",
    )
    assert final["push"]["status"] == "SENT" and "503" in final["push"]["lastError"]
    assert [p["message"]["token"] for p in outbox.pushes()] == ["fcm-mina-tablet"]


async def test_gives_up_after_max_attempts(api, admin, outbox, db):
    mina = await reachable_user(api, sms=False)
    outbox.fcm_control(failNext=100)
    await admin.post(SEND, json={"userId": mina.user_id, "title": "Never", "body": "arrives"})
    notification = (await inbox(mina))[0]
    push = (await settled(mina, notification["id"]))["push"]
    while push["status"] == "PENDING":
        attempts = push["attempts"]
        await db.execute(
            "UPDATE notifications SET next_attempt_at = now() WHERE id = $1", push["id"]
        )
        await run_retry_job(admin)
        push = (
            await eventually(
                lambda: deliveries(mina, notification["id"]),
                lambda d, a=attempts: d["push"]["attempts"] > a,
                what="next attempt",
            )
        )["push"]
    assert push["status"] == "FAILED" and push["attempts"] == push["maxAttempts"] == 5
    assert "503" in push["lastError"] and push["nextAttemptAt"] is None
    assert outbox.pushes() == []


async def test_preferences_decide_the_channels(api, admin, outbox):
    mina = await reachable_user(api)
    await mina.patch(
        "/api/v1/users/me/preferences", json={"notifications": {"email": False, "sms": False}}
    )
    r = await admin.post(SEND, json={"userId": mina.user_id, "title": "a", "body": "b"})
    assert set(r.json()["channels"]) == {"in_app", "push"}
    await mina.patch(
        "/api/v1/users/me/preferences", json={"notifications": {"types": {"system": False}}}
    )
    r = await admin.post(SEND, json={"userId": mina.user_id, "title": "muted type", "body": "b"})
    assert r.json()["channels"] == {}
    r = await admin.post(
        SEND,
        json={"userId": mina.user_id, "title": "but important", "body": "b", "important": True},
    )
    assert set(r.json()["channels"]) == {"in_app", "push"}


async def test_quiet_hours_hold_push_but_not_the_inbox(api, admin, outbox):
    mina = await reachable_user(api, sms=False)
    await mina.patch("/api/v1/users/me", json={"timezone": "Asia/Seoul"})
    now = datetime.now(ZoneInfo("Asia/Seoul"))
    start, end = (
        (now - timedelta(hours=1)).strftime("%H:%M"),
        (now + timedelta(hours=2)).strftime("%H:%M"),
    )
    await mina.patch(
        "/api/v1/users/me/preferences",
        json={
            "notifications": {
                "email": False,
                "quietHours": {"enabled": True, "start": start, "end": end},
            }
        },
    )
    await admin.post(SEND, json={"userId": mina.user_id, "title": "At night", "body": "shh"})
    notification = (await inbox(mina))[0]
    held = await deliveries(mina, notification["id"])
    assert held["in_app"]["status"] == "DELIVERED"
    assert held["push"]["status"] == "PENDING" and held["push"]["attempts"] == 0
    held_until = datetime.fromisoformat(held["push"]["nextAttemptAt"]).astimezone(
        ZoneInfo("Asia/Seoul")
    )
    assert held_until.strftime("%H:%M") == end
    await admin.post(
        SEND, json={"userId": mina.user_id, "title": "Fire alarm", "body": "now", "important": True}
    )
    urgent = (await inbox(mina))[0]
    assert (await settled(mina, urgent["id"]))["push"]["status"] == "SENT"  # important: no waiting
    assert [p["message"]["notification"]["title"] for p in outbox.pushes()] == ["Fire alarm"]


async def test_inbox_pages_filters_and_reads(api, admin):
    mina = await api.sign_in()
    for i in range(5):
        await admin.post(
            SEND,
            json={
                "userId": mina.user_id,
                "title": f"n{i}",
                "body": "x",
                "type": "travel_update" if i % 2 else "system",
            },
        )
    assert (await mina.get("/api/v1/notifications/unread-count")).json() == {"count": 5}
    first = (await mina.get("/api/v1/notifications", params={"limit": 2})).json()
    second = (
        await mina.get("/api/v1/notifications", params={"limit": 2, "cursor": first["nextCursor"]})
    ).json()
    third = (
        await mina.get("/api/v1/notifications", params={"limit": 2, "cursor": second["nextCursor"]})
    ).json()
    titles = [n["title"] for page in (first, second, third) for n in page["items"]]
    assert titles == ["n4", "n3", "n2", "n1", "n0"] and third["nextCursor"] is None
    assert [n["title"] for n in await inbox(mina, type="travel_update")] == ["n3", "n1"]
    r = await mina.post(f"/api/v1/notifications/{first['items'][0]['id']}/read")
    assert r.status_code == 200 and r.json()["readAt"] is not None
    assert len(await inbox(mina, unreadOnly="true")) == 4
    assert (await mina.post("/api/v1/notifications/read-all")).json() == {"marked": 4}
    assert (await mina.get("/api/v1/notifications/unread-count")).json() == {"count": 0}


async def test_inbox_bad_input(api, admin):
    mina, other = await api.sign_in(), await api.sign_in()
    await admin.post(SEND, json={"userId": mina.user_id, "title": "mine", "body": "x"})
    mine = (await inbox(mina))[0]
    r = await other.post(f"/api/v1/notifications/{mine['id']}/read")
    assert r.status_code == 404 and error_code(r) == "NOTIFICATION_NOT_FOUND"
    assert (await other.get(f"/api/v1/notifications/{mine['id']}/deliveries")).status_code == 404
    for params, code in (
        ({"cursor": "garbage!"}, "INVALID_CURSOR"),
        ({"sort": "old"}, "UNKNOWN_FILTER"),
        ({"type": "gossip"}, "VALIDATION_ERROR"),
        ({"limit": "-1"}, "VALIDATION_ERROR"),
    ):
        r = await mina.get("/api/v1/notifications", params=params)
        assert r.status_code == 400 and error_code(r) == code
    assert (await mina.post("/api/v1/notifications/99999/read")).status_code == 404


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"title": "t", "body": "b"}, 400),
        ({"userId": "1", "title": "t", "body": "b"}, 400),
        ({"userId": 1, "title": "", "body": "b"}, 400),
        ({"userId": 1, "title": "t", "body": "b", "type": "spam"}, 400),
        ({"userId": 999999, "title": "t", "body": "b"}, 404),
    ],
)
async def test_admin_send_bad_input(api, admin, body, status):
    r = await admin.post(SEND, json=body)
    assert r.status_code == status, r.text


async def test_admin_send_is_admin_only(api):
    mina = await api.sign_in()
    r = await mina.post(SEND, json={"userId": mina.user_id, "title": "t", "body": "b"})
    assert r.status_code == 403 and error_code(r) == "ADMIN_REQUIRED"
