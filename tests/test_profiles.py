"""Profiles, completion, preferences (deep merge) and public profiles."""

from __future__ import annotations

import pytest

from tests.support.api import error_code

PROFILE = "/api/v1/users/me/profile"
PREFS = "/api/v1/users/me/preferences"


async def test_completion_follows_the_filled_fields(api):
    ann = await api.sign_in()
    assert (await ann.get(PROFILE)).json()["profileCompletion"] == 0
    r = await ann.patch(PROFILE, json={"nickname": "Ann", "birthDate": "1990-05-01"})
    assert r.status_code == 200, r.text
    assert r.json()["profileCompletion"] == 29  # 2 of 7
    assert r.json()["age"] >= 35
    r = await ann.patch(
        PROFILE,
        json={
            "name": "Ann Lee",
            "gender": "female",
            "occupation": "Guide",
            "bio": "Loves maps",
            "avatarUrl": "https://cdn.example.com/a.png",
        },
    )
    assert r.json()["profileCompletion"] == 100
    r = await ann.patch(PROFILE, json={"bio": None})  # explicit null clears
    assert r.json()["bio"] is None and r.json()["profileCompletion"] == 86
    assert (await ann.get(PROFILE)).json()["profileCompletion"] == 86


@pytest.mark.parametrize(
    ("patch", "field"),
    [
        ({"nickname": "A"}, "nickname"),
        ({"nickname": 42}, "nickname"),
        ({"birthDate": "2999-01-01"}, "birthDate"),
        ({"birthDate": "yesterday"}, "birthDate"),
        ({"gender": "robot"}, "gender"),
        ({"phoneNumber": "010-1234"}, "phoneNumber"),
        ({"avatarUrl": "javascript:alert(1)"}, "avatarUrl"),
        ({"bio": "x" * 501}, "bio"),
        ({"email": "x@y.z"}, "email"),
        ({"profileCompletion": 100}, "profileCompletion"),
    ],
)
async def test_bad_profile_updates_change_nothing(api, patch, field):
    ann = await api.sign_in()
    before = (await ann.get(PROFILE)).json()
    r = await ann.patch(PROFILE, json=patch)
    assert r.status_code == 400
    assert error_code(r) == "VALIDATION_ERROR"
    assert [f["field"] for f in r.json()["error"]["details"]["fields"]] == [field]
    assert (await ann.get(PROFILE)).json() == before


async def test_preferences_merge_partially(api):
    ann = await api.sign_in()
    defaults = (await ann.get(PREFS)).json()
    assert defaults["notifications"]["push"] is True
    assert defaults["privacy"] == {"profileVisibility": "public", "lastSeenVisibility": True}

    r = await ann.patch(PREFS, json={"notifications": {"email": False, "types": {"reply": False}}})
    assert r.status_code == 200, r.text
    prefs = r.json()
    assert prefs["notifications"]["email"] is False
    assert prefs["notifications"]["types"]["reply"] is False
    assert prefs["notifications"]["types"]["mention"] is True  # untouched siblings survive
    assert prefs["notifications"]["push"] is True

    r = await ann.patch(
        PROFILE, json={"preferences": {"privacy": {"profileVisibility": "private"}}}
    )
    assert r.status_code == 200
    assert r.json()["preferences"]["privacy"]["profileVisibility"] == "private"
    assert r.json()["preferences"]["notifications"]["email"] is False


@pytest.mark.parametrize(
    ("patch", "field"),
    [
        ({"notifications": {"push": "yes"}}, "preferences.notifications.push"),
        ({"notifications": {"pigeon": True}}, "preferences.notifications.pigeon"),
        ({"privacy": {"profileVisibility": "everyone"}}, "preferences.privacy.profileVisibility"),
        (
            {"notifications": {"quietHours": {"start": "25:00"}}},
            "preferences.notifications.quietHours.start",
        ),
        ({"notifications": None}, "preferences.notifications"),
    ],
)
async def test_bad_preferences_are_refused(api, patch, field):
    ann = await api.sign_in()
    before = (await ann.get(PREFS)).json()
    r = await ann.patch(PREFS, json=patch)
    assert r.status_code == 400 and error_code(r) == "VALIDATION_ERROR"
    assert field in [f["field"] for f in r.json()["error"]["details"]["fields"]]
    assert (await ann.get(PREFS)).json() == before


async def test_account_settings(api):
    ann = await api.sign_in()
    r = await ann.patch("/api/v1/users/me", json={"timezone": "Asia/Seoul", "locale": "ko-KR"})
    assert r.status_code == 200
    assert (r.json()["timezone"], r.json()["locale"]) == ("Asia/Seoul", "ko-KR")
    for bad in (
        {"timezone": "Mars/Olympus"},
        {"timezone": None},
        {"role": "ADMIN"},
        {"isBanned": False},
    ):
        r = await ann.patch("/api/v1/users/me", json=bad)
        assert r.status_code == 400, bad
    me = (await ann.get("/api/v1/users/me")).json()
    assert me["timezone"] == "Asia/Seoul" and me["role"] == "USER"


async def test_me_reads_the_same_document_every_answer_returns(api):
    """GET /users/me builds its answer without the response model; it must match the model's
    (PATCH /users/me answers through MeOut), for an empty profile and a full one."""
    ann = await api.sign_in()
    for profile in (
        None,
        {
            "nickname": "Ann",
            "name": "Ann Lee",
            "gender": "female",
            "birthDate": "1990-05-01",
            "occupation": "Guide",
            "bio": "Loves maps",
            "avatarUrl": "https://cdn.example.com/a.png",
            "phoneNumber": "+821012345678",
            "preferences": {"privacy": {"profileVisibility": "private"}},
        },
    ):
        if profile is not None:
            assert (await ann.patch(PROFILE, json=profile)).status_code == 200
        through_model = await ann.patch("/api/v1/users/me", json={"locale": "ko-KR"})
        assert through_model.status_code == 200
        assert (await ann.get("/api/v1/users/me")).json() == through_model.json()


async def test_public_profile_shows_only_public_fields(api):
    ann = await api.sign_in("ann@example.com")
    bob = await api.sign_in()
    await ann.patch(
        PROFILE,
        json={
            "nickname": "Ann",
            "bio": "Hi",
            "phoneNumber": "+821012345678",
            "birthDate": "1990-01-01",
            "name": "Ann Lee",
        },
    )
    r = await bob.get(f"/api/v1/users/{ann.user_id}")
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"id", "nickname", "avatarUrl", "bio", "occupation", "gender", "age"}
    assert body["nickname"] == "Ann" and body["bio"] == "Hi"
    assert "ann@example.com" not in r.text and "+8210" not in r.text and "Ann Lee" not in r.text


async def test_private_profile_hides_details(api):
    ann = await api.sign_in()
    bob = await api.sign_in()
    await ann.patch(
        PROFILE,
        json={
            "nickname": "Ann",
            "bio": "secret",
            "preferences": {"privacy": {"profileVisibility": "private"}},
        },
    )
    body = (await bob.get(f"/api/v1/users/{ann.user_id}")).json()
    assert body["nickname"] == "Ann" and body["bio"] is None and body["age"] is None
    # The owner still sees everything.
    assert (await ann.get(f"/api/v1/users/{ann.user_id}")).json()["bio"] == "secret"


async def test_unknown_user(api):
    ann = await api.sign_in()
    r = await ann.get("/api/v1/users/999999")
    assert r.status_code == 404 and error_code(r) == "USER_NOT_FOUND"
    r = await ann.get("/api/v1/users/abc")
    assert r.status_code == 404 and error_code(r) == "ROUTE_NOT_FOUND"
