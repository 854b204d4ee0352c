"""The admin guard: platform endpoints only for User.role = ADMIN."""

from __future__ import annotations

import pytest

from tests.support.api import error_code
from tests.support.ws import WsClient


@pytest.fixture
async def admin(api):
    return await api.sign_in("admin@connecto.test")


async def test_non_admin_is_refused_everywhere(api):
    ann = await api.sign_in()
    bob = await api.sign_in()
    for method, path, body in (
        ("GET", f"/api/v1/admin/users/{bob.user_id}", None),
        ("POST", f"/api/v1/admin/users/{bob.user_id}/ban", {"reason": "x"}),
        ("POST", f"/api/v1/admin/users/{bob.user_id}/unban", None),
        ("PATCH", f"/api/v1/admin/users/{bob.user_id}/role", {"role": "ADMIN"}),
        ("GET", f"/api/v1/admin/users/{bob.user_id}/penalties", None),
        ("DELETE", f"/api/v1/admin/users/{bob.user_id}/penalties", None),
    ):
        r = await ann.request(method, path, json=body)
        assert r.status_code == 403, path
        assert error_code(r) == "ADMIN_REQUIRED"
    assert (await bob.get("/api/v1/users/me")).json()["role"] == "USER"


async def test_anonymous_is_refused(api):
    r = await api.http.post("/api/v1/admin/users/1/ban", json={"reason": "x"})
    assert r.status_code == 401 and error_code(r) == "AUTH_REQUIRED"


async def test_admin_changes_roles_and_the_change_applies_at_once(api, admin):
    ann = await api.sign_in()
    r = await admin.patch(f"/api/v1/admin/users/{ann.user_id}/role", json={"role": "HOST"})
    assert r.status_code == 200 and r.json()["role"] == "HOST"
    assert (await ann.get("/api/v1/users/me")).json()["role"] == "HOST"
    r = await admin.patch(f"/api/v1/admin/users/{ann.user_id}/role", json={"role": "ADMIN"})
    # Ann's existing token now carries admin rights: roles are read per request.
    r = await ann.get(f"/api/v1/admin/users/{admin.user_id}")
    assert r.status_code == 200 and r.json()["email"] == "admin@connecto.test"


async def test_admin_bad_input(api, admin):
    ann = await api.sign_in()
    cases = [
        (
            "PATCH",
            f"/api/v1/admin/users/{ann.user_id}/role",
            {"role": "EMPEROR"},
            400,
            "VALIDATION_ERROR",
        ),
        ("POST", f"/api/v1/admin/users/{ann.user_id}/ban", {}, 400, "VALIDATION_ERROR"),
        (
            "POST",
            f"/api/v1/admin/users/{ann.user_id}/ban",
            {"reason": "x", "durationSeconds": -1},
            400,
            "VALIDATION_ERROR",
        ),
        ("POST", "/api/v1/admin/users/424242/ban", {"reason": "x"}, 404, "USER_NOT_FOUND"),
        ("POST", f"/api/v1/admin/users/{admin.user_id}/ban", {"reason": "oops"}, 409, "CONFLICT"),
        ("PATCH", f"/api/v1/admin/users/{admin.user_id}/role", {"role": "USER"}, 409, "CONFLICT"),
    ]
    for method, path, body, status, code in cases:
        r = await admin.request(method, path, json=body)
        assert (r.status_code, error_code(r)) == (status, code), (path, body)
    assert (await ann.get("/api/v1/users/me")).json()["isBanned"] is False


async def test_admin_consoles_hear_platform_moderation(api, admin, server):
    """Every admin's socket is in system:admin; bans, unbans and role changes land there."""
    ann = await api.sign_in()
    console = await WsClient.connect(server.url, admin.access_token)
    bystander = await WsClient.connect(server.url, (await api.sign_in()).access_token)
    try:
        r = await admin.post(f"/api/v1/admin/users/{ann.user_id}/ban", json={"reason": "spam"})
        assert r.status_code == 200, r.text
        banned = await console.expect("admin:user_banned")
        assert banned == {"userId": ann.user_id, "byUserId": admin.user_id, "reason": "spam"}
        await admin.post(f"/api/v1/admin/users/{ann.user_id}/unban")
        assert (await console.expect("admin:user_unbanned"))["userId"] == ann.user_id
        await admin.patch(f"/api/v1/admin/users/{ann.user_id}/role", json={"role": "HOST"})
        changed = await console.expect("admin:role_changed")
        assert (changed["userId"], changed["role"]) == (ann.user_id, "HOST")
        await bystander.settle()
        assert not [f for f in bystander.pushes if f["event"].startswith("admin:")]
    finally:
        await console.close()
        await bystander.close()


async def test_a_role_change_makes_live_sockets_reconnect_with_the_new_role(api, admin, server):
    bob = await api.sign_in()
    socket = await WsClient.connect(server.url, bob.access_token)
    assert "system:admin" not in (await socket.expect("connected"))["rooms"]
    r = await admin.patch(f"/api/v1/admin/users/{bob.user_id}/role", json={"role": "ADMIN"})
    assert r.status_code == 200, r.text
    assert (await socket.expect("error"))["code"] == "ROLE_CHANGED"
    assert (await socket.closed)[0] == 4409
    socket = await WsClient.connect(server.url, bob.access_token)  # the same token
    rooms = (await socket.expect("connected"))["rooms"]
    assert {"system:admin", "moderation:alerts"} <= set(rooms)
    await admin.patch(f"/api/v1/admin/users/{bob.user_id}/role", json={"role": "USER"})
    assert (await socket.closed)[0] == 4409
    socket = await WsClient.connect(server.url, bob.access_token)
    assert "system:admin" not in (await socket.expect("connected"))["rooms"]
    await socket.close()
