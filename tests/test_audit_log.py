"""The audit log (spec 7.2 "audit log access"): every moderation and administration action
leaves an entry written in the action's own transaction; the database refuses to change or
remove entries; admins read the whole log, a travel's host reads that travel's entries."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import asyncpg
import pytest

from tests.support import services
from tests.support.api import error_code
from tests.support.server import ADMIN_EMAIL, ROOT
from tests.support.world import default_planet, join, make_travel, membership_id

LOG = "/api/v1/admin/audit-log"


def travel_log(travel_id: int) -> str:
    return f"/api/v1/travels/{travel_id}/audit-log"


async def entries(session, path: str = LOG, **params) -> list[dict]:
    r = await session.get(path, params={"limit": 100, **params})
    assert r.status_code == 200, r.text
    return r.json()["items"]


def summary(items: list[dict]) -> list[tuple]:
    """(action, actor, target user) of each entry, newest first."""
    return [(e["action"], e["actorId"], e["targetUserId"]) for e in items]


async def test_platform_actions_are_recorded(api):
    admin = await api.sign_in(ADMIN_EMAIL)
    ann = await api.sign_in()
    r = await admin.post(
        f"/api/v1/admin/users/{ann.user_id}/ban",
        json={"reason": "spam", "duration": "7d", "banType": "TEMPORARY"},
    )
    assert r.status_code == 200, r.text
    assert (await admin.post(f"/api/v1/admin/users/{ann.user_id}/unban")).status_code == 200
    r = await admin.patch(f"/api/v1/admin/users/{ann.user_id}/role", json={"role": "HOST"})
    assert r.status_code == 200
    assert (await admin.delete(f"/api/v1/admin/users/{ann.user_id}/penalties")).status_code == 200
    r = await admin.post(
        "/api/v1/admin/notifications",
        json={"userId": ann.user_id, "title": "Hello", "body": "From support"},
    )
    assert r.status_code == 201, r.text
    r = await admin.post("/api/v1/admin/broadcasts", json={"title": "News", "body": "Hi all"})
    assert r.status_code in (201, 202), r.text
    broadcast_id = r.json()["id"]
    r = await admin.post("/api/v1/admin/jobs/moderation.lift_expired/run")
    assert r.status_code in (200, 202), r.text

    items = await entries(admin)
    assert summary(items) == [
        ("job.run", admin.user_id, None),
        ("broadcast.create", admin.user_id, None),
        ("notification.send", admin.user_id, ann.user_id),
        ("user.penalties_lift", admin.user_id, ann.user_id),
        ("user.role_change", admin.user_id, ann.user_id),
        ("user.unban", admin.user_id, ann.user_id),
        ("user.ban", admin.user_id, ann.user_id),
    ]
    job, broadcast, notification, lift, role, unban, ban = items
    assert all(e["actorRole"] == "ADMIN" and e["travelId"] is None for e in items)
    assert ban["targetType"] == "user" and ban["targetId"] == ann.user_id
    assert ban["details"]["reason"] == "spam"
    until = datetime.fromisoformat(ban["details"]["until"])
    assert timedelta(days=7) - timedelta(minutes=5) < until - datetime.now(UTC) <= timedelta(days=7)
    assert unban["details"] == {
        "wasBanned": True,
        "banReason": "spam",
        "bannedUntil": ban["details"]["until"],
    }
    assert role["details"] == {"from": "USER", "to": "HOST"}
    assert lift["details"] == {"lifted": []}
    assert notification["details"]["title"] == "Hello"
    assert notification["details"]["channels"]  # the in-app one at least
    assert (broadcast["targetType"], broadcast["targetId"]) == ("broadcast", broadcast_id)
    assert job["targetType"] == "job" and job["details"]["job"] == "moderation.lift_expired"
    datetime.fromisoformat(job["createdAt"].replace("Z", "+00:00"))


async def test_travel_moderation_is_recorded_and_the_host_reads_it(api):
    host, mod, ann, bob, cat = [await api.sign_in() for _ in range(5)]
    travel = await make_travel(host, settings={"requireApproval": True})
    tid = travel["id"]
    planet_id = default_planet(travel)["id"]
    for person in (mod, ann, bob, cat):
        r = await person.post(
            f"/api/v1/travels/{tid}/join", json={"inviteCode": travel["inviteCode"]}
        )
        assert r.status_code == 202, r.text
        decision = "decline" if person is cat else "approve"
        r = await host.post(f"/api/v1/travels/{tid}/join-requests/{r.json()['id']}/{decision}")
        assert r.status_code == 200, r.text
    mod_tu = await membership_id(host, tid, mod.user_id)
    r = await host.patch(f"/api/v1/travel-users/{mod_tu}", json={"role": "MODERATOR"})
    assert r.status_code == 200
    # The moderator mutes and unmutes Ann, deletes her message; Bob's message is reported
    # by Ann and removed through the report.
    members = f"/api/v1/planets/{planet_id}/members"
    r = await mod.post(f"{members}/{ann.user_id}/mute", json={"duration": "1h", "reason": "loud"})
    assert r.status_code == 200, r.text
    assert (await mod.post(f"{members}/{ann.user_id}/unmute")).status_code == 200
    r = await ann.post(f"/api/v1/planets/{planet_id}/messages", json={"content": "rude"})
    message_id = r.json()["id"]
    r = await mod.request("DELETE", f"/api/v1/messages/{message_id}", json={"reason": "rude"})
    assert r.status_code == 200, r.text
    r = await bob.post(f"/api/v1/planets/{planet_id}/messages", json={"content": "scam link"})
    bobs_message = r.json()["id"]
    r = await ann.post(f"/api/v1/messages/{bobs_message}/reports", json={"reason": "SCAM"})
    report_id = r.json()["id"]
    r = await mod.post(f"/api/v1/reports/{report_id}/resolve", json={"action": "DELETE_MESSAGE"})
    assert r.status_code == 200, r.text
    # An author deleting their own message is not moderation.
    r = await bob.post(f"/api/v1/planets/{planet_id}/messages", json={"content": "oops"})
    assert (await bob.delete(f"/api/v1/messages/{r.json()['id']}")).status_code == 200
    bob_tu = await membership_id(host, tid, bob.user_id)
    r = await host.post(f"/api/v1/travel-users/{bob_tu}/ban", json={"reason": "scams"})
    assert r.status_code == 200
    assert (await host.post(f"/api/v1/travel-users/{bob_tu}/unban")).status_code == 200
    ann_tu = await membership_id(host, tid, ann.user_id)
    assert (await host.delete(f"/api/v1/travel-users/{ann_tu}")).status_code == 204
    r = await host.post(f"/api/v1/travels/{tid}/transfer-host", json={"userId": mod.user_id})
    assert r.status_code == 200, r.text
    # Elsewhere: a platform ban and another travel's moderation.
    admin = await api.sign_in(ADMIN_EMAIL)
    await admin.post(f"/api/v1/admin/users/{cat.user_id}/ban", json={"reason": "x"})
    other = await make_travel(admin)
    await join(bob, other)
    await admin.post(
        f"/api/v1/travel-users/{await membership_id(admin, other['id'], bob.user_id)}/ban",
        json={"reason": "elsewhere"},
    )

    # The host at the time of the actions is a moderator now; the new host reads the log.
    items = await entries(mod, travel_log(tid))
    assert summary(items) == [
        ("travel.host_transfer", host.user_id, mod.user_id),
        ("member.remove", host.user_id, ann.user_id),
        ("member.unban", host.user_id, bob.user_id),
        ("member.ban", host.user_id, bob.user_id),
        ("report.resolve", mod.user_id, bob.user_id),
        ("message.delete", mod.user_id, bob.user_id),
        ("message.delete", mod.user_id, ann.user_id),
        ("planet.unmute", mod.user_id, ann.user_id),
        ("planet.mute", mod.user_id, ann.user_id),
        ("member.role_change", host.user_id, mod.user_id),
        ("join_request.decline", host.user_id, cat.user_id),
        ("join_request.approve", host.user_id, bob.user_id),
        ("join_request.approve", host.user_id, ann.user_id),
        ("join_request.approve", host.user_id, mod.user_id),
    ]
    by_action = {e["action"]: e for e in items}
    assert all(e["travelId"] == tid for e in items)
    assert by_action["member.ban"]["actorRole"] == "HOST"
    assert by_action["member.ban"]["details"] == {"reason": "scams", "until": None}
    assert by_action["planet.mute"]["actorRole"] == "MODERATOR"
    assert by_action["planet.mute"]["planetId"] == planet_id
    assert by_action["planet.mute"]["details"]["duration"] == "1h"
    assert by_action["planet.mute"]["details"]["reason"] == "loud"
    resolve = by_action["report.resolve"]
    assert (resolve["targetType"], resolve["targetId"]) == ("report", report_id)
    assert resolve["details"]["action"] == "DELETE_MESSAGE"
    assert resolve["details"]["messageDeleted"] is True
    deletions = [e for e in items if e["action"] == "message.delete"]
    assert [e["targetId"] for e in deletions] == [bobs_message, message_id]
    assert deletions[0]["details"] == {"reason": "report: SCAM", "reportId": report_id}
    assert deletions[1]["details"] == {"reason": "rude"}
    assert "content" not in str(deletions)  # what was said is gone, not archived here
    assert by_action["member.role_change"]["details"] == {"from": "PARTICIPANT", "to": "MODERATOR"}
    # The admin's log has it all, the platform ban and the other travel included.
    everything = summary(await entries(admin))
    assert ("user.ban", admin.user_id, cat.user_id) in everything
    assert ("member.ban", admin.user_id, bob.user_id) in everything
    assert len(everything) == len(items) + 2


async def test_filters_and_pages(api):
    admin = await api.sign_in(ADMIN_EMAIL)
    host, ann, bob = [await api.sign_in() for _ in range(3)]
    travel = await make_travel(host, visibility="PUBLIC")
    for person in (ann, bob):
        await join(person, travel)
    tid = travel["id"]
    ann_tu = await membership_id(host, tid, ann.user_id)
    bob_tu = await membership_id(host, tid, bob.user_id)
    await host.post(f"/api/v1/travel-users/{ann_tu}/ban", json={"reason": "a"})
    await host.post(f"/api/v1/travel-users/{bob_tu}/ban", json={"reason": "b"})
    await host.post(f"/api/v1/travel-users/{ann_tu}/unban")
    await admin.post(f"/api/v1/admin/users/{ann.user_id}/ban", json={"reason": "c"})
    everything = await entries(admin)
    assert len(everything) == 4

    async def ids(path=LOG, **params) -> list[int]:
        return [e["id"] for e in await entries(admin, path, **params)]

    by_id = {e["id"]: e for e in everything}
    assert await ids(actorId=admin.user_id) == [everything[0]["id"]]
    assert await ids(targetUserId=ann.user_id) == [
        everything[0]["id"],
        everything[1]["id"],
        everything[3]["id"],
    ]
    assert await ids(action="member.ban") == [everything[2]["id"], everything[3]["id"]]
    assert await ids(action=["member.unban", "USER.BAN"]) == [
        everything[0]["id"],
        everything[1]["id"],
    ]
    assert await ids(travelId=tid) == [e["id"] for e in everything[1:]]
    assert await ids(targetType="travel_user", targetId=bob_tu) == [everything[2]["id"]]
    assert await ids(travel_log(tid), targetUserId=bob.user_id) == [everything[2]["id"]]
    # Time range: from (included) .. to (excluded); a time without an offset is UTC.
    second = datetime.fromisoformat(by_id[everything[2]["id"]]["createdAt"].replace("Z", "+00:00"))
    assert await ids(**{"from": second.isoformat()}) == [e["id"] for e in everything[:3]]
    assert await ids(to=second.isoformat()) == [everything[3]["id"]]
    naive = second.astimezone(UTC).replace(tzinfo=None).isoformat()
    assert await ids(**{"from": naive}) == [e["id"] for e in everything[:3]]
    assert await ids(to=(datetime.now(UTC) - timedelta(days=1)).isoformat()) == []
    # Pages of two, newest first, by cursor.
    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        r = await admin.get(LOG, params=params)
        assert r.status_code == 200
        seen += [e["id"] for e in r.json()["items"]]
        cursor = r.json()["nextCursor"]
        if cursor is None:
            break
    assert seen == [e["id"] for e in everything]
    # Bad filters are 400s.
    for params, code in [
        ({"cursor": "nope"}, "INVALID_CURSOR"),
        ({"action": "user.explode"}, "VALIDATION_ERROR"),
        ({"targetType": "galaxy"}, "VALIDATION_ERROR"),
        ({"from": "yesterday"}, "VALIDATION_ERROR"),
        ({"actorId": "0"}, "VALIDATION_ERROR"),
        ({"actorId": str(2**63)}, "VALIDATION_ERROR"),
        ({"sort": "id"}, "UNKNOWN_FILTER"),
    ]:
        r = await admin.get(LOG, params=params)
        assert r.status_code == 400 and error_code(r) == code, (params, r.text)
    r = await host.get(travel_log(tid), params={"travelId": tid})
    assert r.status_code == 400 and error_code(r) == "UNKNOWN_FILTER"


async def test_who_may_read_the_log(api):
    admin = await api.sign_in(ADMIN_EMAIL)
    host, mod, ann, outsider = [await api.sign_in() for _ in range(4)]
    secret = await make_travel(host)  # invite-only
    public = await make_travel(host, visibility="PUBLIC")
    for person in (mod, ann):
        await join(person, secret)
    mod_tu = await membership_id(host, secret["id"], mod.user_id)
    await host.patch(f"/api/v1/travel-users/{mod_tu}", json={"role": "MODERATOR"})

    r = await api.http.get(LOG)
    assert r.status_code == 401 and error_code(r) == "AUTH_REQUIRED"
    for who in (host, mod, ann):
        r = await who.get(LOG)
        assert r.status_code == 403 and error_code(r) == "ADMIN_REQUIRED"
    assert (await admin.get(LOG)).status_code == 200

    log = travel_log(secret["id"])
    assert (await host.get(log)).status_code == 200
    assert (await admin.get(log)).status_code == 200  # not a member: as an admin
    for who in (mod, ann):  # report handling is for moderators, the log for the host
        r = await who.get(log)
        assert r.status_code == 403 and error_code(r) == "FORBIDDEN"
        assert r.json()["error"]["details"] == {"action": "travel.audit_log"}
    r = await outsider.get(log)
    assert r.status_code == 404 and error_code(r) == "TRAVEL_NOT_FOUND"
    r = await outsider.get(travel_log(public["id"]))
    assert r.status_code == 403 and error_code(r) == "NOT_TRAVEL_MEMBER"
    r = await host.get(travel_log(987654))
    assert r.status_code == 404 and error_code(r) == "TRAVEL_NOT_FOUND"
    r = await api.http.get(log)
    assert r.status_code == 401


async def test_the_database_refuses_to_change_the_log(api, db):
    admin = await api.sign_in(ADMIN_EMAIL)
    ann = await api.sign_in()
    await admin.post(f"/api/v1/admin/users/{ann.user_id}/ban", json={"reason": "spam"})
    assert await db.fetchval("SELECT count(*) FROM audit_log") == 1
    for statement in (
        "UPDATE audit_log SET details = '{}'",
        "UPDATE audit_log SET actor_id = NULL WHERE id = 1",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
    ):
        with pytest.raises(asyncpg.exceptions.InsufficientPrivilegeError, match="append-only"):
            await db.execute(statement)
    row = await db.fetchrow("SELECT actor_id, details FROM audit_log")
    assert row["actor_id"] == admin.user_id and '"spam"' in row["details"]


async def test_an_action_and_its_entry_commit_together(api, db):
    """When the entry cannot be written, the action does not happen either (a constraint
    added for this test makes PostgreSQL refuse the entries of travel bans)."""
    host, ann = await api.sign_in(), await api.sign_in()
    travel = await make_travel(host, visibility="PUBLIC")
    await join(ann, travel)
    tu = await membership_id(host, travel["id"], ann.user_id)
    await db.execute(
        "ALTER TABLE audit_log ADD CONSTRAINT test_refuse_bans CHECK (action <> 'member.ban')"
    )
    try:
        r = await host.post(f"/api/v1/travel-users/{tu}/ban", json={"reason": "spam"})
        assert r.status_code == 500 and error_code(r) == "INTERNAL_ERROR"
    finally:
        await db.execute("ALTER TABLE audit_log DROP CONSTRAINT test_refuse_bans")
    status = await db.fetchval("SELECT status FROM travel_users WHERE id = $1", tu)
    assert status == "ACTIVE"  # not banned: the ban rolled back with its entry
    assert await db.fetchval("SELECT count(*) FROM audit_log") == 0
    # Refused actions leave nothing either.
    r = await ann.post(f"/api/v1/travel-users/{tu}/ban", json={"reason": "myself"})
    assert r.status_code in (403, 409)
    assert await db.fetchval("SELECT count(*) FROM audit_log") == 0


async def test_expired_penalties_are_lifted_on_the_record(api, db):
    admin = await api.sign_in(ADMIN_EMAIL)
    host, ann, bob = [await api.sign_in() for _ in range(3)]
    travel = await make_travel(host, visibility="PUBLIC")
    planet_id = default_planet(travel)["id"]
    for person in (ann, bob):
        await join(person, travel)
    tu = await membership_id(host, travel["id"], ann.user_id)
    r = await host.post(f"/api/v1/travel-users/{tu}/ban", json={"reason": "x", "duration": "1h"})
    assert r.status_code == 200
    r = await host.post(
        f"/api/v1/planets/{planet_id}/members/{bob.user_id}/mute", json={"duration": "1h"}
    )
    assert r.status_code == 200
    await admin.post(f"/api/v1/admin/users/{ann.user_id}/ban", json={"reason": "y", "duration": 60})
    # Time passes.
    await db.execute("UPDATE travel_users SET banned_until = now() - interval '1 second'")
    await db.execute(
        "UPDATE planet_users SET muted_until = now() - interval '1 second' "
        "WHERE muted_until IS NOT NULL"
    )
    await db.execute("UPDATE users SET banned_until = now() - interval '1 second' WHERE is_banned")
    r = await admin.post("/api/v1/admin/jobs/moderation.lift_expired/run")
    assert r.status_code in (200, 202), r.text
    lifted = [e for e in await entries(admin) if e["actorRole"] == "SYSTEM"]
    assert sorted((e["action"], e["targetUserId"]) for e in lifted) == sorted(
        [
            ("member.unban", ann.user_id),
            ("planet.unmute", bob.user_id),
            ("user.unban", ann.user_id),
        ]
    )
    for entry in lifted:
        assert entry["actorId"] is None and entry["details"] == {"expired": True}
    by_action = {e["action"]: e for e in lifted}
    assert by_action["member.unban"]["travelId"] == travel["id"]
    assert by_action["member.unban"]["targetId"] == tu
    assert by_action["planet.unmute"]["planetId"] == planet_id
    # The host sees the lifts in the travel's log.
    host_view = summary(await entries(host, travel_log(travel["id"])))
    assert ("member.unban", None, ann.user_id) in host_view
    assert ("user.unban", None, ann.user_id) not in host_view


async def test_promoting_an_admin_from_the_command_line_is_recorded(api, db):
    ann = await api.sign_in()
    result = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "connecto", "promote-admin", ann.email],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "CONNECTO_DATABASE_URL": services.DATABASE_URL},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    admin = await api.sign_in(ADMIN_EMAIL)
    (entry,) = await entries(admin, targetUserId=ann.user_id)
    assert (entry["action"], entry["actorId"], entry["actorRole"]) == (
        "user.role_change",
        None,
        "SYSTEM",
    )
    assert entry["details"] == {"from": "USER", "to": "ADMIN", "via": "promote-admin"}
