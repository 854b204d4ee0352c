"""Analytics (spec 9.1): events recorded from what happens, clients' own events, the daily
aggregation checked against the events that produced it, reports, retention."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

import pytest

from connecto.analytics.catalog import CLIENT_EVENTS, SERVER_EVENTS
from tests.support.api import error_code
from tests.support.server import ADMIN_EMAIL
from tests.support.waiting import eventually
from tests.support.world import default_planet, join, make_travel

EVENTS = "/api/v1/analytics/events"
SUMMARY = "/api/v1/admin/analytics/summary"
SEND = "/api/v1/admin/notifications"
IPHONE = {"deviceId": "ann-iphone", "platform": "IOS", "model": "iPhone 15"}
PIXEL = {"deviceId": "bob-pixel", "platform": "ANDROID", "model": "Pixel 8"}


async def flush(api) -> None:
    """Background jobs done, then this server's buffered analytics events written."""
    r = await api.http.post("/dev/jobs/drain")
    assert r.status_code == 200, r.text


async def stored(db) -> list[dict]:
    rows = await db.fetch("SELECT * FROM analytics_events ORDER BY id")
    return [{**row, "properties": json.loads(row["properties"])} for row in rows]


def only(rows: list[dict], name: str) -> dict:
    [row] = [row for row in rows if row["name"] == name]
    return row


async def test_server_events_carry_user_travel_planet_platform_and_device(api, db):
    ann = await api.sign_in(device=IPHONE)
    bob = await api.sign_in(device=PIXEL)
    travel = await make_travel(ann)
    await join(bob, travel)
    planet_id = default_planet(travel)["id"]
    message = (
        await ann.post(f"/api/v1/planets/{planet_id}/messages", json={"content": "hello"})
    ).json()
    r = await bob.post(
        f"/api/v1/planets/{planet_id}/read",
        json={"messageIds": [message["id"]], "deviceType": "Android"},
    )
    assert r.status_code == 200, r.text
    assert (
        await bob.post(f"/api/v1/messages/{message['id']}/reactions", json={"emoji": "👍"})
    ).status_code == 200
    assert (await bob.get("/api/v1/messages/search", params={"q": "hello"})).status_code == 200
    assert (
        await ann.patch(f"/api/v1/messages/{message['id']}", json={"content": "hello!"})
    ).status_code == 200
    r = await api.http.post("/api/v1/auth/refresh", json={"refreshToken": ann.refresh_token})
    assert r.status_code == 200
    assert (await bob.post(f"/api/v1/travels/{travel['id']}/leave", json={})).status_code == 204
    assert (await bob.post("/api/v1/auth/logout", json={})).status_code == 200
    await flush(api)

    rows = await stored(db)
    names = [row["name"] for row in rows]
    assert set(names) <= set(SERVER_EVENTS)
    for name in (
        "travel.created",
        "travel.joined",
        "message.sent",
        "message.read",
        "message.reacted",
        "message.searched",
        "message.edited",
        "token.refresh",
        "travel.left",
        "user.logout",
    ):
        assert names.count(name) == 1, (name, names)
    assert names.count("user.signup") == 2
    sent = only(rows, "message.sent")
    assert (sent["user_id"], sent["travel_id"], sent["planet_id"]) == (
        ann.user_id,
        travel["id"],
        planet_id,
    )
    assert (sent["platform"], sent["device_type"], sent["source"]) == ("ios", "phone", "server")
    assert sent["properties"] == {
        "messageId": message["id"],
        "type": "text",
        "length": 5,
        "hasAttachment": False,
        "isReply": False,
        "planetType": "group",
    }
    read = only(rows, "message.read")
    # The read event names only the planet: the travel is filled in when it is written.
    assert (read["user_id"], read["travel_id"], read["planet_id"]) == (
        bob.user_id,
        travel["id"],
        planet_id,
    )
    assert (read["platform"], read["device_type"]) == ("android", "phone")
    assert read["properties"]["count"] == 1 and read["properties"]["deviceType"] == "Android"
    assert read["properties"]["timeToReadMs"] >= 0
    assert only(rows, "travel.joined")["properties"]["joinMethod"] == "INVITE_CODE"
    assert only(rows, "message.reacted")["properties"] == {
        "messageId": message["id"],
        "emoji": "👍",
        "added": True,
    }
    assert only(rows, "user.logout")["user_id"] == bob.user_id
    # Stored in this month's partition of the partitioned table.
    month = datetime.now(UTC).strftime("analytics_events_%Y_%m")
    assert await db.fetchval(f"SELECT count(*) FROM {month}") == len(rows)


async def test_a_websocket_session_and_typing_are_recorded(api, db, server):
    from tests.support.ws import WsClient

    ann = await api.sign_in(device=IPHONE)
    travel = await make_travel(ann)
    planet_id = default_planet(travel)["id"]
    ws = await WsClient.connect(server.url, ann.access_token)
    await ws.ok("typing:advanced_start", {"planetId": planet_id, "language": "ko"})
    await ws.ok("message:send", {"planetId": planet_id, "content": "typed it"})
    await ws.close()

    async def recorded() -> list[str]:
        await flush(api)
        return [row["name"] for row in await stored(db)]

    await eventually(recorded, lambda names: "session.ended" in names, what="session.ended")
    rows = await stored(db)
    typing = only(rows, "typing.started")
    assert typing["properties"]["completed"] is True and typing["properties"]["language"] == "ko"
    session = only(rows, "session.ended")
    assert session["user_id"] == ann.user_id and session["platform"] == "ios"
    assert session["properties"]["durationSeconds"] > 0
    # A message sent over the socket is attributed to the socket's session as well.
    assert only(rows, "message.sent")["platform"] == "ios"


async def test_client_events_are_checked_and_stored(api, db):
    ann = await api.sign_in(device=IPHONE)
    travel = await make_travel(ann)
    planet_id = default_planet(travel)["id"]
    now = datetime.now(UTC)
    r = await ann.post(
        EVENTS,
        json={
            "events": [
                {"name": "app.opened", "properties": {"pushNotificationClicked": False}},
                {
                    "name": "planet.viewed",
                    "occurredAt": (now - timedelta(minutes=3)).isoformat(),
                    "properties": {
                        "planetId": planet_id,
                        "durationSeconds": 42.5,
                        "messagesRead": 3,
                    },
                },
                {
                    "name": "file.shared",
                    "occurredAt": (now + timedelta(minutes=2)).isoformat(),  # skewed clock
                    "properties": {"shareMethod": "link", "recipientCount": 2},
                },
            ]
        },
    )
    assert r.status_code == 202 and r.json() == {"accepted": 3}, r.text
    await flush(api)
    rows = [row for row in await stored(db) if row["source"] == "client"]
    assert [row["name"] for row in rows] == ["app.opened", "planet.viewed", "file.shared"]
    assert set(CLIENT_EVENTS) == {
        "app.opened",
        "app.closed",
        "planet.viewed",
        "notification.opened",
        "file.downloaded",
        "file.shared",
    }
    viewed = rows[1]
    assert (viewed["user_id"], viewed["planet_id"], viewed["travel_id"]) == (
        ann.user_id,
        planet_id,
        travel["id"],
    )
    assert viewed["properties"] == {"durationSeconds": 42.5, "messagesRead": 3}
    assert viewed["occurred_at"] < now - timedelta(minutes=2)
    assert rows[2]["occurred_at"] <= datetime.now(UTC)  # a future time is dated "now"
    assert all(row["platform"] == "ios" for row in rows)


@pytest.mark.parametrize(
    "event",
    [
        {"name": "user.signup"},  # the server's to record
        {"name": "no.such.event"},
        {"name": "app.opened", "properties": {"sneaky": True}},
        {"name": "app.closed", "properties": {"sessionSeconds": "5"}},
        {"name": "app.closed", "properties": {"sessionSeconds": -1}},
        {"name": "app.closed"},
        {"name": "planet.viewed", "properties": {"planetId": 2**70, "durationSeconds": 1}},
        {"name": "file.shared", "properties": {"shareMethod": "li\u0000nk", "recipientCount": 1}},
        {"name": "file.downloaded", "properties": {"fileType": "exe"}},
        {"name": "app.opened", "occurredAt": "2026-01-01T00:00:00"},
        {"name": "app.opened", "occurredAt": "yesterday"},
        {"name": "app.opened", "extra": 1},
        "app.opened",
    ],
)
async def test_bad_client_events_are_refused(api, event):
    ann = await api.sign_in()
    r = await ann.post(EVENTS, json={"events": [event]})
    assert r.status_code == 400 and error_code(r) == "VALIDATION_ERROR", r.text


async def test_client_event_batches_and_references_are_checked(api, db):
    ann, bob = await api.sign_in(), await api.sign_in()
    r = await api.http.post(EVENTS, json={"events": [{"name": "app.opened"}]})
    assert r.status_code == 401 and error_code(r) == "AUTH_REQUIRED"
    for body in ({"events": []}, {"events": [{"name": "app.opened"}] * 101}, {}, []):
        r = await ann.post(EVENTS, json=body)
        assert r.status_code == 400 and error_code(r) == "VALIDATION_ERROR", body
    r = await ann.post(
        EVENTS, content=b"\x00not json", headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 400 and error_code(r) == "INVALID_JSON"

    async def refused(event: dict) -> list[str]:
        r = await ann.post(EVENTS, json={"events": [{"name": "app.opened"}, event]})
        assert r.status_code == 400 and error_code(r) == "VALIDATION_ERROR", r.text
        return [field["field"] for field in r.json()["error"]["details"]["fields"]]

    bobs_travel = await make_travel(bob)
    bobs_planet = default_planet(bobs_travel)["id"]
    viewed = {"planetId": bobs_planet, "durationSeconds": 1}
    assert await refused({"name": "planet.viewed", "properties": viewed}) == [
        "events.1.properties.planetId"
    ]
    too_old = (datetime.now(UTC) - timedelta(days=8)).isoformat()
    assert await refused({"name": "app.opened", "occurredAt": too_old}) == ["events.1.occurredAt"]
    ahead = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    assert await refused({"name": "app.opened", "occurredAt": ahead}) == ["events.1.occurredAt"]
    # Notifications: only one's own, and not the in-app copy (reading it is the signal).
    admin = await api.sign_in(ADMIN_EMAIL)
    await admin.post(SEND, json={"userId": bob.user_id, "title": "T", "body": "B"})
    bobs = await db.fetchval(
        "SELECT id FROM notifications WHERE user_id = $1 AND channel = 'in_app'", bob.user_id
    )
    opened = {"name": "notification.opened", "properties": {"notificationId": bobs}}
    assert await refused(opened) == ["events.1.properties.notificationId"]
    r = await bob.post(EVENTS, json={"events": [opened]})
    assert r.status_code == 400
    assert "marking them read" in r.json()["error"]["details"]["fields"][0]["message"]
    await flush(api)
    assert await db.fetchval("SELECT count(*) FROM analytics_events WHERE source = 'client'") == 0


async def _aggregation_scenario(api, db) -> dict:
    """Four people, two travels, messages, reads, a notification opened on two channels."""
    admin = await api.sign_in(ADMIN_EMAIL)
    ann = await api.sign_in(device=IPHONE)
    bob = await api.sign_in(push_token="fcm-bob-pixel", device=PIXEL)
    cho = await api.sign_in(device={"deviceId": "cho-web", "platform": "WEB"})
    first = await make_travel(ann)
    await join(bob, first)
    second = await make_travel(cho)
    p1, p2 = default_planet(first)["id"], default_planet(second)["id"]
    sent = []
    for author, planet, text in (
        (ann, p1, "a1"),
        (ann, p1, "a2"),
        (bob, p1, "b1"),
        (cho, p2, "c1"),
    ):
        r = await author.post(f"/api/v1/planets/{planet}/messages", json={"content": text})
        assert r.status_code == 201, r.text
        sent.append(r.json())
    r = await bob.post(
        f"/api/v1/planets/{p1}/read",
        json={"messageIds": [sent[0]["id"], sent[1]["id"]], "deviceType": "Android"},
    )
    assert r.status_code == 200
    assert (await ann.post(f"/api/v1/messages/{sent[2]['id']}/read", json={})).status_code == 200
    assert (await bob.get("/api/v1/messages/search", params={"q": "a1"})).status_code == 200
    r = await admin.post(SEND, json={"userId": bob.user_id, "title": "Ferry", "body": "Delayed"})
    assert r.status_code == 201, r.text
    await flush(api)  # the push went out
    notes = {
        row["channel"]: row["id"]
        for row in await db.fetch(
            "SELECT id, channel FROM notifications WHERE user_id = $1 AND type = 'system'",
            bob.user_id,
        )
    }
    assert (await bob.post(f"/api/v1/notifications/{notes['in_app']}/read")).status_code == 200
    r = await bob.post(
        EVENTS,
        json={
            "events": [
                {"name": "app.opened", "properties": {"pushNotificationClicked": True}},
                {"name": "notification.opened", "properties": {"notificationId": notes["push"]}},
                {"name": "planet.viewed", "properties": {"planetId": p1, "durationSeconds": 30}},
            ]
        },
    )
    assert r.status_code == 202, r.text
    await flush(api)
    return {"admin": admin, "ann": ann, "bob": bob, "cho": cho, "first": first, "second": second}


async def _earlier_activity(db, today: date) -> None:
    """Users active 3, 20 and 40 days ago (WAU, MAU and neither)."""
    for days_ago, user_id in ((3, 900_001), (20, 900_002), (40, 900_003)):
        moment = datetime(today.year, today.month, today.day, 12, tzinfo=UTC) - timedelta(
            days=days_ago
        )
        month = date(moment.year, moment.month, 1)
        following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        await db.execute(
            f"CREATE TABLE IF NOT EXISTS analytics_events_{month:%Y_%m} PARTITION OF "
            f"analytics_events FOR VALUES FROM ('{month} 00:00+00') TO ('{following} 00:00+00')"
        )
        await db.execute(
            "INSERT INTO analytics_events (occurred_at, name, source, user_id) "
            "VALUES ($1, 'app.opened', 'client', $2)",
            moment,
            user_id,
        )


def _expected_from_events(rows: list[dict], day: date) -> dict:
    """The numbers, computed plainly from the raw events (no pandas)."""
    today = [row for row in rows if row["occurred_at"].astimezone(UTC).date() == day]
    reads = [row for row in today if row["name"] == "message.read"]
    counts = sum(row["properties"]["count"] for row in reads)
    latency = sum(row["properties"]["timeToReadMs"] * row["properties"]["count"] for row in reads)
    by_hour: dict[str, int] = defaultdict(int)
    for row in reads:
        by_hour[f"{row['occurred_at'].astimezone(UTC).hour:02d}"] += row["properties"]["count"]
    channels: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for row in today:
        if row["name"] in ("notification.sent", "notification.opened"):
            channels[row["name"]][row["properties"]["channel"]].add(
                row["properties"]["notificationId"]
            )
    sent = {c: len(ids) for c, ids in channels["notification.sent"].items()}
    opened = {c: len(ids) for c, ids in channels["notification.opened"].items()}
    return {
        "dau": len({row["user_id"] for row in today if row["user_id"] is not None}),
        "events": len(today),
        "messagesRead": counts,
        "readLatencyAvgSeconds": round(latency / counts / 1000, 3),
        "readsByHour": dict(by_hour),
        "notificationsSent": sent,
        "notificationsOpened": opened,
        "notificationOpenRate": {c: round(opened.get(c, 0) / n, 4) for c, n in sent.items()},
    }


async def test_daily_aggregation_matches_the_events(api, db):
    cast = await _aggregation_scenario(api, db)
    admin, ann, bob = cast["admin"], cast["ann"], cast["bob"]
    rows = await stored(db)
    day = rows[-1]["occurred_at"].astimezone(UTC).date()
    await _earlier_activity(db, day)
    r = await admin.post("/api/v1/admin/jobs/analytics.daily/run")
    assert r.status_code == 202, r.text
    assert r.json()["result"]["rows"][day.isoformat()] > 0

    r = await admin.get(SUMMARY, params={"from": day.isoformat(), "to": day.isoformat()})
    assert r.status_code == 200, r.text
    summary = r.json()
    assert (summary["from"], summary["to"]) == (day.isoformat(), day.isoformat())
    [numbers] = summary["days"]
    expected = _expected_from_events(rows, day)
    for key, value in expected.items():
        assert numbers[key] == value, (key, numbers[key], value)
    # And what the scenario did, by hand:
    assert numbers["dau"] == 4 and numbers["wau"] == 5 and numbers["mau"] == 6
    assert numbers["newUsers"] == 4 and numbers["signIns"] == 4
    assert numbers["messagesSent"] == 4 and numbers["messagesSentByType"] == {"text": 4}
    assert numbers["activeTravels"] == 2 and numbers["messagesPerActiveTravel"] == 2
    assert numbers["messagesRead"] == 3
    assert numbers["readsByDevice"] == {"phone": 3}
    assert numbers["readsByPlatform"] == {"android": 2, "ios": 1}
    assert numbers["searches"] == 1 and numbers["appOpens"] == 1 and numbers["planetViews"] == 1
    assert numbers["notificationsOpened"] == {"in_app": 1, "push": 1}
    assert numbers["notificationOpenRate"]["in_app"] > 0
    assert summary["totals"]["messagesSent"] == 4 and summary["totals"]["peakDau"] == 4
    assert summary["topTravels"] == [
        {"travelId": cast["first"]["id"], "messagesSent": 3},
        {"travelId": cast["second"]["id"], "messagesSent": 1},
    ]

    # The travel's own report, for its host.
    path = f"/api/v1/travels/{cast['first']['id']}/analytics"
    r = await ann.get(path, params={"from": day.isoformat(), "to": day.isoformat()})
    assert r.status_code == 200, r.text
    [travel_day] = r.json()["days"]
    assert travel_day["messagesSent"] == 3 and travel_day["activeMembers"] == 2
    assert travel_day["messagesRead"] == 3 and travel_day["joins"] == 1
    assert sum(travel_day["readsByHour"].values()) == 3
    assert r.json()["totals"]["messagesSent"] == 3
    # Running the job again replaces the day rather than adding to it.
    await admin.post("/api/v1/admin/jobs/analytics.daily/run")
    again = await admin.get(SUMMARY, params={"from": day.isoformat(), "to": day.isoformat()})
    assert again.json()["days"][0]["messagesSent"] == 4
    # Permissions: the host and admins only.
    r = await bob.get(path)
    assert r.status_code == 403 and error_code(r) == "FORBIDDEN"
    r = await cast["cho"].get(path)
    assert r.status_code == 404 and error_code(r) == "TRAVEL_NOT_FOUND"
    assert (await admin.get(path)).status_code == 200
    r = await ann.get(SUMMARY)
    assert r.status_code == 403 and error_code(r) == "ADMIN_REQUIRED"


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"from": "2026-02-01", "to": "2026-01-01"}, "VALIDATION_ERROR"),
        ({"from": "2020-01-01", "to": "2026-01-01"}, "VALIDATION_ERROR"),
        ({"from": "not-a-date"}, "VALIDATION_ERROR"),
        ({"to": "2026-13-01"}, "VALIDATION_ERROR"),
        ({"since": "2026-01-01"}, "UNKNOWN_FILTER"),
    ],
)
async def test_report_ranges_are_checked(api, params, code):
    admin = await api.sign_in(ADMIN_EMAIL)
    r = await admin.get(SUMMARY, params=params)
    assert r.status_code == 400 and error_code(r) == code, r.text


async def test_an_empty_range_is_an_empty_report(api):
    admin = await api.sign_in(ADMIN_EMAIL)
    r = await admin.get(SUMMARY, params={"from": "2020-01-01", "to": "2020-01-31"})
    assert r.status_code == 200
    assert r.json() == {
        "from": "2020-01-01",
        "to": "2020-01-31",
        "days": [],
        "totals": {},
        "topTravels": [],
    }


async def test_retention_drops_old_partitions(api, db):
    admin = await api.sign_in(ADMIN_EMAIL)
    old = date.today().replace(day=1) - timedelta(days=800)
    old = old.replace(day=1)
    following = date(old.year + old.month // 12, old.month % 12 + 1, 1)
    name = f"analytics_events_{old:%Y_%m}"
    await db.execute(
        f"CREATE TABLE IF NOT EXISTS {name} PARTITION OF analytics_events "
        f"FOR VALUES FROM ('{old} 00:00+00') TO ('{following} 00:00+00')"
    )
    await db.execute(
        "INSERT INTO analytics_events (occurred_at, name, source) "
        "VALUES ($1, 'app.opened', 'client')",
        datetime(old.year, old.month, 2, tzinfo=UTC),
    )
    await api.sign_in()  # something recent
    await flush(api)
    r = await admin.post("/api/v1/admin/jobs/analytics.partitions/run")
    assert r.status_code == 202, r.text
    assert name in r.json()["result"]["dropped"]
    assert await db.fetchval("SELECT to_regclass($1)", name) is None
    this_month = datetime.now(UTC).date().replace(day=1)
    next_month = date(this_month.year + this_month.month // 12, this_month.month % 12 + 1, 1)
    for month in (this_month, next_month):
        assert await db.fetchval("SELECT to_regclass($1)", f"analytics_events_{month:%Y_%m}")
    assert await db.fetchval("SELECT count(*) FROM analytics_events") >= 1  # recent ones kept
    # New events still find their partition afterwards.
    await api.sign_in()
    await flush(api)
    assert (
        await db.fetchval("SELECT count(*) FROM analytics_events WHERE name = 'user.signup'") == 3
    )
