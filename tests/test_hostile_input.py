"""Schema-valid but hostile input gets a 4xx, never a 500 (issue 8): integers beyond 64 bits,
U+0000 in stored or searched text and in free-form JSON, invite codes that are not ASCII."""

from __future__ import annotations

import pytest

from tests.support.api import error_code
from tests.support.server import ADMIN_EMAIL
from tests.support.world import default_planet, join, make_travel

TOO_BIG = 2**63  # one past the largest BIGINT
NUL = "a\u0000b"


def fields(r) -> list[str]:
    return [f["field"] for f in r.json()["error"]["details"]["fields"]]


async def test_every_path_id_beyond_64_bits_is_not_found(api):
    """Every operation with an id in its path, read from the document so new routes count."""
    host = await api.sign_in(ADMIN_EMAIL)  # admin routes too
    spec = (await api.http.get("/openapi.json")).json()
    checked = 0
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            ints = [
                p["name"]
                for p in operation.get("parameters", [])
                if p["in"] == "path" and p["schema"]["type"] == "integer"
            ]
            if not ints:
                continue
            url = path
            for name in ints:
                url = url.replace("{" + name + "}", str(TOO_BIG))
            for value in (TOO_BIG, -TOO_BIG - 1, 10**30):
                r = await host.request(method.upper(), url.replace(str(TOO_BIG), str(value)))
                assert r.status_code == 404, (method, url, r.status_code, r.text)
                assert error_code(r) == "NOT_FOUND"
            checked += 1
    assert checked > 40


@pytest.mark.parametrize(
    "path_and_body",
    [
        ("/api/v1/travels/{travel}/transfer-host", {"userId": TOO_BIG}),
        ("/api/v1/travels/{travel}/direct-planets", {"userId": TOO_BIG}),
        ("/api/v1/planets/{planet}/messages", {"content": "x", "replyToId": TOO_BIG}),
        ("/api/v1/planets/{planet}/messages", {"content": "x", "mentions": [1, TOO_BIG]}),
        ("/api/v1/planets/{planet}/read", {"messageIds": [TOO_BIG]}),
        ("/api/v1/messages/sync", {"lastSeen": {"1": TOO_BIG}}),
        ("/api/v1/messages/sync", {"lastSeen": {str(TOO_BIG): 1}}),
    ],
)
async def test_body_integers_beyond_64_bits_are_invalid(api, path_and_body):
    path, body = path_and_body
    host = await api.sign_in()
    travel = await make_travel(host)
    path = path.format(travel=travel["id"], planet=default_planet(travel)["id"])
    r = await host.post(path, json=body)
    assert r.status_code == 400 and error_code(r) == "VALIDATION_ERROR", r.text


async def test_admin_notification_user_id_beyond_64_bits(api):
    admin = await api.sign_in(ADMIN_EMAIL)
    r = await admin.post(
        "/api/v1/admin/notifications", json={"userId": TOO_BIG, "title": "t", "body": "b"}
    )
    assert r.status_code == 400 and error_code(r) == "VALIDATION_ERROR"
    assert fields(r) == ["userId"]


async def test_nul_in_text_is_refused_everywhere(api, db):
    host = await api.sign_in()
    travel = await make_travel(host)
    planet = default_planet(travel)
    sent = await host.post(f"/api/v1/planets/{planet['id']}/messages", json={"content": "hi"})
    message = sent.json()
    attempts = [
        ("POST", f"/api/v1/planets/{planet['id']}/messages", {"content": NUL}, "content"),
        ("PATCH", f"/api/v1/messages/{message['id']}", {"content": NUL}, "content"),
        ("PATCH", "/api/v1/users/me/profile", {"nickname": NUL}, "nickname"),
        ("PATCH", "/api/v1/users/me/profile", {"bio": NUL}, "bio"),
        ("PATCH", "/api/v1/users/me/profile", {"preferences": {"x": NUL}}, "preferences"),
        ("PATCH", "/api/v1/users/me/preferences", {"notifications": {NUL: 1}}, "body"),
        ("POST", "/api/v1/notifications/push-token", {"token": "tok" + NUL * 5}, "token"),
        (
            "POST",
            "/api/v1/notifications/push-token",
            {"token": "abcdefghijk", "deviceModel": NUL},
            "deviceModel",
        ),
        ("POST", "/api/v1/travels", {"name": NUL, "startDate": "x"}, "name"),
        ("PATCH", f"/api/v1/travels/{travel['id']}", {"description": NUL}, "description"),
        (
            "POST",
            f"/api/v1/messages/{message['id']}/reports",
            {"reason": "SPAM", "details": NUL},
            "details",
        ),
    ]
    for method, path, body, field in attempts:
        r = await host.request(method, path, json=body)
        assert r.status_code == 400, (path, body, r.status_code, r.text)
        assert error_code(r) == "VALIDATION_ERROR"
        assert field in fields(r) or field == "body", (path, r.text)
    assert await db.fetchval("SELECT count(*) FROM messages") == 1


async def test_nul_in_a_report_resolution_note(api, db):
    host, member = await api.sign_in(), await api.sign_in()
    travel = await make_travel(host)
    await join(member, travel)
    r = await host.post(
        f"/api/v1/planets/{default_planet(travel)['id']}/messages", json={"content": "spam"}
    )
    report = await member.post(
        f"/api/v1/messages/{r.json()['id']}/reports", json={"reason": "SPAM"}
    )
    assert report.status_code == 201, report.text
    r = await host.post(
        f"/api/v1/reports/{report.json()['id']}/resolve", json={"action": "DISMISS", "note": NUL}
    )
    assert r.status_code == 400 and error_code(r) == "VALIDATION_ERROR", r.text
    assert fields(r) == ["note"]
    assert await db.fetchval("SELECT status FROM message_reports") == "OPEN"


async def test_nul_in_free_form_json_of_an_admin_notification(api):
    admin = await api.sign_in(ADMIN_EMAIL)
    other = await api.sign_in()
    for data in ({"k": NUL}, {NUL: 1}, {"deep": [[{"x": NUL}]]}, {"n": TOO_BIG}):
        r = await admin.post(
            "/api/v1/admin/notifications",
            json={"userId": other.user_id, "title": "t", "body": "b", "data": data},
        )
        assert r.status_code == 400 and error_code(r) == "VALIDATION_ERROR", (data, r.text)
        assert fields(r) == ["data"]
    ok = await admin.post(
        "/api/v1/admin/notifications",
        json={"userId": other.user_id, "title": "t", "body": "b", "data": {"k": "v"}},
    )
    assert ok.status_code == 201, ok.text


@pytest.mark.parametrize(
    "query",
    [
        {"q": NUL},
        {"q": "x", "senderId": str(TOO_BIG)},
        {"q": "x", "planetId": str(TOO_BIG)},
        {"q": "x", "cursor": NUL},
    ],
)
async def test_hostile_search_queries(api, query):
    host = await api.sign_in()
    r = await host.get("/api/v1/messages/search", params=query)
    assert r.status_code == 400 and error_code(r) == "VALIDATION_ERROR", r.text


async def test_hostile_list_queries(api):
    host = await api.sign_in()
    for params in ({"q": NUL}, {"limit": str(TOO_BIG)}, {"include": NUL}):
        r = await host.get("/api/v1/travels", params=params)
        assert r.status_code == 400, (params, r.text)


async def test_forged_cursors_are_invalid_not_500(api):
    """Cursors are base64 JSON: ints beyond 64 bits, NUL, naive times, negative offsets."""
    import base64
    import json

    def cursor(*values) -> str:
        return base64.urlsafe_b64encode(json.dumps(list(values)).encode()).decode()

    host = await api.sign_in()
    travel = await make_travel(host)
    cases = [
        ("/api/v1/travels", cursor("2026-01-01T00:00:00+00:00", TOO_BIG)),
        ("/api/v1/travels", cursor("2026-01-01T00:00:00", 1)),
        ("/api/v1/notifications", cursor(TOO_BIG)),
        (f"/api/v1/travels/{travel['id']}/members", cursor(TOO_BIG)),
        ("/api/v1/messages/search", cursor(-5)),
        ("/api/v1/messages/search", cursor(TOO_BIG)),
    ]
    for path, value in cases:
        query = {"q": "x"} if path.endswith("search") else {}
        r = await host.get(path, params={**query, "cursor": value})
        assert r.status_code == 400 and error_code(r) == "INVALID_CURSOR", (path, r.text)


@pytest.mark.parametrize(
    "code", ["ßßßßßßßß", "ﬀﬀﬀﬀﬀﬀﬀﬀ", "abcd\u0000efg", "ABCDEFG\u00e9", "1234567"]
)
async def test_invite_codes_are_validated_by_pattern_on_both_join_routes(api, code):
    host, guest = await api.sign_in(), await api.sign_in()
    travel = await make_travel(host)
    for path in ("/api/v1/travels/join", f"/api/v1/travels/{travel['id']}/join"):
        r = await guest.post(path, json={"inviteCode": code})
        assert r.status_code == 400 and error_code(r) == "VALIDATION_ERROR", (path, r.text)
        assert fields(r) == ["inviteCode"]


async def test_invite_codes_still_match_in_any_case(api):
    host, guest, other = await api.sign_in(), await api.sign_in(), await api.sign_in()
    travel = await make_travel(host)
    r = await guest.post("/api/v1/travels/join", json={"inviteCode": travel["inviteCode"].lower()})
    assert r.status_code == 201, r.text
    r = await other.post(
        f"/api/v1/travels/{travel['id']}/join", json={"inviteCode": travel["inviteCode"].lower()}
    )
    assert r.status_code == 201, r.text
    wrong = "Z" * 8 if travel["inviteCode"] != "Z" * 8 else "Y" * 8
    r = await (await api.sign_in()).post(
        f"/api/v1/travels/{travel['id']}/join", json={"inviteCode": wrong}
    )
    assert r.status_code == 404 and error_code(r) == "TRAVEL_NOT_FOUND"
