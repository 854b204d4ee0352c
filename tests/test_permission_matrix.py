"""The permission matrix (spec 7.2): every action for every role, allowed and denied.

Two layers: the policy table itself (connecto/permissions.py), checked against an
independent transcription of the spec below, and every cell of the actions that have an
endpoint exercised end to end against the server with a real member in each role.
Message actions are exercised end to end in tests/test_messages_permissions.py.
"""

from __future__ import annotations

import pytest

from connecto.permissions import MATRIX, Action, Roles, allowed, outranks
from connecto.planets.enums import PlanetRole
from connecto.travels.enums import TravelRole
from tests.support.world import ROLES, make_cast, membership_id

# The spec, read row by row. Y = allowed. Columns: admin, host, travel moderator, planet
# moderator (a participant moderating the planet), member (participant), outsider.
SPEC = {
    # "System Admin: all permissions globally" (except being a member where membership is
    # the point: leaving, sending as a member), "Travel Host: travel settings management,
    # member management (invite/remove/ban), planet creation/deletion, moderator assignment,
    # travel lifecycle control", "Travel Moderator: limited member management, message
    # deletion within travel, planet-specific moderation, report handling", "Planet
    # Moderator: message moderation in planet, user muting, pinned messages, planet
    # settings", "Regular Member: send/edit/delete own messages, react, reply, view member
    # lists, leave travel/planet".
    Action.TRAVEL_VIEW: "Y Y Y Y Y -",
    Action.TRAVEL_UPDATE: "Y Y - - - -",
    Action.TRAVEL_DELETE: "Y Y - - - -",
    Action.TRAVEL_INVITE: "Y Y Y - - -",
    Action.TRAVEL_TRANSFER_HOST: "Y Y - - - -",
    Action.TRAVEL_LEAVE: "- Y Y Y Y -",
    # Issue 12: "per travel for its host" (and admins, who see the whole platform's anyway).
    Action.TRAVEL_ANALYTICS: "Y Y - - - -",
    Action.MEMBER_LIST: "Y Y Y Y Y -",
    Action.MEMBER_REMOVE: "Y Y Y - - -",
    Action.MEMBER_BAN: "Y Y Y - - -",
    Action.MEMBER_APPROVE: "Y Y Y - - -",
    Action.MODERATOR_ASSIGN: "Y Y - - - -",
    Action.PLANET_CREATE: "Y Y Y - - -",
    Action.PLANET_DELETE: "Y Y - - - -",
    Action.PLANET_UPDATE: "Y Y Y Y - -",
    Action.PLANET_VIEW: "Y Y Y Y Y -",
    Action.PLANET_LEAVE: "- Y Y Y Y -",
    Action.PLANET_MODERATOR_ASSIGN: "Y Y Y - - -",
    Action.PLANET_MUTE: "Y Y Y Y - -",
    Action.DIRECT_START: "- Y Y Y Y -",
    Action.MESSAGE_SEND: "- Y Y Y Y -",
    Action.MESSAGE_ANNOUNCE: "- Y Y - - -",
    Action.MESSAGE_REACT: "- Y Y Y Y -",
    Action.MESSAGE_REPLY: "- Y Y Y Y -",
    Action.MESSAGE_EDIT_OWN: "- Y Y Y Y -",
    Action.MESSAGE_DELETE_OWN: "Y Y Y Y Y -",
    Action.MESSAGE_DELETE_ANY: "Y Y Y Y - -",
    Action.MESSAGE_RESTORE_ANY: "Y - - - - -",
    Action.MESSAGE_PIN: "Y Y Y Y - -",
    Action.REPORT_HANDLE: "Y Y Y - - -",
    # "System Admin: audit log access" (every entry, GET /api/v1/admin/audit-log); issue 8:
    # "and by a travel's host for that travel".
    Action.AUDIT_LOG_VIEW: "Y Y - - - -",
}

ROLE_HOLDERS = {
    "admin": Roles(is_admin=True),
    "host": Roles(travel_role=TravelRole.HOST, planet_role=PlanetRole.MODERATOR),
    "travel_moderator": Roles(travel_role=TravelRole.MODERATOR, planet_role=PlanetRole.MEMBER),
    "planet_moderator": Roles(travel_role=TravelRole.PARTICIPANT, planet_role=PlanetRole.MODERATOR),
    "member": Roles(travel_role=TravelRole.PARTICIPANT, planet_role=PlanetRole.MEMBER),
    "outsider": Roles(),
}


def test_every_action_is_in_the_spec_table():
    assert set(SPEC) == set(Action) == set(MATRIX)


@pytest.mark.parametrize("action", list(Action), ids=lambda a: a.value)
@pytest.mark.parametrize("role", ROLES)
def test_policy_cell(action, role):
    expected = SPEC[action].split()[ROLES.index(role)] == "Y"
    assert allowed(action, ROLE_HOLDERS[role]) is expected


def test_planet_moderator_role_counts_only_for_travel_members():
    # A planet role left over on someone no longer in the travel grants nothing.
    assert not allowed(Action.PLANET_MUTE, Roles(planet_role=PlanetRole.MODERATOR))


@pytest.mark.parametrize(
    ("actor", "target", "expected"),
    [
        (TravelRole.HOST, TravelRole.MODERATOR, True),
        (TravelRole.HOST, TravelRole.PARTICIPANT, True),
        (TravelRole.MODERATOR, TravelRole.PARTICIPANT, True),
        (TravelRole.MODERATOR, TravelRole.MODERATOR, False),
        (TravelRole.MODERATOR, TravelRole.HOST, False),
        (TravelRole.PARTICIPANT, TravelRole.PARTICIPANT, False),
    ],
)
def test_rank_between_members(actor, target, expected):
    assert outranks(Roles(travel_role=actor), target) is expected
    assert outranks(Roles(is_admin=True), target) is True


# --- end to end: one fresh travel per cell, a real user in each role -----------------------

OK = "ok"
DENY = "deny"  # 403 or, where the resource is invisible to them, 404
MUST_TRANSFER = "409"  # the host may leave only after handing the travel over


async def call(cast, role: str, action: str):
    """Perform ``action`` as ``role``; return the response."""
    who = cast.by_role(role)
    t, p = cast.travel, cast.planet
    tid, pid = t["id"], p["id"]
    # The member every "act on someone" action targets: a plain participant, not the actor.
    victim = cast.member if role != "member" else cast.planet_moderator
    if action == "travel.view":
        return await who.get(f"/api/v1/travels/{tid}")
    if action == "travel.update":
        return await who.patch(f"/api/v1/travels/{tid}", json={"description": "updated"})
    if action == "travel.delete":
        return await who.delete(f"/api/v1/travels/{tid}")
    if action == "travel.invite":
        r = await who.get(f"/api/v1/travels/{tid}")
        # Seeing the code is the permission; a 200 without it is a denial.
        return r if r.status_code != 200 or r.json()["inviteCode"] else _Denied()
    if action == "travel.regenerate_invite":
        return await who.post(f"/api/v1/travels/{tid}/invite-code")
    if action == "travel.transfer_host":
        return await who.post(
            f"/api/v1/travels/{tid}/transfer-host", json={"userId": victim.user_id}
        )
    if action == "travel.leave":
        return await who.post(f"/api/v1/travels/{tid}/leave")
    if action == "member.list":
        return await who.get(f"/api/v1/travels/{tid}/members")
    if action in ("member.remove", "member.ban", "moderator.assign"):
        tu = await membership_id(cast.host, tid, victim.user_id)
        if action == "member.remove":
            return await who.delete(f"/api/v1/travel-users/{tu}")
        if action == "member.ban":
            return await who.post(f"/api/v1/travel-users/{tu}/ban", json={"reason": "test"})
        return await who.patch(f"/api/v1/travel-users/{tu}", json={"role": "MODERATOR"})
    if action == "planet.create":
        return await who.post(f"/api/v1/travels/{tid}/planets", json={"name": "New"})
    if action == "planet.delete":
        return await who.delete(f"/api/v1/planets/{pid}")
    if action == "planet.update":
        return await who.patch(f"/api/v1/planets/{pid}", json={"description": "changed"})
    if action == "planet.view":
        return await who.get(f"/api/v1/planets/{pid}")
    if action == "planet.leave":
        return await who.post(f"/api/v1/planets/{pid}/leave")
    if action == "planet.moderator_assign":
        return await who.patch(
            f"/api/v1/planets/{pid}/members/{victim.user_id}", json={"role": "MODERATOR"}
        )
    if action == "planet.mute":
        return await who.post(
            f"/api/v1/planets/{pid}/members/{victim.user_id}/mute", json={"duration": "1h"}
        )
    if action == "direct.start":
        other = cast.host if role != "host" else cast.member
        return await who.post(
            f"/api/v1/travels/{tid}/direct-planets", json={"userId": other.user_id}
        )
    if action == "member.approve":
        # Newcomers ask first; `who` approves a pending request.
        r = await cast.host.patch(
            f"/api/v1/travels/{tid}", json={"settings": {"requireApproval": True}}
        )
        assert r.status_code == 200, r.text
        newcomer = await cast.host.api.sign_in()
        r = await newcomer.post(f"/api/v1/travels/{tid}/join", json={"inviteCode": t["inviteCode"]})
        assert r.status_code == 202, r.text
        return await who.post(f"/api/v1/travels/{tid}/join-requests/{r.json()['id']}/approve")
    if action == "report.handle":
        # The planet moderator's message, reported by the member; `who` dismisses the report.
        r = await cast.planet_moderator.post(
            f"/api/v1/planets/{pid}/messages", json={"content": "x"}
        )
        assert r.status_code == 201, r.text
        r = await cast.member.post(
            f"/api/v1/messages/{r.json()['id']}/reports", json={"reason": "SPAM"}
        )
        assert r.status_code == 201, r.text
        queue = await who.get(f"/api/v1/travels/{tid}/reports")
        resolved = await who.post(
            f"/api/v1/reports/{r.json()['id']}/resolve", json={"action": "DISMISS"}
        )
        # Reading the queue and resolving go together: both allowed or both refused.
        assert (queue.status_code == 200) == (resolved.status_code == 200), (queue, resolved)
        return resolved
    if action == "travel.audit_log":
        # There is something to read: the host banned someone.
        tu = await membership_id(cast.host, tid, victim.user_id)
        r = await cast.host.post(f"/api/v1/travel-users/{tu}/ban", json={"reason": "audit"})
        assert r.status_code == 200, r.text
        r = await who.get(f"/api/v1/travels/{tid}/audit-log")
        if r.status_code == 200:
            # Newest first: the ban, after the cast's role assignments.
            actions = [e["action"] for e in r.json()["items"]]
            assert actions == ["member.ban", "planet.role_change", "member.role_change"], actions
        return r
    raise AssertionError(action)


class _Denied:
    status_code = 403


E2E = {
    # action: (admin, host, travel moderator, planet moderator, member, outsider)
    "travel.view": (OK, OK, OK, OK, OK, DENY),
    "travel.update": (OK, OK, DENY, DENY, DENY, DENY),
    "travel.delete": (OK, OK, DENY, DENY, DENY, DENY),
    "travel.invite": (OK, OK, OK, DENY, DENY, DENY),
    "travel.regenerate_invite": (OK, OK, DENY, DENY, DENY, DENY),
    "travel.transfer_host": (OK, OK, DENY, DENY, DENY, DENY),
    "travel.leave": (DENY, MUST_TRANSFER, OK, OK, OK, DENY),
    "member.list": (OK, OK, OK, OK, OK, DENY),
    "member.remove": (OK, OK, OK, DENY, DENY, DENY),
    "member.ban": (OK, OK, OK, DENY, DENY, DENY),
    "member.approve": (OK, OK, OK, DENY, DENY, DENY),
    "moderator.assign": (OK, OK, DENY, DENY, DENY, DENY),
    "planet.create": (OK, OK, OK, DENY, DENY, DENY),
    "planet.delete": (OK, OK, DENY, DENY, DENY, DENY),
    "planet.update": (OK, OK, OK, OK, DENY, DENY),
    "planet.view": (OK, OK, OK, OK, OK, DENY),
    "planet.leave": (DENY, OK, OK, OK, OK, DENY),
    "planet.moderator_assign": (OK, OK, OK, DENY, DENY, DENY),
    "planet.mute": (OK, OK, OK, OK, DENY, DENY),
    "direct.start": (DENY, OK, OK, OK, OK, DENY),
    "report.handle": (OK, OK, OK, DENY, DENY, DENY),
    "travel.audit_log": (OK, OK, DENY, DENY, DENY, DENY),
}


@pytest.mark.parametrize("action", list(E2E))
@pytest.mark.parametrize("role", ROLES)
async def test_endpoint_cell(api, action, role):
    cast = await make_cast(api)
    expected = E2E[action][ROLES.index(role)]
    r = await call(cast, role, action)
    if expected == OK:
        assert r.status_code in (200, 201, 204), (action, role, getattr(r, "text", ""))
    elif expected == MUST_TRANSFER:
        assert r.status_code == 409
    else:
        # Someone outside the (invite-only) travel must not learn it exists: 404. Members
        # know it does: 403.
        expected_status = 404 if role == "outsider" else 403
        assert r.status_code == expected_status, (action, role, r.status_code)
