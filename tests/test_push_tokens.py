"""POST/DELETE /api/v1/notifications/push-token: several devices per user."""

from __future__ import annotations

from tests.support.api import error_code

PUSH = "/api/v1/notifications/push-token"


async def tokens_of(db, user_id: int) -> list[str]:
    rows = await db.fetch(
        "SELECT token FROM push_tokens WHERE user_id = $1 ORDER BY token", user_id
    )
    return [row["token"] for row in rows]


async def test_register_several_devices(api, db):
    ann = await api.sign_in()
    r = await ann.post(
        PUSH, json={"token": "fcm-phone-aaaa", "platform": "ANDROID", "deviceId": "phone"}
    )
    assert r.status_code == 201, r.text
    assert r.json()["platform"] == "ANDROID"
    await ann.post(PUSH, json={"token": "fcm-tablet-bbbb", "platform": "IOS", "deviceId": "tablet"})
    listed = (await ann.get("/api/v1/notifications/push-tokens")).json()["items"]
    assert {t["token"] for t in listed} == {"fcm-phone-aaaa", "fcm-tablet-bbbb"}
    assert await tokens_of(db, ann.user_id) == ["fcm-phone-aaaa", "fcm-tablet-bbbb"]


async def test_refreshed_token_replaces_the_devices_old_one(api, db):
    ann = await api.sign_in()
    await ann.post(PUSH, json={"token": "fcm-old-token", "deviceId": "phone"})
    await ann.post(PUSH, json={"token": "fcm-new-token", "deviceId": "phone", "appVersion": "2.1"})
    assert await tokens_of(db, ann.user_id) == ["fcm-new-token"]
    # Registering the same token again is an update, not a duplicate.
    r = await ann.post(
        PUSH, json={"token": "fcm-new-token", "deviceId": "phone", "appVersion": "2.2"}
    )
    assert r.status_code == 201 and r.json()["appVersion"] == "2.2"
    assert await tokens_of(db, ann.user_id) == ["fcm-new-token"]


async def test_token_follows_the_account_that_registers_it(api, db):
    ann = await api.sign_in()
    bob = await api.sign_in()
    await ann.post(PUSH, json={"token": "fcm-shared-phone"})
    await bob.post(PUSH, json={"token": "fcm-shared-phone"})
    assert await tokens_of(db, ann.user_id) == []
    assert await tokens_of(db, bob.user_id) == ["fcm-shared-phone"]


async def test_delete(api, db):
    ann = await api.sign_in()
    bob = await api.sign_in()
    await ann.post(PUSH, json={"token": "fcm-ann-token"})
    r = await bob.delete(PUSH, json={"token": "fcm-ann-token"})  # not bob's
    assert r.status_code == 404 and error_code(r) == "PUSH_TOKEN_NOT_FOUND"
    assert await tokens_of(db, ann.user_id) == ["fcm-ann-token"]
    r = await ann.delete(PUSH, json={"token": "fcm-ann-token"})
    assert r.status_code == 204
    assert await tokens_of(db, ann.user_id) == []


async def test_bad_push_token_bodies(api, db):
    ann = await api.sign_in()
    for body in (
        {},
        {"token": "short"},
        {"token": 123456789},
        {"token": "x" * 600},
        {"token": "fcm-valid-token", "platform": "NOKIA"},
        {"token": "fcm-valid-token", "extra": 1},
    ):
        r = await ann.post(PUSH, json=body)
        assert r.status_code == 400 and error_code(r) == "VALIDATION_ERROR", body
    assert await tokens_of(db, ann.user_id) == []
    assert (await api.http.post(PUSH, json={"token": "fcm-valid-token"})).status_code == 401
