"""Planets: types, membership, planet roles and mutes, direct planets, chat windows."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from tests.support.api import error_code
from tests.support.world import default_planet, join, make_travel, membership_id

PLANETS = "/api/v1/planets"


def planets_of(travel: dict) -> str:
    return f"/api/v1/travels/{travel['id']}/planets"


async def test_group_planet_for_everyone_and_for_volunteers(api, db):
    host, a, b = await api.sign_in(), await api.sign_in(), await api.sign_in()
    travel = await make_travel(host)
    await join(a, travel)
    r = await host.post(planets_of(travel), json={"name": "Photos"})
    assert r.status_code == 201, r.text
    photos = r.json()
    assert photos["memberCount"] == 2 and photos["autoJoin"] is True
    r = await host.post(planets_of(travel), json={"name": "Night owls", "autoJoin": False})
    owls = r.json()
    assert owls["memberCount"] == 1
    await join(b, travel)  # joins the default planet and Photos, not Night owls
    rows = await db.fetch(
        "SELECT planet_id FROM planet_users WHERE user_id = $1 ORDER BY planet_id", b.user_id
    )
    assert [r["planet_id"] for r in rows] == [default_planet(travel)["id"], photos["id"]]
    r = await b.post(f"{PLANETS}/{owls['id']}/join")
    assert r.status_code == 200 and r.json()["myMembership"]["role"] == "MEMBER"
    r = await b.post(f"{PLANETS}/{owls['id']}/join")  # idempotent
    assert r.status_code == 200 and r.json()["memberCount"] == 2
    r = await b.post(f"{PLANETS}/{owls['id']}/leave")
    assert r.status_code == 204
    r = await b.post(f"{PLANETS}/{default_planet(travel)['id']}/leave")
    assert r.status_code == 409 and error_code(r) == "PLANET_RULES"
    listed = (await b.get(planets_of(travel), params={"joined": "false"})).json()["items"]
    assert [p["id"] for p in listed] == [owls["id"]]


async def test_only_host_and_moderators_create_planets(api):
    host, guest = await api.sign_in(), await api.sign_in()
    travel = await make_travel(host)
    await join(guest, travel)
    r = await guest.post(planets_of(travel), json={"name": "Mine"})
    assert r.status_code == 403 and error_code(r) == "FORBIDDEN"
    r = await host.post(planets_of(travel), json={"name": "DM?", "type": "direct"})
    assert r.status_code == 400
    for bad in (
        {},
        {"name": ""},
        {"name": "x" * 101},
        {"name": "ok", "timeRestriction": {"type": "daily"}},
        {"name": "ok", "colour": "blue"},
    ):
        assert (await host.post(planets_of(travel), json=bad)).status_code == 400, bad


async def test_announcement_planet_is_read_only_for_participants(api):
    host, guest = await api.sign_in(), await api.sign_in()
    travel = await make_travel(host)
    await join(guest, travel)
    r = await host.post(
        planets_of(travel), json={"name": "Notices", "type": "announcement", "autoJoin": False}
    )
    notices = r.json()
    assert notices["type"] == "announcement" and notices["memberCount"] == 2  # everyone reads
    status = (await guest.get(f"{PLANETS}/{notices['id']}/chat-status")).json()
    assert status == {
        "canChat": False,
        "reason": "ANNOUNCEMENT_READ_ONLY",
        "opensAt": None,
        "closesAt": None,
        "mutedUntil": None,
    }
    assert (await host.get(f"{PLANETS}/{notices['id']}/chat-status")).json()["canChat"] is True
    r = await host.post(
        planets_of(travel),
        json={
            "name": "Timed",
            "type": "announcement",
            "timeRestriction": {"type": "daily", "startTime": "09:00", "endTime": "10:00"},
        },
    )
    assert r.status_code == 400
    r = await guest.post(f"{PLANETS}/{notices['id']}/leave")
    assert r.status_code == 409


async def test_direct_planet_between_two_members(api):
    host, a, b = await api.sign_in(), await api.sign_in(), await api.sign_in()
    travel = await make_travel(host)
    await join(a, travel)
    await join(b, travel)
    r = await a.post(f"/api/v1/travels/{travel['id']}/direct-planets", json={"userId": b.user_id})
    assert r.status_code == 201, r.text
    dm = r.json()
    assert dm["type"] == "direct" and dm["participantIds"] == sorted([a.user_id, b.user_id])
    r = await b.post(f"/api/v1/travels/{travel['id']}/direct-planets", json={"userId": a.user_id})
    assert r.status_code == 200 and r.json()["id"] == dm["id"]
    assert (await host.get(f"{PLANETS}/{dm['id']}")).status_code == 404  # not theirs to see
    assert dm["id"] not in [p["id"] for p in (await host.get(planets_of(travel))).json()["items"]]
    assert (await host.post(f"{PLANETS}/{dm['id']}/join")).status_code == 404
    assert error_code(await a.post(f"{PLANETS}/{dm['id']}/leave")) == "PLANET_RULES"
    assert error_code(await host.delete(f"{PLANETS}/{dm['id']}")) == "PLANET_NOT_FOUND"
    r = await a.post(f"/api/v1/travels/{travel['id']}/direct-planets", json={"userId": a.user_id})
    assert r.status_code == 409
    r = await a.post(f"/api/v1/travels/{travel['id']}/direct-planets", json={"userId": 987654})
    assert r.status_code == 404 and error_code(r) == "MEMBER_NOT_FOUND"


async def test_concurrent_first_contact_creates_one_direct_planet(api, db):
    host, a, b = await api.sign_in(), await api.sign_in(), await api.sign_in()
    travel = await make_travel(host)
    await join(a, travel)
    await join(b, travel)
    calls = [
        a.post(f"/api/v1/travels/{travel['id']}/direct-planets", json={"userId": b.user_id})
        for _ in range(6)
    ]
    calls += [
        b.post(f"/api/v1/travels/{travel['id']}/direct-planets", json={"userId": a.user_id})
        for _ in range(6)
    ]
    results = await asyncio.gather(*calls)
    assert all(r.status_code in (200, 201) for r in results), [r.text for r in results]
    assert len({r.json()["id"] for r in results}) == 1
    assert sum(r.status_code == 201 for r in results) == 1
    assert await db.fetchval("SELECT count(*) FROM planets WHERE type = 'direct'") == 1
    assert (
        await db.fetchval(
            "SELECT count(*) FROM planet_users pu JOIN planets p ON p.id = pu.planet_id "
            "WHERE p.type = 'direct'"
        )
        == 2
    )


async def test_direct_messages_can_be_turned_off_for_participants(api):
    host, a, b = await api.sign_in(), await api.sign_in(), await api.sign_in()
    travel = await make_travel(host, settings={"allowDirectMessages": False})
    await join(a, travel)
    await join(b, travel)
    r = await a.post(f"/api/v1/travels/{travel['id']}/direct-planets", json={"userId": b.user_id})
    assert r.status_code == 403 and error_code(r) == "DIRECT_MESSAGES_DISABLED"
    r = await host.post(
        f"/api/v1/travels/{travel['id']}/direct-planets", json={"userId": b.user_id}
    )
    assert r.status_code == 201


async def test_planet_moderator_mutes_a_member(api):
    host, pmod, member = await api.sign_in(), await api.sign_in(), await api.sign_in()
    travel = await make_travel(host)
    await join(pmod, travel)
    await join(member, travel)
    planet = default_planet(travel)
    r = await member.patch(
        f"{PLANETS}/{planet['id']}/members/{pmod.user_id}", json={"role": "MODERATOR"}
    )
    assert r.status_code == 403
    r = await host.patch(
        f"{PLANETS}/{planet['id']}/members/{pmod.user_id}", json={"role": "MODERATOR"}
    )
    assert r.status_code == 200 and r.json()["role"] == "MODERATOR"
    r = await member.post(
        f"{PLANETS}/{planet['id']}/members/{pmod.user_id}/mute", json={"duration": "1h"}
    )
    assert r.status_code == 403
    r = await pmod.post(
        f"{PLANETS}/{planet['id']}/members/{host.user_id}/mute", json={"duration": "1h"}
    )
    assert r.status_code == 403  # not the host
    r = await pmod.post(
        f"{PLANETS}/{planet['id']}/members/{member.user_id}/mute",
        json={"duration": "24h", "reason": "spam"},
    )
    assert r.status_code == 200, r.text
    until = datetime.fromisoformat(r.json()["mutedUntil"])
    assert timedelta(hours=23) < until - datetime.now(UTC) <= timedelta(hours=24)
    status = (await member.get(f"{PLANETS}/{planet['id']}/chat-status")).json()
    assert status["canChat"] is False and status["reason"] == "PLANET_MUTED"
    assert status["mutedUntil"] == r.json()["mutedUntil"]
    for bad in ({"duration": "2h"}, {"duration": 3600}, {}):
        r = await pmod.post(f"{PLANETS}/{planet['id']}/members/{member.user_id}/mute", json=bad)
        assert r.status_code == 400, bad
    r = await pmod.post(f"{PLANETS}/{planet['id']}/members/{member.user_id}/unmute")
    assert r.status_code == 200 and r.json()["mutedUntil"] is None
    assert (await member.get(f"{PLANETS}/{planet['id']}/chat-status")).json()["canChat"] is True
    r = await pmod.post(f"{PLANETS}/{planet['id']}/members/999999/mute", json={"duration": "1h"})
    assert r.status_code == 404


async def test_update_and_delete_planet(api):
    host, tmod, member = await api.sign_in(), await api.sign_in(), await api.sign_in()
    travel = await make_travel(host)
    await join(tmod, travel)
    await join(member, travel)
    await host.patch(
        f"/api/v1/travel-users/{await membership_id(host, travel['id'], tmod.user_id)}",
        json={"role": "MODERATOR"},
    )
    planet = (await host.post(planets_of(travel), json={"name": "Food"})).json()
    r = await member.patch(f"{PLANETS}/{planet['id']}", json={"name": "Mine"})
    assert r.status_code == 403
    r = await tmod.patch(
        f"{PLANETS}/{planet['id']}", json={"name": "Food & drinks", "status": "inactive"}
    )
    assert r.status_code == 200 and r.json()["status"] == "inactive"
    status = (await member.get(f"{PLANETS}/{planet['id']}/chat-status")).json()
    assert status["reason"] == "PLANET_INACTIVE"
    r = await tmod.delete(f"{PLANETS}/{planet['id']}")
    assert r.status_code == 403  # deletion is the host's
    r = await host.delete(f"{PLANETS}/{default_planet(travel)['id']}")
    assert r.status_code == 409 and error_code(r) == "PLANET_RULES"
    r = await host.delete(f"{PLANETS}/{planet['id']}")
    assert r.status_code == 204
    assert (await member.get(f"{PLANETS}/{planet['id']}")).status_code == 404


def _hhmm(dt: datetime) -> str:
    return dt.strftime("%H:%M")


async def test_chat_status_follows_the_time_window(api):
    """A window that excludes now refuses with the next opening; one that includes now is open."""
    host = await api.sign_in()
    travel = await make_travel(host)
    planet = (await host.post(planets_of(travel), json={"name": "Quiet hours"})).json()
    zone = ZoneInfo("Asia/Seoul")
    now = datetime.now(zone)
    opens = (now + timedelta(hours=2)).replace(second=0, microsecond=0)
    closes = opens + timedelta(hours=1)
    r = await host.patch(
        f"{PLANETS}/{planet['id']}",
        json={
            "timeRestriction": {
                "type": "daily",
                "startTime": _hhmm(opens),
                "endTime": _hhmm(closes),
                "timezone": "Asia/Seoul",
            }
        },
    )
    assert r.status_code == 200, r.text
    status = (await host.get(f"{PLANETS}/{planet['id']}/chat-status")).json()
    assert status["canChat"] is False and status["reason"] == "CHAT_TIME_RESTRICTED"
    assert datetime.fromisoformat(status["opensAt"]) == opens
    start = (now - timedelta(hours=1)).replace(second=0, microsecond=0)
    end = (now + timedelta(hours=1)).replace(second=0, microsecond=0)
    await host.patch(
        f"{PLANETS}/{planet['id']}",
        json={
            "timeRestriction": {
                "type": "daily",
                "startTime": _hhmm(start),
                "endTime": _hhmm(end),
                "timezone": "Asia/Seoul",
            }
        },
    )
    status = (await host.get(f"{PLANETS}/{planet['id']}/chat-status")).json()
    assert status["canChat"] is True and datetime.fromisoformat(status["closesAt"]) == end
    r = await host.patch(
        f"{PLANETS}/{planet['id']}",
        json={"timeRestriction": {"type": "weekly", "startTime": "09:00"}},
    )
    assert r.status_code == 400


async def test_a_window_without_a_timezone_is_in_the_travels(api):
    host = await api.sign_in()
    travel = await make_travel(host, timezone="Asia/Seoul")
    now = datetime.now(ZoneInfo("Asia/Seoul"))
    start = (now - timedelta(hours=1)).replace(second=0, microsecond=0)
    end = (now + timedelta(hours=1)).replace(second=0, microsecond=0)
    window = {"type": "daily", "startTime": _hhmm(start), "endTime": _hhmm(end)}
    r = await host.post(
        f"/api/v1/travels/{travel['id']}/planets", json={"name": "Day", "timeRestriction": window}
    )
    assert r.status_code == 201, r.text
    planet = r.json()
    assert planet["timeRestriction"]["timezone"] == "Asia/Seoul"
    status = (await host.get(f"{PLANETS}/{planet['id']}/chat-status")).json()
    assert status["canChat"] is True and datetime.fromisoformat(status["closesAt"]) == end
    # Updating without a timezone also takes the travel's.
    r = await host.patch(f"{PLANETS}/{planet['id']}", json={"timeRestriction": window})
    assert r.status_code == 200 and r.json()["timeRestriction"]["timezone"] == "Asia/Seoul"


async def test_banned_or_departed_members_lose_their_planets(api):
    host, a = await api.sign_in(), await api.sign_in()
    travel = await make_travel(host)
    await join(a, travel)
    planet = default_planet(travel)
    assert (await a.get(f"{PLANETS}/{planet['id']}")).status_code == 200
    await host.post(
        f"/api/v1/travel-users/{await membership_id(host, travel['id'], a.user_id)}/ban",
        json={"reason": "x"},
    )
    assert (await a.get(f"{PLANETS}/{planet['id']}")).status_code == 404
    assert (await a.get(f"{PLANETS}/{planet['id']}/members")).status_code == 404


async def test_planet_members_and_notification_setting(api):
    host, a = await api.sign_in(), await api.sign_in()
    travel = await make_travel(host)
    await join(a, travel)
    planet = default_planet(travel)
    members = (await a.get(f"{PLANETS}/{planet['id']}/members")).json()["items"]
    assert {(m["userId"], m["role"]) for m in members} == {
        (host.user_id, "MODERATOR"),
        (a.user_id, "MEMBER"),
    }
    r = await a.put(
        f"{PLANETS}/{planet['id']}/notification-settings", json={"notificationsMuted": True}
    )
    assert r.status_code == 200 and r.json()["myMembership"]["notificationsMuted"] is True
    r = await a.put(
        f"{PLANETS}/{planet['id']}/notification-settings", json={"notificationsMuted": "yes"}
    )
    assert r.status_code == 400
