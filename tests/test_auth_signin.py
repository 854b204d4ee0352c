"""POST /api/v1/auth/sign/social: real ID-token verification, find-or-create, atomicity."""

from __future__ import annotations

import asyncio
import time

import pytest

from tests.support.api import error_code
from tests.support.tokens import (
    claims_of,
    id_token,
    id_token_signed_by_stranger,
    settings_for,
    unsigned_token,
)

SIGN_IN = "/api/v1/auth/sign/social"


async def count(db, table: str) -> int:
    return await db.fetchval(f'SELECT count(*) FROM "{table}"')


async def test_first_sign_in_creates_user_and_profile(api, db):
    token = await api.id_token("GOOGLE", "ann@example.com", name="Ann")
    r = await api.http.post(
        SIGN_IN,
        json={
            "provider": "GOOGLE",
            "idToken": token,
            "pushToken": "fcm-ann-device-1",
            "deviceInfo": {
                "deviceId": "ann-phone",
                "platform": "IOS",
                "model": "iPhone 15",
                "osVersion": "18.1",
                "appVersion": "2.0.0",
            },
        },
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["isNewUser"] is True
    assert body["user"]["email"] == "ann@example.com"
    assert body["user"]["role"] == "USER"
    assert body["profile"]["profileCompletion"] == 0
    assert body["user"]["profile"] == body["profile"]
    assert body["tokenType"] == "Bearer" and body["expiresIn"] == 900
    access, refresh = claims_of(body["accessToken"]), claims_of(body["refreshToken"])
    assert access["exp"] - access["iat"] == 15 * 60
    assert refresh["exp"] - refresh["iat"] == 7 * 24 * 3600
    assert await count(db, "users") == 1
    assert await count(db, "profiles") == 1
    row = await db.fetchrow("SELECT token, platform, device_id, device_model FROM push_tokens")
    assert dict(row) == {
        "token": "fcm-ann-device-1",
        "platform": "IOS",
        "device_id": "ann-phone",
        "device_model": "iPhone 15",
    }


async def test_second_sign_in_finds_the_same_user(api, db):
    first = await api.sign_in("bob@example.com")
    r = await api.http.post(
        SIGN_IN,
        json={"provider": "GOOGLE", "idToken": await api.id_token("GOOGLE", "bob@example.com")},
    )
    assert r.status_code == 200
    assert r.json()["isNewUser"] is False
    assert r.json()["user"]["id"] == first.user_id
    assert await count(db, "users") == 1
    assert await count(db, "auth_sessions") == 2  # one per device sign-in


async def test_apple_sign_in(api, db, data_dir):
    token = id_token(data_dir, "APPLE", "apple-001", email="x@privaterelay.appleid.com")
    r = await api.http.post(SIGN_IN, json={"provider": "APPLE", "idToken": token})
    assert r.status_code == 201, r.text
    assert r.json()["user"]["email"] == "x@privaterelay.appleid.com"
    # The same subject at Google is a different person.
    google = id_token(data_dir, "GOOGLE", "apple-001")
    r = await api.http.post(SIGN_IN, json={"provider": "GOOGLE", "idToken": google})
    assert r.status_code == 201
    assert await count(db, "users") == 2


async def test_token_without_email_is_accepted(api, data_dir):
    token = id_token(data_dir, "GOOGLE", "no-email-user")
    r = await api.http.post(SIGN_IN, json={"provider": "GOOGLE", "idToken": token})
    assert r.status_code == 201
    assert r.json()["user"]["email"] is None


async def test_admin_email_becomes_admin(api):
    admin = await api.sign_in("admin@connecto.test")
    assert admin.body["user"]["role"] == "ADMIN"


async def test_concurrent_first_sign_ins_create_one_user(api, db, data_dir):
    tokens = [id_token(data_dir, "GOOGLE", "racer", email="racer@example.com") for _ in range(6)]
    responses = await asyncio.gather(
        *[api.http.post(SIGN_IN, json={"provider": "GOOGLE", "idToken": t}) for t in tokens]
    )
    assert all(r.status_code in (200, 201) for r in responses), [r.text for r in responses]
    assert len({r.json()["user"]["id"] for r in responses}) == 1
    assert sum(r.json()["isNewUser"] for r in responses) == 1
    assert await count(db, "users") == 1


# --- ID tokens that must be refused, and leave nothing behind ------------------------------


def bad_tokens(data_dir):
    settings = settings_for(data_dir)
    now = int(time.time())
    return {
        "bad signature": ("GOOGLE", id_token_signed_by_stranger(data_dir), "ID_TOKEN_INVALID"),
        "wrong audience": (
            "GOOGLE",
            id_token(data_dir, audience="someone-elses-app"),
            "ID_TOKEN_INVALID",
        ),
        "expired": ("GOOGLE", id_token(data_dir, lifetime_seconds=-3600), "ID_TOKEN_EXPIRED"),
        "wrong issuer": (
            "GOOGLE",
            id_token(data_dir, issuer="https://accounts.example.net"),
            "ID_TOKEN_INVALID",
        ),
        "alg none": (
            "GOOGLE",
            unsigned_token(
                {
                    "iss": "https://accounts.google.com",
                    "aud": settings.google_client_ids[0],
                    "sub": "x",
                    "iat": now,
                    "exp": now + 600,
                },
                kid="whatever",
            ),
            "ID_TOKEN_INVALID",
        ),
        "google token sent as apple": ("APPLE", id_token(data_dir, "GOOGLE"), "ID_TOKEN_INVALID"),
        "unverified email": (
            "GOOGLE",
            id_token(data_dir, email="e@example.com", email_verified=False),
            "ID_TOKEN_EMAIL_UNVERIFIED",
        ),
        "garbage": ("GOOGLE", "not-a-jwt-at-all-but-long-enough", "ID_TOKEN_INVALID"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "bad signature",
        "wrong audience",
        "expired",
        "wrong issuer",
        "alg none",
        "google token sent as apple",
        "unverified email",
        "garbage",
    ],
)
async def test_bad_id_token_is_refused_and_creates_nothing(api, db, data_dir, case):
    provider, token, code = bad_tokens(data_dir)[case]
    r = await api.http.post(
        SIGN_IN, json={"provider": provider, "idToken": token, "pushToken": "fcm-should-not-exist"}
    )
    assert r.status_code == 401, r.text
    assert error_code(r) == code
    for table in ("users", "profiles", "social_identities", "auth_sessions", "push_tokens"):
        assert await count(db, table) == 0, table


@pytest.mark.parametrize(
    ("body", "bad_fields"),
    [
        ({}, {"provider", "idToken"}),
        ({"provider": "GOOGLE"}, {"idToken"}),
        ({"provider": "FACEBOOK", "idToken": "x" * 40}, {"provider"}),
        ({"provider": "GOOGLE", "idToken": 12345}, {"idToken"}),
        ({"provider": "GOOGLE", "idToken": "x" * 40, "admin": True}, {"admin"}),
        (
            {"provider": "GOOGLE", "idToken": "x" * 40, "deviceInfo": {"platform": "PALM"}},
            {"deviceInfo.platform"},
        ),
        ({"provider": "GOOGLE", "idToken": "x" * 40, "pushToken": ["a"]}, {"pushToken"}),
    ],
)
async def test_malformed_sign_in_body(api, db, body, bad_fields):
    r = await api.http.post(SIGN_IN, json=body)
    assert r.status_code == 400
    assert error_code(r) == "VALIDATION_ERROR"
    assert {f["field"] for f in r.json()["error"]["details"]["fields"]} == bad_fields
    assert await count(db, "users") == 0


async def test_body_that_is_not_json(api):
    r = await api.http.post(
        SIGN_IN, content=b"{not json", headers={"content-type": "application/json"}
    )
    assert r.status_code == 400 and error_code(r) == "INVALID_JSON"
    r = await api.http.post(
        SIGN_IN,
        content=b"provider=GOOGLE",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert r.status_code == 415 and error_code(r) == "UNSUPPORTED_MEDIA_TYPE"
    r = await api.http.post(SIGN_IN, json=["GOOGLE"])
    assert r.status_code == 400 and error_code(r) == "VALIDATION_ERROR"


async def test_body_over_one_megabyte_is_413(api, db):
    r = await api.http.post(SIGN_IN, json={"provider": "GOOGLE", "idToken": "x" * (1024 * 1024)})
    assert r.status_code == 413
    assert error_code(r) == "PAYLOAD_TOO_LARGE"
    assert await count(db, "users") == 0


async def test_failure_inside_the_transaction_leaves_nothing(api, db, data_dir):
    """A database error after the user row was written rolls the whole sign-in back."""
    await db.execute("""
        CREATE OR REPLACE FUNCTION explode() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'storage failure'; END $$ LANGUAGE plpgsql;
        CREATE TRIGGER explode BEFORE INSERT ON push_tokens
            FOR EACH ROW WHEN (NEW.token = 'fcm-explodes') EXECUTE FUNCTION explode();
    """)
    try:
        token = id_token(data_dir, email="victim@example.com")
        r = await api.http.post(
            SIGN_IN, json={"provider": "GOOGLE", "idToken": token, "pushToken": "fcm-explodes"}
        )
        assert r.status_code == 500
        assert error_code(r) == "INTERNAL_ERROR"
        assert "storage failure" not in r.text  # no internals leak
        for table in (
            "users",
            "profiles",
            "social_identities",
            "auth_sessions",
            "refresh_tokens",
            "push_tokens",
        ):
            assert await count(db, table) == 0, table
    finally:
        await db.execute("DROP TRIGGER explode ON push_tokens; DROP FUNCTION explode();")
