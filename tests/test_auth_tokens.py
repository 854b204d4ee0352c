"""Our JWTs: access checks, refresh rotation with reuse detection, logout, bans."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from tests.support.api import error_code
from tests.support.tokens import claims_of, our_token, unsigned_token

ME = "/api/v1/users/me"
REFRESH = "/api/v1/auth/refresh"
LOGOUT = "/api/v1/auth/logout"


async def refresh(api, token: str):
    return await api.http.post(REFRESH, json={"refreshToken": token})


async def test_access_token_opens_protected_routes(api):
    ann = await api.sign_in()
    r = await ann.get(ME)
    assert r.status_code == 200 and r.json()["id"] == ann.user_id


async def test_missing_or_malformed_authorization(api):
    assert error_code(await api.http.get(ME)) == "AUTH_REQUIRED"
    r = await api.http.get(ME, headers={"Authorization": "Basic abc"})
    assert r.status_code == 401 and error_code(r) == "AUTH_REQUIRED"
    r = await api.http.get(ME, headers={"Authorization": "Bearer not.a.jwt"})
    assert r.status_code == 401 and error_code(r) == "TOKEN_INVALID"


async def test_forged_expired_and_mistyped_access_tokens(api):
    ann = await api.sign_in()
    sid = claims_of(ann.access_token)["sid"]
    cases = {
        "forged": (
            our_token(user_id=ann.user_id, session_id=sid, secret="x" * 48),
            "TOKEN_INVALID",
        ),
        "expired": (
            our_token(user_id=ann.user_id, session_id=sid, expires_in=-60),
            "TOKEN_EXPIRED",
        ),
        "refresh as access": (ann.refresh_token, "TOKEN_INVALID"),
        "alg none": (unsigned_token({**claims_of(ann.access_token)}), "TOKEN_INVALID"),
        "other issuer": (
            our_token(user_id=ann.user_id, session_id=sid, iss="evil"),
            "TOKEN_INVALID",
        ),
        "someone else's session": (
            our_token(user_id=ann.user_id + 1, session_id=sid),
            "TOKEN_REVOKED",
        ),
    }
    for name, (token, code) in cases.items():
        r = await api.http.get(ME, headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 401, name
        assert error_code(r) == code, name


async def test_access_token_is_not_a_refresh_token(api):
    ann = await api.sign_in()
    r = await refresh(api, ann.access_token)
    assert r.status_code == 401 and error_code(r) == "REFRESH_TOKEN_INVALID"


async def test_refresh_rotates(api):
    ann = await api.sign_in()
    r = await refresh(api, ann.refresh_token)
    assert r.status_code == 200, r.text
    pair = r.json()
    assert pair["refreshToken"] != ann.refresh_token
    assert claims_of(pair["refreshToken"])["sid"] == claims_of(ann.refresh_token)["sid"]
    r = await api.http.get(ME, headers={"Authorization": f"Bearer {pair['accessToken']}"})
    assert r.status_code == 200
    # And the new one rotates again.
    assert (await refresh(api, pair["refreshToken"])).status_code == 200


async def rotated_long_ago(db, refresh_token: str) -> None:
    """Move a token's rotation out of the grace window (10 s) instead of waiting for it."""
    moved = await db.execute(
        "UPDATE refresh_tokens SET rotated_at = rotated_at - interval '1 minute' "
        "WHERE id = $1 AND rotated_at IS NOT NULL",
        uuid.UUID(claims_of(refresh_token)["jti"]),
    )
    assert moved == "UPDATE 1"


async def test_reusing_a_rotated_refresh_token_revokes_the_family(api, db):
    ann = await api.sign_in()
    other_device = await api.sign_in(ann.email)
    new_pair = (await refresh(api, ann.refresh_token)).json()
    await rotated_long_ago(db, ann.refresh_token)

    r = await refresh(api, ann.refresh_token)  # replayed after the grace window: stolen copy
    assert r.status_code == 401 and error_code(r) == "REFRESH_TOKEN_REUSED"
    # Everything of that family is dead: the newest refresh token and its access token...
    r = await refresh(api, new_pair["refreshToken"])
    assert error_code(r) == "REFRESH_TOKEN_REVOKED"
    r = await api.http.get(ME, headers={"Authorization": f"Bearer {new_pair['accessToken']}"})
    assert r.status_code == 401 and error_code(r) == "TOKEN_REVOKED"
    # ...but the user's other device is untouched.
    assert (await other_device.get(ME)).status_code == 200


async def test_a_replay_within_the_grace_window_gets_the_same_pair(api, db):
    ann = await api.sign_in()
    first = (await refresh(api, ann.refresh_token)).json()
    # The answer was lost (or a second request refreshed too): the old token comes back.
    r = await refresh(api, ann.refresh_token)
    assert r.status_code == 200, r.text
    again = r.json()
    assert again["refreshToken"] == first["refreshToken"]
    assert again["refreshTokenExpiresAt"] == first["refreshTokenExpiresAt"]
    # The session lives on: both access tokens work, and the chain goes on from the pair.
    for pair in (first, again):
        headers = {"Authorization": f"Bearer {pair['accessToken']}"}
        assert (await api.http.get(ME, headers=headers)).status_code == 200
    second = (await refresh(api, first["refreshToken"])).json()
    assert second["refreshToken"] != first["refreshToken"]
    # Still within the first token's grace: it now gets the newest pair of the session.
    r = await refresh(api, ann.refresh_token)
    assert r.status_code == 200 and r.json()["refreshToken"] == second["refreshToken"]
    revoked = await db.fetchval(
        "SELECT revoked_at FROM auth_sessions WHERE id = $1",
        uuid.UUID(claims_of(ann.refresh_token)["sid"]),
    )
    assert revoked is None
    # Once the window has passed, the same replay revokes the session.
    await rotated_long_ago(db, ann.refresh_token)
    r = await refresh(api, ann.refresh_token)
    assert r.status_code == 401 and error_code(r) == "REFRESH_TOKEN_REUSED"
    assert error_code(await refresh(api, second["refreshToken"])) == "REFRESH_TOKEN_REVOKED"


async def test_parallel_refreshes_of_one_token_share_one_pair(api):
    """Mobile: several requests hit 401 at once and each refreshes with the same token."""
    ann = await api.sign_in()
    results = await asyncio.gather(*[refresh(api, ann.refresh_token) for _ in range(5)])
    assert [r.status_code for r in results] == [200] * 5, [r.text for r in results]
    assert len({r.json()["refreshToken"] for r in results}) == 1
    pair = results[0].json()
    assert (
        await api.http.get(ME, headers={"Authorization": f"Bearer {pair['accessToken']}"})
    ).status_code == 200
    assert (await refresh(api, pair["refreshToken"])).status_code == 200


async def test_forged_and_expired_refresh_tokens(api):
    ann = await api.sign_in()
    claims = claims_of(ann.refresh_token)
    forged = our_token(
        user_id=ann.user_id,
        session_id=claims["sid"],
        typ="refresh",
        secret="y" * 48,
        jti=claims["jti"],
    )
    assert error_code(await refresh(api, forged)) == "REFRESH_TOKEN_INVALID"
    expired = our_token(
        user_id=ann.user_id,
        session_id=claims["sid"],
        typ="refresh",
        expires_in=-5,
        jti=claims["jti"],
    )
    assert error_code(await refresh(api, expired)) == "REFRESH_TOKEN_EXPIRED"
    unknown = our_token(user_id=ann.user_id, session_id=claims["sid"], typ="refresh")
    assert error_code(await refresh(api, unknown)) == "REFRESH_TOKEN_INVALID"


async def test_refresh_token_expired_in_the_database(api, db):
    ann = await api.sign_in()
    await db.execute("UPDATE refresh_tokens SET expires_at = now() - interval '1 second'")
    r = await refresh(api, ann.refresh_token)
    assert r.status_code == 401 and error_code(r) == "REFRESH_TOKEN_EXPIRED"


async def test_logout_this_device(api, db):
    phone = await api.sign_in(push_token="fcm-phone-token", device={"deviceId": "phone"})
    laptop = await api.sign_in(
        phone.email, push_token="fcm-laptop-token", device={"deviceId": "laptop"}
    )
    r = await phone.post(LOGOUT, json={})
    assert r.status_code == 200 and r.json() == {"revokedSessions": 1}

    r = await phone.get(ME)
    assert r.status_code == 401 and error_code(r) == "TOKEN_REVOKED"
    assert error_code(await refresh(api, phone.refresh_token)) == "REFRESH_TOKEN_REVOKED"
    assert (await laptop.get(ME)).status_code == 200
    tokens = await db.fetch("SELECT token FROM push_tokens")
    assert [t["token"] for t in tokens] == ["fcm-laptop-token"]


async def test_logout_everywhere(api):
    phone = await api.sign_in()
    laptop = await api.sign_in(phone.email)
    r = await laptop.post(LOGOUT, json={"allDevices": True})
    assert r.json() == {"revokedSessions": 2}
    for session in (phone, laptop):
        assert error_code(await session.get(ME)) == "TOKEN_REVOKED"
        assert error_code(await refresh(api, session.refresh_token)) == "REFRESH_TOKEN_REVOKED"


async def test_logout_validates_its_body(api):
    ann = await api.sign_in()
    r = await ann.post(LOGOUT, json={"allDevices": "yes"})
    assert r.status_code == 400 and error_code(r) == "VALIDATION_ERROR"
    assert (await ann.get(ME)).status_code == 200  # nothing was revoked


@pytest.fixture
async def admin(api):
    return await api.sign_in("admin@connecto.test")


async def test_banned_user_is_locked_out(api, admin, db):
    ann = await api.sign_in()
    r = await admin.post(f"/api/v1/admin/users/{ann.user_id}/ban", json={"reason": "spam"})
    assert r.status_code == 200, r.text
    assert r.json()["isBanned"] is True and r.json()["banReason"] == "spam"

    r = await ann.get(ME)  # live access token stops working
    assert r.status_code == 403 and error_code(r) == "USER_BANNED"
    r = await refresh(api, ann.refresh_token)
    assert r.status_code == 403 and error_code(r) == "USER_BANNED"
    sessions_before = await db.fetchval("SELECT count(*) FROM auth_sessions")
    r = await api.http.post(
        "/api/v1/auth/sign/social",
        json={"provider": "GOOGLE", "idToken": await api.id_token("GOOGLE", ann.email)},
    )
    assert r.status_code == 403 and error_code(r) == "USER_BANNED"
    assert await db.fetchval("SELECT count(*) FROM auth_sessions") == sessions_before

    r = await admin.post(f"/api/v1/admin/users/{ann.user_id}/unban")
    assert r.status_code == 200 and r.json()["isBanned"] is False
    # Old sessions were revoked by the ban; signing in again works.
    assert error_code(await ann.get(ME)) == "TOKEN_REVOKED"
    again = await api.sign_in(ann.email)
    assert again.user_id == ann.user_id


async def test_time_limited_ban_ends_by_itself(api, admin, db):
    ann = await api.sign_in()
    r = await admin.post(
        f"/api/v1/admin/users/{ann.user_id}/ban",
        json={"reason": "cool down", "durationSeconds": 3600},
    )
    assert r.status_code == 200 and r.json()["bannedUntil"] is not None
    await api.sign_in(ann.email, expect=403)
    await db.execute(
        "UPDATE users SET banned_until = now() - interval '1 second' WHERE id = $1", ann.user_id
    )
    assert (await api.sign_in(ann.email)).user_id == ann.user_id
