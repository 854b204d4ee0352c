"""Travels that approve newcomers (settings.requireApproval): joining files a request, the
host or a moderator decides it. Who may decide is in tests/test_permission_matrix.py."""

from __future__ import annotations

import pytest

from tests.support.api import error_code
from tests.support.waiting import eventually
from tests.support.world import default_planet, join, make_travel, membership_id


async def inbox(user) -> list[dict]:
    return (await user.get("/api/v1/notifications")).json()["items"]


async def ask(user, travel: dict, **extra):
    return await user.post(
        f"/api/v1/travels/{travel['id']}/join",
        json={"inviteCode": travel["inviteCode"], **extra},
    )


@pytest.fixture
async def gated(api):
    """Host Hana with moderator Mo; her invite-only travel approves newcomers."""
    hana = await api.sign_in("hana@example.com")
    mo = await api.sign_in("mo@example.com")
    travel = await make_travel(hana, name="Jeju", settings={"requireApproval": True})
    assert travel["settings"]["requireApproval"] is True
    # Mo joins while approval is off, then becomes moderator.
    r = await hana.patch(f"/api/v1/travels/{travel['id']}", json={"settings": {}})
    assert r.json()["settings"]["requireApproval"] is False
    await join(mo, travel)
    r = await hana.patch(
        f"/api/v1/travel-users/{await membership_id(hana, travel['id'], mo.user_id)}",
        json={"role": "MODERATOR"},
    )
    assert r.status_code == 200, r.text
    r = await hana.patch(
        f"/api/v1/travels/{travel['id']}", json={"settings": {"requireApproval": True}}
    )
    assert r.status_code == 200, r.text
    return hana, mo, travel


async def test_ask_then_approved(api, gated, db):
    hana, mo, travel = gated
    jun = await api.sign_in("jun@example.com")
    r = await ask(jun, travel, message="Friend of Mo")
    assert r.status_code == 202, r.text
    request = r.json()
    assert request["status"] == "PENDING" and request["message"] == "Friend of Mo"
    assert request["user"]["id"] == jun.user_id
    again = await ask(jun, travel)
    assert again.status_code == 202 and again.json()["id"] == request["id"]
    # Not a member yet: the invite-only travel stays invisible.
    assert (await jun.get(f"/api/v1/travels/{travel['id']}")).status_code == 404
    mine = await jun.get(f"/api/v1/travels/{travel['id']}/join-request")
    assert mine.json()["status"] == "PENDING"

    queue = await mo.get(f"/api/v1/travels/{travel['id']}/join-requests")
    assert [item["id"] for item in queue.json()["items"]] == [request["id"]]
    for manager in (hana, mo):
        asked = await eventually(lambda m=manager: inbox(m), bool, what="join request notice")
        assert asked[0]["type"] == "join_request"
        assert asked[0]["data"] == {"travelId": travel["id"], "requestId": request["id"]}

    r = await hana.post(f"/api/v1/travels/{travel['id']}/join-requests/{request['id']}/approve")
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "APPROVED" and r.json()["decidedBy"] == hana.user_id
    r = await jun.get(f"/api/v1/travels/{travel['id']}", params={"include": "planets"})
    assert r.status_code == 200 and r.json()["myMembership"]["role"] == "PARTICIPANT"
    general = default_planet(r.json())
    r = await jun.post(f"/api/v1/planets/{general['id']}/messages", json={"content": "hi all"})
    assert r.status_code == 201, r.text

    told = await eventually(
        lambda: inbox(jun), lambda items: any(i["title"] == "You're in: Jeju" for i in items)
    )
    assert told[0]["data"]["requestId"] == request["id"]
    # The moderator hears that Jun joined; Hana approved it and is not told again. (One job
    # notifies the managers in user-id order, Hana before Mo: once Mo has it, Hana's turn
    # is over.)
    await eventually(
        lambda: inbox(mo), lambda items: any(i["type"] == "member_joined" for i in items)
    )
    joined_notices = [i for i in await inbox(hana) if i["type"] == "member_joined"]
    assert len(joined_notices) == 1  # Mo's, from the fixture; none for Jun

    r = await mo.post(f"/api/v1/travels/{travel['id']}/join-requests/{request['id']}/decline")
    assert r.status_code == 409 and error_code(r) == "JOIN_REQUEST_NOT_PENDING"
    assert (
        await db.fetchval(
            "SELECT count(*) FROM travel_users WHERE travel_id = $1 AND status = 'ACTIVE'",
            travel["id"],
        )
        == 3
    )


async def test_decline_withdraw_and_ask_again(api, gated):
    hana, mo, travel = gated
    jun = await api.sign_in("jun@example.com")
    first = (await ask(jun, travel)).json()
    r = await mo.post(f"/api/v1/travels/{travel['id']}/join-requests/{first['id']}/decline")
    assert r.status_code == 200 and r.json()["status"] == "DECLINED"
    await eventually(
        lambda: inbox(jun),
        lambda items: any(i["title"] == "Jeju is not open to you" for i in items),
    )
    assert (await jun.get(f"/api/v1/travels/{travel['id']}")).status_code == 404
    declined = await hana.get(
        f"/api/v1/travels/{travel['id']}/join-requests", params={"status": "DECLINED"}
    )
    assert [item["id"] for item in declined.json()["items"]] == [first["id"]]

    second = await ask(jun, travel, message="Please?")
    assert second.status_code == 202 and second.json()["status"] == "PENDING"
    r = await jun.delete(f"/api/v1/travels/{travel['id']}/join-request")
    assert r.status_code == 200 and r.json()["status"] == "CANCELLED"
    r = await jun.delete(f"/api/v1/travels/{travel['id']}/join-request")
    assert r.status_code == 409 and error_code(r) == "JOIN_REQUEST_NOT_PENDING"
    queue = await hana.get(f"/api/v1/travels/{travel['id']}/join-requests")
    assert queue.json()["items"] == []
    r = await hana.post(f"/api/v1/travels/{travel['id']}/join-requests/{first['id']}/approve")
    assert r.status_code == 409


async def test_public_travel_and_join_by_code_ask_too(api):
    hana = await api.sign_in("hana@example.com")
    public = await make_travel(hana, visibility="PUBLIC", settings={"requireApproval": True})
    jun = await api.sign_in("jun@example.com")
    r = await jun.post(f"/api/v1/travels/{public['id']}/join", json={})
    assert r.status_code == 202 and r.json()["status"] == "PENDING"
    private = await make_travel(hana, settings={"requireApproval": True})
    r = await jun.post("/api/v1/travels/join", json={"inviteCode": private["inviteCode"]})
    assert r.status_code == 202 and r.json()["travelId"] == private["id"]
    # A wrong code still reveals nothing.
    r = await jun.post(f"/api/v1/travels/{private['id']}/join", json={"inviteCode": "ZZZZZZZZ"})
    assert r.status_code == 404 and error_code(r) == "TRAVEL_NOT_FOUND"


async def test_limits_are_checked_again_on_approval(api, gated, db):
    hana, _mo, travel = gated
    jun, mia = await api.sign_in("jun@example.com"), await api.sign_in("mia@example.com")
    jun_request = (await ask(jun, travel)).json()
    mia_request = (await ask(mia, travel)).json()
    r = await hana.patch(f"/api/v1/travels/{travel['id']}", json={"maxMembers": 3})
    assert r.status_code == 200, r.text
    url = f"/api/v1/travels/{travel['id']}/join-requests"
    assert (await hana.post(f"{url}/{jun_request['id']}/approve")).status_code == 200
    r = await hana.post(f"{url}/{mia_request['id']}/approve")
    assert r.status_code == 409 and error_code(r) == "TRAVEL_FULL"
    # Nothing half-done: Mia's request still waits, she is not a member.
    assert (await mia.get(f"{url[: -len('/join-requests')]}/join-request")).json()[
        "status"
    ] == "PENDING"
    assert (
        await db.fetchval("SELECT count(*) FROM travel_users WHERE user_id = $1", mia.user_id) == 0
    )
    r = await ask(await api.sign_in("kim@example.com"), travel)
    assert r.status_code == 409 and error_code(r) == "TRAVEL_FULL"


async def test_banned_members_cannot_ask(api, gated):
    hana, _mo, travel = gated
    jun = await api.sign_in("jun@example.com")
    request = (await ask(jun, travel)).json()
    await hana.post(f"/api/v1/travels/{travel['id']}/join-requests/{request['id']}/approve")
    tu = await membership_id(hana, travel["id"], jun.user_id)
    r = await hana.post(f"/api/v1/travel-users/{tu}/ban", json={"reason": "spam"})
    assert r.status_code == 200, r.text
    r = await ask(jun, travel)
    assert r.status_code == 403 and error_code(r) == "TRAVEL_BANNED"


async def test_requests_are_scoped_to_their_travel(api, gated, db):
    hana, _mo, travel = gated
    jun = await api.sign_in("jun@example.com")
    request = (await ask(jun, travel)).json()
    other_host = await api.sign_in("other@example.com")
    other = await make_travel(other_host)
    for path in (
        f"/api/v1/travels/{other['id']}/join-requests/{request['id']}/approve",
        f"/api/v1/travels/{travel['id']}/join-requests/987654/approve",
    ):
        r = await (other_host if str(other["id"]) in path else hana).post(path)
        assert r.status_code == 404 and error_code(r) == "JOIN_REQUEST_NOT_FOUND", path
    # Someone outside the invite-only travel does not learn it exists.
    r = await other_host.get(f"/api/v1/travels/{travel['id']}/join-requests")
    assert r.status_code == 404 and error_code(r) == "TRAVEL_NOT_FOUND"
    r = await other_host.get(f"/api/v1/travels/{travel['id']}/join-request")
    assert r.status_code == 404 and error_code(r) == "JOIN_REQUEST_NOT_FOUND"
    assert await db.fetchval("SELECT status FROM travel_join_requests") == "PENDING"


@pytest.mark.parametrize(
    "body",
    [
        {"message": "x" * 501},
        {"message": 7},
        {"inviteCode": "short"},
        {"colour": "red"},
    ],
)
async def test_bad_requests_store_nothing(api, gated, db, body):
    _, _, travel = gated
    jun = await api.sign_in("jun@example.com")
    r = await jun.post(f"/api/v1/travels/{travel['id']}/join", json=body)
    assert r.status_code == 400 and error_code(r) == "VALIDATION_ERROR"
    assert await db.fetchval("SELECT count(*) FROM travel_join_requests") == 0


async def test_joining_once_approval_is_off_closes_the_old_request(api, gated):
    hana, _mo, travel = gated
    jun = await api.sign_in("jun@example.com")
    assert (await ask(jun, travel)).status_code == 202
    r = await hana.patch(f"/api/v1/travels/{travel['id']}", json={"settings": {}})
    assert r.status_code == 200, r.text
    r = await ask(jun, travel)
    assert r.status_code == 201 and r.json()["myMembership"]["role"] == "PARTICIPANT"
    mine = await jun.get(f"/api/v1/travels/{travel['id']}/join-request")
    assert mine.json()["status"] == "CANCELLED"
    queue = await hana.get(f"/api/v1/travels/{travel['id']}/join-requests")
    assert queue.json()["items"] == []
