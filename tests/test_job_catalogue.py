"""Each job of the catalogue does its work, and does it once when run twice at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import redis.asyncio as aioredis

from tests.support import services
from tests.support.jobs import run_job, run_twice_at_once
from tests.support.server import ADMIN_EMAIL
from tests.support.waiting import eventually
from tests.support.world import default_planet, join, make_travel, membership_id
from tests.support.ws import WsClient


async def inbox(user, type: str | None = None) -> list[dict]:
    items = (await user.get("/api/v1/notifications", params={"limit": 100})).json()["items"]
    return [n for n in items if type is None or n["type"] == type]


async def _people(api):
    admin = await api.sign_in(ADMIN_EMAIL)
    hana = await api.sign_in("hana@example.com")
    jun = await api.sign_in("jun@example.com")
    mia = await api.sign_in("mia@example.com")
    await hana.patch("/api/v1/users/me/profile", json={"nickname": "Hana"})
    return admin, hana, jun, mia


# --- planet.chat_windows -----------------------------------------------------------------------


async def test_a_closing_chat_window_is_pushed_live_once(api, db, server):
    admin, hana, jun, _ = await _people(api)
    travel = await make_travel(hana, timezone="UTC")
    await join(jun, travel)
    now = datetime.now(UTC)
    # A window that is closed now (it ended an hour ago) ...
    window = {
        "type": "daily",
        "startTime": (now - timedelta(hours=3)).strftime("%H:%M"),
        "endTime": (now - timedelta(hours=1)).strftime("%H:%M"),
        "timezone": "UTC",
    }
    r = await hana.post(
        f"/api/v1/travels/{travel['id']}/planets",
        json={"name": "Quiet room", "timeRestriction": window},
    )
    assert r.status_code == 201, r.text
    planet_id = r.json()["id"]
    # ... while the planet still says it was open, until just now: its closing is due.
    await db.execute(
        "UPDATE planets SET chat_open = true, chat_changes_at = now() - interval '1 second' "
        "WHERE id = $1",
        planet_id,
    )
    ws = await WsClient.connect(server.url, jun.access_token)
    results = await run_twice_at_once(admin, "planet.chat_windows")
    assert sorted(r.get("closed", 0) for r in results) == [0, 1]
    status = await ws.expect("planet:chat_status", lambda d: d["planetId"] == planet_id)
    assert status["open"] is False and status["opensAt"] is not None
    assert status["closesAt"] is None and status["travelId"] == travel["id"]
    await ws.settle()
    assert ws.seen("planet:chat_status") == []  # announced once
    row = await db.fetchrow(
        "SELECT chat_open, chat_changes_at FROM planets WHERE id = $1", planet_id
    )
    assert row["chat_open"] is False and row["chat_changes_at"] > now  # the next opening
    await ws.close()


async def test_changing_a_restriction_pushes_the_new_chat_state(api, server):
    _, hana, jun, _ = await _people(api)
    travel = await make_travel(hana, timezone="UTC")
    await join(jun, travel)
    ws = await WsClient.connect(server.url, jun.access_token)
    planet_id = default_planet(travel)["id"]
    now = datetime.now(UTC)
    closed = {
        "type": "daily",
        "startTime": (now + timedelta(hours=2)).strftime("%H:%M"),
        "endTime": (now + timedelta(hours=3)).strftime("%H:%M"),
    }
    r = await hana.patch(f"/api/v1/planets/{planet_id}", json={"timeRestriction": closed})
    assert r.status_code == 200, r.text
    status = await ws.expect("planet:chat_status", lambda d: d["planetId"] == planet_id)
    assert status["open"] is False
    r = await hana.patch(f"/api/v1/planets/{planet_id}", json={"timeRestriction": {"type": "none"}})
    status = await ws.expect("planet:chat_status", lambda d: d["planetId"] == planet_id)
    assert status == {
        "planetId": planet_id,
        "travelId": travel["id"],
        "open": True,
        "opensAt": None,
        "closesAt": None,
    }
    await ws.close()


# --- moderation.lift_expired -------------------------------------------------------------------


async def test_expired_mutes_and_bans_are_lifted_and_the_member_told_once(api, db, server):
    admin, hana, jun, mia = await _people(api)
    travel = await make_travel(hana, name="Jeju")
    await join(jun, travel)
    await join(mia, travel)
    planet_id = default_planet(travel)["id"]
    r = await hana.post(
        f"/api/v1/planets/{planet_id}/members/{jun.user_id}/mute", json={"duration": "1h"}
    )
    assert r.status_code == 200, r.text
    tu = await membership_id(hana, travel["id"], mia.user_id)
    r = await hana.post(
        f"/api/v1/travel-users/{tu}/ban", json={"reason": "spam", "durationSeconds": 3600}
    )
    assert r.status_code == 200, r.text
    other = await api.sign_in("other@example.com")
    r = await admin.post(
        f"/api/v1/admin/users/{other.user_id}/ban",
        json={"reason": "cool off", "durationSeconds": 3600},
    )
    assert r.status_code == 200, r.text
    ws = await WsClient.connect(server.url, jun.access_token)
    # Time passes: every penalty ran out a second ago.
    await db.execute(
        "UPDATE planet_users SET muted_until = now() - interval '1 second' "
        "WHERE muted_until IS NOT NULL"
    )
    await db.execute("UPDATE travel_users SET banned_until = now() - interval '1 second'")
    await db.execute("UPDATE users SET banned_until = now() - interval '1 second' WHERE is_banned")
    results = await run_twice_at_once(admin, "moderation.lift_expired")
    totals = {
        k: sum(r.get(k, 0) for r in results) for k in ("platformBans", "travelBans", "planetMutes")
    }
    assert totals == {"platformBans": 1, "travelBans": 1, "planetMutes": 1}
    unmuted = await ws.expect("planet:member_unmuted", lambda d: d["userId"] == jun.user_id)
    assert unmuted["expired"] is True and unmuted["byUserId"] is None
    told = await eventually(lambda: inbox(jun, "ban"), lambda n: len(n) >= 2, what="unmute")
    assert told[0]["title"] == "You can write in General again"  # newest first
    assert await db.fetchval("SELECT status FROM travel_users WHERE id = $1", tu) == "LEFT"
    assert (
        await mia.post(
            f"/api/v1/travels/{travel['id']}/join", json={"inviteCode": travel["inviteCode"]}
        )
    ).status_code in (200, 201)
    mia_told = await inbox(mia, "ban")
    assert sum(n["title"] == "Your ban from Jeju has ended" for n in mia_told) == 1
    # The platform ban is over: signing in works again.
    await api.sign_in("other@example.com")
    assert len([n for n in await inbox(jun, "ban") if "write in" in n["title"]]) == 1
    await ws.close()


# --- travel.reminders --------------------------------------------------------------------------


async def test_travel_reminders_are_sent_once(api, db):
    admin, hana, jun, _ = await _people(api)
    now = datetime.now(UTC)
    starting = await make_travel(
        hana,
        name="Busan",
        startDate=(now - timedelta(minutes=10)).isoformat(),
        endDate=(now + timedelta(days=4)).isoformat(),
    )
    ending = await make_travel(
        hana,
        name="Jeju",
        startDate=(now - timedelta(days=3)).isoformat(),
        endDate=(now + timedelta(hours=12)).isoformat(),
    )
    old = await make_travel(
        hana,
        name="Seoul",
        startDate=(now - timedelta(days=3)).isoformat(),
        endDate=(now + timedelta(days=3)).isoformat(),
    )
    for travel in (starting, ending, old):
        await join(jun, travel)
    results = await run_twice_at_once(admin, "travel.reminders")
    assert sum(r.get("started", 0) for r in results) == 1
    assert sum(r.get("ending", 0) for r in results) == 1
    again = await run_job(admin, "travel.reminders")
    assert again["result"] == {"started": 0, "ending": 0, "notified": 0}
    for person in (hana, jun):
        titles = sorted(n["title"] for n in await inbox(person, "reminder"))
        assert titles == ["Busan has started", "Jeju ends tomorrow"], titles
    # The status job no longer says "under way": the reminder did.
    await run_job(admin, "travel.status")
    assert not [n for n in await inbox(jun) if "under way" in n["title"]]
    # A travel extended by a week gets a new "ends tomorrow" a day before its new end.
    await db.execute(
        "UPDATE travels SET end_date = now() + interval '20 hours' WHERE id = $1", old["id"]
    )
    assert (await run_job(admin, "travel.reminders"))["result"]["ending"] == 1


# --- member.digest -----------------------------------------------------------------------------


def zone_at_digest_hour(hour: int = 9) -> str:
    """An Etc/GMT zone whose local time is in ``hour`` now."""
    offset = (hour - datetime.now(UTC).hour) % 24
    if offset > 14:
        offset -= 24
    # Etc/GMT signs are inverted: Etc/GMT-9 is UTC+9.
    return "Etc/GMT" if offset == 0 else f"Etc/GMT{-offset:+d}"


async def test_the_daily_digest_counts_unread_messages_and_mentions(api, db):
    admin, hana, jun, mia = await _people(api)
    zone = zone_at_digest_hour()
    for person in (jun, mia):
        r = await person.patch("/api/v1/users/me", json={"timezone": zone})
        assert r.status_code == 200, r.text
    travel = await make_travel(hana, name="Jeju")
    await join(jun, travel)
    await join(mia, travel)
    planet = default_planet(travel)["id"]
    for text in ("Bus at 8", "Bring a jacket"):
        await hana.post(f"/api/v1/planets/{planet}/messages", json={"content": text})
    await hana.post(
        f"/api/v1/planets/{planet}/messages",
        json={"content": "@jun can you book?", "mentions": [jun.user_id]},
    )
    r = await mia.post(f"/api/v1/planets/{planet}/read-all")
    assert r.status_code == 200, r.text
    results = await run_twice_at_once(admin, "member.digest")
    assert sum(r.get("sent", 0) for r in results) == 1
    [digest] = await inbox(jun, "digest")
    assert digest["title"] == "3 unread messages, 1 mention"
    assert digest["body"] == "Jeju: 3 (1 @you)"
    assert digest["data"]["digest"] == [{"travelId": travel["id"], "unread": 3, "mentions": 1}]
    assert await inbox(mia, "digest") == []  # nothing unread: nothing sent
    assert await inbox(hana, "digest") == []  # not her digest hour
    assert (await run_job(admin, "member.digest"))["result"]["sent"] == 0  # once a day


# --- cache.unread_repair -----------------------------------------------------------------------


async def test_drifted_unread_counters_are_repaired(api, db):
    admin, hana, jun, _ = await _people(api)
    travel = await make_travel(hana)
    await join(jun, travel)
    planet = default_planet(travel)["id"]
    for text in ("one", "two"):
        await hana.post(f"/api/v1/planets/{planet}/messages", json={"content": text})
    r = await jun.get(f"/api/v1/planets/{planet}/unread-count")
    assert r.json()["unreadCount"] == 2
    redis = aioredis.Redis.from_url(services.REDIS_URL)
    try:
        await redis.set(f"user:{jun.user_id}:planet:{planet}:unread", 42)
        assert (await jun.get(f"/api/v1/planets/{planet}/unread-count")).json()["unreadCount"] == 42
        await redis.delete("jobs:unread_repair:cursor")
        result = (await run_job(admin, "cache.unread_repair"))["result"]
    finally:
        await redis.aclose()
    assert result["drifted"] == 1 and result["checked"] >= 1
    r = await jun.get(f"/api/v1/planets/{planet}/unread-count")
    assert r.json()["unreadCount"] == 2


# --- database.optimize / database.vacuum -------------------------------------------------------


async def stats_show(db, column: str, at_least: int) -> None:
    """Table statistics reach pg_stat_user_tables a moment after the writes (PostgreSQL
    flushes them about once a second)."""

    async def value():
        await db.execute("SELECT pg_stat_force_next_flush()")
        return await db.fetchval(
            f"SELECT {column} FROM pg_stat_user_tables WHERE relname = 'notifications'"
        )

    await eventually(value, lambda n: n >= at_least, what=f"{column} >= {at_least}")


async def test_database_maintenance_analyzes_and_vacuums_busy_tables(api, db):
    admin = await api.sign_in(ADMIN_EMAIL)
    user_id = admin.user_id
    # Autovacuum would get there first otherwise.
    await db.execute("ALTER TABLE notifications SET (autovacuum_enabled = false)")
    try:
        await db.execute(
            "INSERT INTO notifications (user_id, group_id, type, channel, title, body, data, "
            "important, status, attempts, max_attempts, delivered_to, created_at, updated_at) "
            "SELECT $1, gen_random_uuid(), 'system', 'in_app', 'x', 'y', '{}', false, "
            "'DELIVERED', 0, 5, '[]', now() - interval '60 days', now() "
            "FROM generate_series(1, 3000)",
            user_id,
        )
        await stats_show(db, "n_mod_since_analyze", 3000)
        result = (await run_job(admin, "database.optimize"))["result"]
        assert "notifications" in result["analyzed"]
        assert result["searchIndexPagesMerged"] >= 0
        assert await db.fetchval(
            "SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables "
            "WHERE relname = 'notifications'"
        )
        # The 30-day cleanup leaves 3000 dead rows behind; the weekly vacuum takes them.
        await run_job(admin, "maintenance.expired_data_cleanup")
        await stats_show(db, "n_dead_tup", 3000)
        result = (await run_job(admin, "database.vacuum"))["result"]
        assert "notifications" in result["vacuumed"]
        assert await db.fetchval(
            "SELECT last_vacuum IS NOT NULL FROM pg_stat_user_tables "
            "WHERE relname = 'notifications'"
        )
    finally:
        await db.execute("ALTER TABLE notifications RESET (autovacuum_enabled)")


# --- realtime.cleanup --------------------------------------------------------------------------


async def test_state_left_by_a_dead_process_is_swept(api, db, server):
    admin, hana, jun, _ = await _people(api)
    travel = await make_travel(hana)
    await join(jun, travel)
    planet = default_planet(travel)["id"]
    hana_ws = await WsClient.connect(server.url, hana.access_token)
    redis = aioredis.Redis.from_url(services.REDIS_URL, decode_responses=True)
    try:
        # A process "deadbeef0000" died while Jun was connected to it and typing.
        await redis.hset(f"rt:online:{jun.user_id}", "deadbeef0000:n", 1)
        await redis.hset(f"rt:viewers:{planet}", f"deadbeef0000:{jun.user_id}", 1)
        await redis.sadd(f"rt:typing:{planet}", jun.user_id)
        results = await run_twice_at_once(admin, "realtime.cleanup")
        done = [r for r in results if "skipped" not in r]
        assert sum(r["presenceEntries"] for r in done) == 1
        assert sum(r["viewerEntries"] for r in done) == 1
        assert sum(r["typingStates"] for r in done) == 1
        assert sum(r["wentOffline"] for r in done) == 1
        assert await redis.exists(f"rt:online:{jun.user_id}", f"rt:viewers:{planet}") == 0
        assert await redis.smembers(f"rt:typing:{planet}") == set()
        # Hana's own live connection is untouched.
        assert await redis.hlen(f"rt:online:{hana.user_id}") == 1
    finally:
        await redis.aclose()
    offline = await hana_ws.expect("presence:updated", lambda d: d["userId"] == jun.user_id)
    assert offline["status"] == "offline" and offline["lastSeenAt"] is not None
    await hana_ws.close()


# --- notification.bulk ----------------------------------------------------------------------


async def test_a_broadcast_reaches_a_travel_in_the_background(api, db, server):
    admin, hana, jun, mia = await _people(api)
    travel = await make_travel(hana)
    await join(jun, travel)
    console = await WsClient.connect(server.url, admin.access_token)
    r = await admin.post(
        "/api/v1/admin/broadcasts",
        json={
            "title": "Typhoon warning",
            "body": "Stay indoors",
            "travelId": travel["id"],
            "important": True,
        },
    )
    assert r.status_code == 202, r.text
    broadcast = r.json()
    assert broadcast["status"] == "QUEUED" and broadcast["processed"] == 0
    done = await console.expect(
        "admin:broadcast_progress", lambda d: d["id"] == broadcast["id"] and d["status"] == "DONE"
    )
    assert done["processed"] == 2 and done["notified"] == 2 and done["total"] == 2
    for person in (hana, jun):
        [notice] = await inbox(person, "system")
        assert notice["title"] == "Typhoon warning" and notice["important"] is True
        assert notice["data"] == {"broadcastId": broadcast["id"], "travelId": travel["id"]}
    assert await inbox(mia, "system") == []
    r = await admin.get(f"/api/v1/admin/broadcasts/{broadcast['id']}")
    assert r.json()["status"] == "DONE" and r.json()["finishedAt"] is not None
    r = await admin.get("/api/v1/admin/broadcasts")
    assert [b["id"] for b in r.json()["items"]] == [broadcast["id"]]
    await console.close()


async def test_a_broadcast_to_everyone_twice_at_once_and_resumed_notifies_each_once(api, db):
    admin, hana, jun, mia = await _people(api)
    # A broadcast that stopped after its first recipient (a worker died mid-way).
    first = min(admin.user_id, hana.user_id, jun.user_id, mia.user_id)
    broadcast_id = await db.fetchval(
        "INSERT INTO broadcasts (title, body, important, status, total, processed, notified, "
        "last_user_id, created_at) VALUES ('Maintenance tonight', 'Back at 02:00', false, "
        "'SENDING', 4, 1, 1, $1, now()) RETURNING id",
        first,
    )
    results = await run_twice_at_once(admin, "notification.bulk", broadcastId=broadcast_id)
    assert {"processed": 4, "notified": 4} in results
    rows = await db.fetch(
        "SELECT user_id, count(DISTINCT group_id) AS n FROM notifications "
        "WHERE data @> $1::jsonb GROUP BY user_id",
        f'{{"broadcastId": {broadcast_id}}}',
    )
    # The first recipient was before the cursor (already done); the others got it once each.
    assert {row["user_id"]: row["n"] for row in rows} == {
        uid: 1 for uid in (admin.user_id, hana.user_id, jun.user_id, mia.user_id) if uid != first
    }


async def test_broadcasts_are_admin_only_and_validated(api):
    admin, hana, _, _ = await _people(api)
    body = {"title": "Hi", "body": "there"}
    r = await hana.post("/api/v1/admin/broadcasts", json=body)
    assert r.status_code == 403
    for bad in (
        {"body": "no title"},
        {"title": "", "body": "x"},
        {"title": "x", "body": "y", "travelId": 0},
        {"title": "x", "body": "y", "travelId": 2**70},
        {"title": "x", "body": "y", "important": "yes"},
        {"title": "x\u0000", "body": "y", "extra": 1},
    ):
        r = await admin.post("/api/v1/admin/broadcasts", json=bad)
        assert r.status_code == 400, (bad, r.text)
    r = await admin.post("/api/v1/admin/broadcasts", json={**body, "travelId": 999999})
    assert r.status_code == 404 and r.json()["error"]["code"] == "TRAVEL_NOT_FOUND"
    r = await admin.get("/api/v1/admin/broadcasts/999999")
    assert r.status_code == 404 and r.json()["error"]["code"] == "BROADCAST_NOT_FOUND"


# --- notification.push / notification.trigger twice at once ------------------------------------


async def test_a_push_delivered_twice_at_once_reaches_the_phone_once(api, db, outbox):
    admin = await api.sign_in(ADMIN_EMAIL)
    jun = await api.sign_in("jun@example.com", push_token="fcm-jun-once", device={"deviceId": "j"})
    notification_id = await db.fetchval(
        "INSERT INTO notifications (user_id, group_id, type, channel, title, body, data, "
        "important, status, attempts, max_attempts, delivered_to, next_attempt_at, created_at, "
        "updated_at) VALUES ($1, gen_random_uuid(), 'system', 'push', 'Once', 'only once', "
        "'{}', false, 'PENDING', 0, 5, '[]', now(), now(), now()) RETURNING id",
        jun.user_id,
    )
    results = await run_twice_at_once(admin, "notification.push", notificationId=notification_id)
    assert sorted(results, key=str) == sorted(["SENT", None], key=str)
    pushes = [p for p in outbox.pushes() if p["message"]["token"] == "fcm-jun-once"]
    assert len(pushes) == 1


async def test_a_message_trigger_run_twice_at_once_notifies_once(api, db):
    admin, hana, jun, _ = await _people(api)
    travel = await make_travel(hana)
    await join(jun, travel)
    planet = default_planet(travel)["id"]
    r = await hana.post(
        f"/api/v1/planets/{planet}/messages",
        json={"content": "@jun hi", "mentions": [jun.user_id]},
    )
    message = r.json()
    await eventually(lambda: inbox(jun, "mention"), bool, what="the first mention")
    payload = {
        "planetId": planet,
        "senderId": hana.user_id,
        "message": message,
        "mentions": [jun.user_id],
    }
    await run_twice_at_once(admin, "notification.trigger", name="message.created", payload=payload)
    assert len(await inbox(jun, "mention")) == 1
