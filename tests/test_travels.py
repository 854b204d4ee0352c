"""Travel lifecycle, invite codes, joining, leaving, roles, listing."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta

import pytest

from tests.support.api import error_code
from tests.support.server import ADMIN_EMAIL
from tests.support.world import default_planet, iso, join, make_travel, membership_id, travel_body

TRAVELS = "/api/v1/travels"
CODE = re.compile(r"^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8}$")


async def test_create_makes_host_default_planet_and_code(api, db):
    host = await api.sign_in()
    travel = await make_travel(host, timezone="Asia/Seoul", maxMembers=10)
    assert travel["myMembership"]["role"] == "HOST"
    assert travel["host"]["id"] == host.user_id
    assert travel["memberCount"] == 1 and travel["maxMembers"] == 10
    assert travel["visibility"] == "invite_only" and travel["status"] == "active"
    assert CODE.match(travel["inviteCode"])
    planet = default_planet(travel)
    assert (planet["type"], planet["name"], planet["isDefault"]) == ("group", "General", True)
    assert planet["myMembership"]["role"] == "MODERATOR"
    assert (
        await db.fetchval("SELECT count(*) FROM planet_users WHERE planet_id = $1", planet["id"])
        == 1
    )


async def test_status_follows_the_dates_and_the_sync_job(api, db):
    host = await api.sign_in()
    now = datetime.now(UTC)
    future = await make_travel(
        host, startDate=iso(now + timedelta(days=3)), endDate=iso(now + timedelta(days=5))
    )
    past = await make_travel(
        host, startDate=iso(now - timedelta(days=9)), endDate=iso(now - timedelta(days=2))
    )
    assert future["status"] == "inactive" and past["status"] == "inactive"
    # Time passes: the trip starts.
    await db.execute(
        "UPDATE travels SET start_date = now() - interval '1 hour' WHERE id = $1", future["id"]
    )
    assert (await host.get(f"{TRAVELS}/{future['id']}")).json()[
        "status"
    ] == "active"  # computed on read
    assert await db.fetchval("SELECT status FROM travels WHERE id = $1", future["id"]) == "inactive"
    admin = await api.sign_in(ADMIN_EMAIL)
    r = await admin.post("/api/v1/admin/jobs/travel.status/run")
    assert r.json()["result"] == {"activated": 1, "deactivated": 0}
    assert await db.fetchval("SELECT status FROM travels WHERE id = $1", future["id"]) == "active"
    # Extending a finished travel reactivates it.
    r = await host.patch(f"{TRAVELS}/{past['id']}", json={"endDate": iso(now + timedelta(days=1))})
    assert r.status_code == 200 and r.json()["status"] == "active"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": "x"}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"name": 42}, "name"),
        ({"endDate": "2020-01-01T00:00:00Z"}, "body"),
        ({"startDate": "not a date"}, "startDate"),
        ({"visibility": "secret"}, "visibility"),
        ({"timezone": "Moon/Base"}, "timezone"),
        ({"maxMembers": 1}, "maxMembers"),
        ({"hostId": 3}, "hostId"),
    ],
)
async def test_create_validation(api, db, overrides, field):
    host = await api.sign_in()
    r = await host.post(TRAVELS, json=travel_body(**overrides))
    assert r.status_code == 400, r.text
    assert error_code(r) == "VALIDATION_ERROR"
    assert field in [f["field"] for f in r.json()["error"]["details"]["fields"]]
    assert await db.fetchval("SELECT count(*) FROM travels") == 0
    assert await db.fetchval("SELECT count(*) FROM planets") == 0


async def test_missing_fields(api):
    host = await api.sign_in()
    r = await host.post(TRAVELS, json={"name": "Trip"})
    assert {f["field"] for f in r.json()["error"]["details"]["fields"]} == {"startDate", "endDate"}


async def test_join_public_travel_and_idempotency(api, db):
    host, guest = await api.sign_in(), await api.sign_in()
    travel = await make_travel(host, visibility="PUBLIC")
    assert travel["inviteCode"] is None
    r = await guest.post(f"{TRAVELS}/{travel['id']}/join", json={})
    assert r.status_code == 201, r.text
    joined = r.json()
    assert joined["myMembership"]["role"] == "PARTICIPANT"
    assert [p["name"] for p in joined["planets"]] == ["General"]  # joined the default planet
    assert joined["planets"][0]["myMembership"]["role"] == "MEMBER"
    r = await guest.post(f"{TRAVELS}/{travel['id']}/join", json={})
    assert r.status_code == 200  # already a member: nothing new
    assert (
        await db.fetchval("SELECT count(*) FROM travel_users WHERE travel_id = $1", travel["id"])
        == 2
    )
    assert (
        await db.fetchval("SELECT count(*) FROM planet_users WHERE user_id = $1", guest.user_id)
        == 1
    )


async def test_invite_only_join_needs_the_code(api):
    host, guest = await api.sign_in(), await api.sign_in()
    travel = await make_travel(host)
    r = await guest.get(f"{TRAVELS}/{travel['id']}")
    assert r.status_code == 404 and error_code(r) == "TRAVEL_NOT_FOUND"
    for body in ({}, {"inviteCode": "ABCDEFGH"}):
        r = await guest.post(f"{TRAVELS}/{travel['id']}/join", json=body)
        assert r.status_code == 404 and error_code(r) == "TRAVEL_NOT_FOUND"
    r = await guest.post(f"{TRAVELS}/join", json={"inviteCode": travel["inviteCode"].lower()})
    assert r.status_code == 201, r.text
    assert r.json()["id"] == travel["id"]
    assert r.json()["inviteCode"] is None  # participants do not see the code


async def test_regenerating_the_code_invalidates_the_old_one(api):
    host, early, late, moderator = [await api.sign_in() for _ in range(4)]
    travel = await make_travel(host)
    old = travel["inviteCode"]
    await join(early, travel)
    await join(moderator, travel)
    await host.patch(
        f"/api/v1/travel-users/{await membership_id(host, travel['id'], moderator.user_id)}",
        json={"role": "MODERATOR"},
    )
    r = await moderator.post(f"{TRAVELS}/{travel['id']}/invite-code")
    assert r.status_code == 403 and error_code(r) == "FORBIDDEN"
    assert (await moderator.get(f"{TRAVELS}/{travel['id']}")).json()[
        "inviteCode"
    ] == old  # can see it
    r = await host.post(f"{TRAVELS}/{travel['id']}/invite-code")
    assert r.status_code == 200
    new = r.json()["inviteCode"]
    assert CODE.match(new) and new != old
    r = await late.post(f"{TRAVELS}/join", json={"inviteCode": old})
    assert r.status_code == 404 and error_code(r) == "INVITE_CODE_INVALID"
    r = await late.post(f"{TRAVELS}/join", json={"inviteCode": new})
    assert r.status_code == 201
    for bad in ({"inviteCode": "SHORT"}, {"inviteCode": 12345678}, {}):
        assert (await late.post(f"{TRAVELS}/join", json=bad)).status_code == 400


async def test_public_travel_has_no_code_to_regenerate(api):
    host = await api.sign_in()
    travel = await make_travel(host, visibility="PUBLIC")
    r = await host.post(f"{TRAVELS}/{travel['id']}/invite-code")
    assert r.status_code == 409
    r = await host.patch(f"{TRAVELS}/{travel['id']}", json={"visibility": "invite_only"})
    assert CODE.match(r.json()["inviteCode"])
    r = await host.patch(f"{TRAVELS}/{travel['id']}", json={"visibility": "public"})
    assert r.json()["inviteCode"] is None


async def test_capacity_is_enforced_under_concurrency(api, db):
    host = await api.sign_in()
    travel = await make_travel(host, visibility="PUBLIC", maxMembers=4)
    guests = [await api.sign_in() for _ in range(8)]
    results = await asyncio.gather(
        *[g.post(f"{TRAVELS}/{travel['id']}/join", json={}) for g in guests]
    )
    codes = sorted(r.status_code for r in results)
    assert codes == [201, 201, 201, 409, 409, 409, 409, 409]
    assert {error_code(r) for r in results if r.status_code == 409} == {"TRAVEL_FULL"}
    assert (
        await db.fetchval(
            "SELECT count(*) FROM travel_users WHERE travel_id = $1 AND status = 'ACTIVE'",
            travel["id"],
        )
        == 4
    )


async def test_ended_travel_cannot_be_joined(api):
    host, guest = await api.sign_in(), await api.sign_in()
    now = datetime.now(UTC)
    travel = await make_travel(
        host,
        visibility="PUBLIC",
        startDate=iso(now - timedelta(days=5)),
        endDate=iso(now - timedelta(days=1)),
    )
    r = await guest.post(f"{TRAVELS}/{travel['id']}/join", json={})
    assert r.status_code == 409 and error_code(r) == "TRAVEL_ENDED"


async def test_leave_and_host_transfer(api, db):
    host, guest = await api.sign_in(), await api.sign_in()
    travel = await make_travel(host)
    await join(guest, travel)
    r = await host.post(f"{TRAVELS}/{travel['id']}/leave")
    assert r.status_code == 409 and error_code(r) == "HOST_MUST_TRANSFER"
    r = await host.post(f"{TRAVELS}/{travel['id']}/transfer-host", json={"userId": 999999})
    assert r.status_code == 404 and error_code(r) == "MEMBER_NOT_FOUND"
    r = await guest.post(f"{TRAVELS}/{travel['id']}/transfer-host", json={"userId": guest.user_id})
    assert r.status_code == 403
    r = await host.post(f"{TRAVELS}/{travel['id']}/transfer-host", json={"userId": guest.user_id})
    assert r.status_code == 200 and r.json()["host"]["id"] == guest.user_id
    assert r.json()["myMembership"]["role"] == "MODERATOR"
    r = await host.post(f"{TRAVELS}/{travel['id']}/leave")
    assert r.status_code == 204
    assert (
        await db.fetchval("SELECT count(*) FROM planet_users WHERE user_id = $1", host.user_id) == 0
    )
    r = await host.get(f"{TRAVELS}/{travel['id']}")
    assert r.status_code == 404  # invite-only and no longer a member
    r = await host.post(f"{TRAVELS}/{travel['id']}/leave")
    assert r.status_code == 404


async def test_promote_demote_and_member_list(api):
    host, guest, other = await api.sign_in(), await api.sign_in(), await api.sign_in()
    travel = await make_travel(host)
    await join(guest, travel)
    await join(other, travel)
    guest_tu = await membership_id(host, travel["id"], guest.user_id)
    r = await host.patch(f"/api/v1/travel-users/{guest_tu}", json={"role": "MODERATOR"})
    assert r.status_code == 200 and r.json()["role"] == "MODERATOR"
    other_tu = await membership_id(host, travel["id"], other.user_id)
    r = await guest.patch(f"/api/v1/travel-users/{other_tu}", json={"role": "MODERATOR"})
    assert r.status_code == 403  # moderators do not assign moderators
    r = await host.patch(f"/api/v1/travel-users/{guest_tu}", json={"role": "HOST"})
    assert r.status_code == 400  # use transfer-host
    members = (await other.get(f"{TRAVELS}/{travel['id']}/members")).json()["items"]
    assert {(m["userId"], m["role"]) for m in members} == {
        (host.user_id, "HOST"),
        (guest.user_id, "MODERATOR"),
        (other.user_id, "PARTICIPANT"),
    }
    r = await host.patch(f"/api/v1/travel-users/{guest_tu}", json={"role": "PARTICIPANT"})
    assert r.json()["role"] == "PARTICIPANT"
    r = await other.get(f"{TRAVELS}/{travel['id']}/members", params={"status": "BANNED"})
    assert r.status_code == 403  # ban lists are for moderators
    r = await other.get(f"{TRAVELS}/{travel['id']}/members", params={"sort": "name"})
    assert r.status_code == 400 and error_code(r) == "UNKNOWN_FILTER"


async def test_ban_removes_everywhere_and_blocks_rejoin(api, db):
    host, guest = await api.sign_in(), await api.sign_in()
    travel = await make_travel(host, visibility="PUBLIC")
    await join(guest, travel)
    tu = await membership_id(host, travel["id"], guest.user_id)
    r = await host.post(f"/api/v1/travel-users/{tu}/ban", json={"reason": "harassment"})
    assert r.status_code == 200 and r.json()["status"] == "BANNED"
    assert (
        await db.fetchval("SELECT count(*) FROM planet_users WHERE user_id = $1", guest.user_id)
        == 0
    )
    r = await guest.post(f"{TRAVELS}/{travel['id']}/join", json={})
    assert r.status_code == 403 and error_code(r) == "TRAVEL_BANNED"
    banned = (
        await host.get(f"{TRAVELS}/{travel['id']}/members", params={"status": "BANNED"})
    ).json()
    assert [m["userId"] for m in banned["items"]] == [guest.user_id]
    r = await host.post(f"/api/v1/travel-users/{tu}/unban")
    assert r.status_code == 200
    assert (await guest.post(f"{TRAVELS}/{travel['id']}/join", json={})).status_code == 201


async def test_time_limited_travel_ban_expires(api, db):
    host, guest = await api.sign_in(), await api.sign_in()
    travel = await make_travel(host, visibility="PUBLIC")
    await join(guest, travel)
    tu = await membership_id(host, travel["id"], guest.user_id)
    r = await host.post(
        f"/api/v1/travel-users/{tu}/ban", json={"reason": "cool off", "durationSeconds": 3600}
    )
    assert r.json()["bannedUntil"] is not None
    assert (await guest.post(f"{TRAVELS}/{travel['id']}/join", json={})).status_code == 403
    await db.execute(
        "UPDATE travel_users SET banned_until = now() - interval '1 second' WHERE id = $1", tu
    )
    assert (await guest.post(f"{TRAVELS}/{travel['id']}/join", json={})).status_code == 201


async def test_list_mine_discover_filters_and_pages(api):
    alice, bob = await api.sign_in(), await api.sign_in()
    now = datetime.now(UTC)
    ids = []
    for i in range(5):
        t = await make_travel(
            alice, name=f"Trip {i}", visibility="PUBLIC" if i % 2 else "INVITE_ONLY"
        )
        ids.append(t["id"])
    later = await make_travel(
        alice,
        name="Autumn in Kyoto",
        visibility="PUBLIC",
        startDate=iso(now + timedelta(days=30)),
        endDate=iso(now + timedelta(days=35)),
    )
    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = (await alice.get(TRAVELS, params=params)).json()
        seen += [t["id"] for t in page["items"]]
        cursor = page["nextCursor"]
        if not cursor:
            break
    assert seen == sorted([*ids, later["id"]], reverse=True)  # newest first, no gaps, no repeats
    discover = (await bob.get(TRAVELS, params={"scope": "discover"})).json()["items"]
    assert {t["id"] for t in discover} == {ids[1], ids[3], later["id"]}
    assert all(t["myMembership"] is None and t["inviteCode"] is None for t in discover)
    assert (await bob.get(TRAVELS)).json()["items"] == []
    r = await alice.get(TRAVELS, params={"status": "inactive"})
    assert [t["id"] for t in r.json()["items"]] == [later["id"]]
    r = await alice.get(TRAVELS, params={"q": "kyoto"})
    assert [t["id"] for t in r.json()["items"]] == [later["id"]]
    r = await alice.get(TRAVELS, params={"visibility": "invite_only", "include": "planets,members"})
    items = r.json()["items"]
    assert {t["id"] for t in items} == {ids[0], ids[2], ids[4]}
    assert all(len(t["planets"]) == 1 and t["members"][0]["userId"] == alice.user_id for t in items)
    r = await alice.get(TRAVELS, params={"startsAfter": iso(now + timedelta(days=10))})
    assert [t["id"] for t in r.json()["items"]] == [later["id"]]


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"colour": "red"}, "UNKNOWN_FILTER"),
        ({"include": "secrets"}, "UNKNOWN_FILTER"),
        ({"include": "planets,secrets"}, "UNKNOWN_FILTER"),
        ({"status": "sleeping"}, "VALIDATION_ERROR"),
        ({"limit": "0"}, "VALIDATION_ERROR"),
        ({"limit": "1000"}, "VALIDATION_ERROR"),
        ({"cursor": "bm9wZQ=="}, "INVALID_CURSOR"),
        ({"cursor": "%%%"}, "INVALID_CURSOR"),
        ({"scope": "discover", "role": "HOST"}, "UNKNOWN_FILTER"),
    ],
)
async def test_bad_list_queries(api, params, code):
    alice = await api.sign_in()
    r = await alice.get(TRAVELS, params=params)
    assert r.status_code == 400 and error_code(r) == code


async def test_unknown_include_on_one_travel(api):
    alice = await api.sign_in()
    travel = await make_travel(alice)
    r = await alice.get(f"{TRAVELS}/{travel['id']}", params={"include": "members,secrets"})
    assert r.status_code == 400 and error_code(r) == "UNKNOWN_FILTER"
    assert r.json()["error"]["details"]["unknown"] == ["secrets"]
    r = await alice.get(f"{TRAVELS}/{travel['id']}", params={"include": "members"})
    assert r.status_code == 200 and len(r.json()["members"]) == 1


async def test_update_rules(api):
    host, guest = await api.sign_in(), await api.sign_in()
    travel = await make_travel(host)
    await join(guest, travel)
    r = await host.patch(
        f"{TRAVELS}/{travel['id']}",
        json={
            "name": "Jeju Again",
            "description": None,
            "settings": {"allowDirectMessages": False},
        },
    )
    assert r.status_code == 200
    assert (r.json()["name"], r.json()["description"]) == ("Jeju Again", None)
    assert r.json()["settings"] == {"allowDirectMessages": False, "requireApproval": False}
    r = await guest.patch(f"{TRAVELS}/{travel['id']}", json={"name": "Mine now"})
    assert r.status_code == 403 and error_code(r) == "FORBIDDEN"
    r = await host.patch(f"{TRAVELS}/{travel['id']}", json={"endDate": "2000-01-01T00:00:00Z"})
    assert r.status_code == 400
    r = await host.patch(f"{TRAVELS}/{travel['id']}", json={"name": None})
    assert r.status_code == 400
    assert (await host.get(f"{TRAVELS}/{travel['id']}")).json()["name"] == "Jeju Again"
    # The rules of creation hold for updates too.
    far = (datetime.fromisoformat(travel["startDate"]) + timedelta(days=400)).isoformat()
    r = await host.patch(f"{TRAVELS}/{travel['id']}", json={"endDate": far})
    assert r.status_code == 400 and error_code(r) == "VALIDATION_ERROR"
    r = await host.patch(f"{TRAVELS}/{travel['id']}", json={"maxMembers": 2})
    assert r.status_code == 200  # host and guest: exactly full
    third = await api.sign_in()
    r = await third.post(
        f"{TRAVELS}/{travel['id']}/join", json={"inviteCode": travel["inviteCode"]}
    )
    assert r.status_code == 409 and error_code(r) == "TRAVEL_FULL"
    await host.patch(f"{TRAVELS}/{travel['id']}", json={"maxMembers": None})
    await join(third, travel)
    r = await host.patch(f"{TRAVELS}/{travel['id']}", json={"maxMembers": 2})
    assert r.status_code == 409 and r.json()["error"]["details"] == {"memberCount": 3}


async def test_soft_delete_hides_everything(api, db):
    host, guest, late = await api.sign_in(), await api.sign_in(), await api.sign_in()
    travel = await make_travel(host)
    await join(guest, travel)
    planet_id = default_planet(travel)["id"]
    r = await guest.delete(f"{TRAVELS}/{travel['id']}")
    assert r.status_code == 403
    r = await host.delete(f"{TRAVELS}/{travel['id']}")
    assert r.status_code == 204
    for who in (host, guest):
        assert (await who.get(f"{TRAVELS}/{travel['id']}")).status_code == 404
        assert (await who.get(f"/api/v1/planets/{planet_id}")).status_code == 404
        assert (await who.get(f"{TRAVELS}/{travel['id']}/planets")).status_code == 404
        assert (await who.get(TRAVELS)).json()["items"] == []
    r = await late.post(f"{TRAVELS}/join", json={"inviteCode": travel["inviteCode"]})
    assert r.status_code == 404
    assert await db.fetchval(
        "SELECT deleted_at IS NOT NULL FROM travels WHERE id = $1", travel["id"]
    )


async def test_non_members_see_nothing_private(api):
    host, outsider = await api.sign_in(), await api.sign_in()
    private = await make_travel(host)
    public = await make_travel(host, visibility="PUBLIC")
    planet_id = default_planet(private)["id"]
    assert error_code(await outsider.get(f"{TRAVELS}/{private['id']}")) == "TRAVEL_NOT_FOUND"
    assert (
        error_code(await outsider.get(f"{TRAVELS}/{private['id']}/members")) == "TRAVEL_NOT_FOUND"
    )
    assert (
        error_code(await outsider.get(f"{TRAVELS}/{private['id']}/planets")) == "TRAVEL_NOT_FOUND"
    )
    assert error_code(await outsider.get(f"/api/v1/planets/{planet_id}")) == "PLANET_NOT_FOUND"
    r = await outsider.get(f"{TRAVELS}/{public['id']}", params={"include": "planets,members"})
    assert r.status_code == 200
    assert (
        r.json()["planets"] is None
        and r.json()["members"] is None
        and r.json()["myMembership"] is None
    )
    assert (
        error_code(await outsider.get(f"{TRAVELS}/{public['id']}/members")) == "NOT_TRAVEL_MEMBER"
    )
    assert (
        error_code(await outsider.get(f"{TRAVELS}/{public['id']}/planets")) == "NOT_TRAVEL_MEMBER"
    )
    assert (
        error_code(await outsider.get(f"/api/v1/planets/{default_planet(public)['id']}"))
        == "PLANET_NOT_FOUND"
    )


async def test_ids_from_another_travel_are_refused(api):
    alice, bob, carol = await api.sign_in(), await api.sign_in(), await api.sign_in()
    mine = await make_travel(alice)
    theirs = await make_travel(bob)
    await join(carol, theirs)
    carol_in_theirs = await membership_id(bob, theirs["id"], carol.user_id)
    # Alice hosts a travel, but not Bob's: his membership ids do not exist for her.
    for method, path, body in (
        ("PATCH", f"/api/v1/travel-users/{carol_in_theirs}", {"role": "MODERATOR"}),
        ("DELETE", f"/api/v1/travel-users/{carol_in_theirs}", None),
        ("POST", f"/api/v1/travel-users/{carol_in_theirs}/ban", {"reason": "x"}),
    ):
        r = await alice.request(method, path, json=body)
        assert r.status_code == 404 and error_code(r) == "MEMBER_NOT_FOUND", path
    r = await alice.post(f"{TRAVELS}/{mine['id']}/transfer-host", json={"userId": carol.user_id})
    assert r.status_code == 404
    r = await alice.post(f"{TRAVELS}/{mine['id']}/direct-planets", json={"userId": carol.user_id})
    assert r.status_code == 404 and error_code(r) == "MEMBER_NOT_FOUND"
    r = await alice.get(f"{TRAVELS}/{theirs['id']}/planets")
    assert r.status_code == 404


async def test_friends_visibility_means_sharing_a_travel(api):
    ann, bob, stranger = await api.sign_in(), await api.sign_in(), await api.sign_in()
    await ann.patch(
        "/api/v1/users/me/profile",
        json={
            "bio": "Only for travel mates",
            "preferences": {"privacy": {"profileVisibility": "friends"}},
        },
    )
    travel = await make_travel(ann)
    await join(bob, travel)
    assert (await bob.get(f"/api/v1/users/{ann.user_id}")).json()["bio"] == "Only for travel mates"
    assert (await stranger.get(f"/api/v1/users/{ann.user_id}")).json()["bio"] is None
