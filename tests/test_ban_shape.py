"""The ban endpoints accept the spec's body (7.3) ``{reason, duration, banType}`` next to
``{reason, durationSeconds}``: PERMANENT is no end, TEMPORARY needs a duration ("30m", "24h",
"7d", "2w" or seconds), and ``duration`` becomes ``durationSeconds``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.support.api import error_code
from tests.support.server import ADMIN_EMAIL
from tests.support.world import join, make_travel, membership_id

WEEK = timedelta(days=7)


def lasts(member: dict) -> timedelta:
    until = datetime.fromisoformat(member["bannedUntil"].replace("Z", "+00:00"))
    return until - datetime.now(UTC)


async def test_travel_ban_in_the_spec_shape(api):
    host = await api.sign_in()
    travel = await make_travel(host, visibility="PUBLIC")
    guest, other = await api.sign_in(), await api.sign_in()
    await join(guest, travel)
    await join(other, travel)
    tu = await membership_id(host, travel["id"], guest.user_id)
    r = await host.post(
        f"/api/v1/travel-users/{tu}/ban",
        json={"reason": "spam", "duration": "7d", "banType": "TEMPORARY"},
    )
    assert r.status_code == 200, r.text
    member = r.json()
    assert member["status"] == "BANNED" and member["banReason"] == "spam"
    assert WEEK - timedelta(minutes=5) < lasts(member) <= WEEK
    r = await guest.post(f"/api/v1/travels/{travel['id']}/join", json={})
    assert r.status_code == 403 and error_code(r) == "TRAVEL_BANNED"

    other_tu = await membership_id(host, travel["id"], other.user_id)
    r = await host.post(
        f"/api/v1/travel-users/{other_tu}/ban", json={"reason": "abuse", "banType": "permanent"}
    )
    assert r.status_code == 200 and r.json()["bannedUntil"] is None


async def test_platform_ban_in_the_spec_shape(api):
    admin = await api.sign_in(ADMIN_EMAIL)
    ann, bob = await api.sign_in(), await api.sign_in()
    r = await admin.post(
        f"/api/v1/admin/users/{ann.user_id}/ban", json={"reason": "cool off", "duration": 3600}
    )
    assert r.status_code == 200, r.text
    assert timedelta(minutes=55) < lasts(r.json()) <= timedelta(hours=1)
    assert error_code(await ann.get("/api/v1/users/me")) == "USER_BANNED"
    r = await admin.post(
        f"/api/v1/admin/users/{bob.user_id}/ban", json={"reason": "fraud", "banType": "PERMANENT"}
    )
    assert r.status_code == 200
    assert r.json()["isBanned"] is True and r.json()["bannedUntil"] is None


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ({"reason": "x", "banType": "PERMANENT", "duration": "1h"}, "no duration"),
        ({"reason": "x", "banType": "PERMANENT", "durationSeconds": 60}, "no duration"),
        ({"reason": "x", "banType": "TEMPORARY"}, "needs a duration"),
        ({"reason": "x", "duration": "1h", "durationSeconds": 3600}, "not both"),
        ({"reason": "x", "duration": "999999w"}, "at most 10 years"),
        ({"reason": "x", "duration": "1y"}, "pattern"),
        ({"reason": "x", "duration": "0d"}, "pattern"),
        ({"reason": "x", "duration": -5}, "greater than 0"),
        ({"reason": "x", "duration": True}, "valid integer"),
        ({"reason": "x", "banType": "FOREVER"}, "PERMANENT"),
        ({"duration": "1h", "banType": "TEMPORARY"}, "Field required"),
    ],
)
async def test_contradictory_ban_bodies_are_refused(api, body, problem):
    admin = await api.sign_in(ADMIN_EMAIL)
    host, guest = await api.sign_in(), await api.sign_in()
    travel = await make_travel(host, visibility="PUBLIC")
    await join(guest, travel)
    tu = await membership_id(host, travel["id"], guest.user_id)
    for who, path in (
        (host, f"/api/v1/travel-users/{tu}/ban"),
        (admin, f"/api/v1/admin/users/{guest.user_id}/ban"),
    ):
        r = await who.post(path, json=body)
        assert r.status_code == 400 and error_code(r) == "VALIDATION_ERROR", r.text
        messages = " ".join(f["message"] for f in r.json()["error"]["details"]["fields"])
        assert problem in messages, messages
    # Nothing was banned.
    assert (await guest.get("/api/v1/users/me")).status_code == 200
    assert (await guest.get(f"/api/v1/travels/{travel['id']}")).status_code == 200
