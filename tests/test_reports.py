"""Message reports: members report, the host / travel moderators / admins work the queue.
Who may handle reports is in tests/test_permission_matrix.py (report.handle)."""

from __future__ import annotations

import pytest

from tests.support.api import error_code
from tests.support.waiting import eventually
from tests.support.world import default_planet, make_cast
from tests.support.ws import WsClient


async def post(session, planet_id: int, content: str = "hello") -> dict:
    r = await session.post(f"/api/v1/planets/{planet_id}/messages", json={"content": content})
    assert r.status_code == 201, r.text
    return r.json()


async def report(session, message_id: int, reason: str = "SPAM", **extra):
    return await session.post(
        f"/api/v1/messages/{message_id}/reports", json={"reason": reason, **extra}
    )


@pytest.fixture
async def cast(api):
    return await make_cast(api)


async def test_report_is_filed_once_and_queued(cast):
    message = await post(cast.planet_moderator, cast.planet["id"], "buy cheap watches")
    r = await report(cast.member, message["id"], "spam", details="an ad")
    assert r.status_code == 201, r.text
    first = r.json()
    assert first["status"] == "OPEN" and first["reason"] == "SPAM"
    assert first["reporter"]["id"] == cast.member.user_id
    assert first["message"]["content"] == "buy cheap watches"
    again = await report(cast.member, message["id"], "HATE")
    assert again.status_code == 200 and again.json()["id"] == first["id"]
    assert again.json()["reason"] == "SPAM"  # the first report stands

    r = await cast.travel_moderator.get(f"/api/v1/travels/{cast.travel['id']}/reports")
    assert r.status_code == 200, r.text
    assert [item["id"] for item in r.json()["items"]] == [first["id"]]
    r = await cast.host.get(f"/api/v1/reports/{first['id']}")
    assert r.status_code == 200 and r.json()["planetId"] == cast.planet["id"]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({}, "VALIDATION_ERROR"),
        ({"reason": "BORING"}, "VALIDATION_ERROR"),
        ({"reason": 3}, "VALIDATION_ERROR"),
        ({"reason": "SPAM", "details": "x" * 1001}, "VALIDATION_ERROR"),
        ({"reason": "SPAM", "extra": True}, "VALIDATION_ERROR"),
    ],
)
async def test_bad_report_bodies(cast, db, body, code):
    message = await post(cast.host, cast.planet["id"])
    r = await cast.member.post(f"/api/v1/messages/{message['id']}/reports", json=body)
    assert r.status_code == 400 and error_code(r) == code
    assert await db.fetchval("SELECT count(*) FROM message_reports") == 0


async def test_what_cannot_be_reported(cast, db):
    pid = cast.planet["id"]
    own = await post(cast.member, pid)
    r = await report(cast.member, own["id"])
    assert r.status_code == 400 and error_code(r) == "REPORT_NOT_ALLOWED"

    system = await db.fetchval(
        "SELECT id FROM messages WHERE sender_id IS NULL AND planet_id = $1 LIMIT 1",
        default_planet(cast.travel)["id"],
    )
    assert system is not None  # "... joined" in the default planet
    r = await report(cast.member, system)
    assert r.status_code == 400 and error_code(r) == "REPORT_NOT_ALLOWED"

    gone = await post(cast.host, pid, "oops")
    assert (await cast.host.delete(f"/api/v1/messages/{gone['id']}")).status_code == 200
    r = await report(cast.member, gone["id"])
    assert r.status_code == 409 and error_code(r) == "MESSAGE_DELETED"

    # Someone outside the travel cannot learn the message exists.
    visible = await post(cast.host, pid)
    r = await report(cast.outsider, visible["id"])
    assert r.status_code == 404 and error_code(r) == "MESSAGE_NOT_FOUND"
    r = await report(cast.member, 987654321)
    assert r.status_code == 404 and error_code(r) == "MESSAGE_NOT_FOUND"
    assert await db.fetchval("SELECT count(*) FROM message_reports") == 0


async def test_deleting_through_a_report_closes_every_report_of_the_message(server, cast, db):
    pid = cast.planet["id"]
    message = await post(cast.planet_moderator, pid, "rude words")
    first = (await report(cast.member, message["id"], "HARASSMENT")).json()
    second = (await report(cast.host, message["id"], "HARASSMENT")).json()
    watcher = await WsClient.connect(server.url, cast.member.access_token)
    await watcher.expect("connected")
    try:
        r = await cast.travel_moderator.post(
            f"/api/v1/reports/{first['id']}/resolve",
            json={"action": "DELETE_MESSAGE", "note": "not ok"},
        )
        assert r.status_code == 200, r.text
        result = r.json()
        assert result["messageDeleted"] is True
        assert result["alsoResolved"] == [second["id"]]
        assert result["report"]["status"] == "ACTIONED"
        assert result["report"]["handledBy"] == cast.travel_moderator.user_id
        assert result["report"]["message"]["content"] is None  # deleted content stays hidden
        deleted = await watcher.expect("message:deleted", lambda d: d["id"] == message["id"])
        assert deleted["planetId"] == pid
    finally:
        await watcher.close()
    rows = await db.fetch("SELECT status, resolution_note FROM message_reports ORDER BY id")
    assert [(row["status"], row["resolution_note"]) for row in rows] == [
        ("ACTIONED", "not ok"),
        ("ACTIONED", "not ok"),
    ]
    assert await db.fetchval("SELECT deleted_by_id FROM messages WHERE id = $1", message["id"]) == (
        cast.travel_moderator.user_id
    )

    r = await cast.host.post(f"/api/v1/reports/{second['id']}/resolve", json={"action": "DISMISS"})
    assert r.status_code == 409 and error_code(r) == "REPORT_ALREADY_HANDLED"
    queue = await cast.host.get(f"/api/v1/travels/{cast.travel['id']}/reports")
    assert queue.json()["items"] == []
    done = await cast.host.get(
        f"/api/v1/travels/{cast.travel['id']}/reports", params={"status": "ACTIONED"}
    )
    assert {item["id"] for item in done.json()["items"]} == {first["id"], second["id"]}


async def test_a_moderator_cannot_remove_the_hosts_message_but_may_dismiss(cast, db):
    message = await post(cast.host, cast.planet["id"], "host speaking")
    filed = (await report(cast.member, message["id"])).json()
    r = await cast.travel_moderator.post(
        f"/api/v1/reports/{filed['id']}/resolve", json={"action": "DELETE_MESSAGE"}
    )
    assert r.status_code == 403 and error_code(r) == "FORBIDDEN"
    assert await db.fetchval("SELECT status FROM message_reports") == "OPEN"
    assert await db.fetchval("SELECT deleted_at FROM messages WHERE id = $1", message["id"]) is None
    r = await cast.travel_moderator.post(
        f"/api/v1/reports/{filed['id']}/resolve", json={"action": "DISMISS"}
    )
    assert r.status_code == 200 and r.json()["report"]["status"] == "DISMISSED"
    assert r.json()["messageDeleted"] is False


async def test_a_report_from_a_direct_conversation_reaches_the_host(server, cast):
    r = await cast.member.post(
        f"/api/v1/travels/{cast.travel['id']}/direct-messages",
        json={"recipientId": cast.planet_moderator.user_id, "content": "hey"},
    )
    assert r.status_code == 201, r.text
    direct_pid = r.json()["planetId"]
    message = await post(cast.planet_moderator, direct_pid, "threatening words")
    host_socket = await WsClient.connect(server.url, cast.host.access_token)
    admin_socket = await WsClient.connect(server.url, cast.admin.access_token)
    # Connected: the server has put the sockets in their rooms.
    await host_socket.expect("connected")
    await admin_socket.expect("connected")
    try:
        filed = (await report(cast.member, message["id"], "HARASSMENT")).json()
        alert = await host_socket.expect("report:created", lambda d: d["reportId"] == filed["id"])
        assert alert["planetId"] == direct_pid and alert["reason"] == "HARASSMENT"
        await admin_socket.expect("report:created", lambda d: d["reportId"] == filed["id"])
        # The host is not in the conversation, yet sees the reported message and removes it.
        r = await cast.host.post(
            f"/api/v1/reports/{filed['id']}/resolve", json={"action": "DELETE_MESSAGE"}
        )
        assert r.status_code == 200, r.text
        assert r.json()["messageDeleted"] is True
        await host_socket.expect("report:resolved", lambda d: d["reportId"] == filed["id"])
        # ...but still cannot read the conversation itself.
        r = await cast.host.get(f"/api/v1/planets/{direct_pid}/messages")
        assert r.status_code in (403, 404)
    finally:
        await host_socket.close()
        await admin_socket.close()


async def test_queue_filters_and_pages(cast):
    pid = cast.planet["id"]
    filed = []
    for i in range(5):
        message = await post(cast.planet_moderator, pid, f"message {i}")
        reason = "SPAM" if i % 2 else "SCAM"
        filed.append((await report(cast.member, message["id"], reason)).json())
    url = f"/api/v1/travels/{cast.travel['id']}/reports"
    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = (await cast.host.get(url, params=params)).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["nextCursor"]
        if cursor is None:
            break
    assert seen == [r["id"] for r in reversed(filed)]  # newest first, each once
    spam = (await cast.host.get(url, params={"reason": "SPAM"})).json()["items"]
    assert {item["id"] for item in spam} == {filed[1]["id"], filed[3]["id"]}
    one = (await cast.host.get(url, params={"messageId": filed[0]["messageId"]})).json()
    assert [item["id"] for item in one["items"]] == [filed[0]["id"]]
    for params, code in (
        ({"colour": "red"}, "UNKNOWN_FILTER"),
        ({"status": "LOST"}, "VALIDATION_ERROR"),
        ({"cursor": "nonsense"}, "INVALID_CURSOR"),
    ):
        r = await cast.host.get(url, params=params)
        assert r.status_code == 400 and error_code(r) == code, (params, r.text)


async def test_reports_of_other_travels_are_invisible(api, cast):
    message = await post(cast.planet_moderator, cast.planet["id"])
    filed = (await report(cast.member, message["id"])).json()
    other_cast = await make_cast(api)
    for path in (f"/api/v1/reports/{filed['id']}", f"/api/v1/reports/{filed['id']}/resolve"):
        r = await (
            other_cast.host.get(path)
            if path.endswith(str(filed["id"]))
            else other_cast.host.post(path, json={"action": "DISMISS"})
        )
        assert r.status_code == 404 and error_code(r) == "REPORT_NOT_FOUND"
    r = await other_cast.host.get(f"/api/v1/travels/{cast.travel['id']}/reports")
    assert r.status_code == 404
    r = await cast.host.get("/api/v1/reports/99999999")
    assert r.status_code == 404 and error_code(r) == "REPORT_NOT_FOUND"


async def test_staff_are_notified_of_a_report(cast):
    message = await post(cast.planet_moderator, cast.planet["id"], "shady link")
    filed = (await report(cast.member, message["id"], "SCAM")).json()

    async def reports_in(session) -> list[dict]:
        items = (await session.get("/api/v1/notifications")).json()["items"]
        return [item for item in items if item["type"] == "report"]

    for staff in (cast.host, cast.travel_moderator):
        [notice] = await eventually(lambda s=staff: reports_in(s), bool, what="report notice")
        assert notice["data"] == {
            "travelId": cast.travel["id"],
            "planetId": cast.planet["id"],
            "messageId": message["id"],
            "reportId": filed["id"],
        }
        assert notice["body"].startswith("Reason: scam.")
    # A moderator who reports is not notified of their own report.
    second = await post(cast.member, cast.planet["id"], "another")
    mine = (await report(cast.travel_moderator, second["id"])).json()
    await eventually(
        lambda: reports_in(cast.host),
        lambda items: any(i["data"]["reportId"] == mine["id"] for i in items),
        what="second report notice",
    )
    assert [i["data"]["reportId"] for i in await reports_in(cast.travel_moderator)] == [filed["id"]]
    assert (await reports_in(cast.member)) == []


async def test_reporters_hear_the_outcome(cast):
    message = await post(cast.planet_moderator, cast.planet["id"], "rude")
    first = (await report(cast.member, message["id"], "HARASSMENT")).json()
    await report(cast.admin, message["id"], "HARASSMENT")
    r = await cast.host.post(
        f"/api/v1/reports/{first['id']}/resolve", json={"action": "DELETE_MESSAGE"}
    )
    assert r.status_code == 200, r.text

    async def outcome(session) -> list[dict]:
        items = (await session.get("/api/v1/notifications")).json()["items"]
        return [i for i in items if i["title"] == "Your report was reviewed"]

    for reporter in (cast.member, cast.admin):
        [notice] = await eventually(lambda s=reporter: outcome(s), bool, what="outcome notice")
        assert notice["body"] == "The message was removed."
        assert notice["data"]["messageId"] == message["id"]
    assert await outcome(cast.host) == []
