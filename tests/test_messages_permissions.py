"""The message rows of the permission matrix, end to end: a real user in each role."""

from __future__ import annotations

import pytest

from tests.support.world import ROLES, make_cast

OK, DENY, NA = "ok", "deny", "n/a"

E2E = {
    # action: (admin, host, travel moderator, planet moderator, member, outsider)
    "message.send": (DENY, OK, OK, OK, OK, DENY),
    "message.announce": (DENY, OK, OK, DENY, DENY, DENY),
    "message.react": (DENY, OK, OK, OK, OK, DENY),
    "message.reply": (DENY, OK, OK, OK, OK, DENY),
    "message.edit_own": (NA, OK, OK, OK, OK, NA),  # admins and outsiders have no own messages here
    "message.delete_own": (NA, OK, OK, OK, OK, NA),
    "message.delete_any": (OK, OK, OK, OK, DENY, DENY),
    "message.restore_any": (OK, DENY, DENY, DENY, DENY, DENY),
    "message.pin": (OK, OK, OK, OK, DENY, DENY),
}


async def post(session, planet_id, content="hi", **extra):
    r = await session.post(
        f"/api/v1/planets/{planet_id}/messages", json={"content": content, **extra}
    )
    assert r.status_code == 201, r.text
    return r.json()


async def call(cast, role: str, action: str):
    who = cast.by_role(role)
    pid = cast.planet["id"]
    if action == "message.send":
        return await who.post(f"/api/v1/planets/{pid}/messages", json={"content": "hello"})
    if action == "message.announce":
        r = await cast.host.post(
            f"/api/v1/travels/{cast.travel['id']}/planets",
            json={"name": "Notices", "type": "announcement"},
        )
        return await who.post(
            f"/api/v1/planets/{r.json()['id']}/messages", json={"content": "notice"}
        )
    host_message = await post(cast.host, pid, "from the host")
    if action == "message.react":
        return await who.post(
            f"/api/v1/messages/{host_message['id']}/reactions", json={"emoji": "🎉"}
        )
    if action == "message.reply":
        return await who.post(
            f"/api/v1/planets/{pid}/messages",
            json={"content": "re", "replyToId": host_message["id"]},
        )
    if action in ("message.edit_own", "message.delete_own"):
        own = await post(who, pid, "my own")
        if action == "message.edit_own":
            return await who.patch(
                f"/api/v1/messages/{own['id']}", json={"content": "mine, edited"}
            )
        return await who.delete(f"/api/v1/messages/{own['id']}", json={})
    # Moderation targets a plain participant's message (the member's; for the member
    # themselves, the host's).
    author = cast.member if role != "member" else cast.host
    target = await post(author, pid, "moderate me")
    if action == "message.delete_any":
        return await who.delete(f"/api/v1/messages/{target['id']}", json={})
    if action == "message.restore_any":
        await cast.host.delete(f"/api/v1/messages/{target['id']}", json={})
        return await who.post(f"/api/v1/messages/{target['id']}/restore")
    if action == "message.pin":
        return await who.put(f"/api/v1/messages/{target['id']}/pin")
    raise AssertionError(action)


CELLS = [(a, r) for a in E2E for r in ROLES if E2E[a][ROLES.index(r)] != NA]


@pytest.mark.parametrize(("action", "role"), CELLS)
async def test_message_cell(api, action, role):
    cast = await make_cast(api)
    expected = E2E[action][ROLES.index(role)]
    r = await call(cast, role, action)
    if expected == OK:
        assert r.status_code in (200, 201), (action, role, r.text)
    else:
        # Outside the travel the planet and its messages do not exist (404); inside, 403.
        expected_status = 404 if role == "outsider" else 403
        assert r.status_code == expected_status, (action, role, r.status_code, r.text)


async def test_pins_are_listed(api):
    cast = await make_cast(api)
    pid = cast.planet["id"]
    first = await post(cast.member, pid, "Meeting point: gate 3")
    await post(cast.member, pid, "ordinary")
    r = await cast.planet_moderator.put(f"/api/v1/messages/{first['id']}/pin")
    assert r.json()["pinnedBy"] == cast.planet_moderator.user_id
    pins = (await cast.member.get(f"/api/v1/planets/{pid}/pins")).json()["items"]
    assert [m["id"] for m in pins] == [first["id"]]
    await cast.host.delete(f"/api/v1/messages/{first['id']}/pin")
    assert (await cast.member.get(f"/api/v1/planets/{pid}/pins")).json()["items"] == []
