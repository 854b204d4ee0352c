"""Account deletion (grace period, cancel, final removal) and data export (one a day, built by a
job, downloaded once through a short-lived link)."""

from __future__ import annotations

import io
import json
import zipfile

import httpx

from tests.support.api import error_code
from tests.support.jobs import run_twice_at_once
from tests.support.server import ADMIN_EMAIL
from tests.support.waiting import eventually
from tests.support.world import default_planet, join, make_travel
from tests.support.ws import WsClient


async def confirmation(api, session, **extra) -> dict:
    """The sign-in confirmation DELETE /users/me asks for: a fresh ID token of the account."""
    return {"provider": "GOOGLE", "idToken": await api.id_token("GOOGLE", session.email, **extra)}


async def test_deleting_needs_a_fresh_sign_in_of_this_account(api):
    ann = await api.sign_in("ann@example.com")
    bob = await api.sign_in("bob@example.com")
    r = await ann.delete("/api/v1/users/me")
    assert r.status_code == 400 and error_code(r) == "VALIDATION_ERROR"
    r = await ann.delete("/api/v1/users/me", json={"provider": "GOOGLE", "idToken": "x.y.z"})
    assert r.status_code == 401 and error_code(r) == "ID_TOKEN_INVALID"
    r = await ann.delete("/api/v1/users/me", json=await confirmation(api, bob))
    assert r.status_code == 403 and error_code(r) == "SIGN_IN_CONFIRMATION_INVALID"
    assert r.json()["error"]["details"]["reason"] == "other_account"
    stale = await confirmation(api, ann, issuedSecondsAgo=3600)
    r = await ann.delete("/api/v1/users/me", json=stale)
    assert r.status_code == 403 and r.json()["error"]["details"]["reason"] == "stale"
    body = await confirmation(api, ann)
    r = await ann.delete("/api/v1/users/me", json={**body, "idToken": body["idToken"] + "\u0000"})
    assert r.status_code in (400, 401)
    r = await api.http.request("DELETE", "/api/v1/users/me", json=body)  # no access token
    assert r.status_code == 401 and error_code(r) == "AUTH_REQUIRED"
    assert (await ann.get("/api/v1/users/me")).status_code == 200  # nothing happened


async def test_a_host_hands_over_first(api):
    hana, jun = await api.sign_in("hana@example.com"), await api.sign_in("jun@example.com")
    travel = await make_travel(hana)
    await join(jun, travel)
    r = await hana.delete("/api/v1/users/me", json=await confirmation(api, hana))
    assert r.status_code == 409 and error_code(r) == "HOST_MUST_TRANSFER"
    assert r.json()["error"]["details"]["travelIds"] == [travel["id"]]
    r = await hana.post(
        f"/api/v1/travels/{travel['id']}/transfer-host", json={"userId": jun.user_id}
    )
    assert r.status_code == 200, r.text
    r = await hana.delete("/api/v1/users/me", json=await confirmation(api, hana))
    assert r.status_code == 202, r.text
    # Nobody can hand a travel to an account being deleted.
    r = await jun.post(
        f"/api/v1/travels/{travel['id']}/transfer-host", json={"userId": hana.user_id}
    )
    assert r.status_code == 409 and error_code(r) == "CONFLICT"


async def test_deletion_signs_out_at_once_and_signing_in_cancels_it(api, db, server):
    ann = await api.sign_in("ann@example.com", push_token="fcm-ann-phone")
    other_device = await api.sign_in("ann@example.com")
    ws = await WsClient.connect(server.url, other_device.access_token)
    r = await ann.delete("/api/v1/users/me", json=await confirmation(api, ann))
    assert r.status_code == 202, r.text
    body = r.json()
    assert body["revokedSessions"] == 2
    code, _ = await ws.closed
    assert code == 4401
    for session in (ann, other_device):
        r = await session.get("/api/v1/users/me")
        assert r.status_code == 401 and error_code(r) == "TOKEN_REVOKED"
    assert await db.fetchval("SELECT count(*) FROM push_tokens") == 0
    due = await db.fetchval("SELECT deletion_due_at - deletion_requested_at FROM users")
    assert due.days == 30
    # Within the grace period, the account is still there for the others.
    jun = await api.sign_in("jun@example.com")
    assert (await jun.get(f"/api/v1/users/{ann.user_id}")).status_code == 200
    # The grace period is not over: the removal job leaves the account alone.
    admin = await api.sign_in(ADMIN_EMAIL)
    r = await admin.post("/api/v1/admin/jobs/user.delete/run")
    assert r.json()["result"] == {"purged": 0}
    back = await api.sign_in("ann@example.com")
    assert back.body["deletionCancelled"] is True
    row = await db.fetchrow(
        "SELECT deletion_due_at, deleted_at FROM users WHERE id = $1", ann.user_id
    )
    assert row["deletion_due_at"] is None and row["deleted_at"] is None
    again = await api.sign_in("ann@example.com")
    assert again.body["deletionCancelled"] is False


async def test_after_the_grace_period_personal_data_goes_and_messages_show_deleted_user(api, db):
    hana, ann = await api.sign_in("hana@example.com"), await api.sign_in("ann@example.com")
    await ann.patch(
        "/api/v1/users/me/profile",
        json={"nickname": "Ann", "name": "Ann Lee", "phoneNumber": "+821012345678"},
    )
    travel = await make_travel(hana)
    await join(ann, travel)
    planet = default_planet(travel)["id"]
    r = await ann.post(f"/api/v1/planets/{planet}/messages", json={"content": "See you there"})
    message_id = r.json()["id"]
    await hana.post(f"/api/v1/messages/{message_id}/reactions", json={"emoji": "👍"})
    await ann.post(f"/api/v1/messages/{message_id}/reactions", json={"emoji": "🎉"})
    r = await ann.delete("/api/v1/users/me", json=await confirmation(api, ann))
    assert r.status_code == 202
    await db.execute(
        "UPDATE users SET deletion_due_at = now() - interval '1 second' WHERE id = $1", ann.user_id
    )
    admin = await api.sign_in(ADMIN_EMAIL)
    results = await run_twice_at_once(admin, "user.delete")
    assert sum(r.get("purged", 0) for r in results) == 1
    assert await db.fetchval("SELECT count(*) FROM profiles WHERE user_id = $1", ann.user_id) == 0
    for table in ("social_identities", "auth_sessions", "push_tokens", "notifications"):
        count = await db.fetchval(f"SELECT count(*) FROM {table} WHERE user_id = $1", ann.user_id)
        assert count == 0, table
    user = await db.fetchrow("SELECT email, deleted_at FROM users WHERE id = $1", ann.user_id)
    assert user["email"] is None and user["deleted_at"] is not None
    # The message stays for the others, by "Deleted user".
    r = await hana.get(f"/api/v1/planets/{planet}/messages")
    [mine] = [m for m in r.json()["items"] if m["id"] == message_id]
    assert mine["content"] == "See you there"
    assert mine["sender"] == {
        "id": ann.user_id,
        "nickname": "Deleted user",
        "avatarUrl": None,
        "deleted": True,
    }
    r = await hana.get(f"/api/v1/users/{ann.user_id}")
    assert r.status_code == 404 and error_code(r) == "USER_NOT_FOUND"
    r = await hana.get(f"/api/v1/travels/{travel['id']}/members")
    assert ann.user_id not in [m["userId"] for m in r.json()["items"]]
    # Signing in with the same Google account later is a brand-new account.
    fresh = await api.sign_in("ann@example.com")
    assert fresh.body["isNewUser"] is True and fresh.user_id != ann.user_id


async def test_an_export_is_built_notified_and_downloaded_once(api, db, server, filestack):
    hana, ann = await api.sign_in("hana@example.com"), await api.sign_in("ann@example.com")
    await ann.patch("/api/v1/users/me/profile", json={"nickname": "Ann"})
    travel = await make_travel(hana, name="Jeju")
    await join(ann, travel)
    planet = default_planet(travel)["id"]
    r = await ann.post(f"/api/v1/planets/{planet}/messages", json={"content": "Hello Jeju"})
    message_id = r.json()["id"]
    await ann.patch(f"/api/v1/messages/{message_id}", json={"content": "Hello Jeju!"})
    await ann.post(f"/api/v1/messages/{message_id}/reactions", json={"emoji": "🌊"})
    r = await ann.post("/api/v1/users/me/export")
    assert r.status_code == 202, r.text
    export = r.json()
    assert export["status"] == "PENDING"
    r = await ann.post("/api/v1/users/me/export")
    assert r.status_code == 429 and error_code(r) == "EXPORT_TOO_SOON"
    assert 0 < r.json()["error"]["details"]["retryAfterSeconds"] <= 86400

    async def ready():
        return (await ann.get("/api/v1/users/me/exports")).json()["items"][0]

    listed = await eventually(ready, lambda e: e["status"] == "READY", what="the export")
    assert listed["sizeBytes"] > 0 and listed["expiresAt"] is not None

    async def account_notices():
        items = (await ann.get("/api/v1/notifications")).json()["items"]
        return [n for n in items if n["type"] == "account"]

    notices = await eventually(account_notices, bool, what="the export notification")
    assert notices[0]["title"] == "Your data export is ready"
    assert notices[0]["data"] == {"exportId": export["id"]}

    r = await hana.post(f"/api/v1/users/me/exports/{export['id']}/link")
    assert r.status_code == 404 and error_code(r) == "EXPORT_NOT_FOUND"  # not hers
    r = await ann.post(f"/api/v1/users/me/exports/{export['id']}/link")
    assert r.status_code == 200, r.text
    url = r.json()["url"]
    async with httpx.AsyncClient(timeout=30) as plain:  # the link is the credential
        first, second = await plain.get(url), await plain.get(url)
    assert first.status_code == 200 and first.headers["content-type"] == "application/zip"
    assert second.status_code == 410 and error_code(second) == "DOWNLOAD_LINK_INVALID"
    archive = zipfile.ZipFile(io.BytesIO(first.content))
    assert sorted(archive.namelist()) == [
        "README.txt",
        "account.json",
        "messages.json",
        "profile.json",
        "reactions.json",
        "travels.json",
    ]
    account = json.loads(archive.read("account.json"))
    assert account["id"] == ann.user_id and account["email"] == "ann@example.com"
    assert [i["provider"] for i in account["identities"]] == ["GOOGLE"]
    assert json.loads(archive.read("profile.json"))["nickname"] == "Ann"
    [message] = json.loads(archive.read("messages.json"))
    assert message["content"] == "Hello Jeju!" and message["originalContent"] == "Hello Jeju"
    assert message["createdAt"] and message["edits"][0]["previousContent"] == "Hello Jeju"
    assert [r["emoji"] for r in json.loads(archive.read("reactions.json"))] == ["🌊"]
    travels = json.loads(archive.read("travels.json"))
    assert [t["name"] for t in travels["travels"]] == ["Jeju"]
    assert "notifications" in json.loads(archive.read("profile.json"))["preferences"]
    # Gone after the download; the row says so.
    r = await ann.post(f"/api/v1/users/me/exports/{export['id']}/link")
    assert r.status_code == 409 and error_code(r) == "EXPORT_NOT_READY"
    assert await stored_export(filestack, db, export["id"]) == []
    assert (await ready())["status"] == "DOWNLOADED"


async def stored_export(filestack, db, export_id: int) -> list[str]:
    """The object-store keys holding this export's file (none once it is gone)."""
    key = await db.fetchval("SELECT storage_key FROM data_exports WHERE id = $1", export_id)
    return await filestack.object_keys(f"exports/{key}") if key else []


async def test_download_links_are_checked(api, db):
    ann = await api.sign_in("ann@example.com")
    for token in ("nonsense", "a.b.c", ann.access_token):
        r = await api.http.get(f"/api/v1/exports/{token}")
        assert r.status_code == 410 and error_code(r) == "DOWNLOAD_LINK_INVALID", token
    r = await ann.post("/api/v1/users/me/exports/999999/link")
    assert r.status_code == 404 and error_code(r) == "EXPORT_NOT_FOUND"


async def test_an_export_built_twice_at_once_is_built_once(api, db, filestack):
    ann = await api.sign_in("ann@example.com")
    admin = await api.sign_in(ADMIN_EMAIL)
    # An export whose job has not run (queued on a worker that is down, say).
    export_id = await db.fetchval(
        "INSERT INTO data_exports (user_id, status, requested_at) "
        "VALUES ($1, 'PENDING', now()) RETURNING id",
        ann.user_id,
    )
    results = await run_twice_at_once(admin, "user.export", exportId=export_id)
    built = [r for r in results if "bytes" in r]
    assert len(built) == 1, results
    assert len(await stored_export(filestack, db, export_id)) == 1
    assert await db.fetchval("SELECT status FROM data_exports WHERE id = $1", export_id) == "READY"


async def test_ready_exports_expire(api, db, filestack):
    ann = await api.sign_in("ann@example.com")
    admin = await api.sign_in(ADMIN_EMAIL)
    r = await ann.post("/api/v1/users/me/export")
    export_id = r.json()["id"]

    async def status():
        return await db.fetchval("SELECT status FROM data_exports WHERE id = $1", export_id)

    await eventually(status, lambda s: s == "READY", what="the export")
    await db.execute(
        "UPDATE data_exports SET expires_at = now() - interval '1 second' WHERE id = $1",
        export_id,
    )
    r = await admin.post("/api/v1/admin/jobs/maintenance.expired_data_cleanup/run")
    assert r.json()["result"]["exports"] == 1
    assert await status() == "EXPIRED"
    assert await stored_export(filestack, db, export_id) == []
