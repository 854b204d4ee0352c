"""The OpenAPI document is valid 3.1 and says what the server does; 405 names what is allowed."""

from __future__ import annotations

import pytest
from openapi_spec_validator import validate

from connecto.errors import ERROR_CODES
from tests.support.api import error_code


@pytest.fixture
async def spec(api):
    r = await api.http.get("/openapi.json")
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    return r.json()


def operations(spec):
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_the_document_is_valid_openapi_3_1(spec):
    assert spec["openapi"] == "3.1.0"
    validate(spec)  # raises on any violation of the 3.1 schema


def test_every_operation_lists_its_statuses_and_refers_to_one_error_schema(spec):
    error = spec["components"]["schemas"]["Error"]
    assert error["required"] == ["error"]
    assert set(error["properties"]) == {"error"}
    info = spec["components"]["schemas"]["ErrorInfo"]
    assert set(info["properties"]["code"]["enum"]) == set(ERROR_CODES)
    ids = set()
    for path, method, operation in operations(spec):
        assert operation["operationId"] not in ids
        ids.add(operation["operationId"])
        statuses = {int(s) for s in operation["responses"]}
        assert "default" not in operation["responses"]
        assert any(200 <= s < 300 for s in statuses), (path, method)
        assert 503 in statuses
        for status, answer in operation["responses"].items():
            content = answer.get("content", {}).get("application/json", {})
            # The health checks answer 503 with their report (what is down), not an error.
            if int(status) >= 400 and path not in ("/health", "/health/detailed"):
                assert content["schema"] == {"$ref": "#/components/schemas/Error"}
                codes = answer["description"].split(", ")
                assert {ERROR_CODES[c][0] for c in codes} == {int(status)}, (path, status)
            elif int(status) == 204:
                assert "content" not in answer
            elif "application/json" in answer["content"]:
                assert content["schema"]["$ref"].startswith("#/components/schemas/")
            else:  # a file (an export, a metrics scrape): raw bytes of one media type
                [(media_type, raw)] = answer["content"].items()
                assert raw["schema"] == {"type": "string", "contentMediaType": media_type}
        if operation.get("security"):
            assert {401, 403} <= statuses, (path, method)
        if any(
            p["in"] == "path" and p["schema"]["type"] == "integer" for p in parameters(op=operation)
        ):
            assert 404 in statuses
        if "requestBody" in operation:
            assert {400, 413, 415} <= statuses


def parameters(op):
    return op.get("parameters", [])


def test_success_statuses_are_the_ones_the_server_answers(spec):
    def success(path, method):
        return sorted(int(s) for s in spec["paths"][path][method]["responses"] if s < "300")

    assert success("/api/v1/travels", "post") == [201]
    assert success("/api/v1/travels/join", "post") == [200, 201, 202]
    assert success("/api/v1/travels/{travel_id}/join", "post") == [200, 201, 202]
    assert success("/api/v1/planets/{planet_id}/messages", "post") == [200, 201]
    assert success("/api/v1/auth/sign/social", "post") == [200, 201]
    assert success("/api/v1/travels/{travel_id}", "delete") == [204]
    assert success("/api/v1/admin/jobs/{name}/run", "post") == [202]
    assert success("/api/v1/notifications/push-token", "post") == [201]
    assert success("/api/v1/notifications/push-token", "delete") == [204]


def test_query_parameters_are_declared(spec):
    search = spec["paths"]["/api/v1/messages/search"]["get"]
    params = {p["name"]: p for p in search["parameters"]}
    assert params["q"]["required"] is True and params["q"]["in"] == "query"
    assert {"planetId", "senderId", "type", "sentAfter", "sentBefore", "cursor", "limit"} <= set(
        params
    )
    assert params["limit"]["schema"]["maximum"] == 50
    travels = {p["name"] for p in spec["paths"]["/api/v1/travels"]["get"]["parameters"]}
    assert {"scope", "status", "visibility", "q", "include", "cursor", "limit"} <= travels
    # A query model is never also a schema component: it is only parameters.
    assert "SearchQuery" not in spec["components"]["schemas"]


def test_required_bodies_and_enforced_constraints(spec):
    schemas = spec["components"]["schemas"]
    sign_in = spec["paths"]["/api/v1/auth/sign/social"]["post"]["requestBody"]
    assert sign_in["required"] is True
    # All fields optional: the body may be left out.
    join = spec["paths"]["/api/v1/travels/{travel_id}/join"]["post"]["requestBody"]
    assert join["required"] is False
    assert {"provider", "idToken"} <= set(schemas["SocialSignIn"]["required"])
    profile = schemas["UpdateProfile"]["properties"]
    assert profile["phoneNumber"]["anyOf"][0]["pattern"] == r"^\+[1-9]\d{6,14}$"
    quiet = schemas["QuietHours"]["properties"]
    assert quiet["start"]["pattern"] == r"^([01]\d|2[0-3]):[0-5]\d$"
    zones = schemas["CreateTravel"]["properties"]["timezone"]["enum"]
    assert "Asia/Seoul" in zones and "Mars/Olympus" not in zones
    assert schemas["ReactToMessage"]["properties"]["emoji"]["maxLength"] == 16
    assert schemas["JoinByCode"]["properties"]["inviteCode"]["pattern"] == "^[A-Za-z0-9]{8}$"
    assert schemas["TravelVisibility"]["enum"] == ["public", "invite_only"]
    user_id = schemas["TransferHost"]["properties"]["userId"]
    assert user_id["maximum"] == 2**63 - 1 and user_id["exclusiveMinimum"] == 0


def test_response_schemas_list_every_field_the_server_sends(spec):
    travel_out = spec["components"]["schemas"]["TravelOut"]
    # Serialisation mode: fields with defaults are always present too.
    assert {"inviteCode", "myMembership", "planets", "members"} <= set(travel_out["required"])


async def test_docs_render_swagger_ui_on_this_document(api):
    r = await api.http.get("/docs")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert 'url: "/openapi.json"' in r.text
    assert "swagger-ui/5." in r.text  # Swagger UI 5 reads OpenAPI 3.1
    r = await api.http.get("/docs/swagger-config")
    assert r.status_code == 200 and isinstance(r.json(), dict)


async def test_405_names_the_allowed_methods(api):
    r = await api.http.put("/api/v1/auth/refresh", json={})
    assert r.status_code == 405 and error_code(r) == "METHOD_NOT_ALLOWED"
    assert {m.strip() for m in r.headers["allow"].split(",")} >= {"POST"}
    r = await api.http.put("/api/v1/users/me")
    assert r.status_code == 405
    allowed = {m.strip() for m in r.headers["allow"].split(",")}
    assert {"GET", "PATCH", "DELETE"} <= allowed and "PUT" not in allowed


def test_a_route_without_doc_cannot_be_served_in_the_document():
    from sanic import Sanic

    from connecto.openapi import operations

    app = Sanic("undocumented_probe")

    @app.get("/api/v1/forgotten")
    async def forgotten(request):
        return None

    app.router.finalize()
    with pytest.raises(RuntimeError, match=r"without @doc: undocumented_probe\.forgotten"):
        operations(app)


def test_doc_refuses_incomplete_declarations():
    from connecto.http import doc
    from connecto.notifications.schemas import ReadAllResult

    with pytest.raises(TypeError, match="needs a body"):
        doc("x", tag="t", status=201)
    with pytest.raises(TypeError, match="has no body"):
        doc("x", tag="t", response=ReadAllResult, status=204)
    with pytest.raises(TypeError, match="unknown error codes"):
        doc("x", tag="t", errors=("NO_SUCH_CODE",))
