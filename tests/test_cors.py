"""CORS (spec 12.2 ``CORS_ORIGINS``): browsers on an allowed origin may call the API, others
get no CORS headers (so the browser refuses to hand them the answer). The session's server
allows ``ALLOWED`` (tests/conftest.py); production allows nothing unless configured
(tests/test_platform.py checks a production server)."""

from __future__ import annotations

from connecto.settings import Settings
from tests.support.api import error_code

ALLOWED = "https://app.connecto.test"


def preflight(origin: str, method: str = "POST", headers: str = "authorization,content-type"):
    return {
        "Origin": origin,
        "Access-Control-Request-Method": method,
        "Access-Control-Request-Headers": headers,
    }


async def test_preflight_from_an_allowed_origin_gets_the_headers(api):
    r = await api.http.options("/api/v1/travels", headers=preflight(ALLOWED))
    assert r.status_code == 204
    assert r.headers["access-control-allow-origin"] == ALLOWED
    assert set(r.headers["access-control-allow-methods"].split(",")) >= {"GET", "POST"}
    # Authorization must be named: "*" does not cover it (Fetch standard).
    allowed_headers = set(r.headers["access-control-allow-headers"].split(","))
    assert allowed_headers == {"authorization", "content-type"}
    assert r.headers["access-control-max-age"] == "600"
    assert "access-control-allow-credentials" not in r.headers  # bearer tokens, no cookies
    assert r.headers["vary"].lower() == "origin"
    r = await api.http.options(
        "/api/v1/messages/1", headers=preflight(ALLOWED, "DELETE", "authorization")
    )
    assert r.status_code == 204
    assert "DELETE" in r.headers["access-control-allow-methods"].split(",")


async def test_preflight_from_another_origin_gets_none(api):
    for origin in ("https://evil.example", "https://app.connecto.test.evil.example", "null"):
        r = await api.http.options("/api/v1/travels", headers=preflight(origin))
        assert not any(h.startswith("access-control-") for h in r.headers), (origin, r.headers)


async def test_actual_requests_and_errors_carry_the_origin(api):
    ann = await api.sign_in()
    r = await ann.get("/api/v1/users/me", headers={"Origin": ALLOWED})
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == ALLOWED
    # Scripts may read the request id and Retry-After (a 429's answer).
    exposed = set(r.headers["access-control-expose-headers"].split(","))
    assert {"x-request-id", "retry-after"} <= exposed
    # An error answer too, so the browser app can read the error envelope.
    r = await api.http.get("/api/v1/users/me", headers={"Origin": ALLOWED})
    assert r.status_code == 401 and error_code(r) == "AUTH_REQUIRED"
    assert r.headers["access-control-allow-origin"] == ALLOWED
    r = await ann.get("/api/v1/users/me", headers={"Origin": "https://evil.example"})
    assert r.status_code == 200 and "access-control-allow-origin" not in r.headers


def test_origins_setting():
    production = {
        "env": "production",
        "jwt_secret": "z" * 40,
        "database_url": "postgres://x/y",
        "uploads_enabled": False,
        "google_client_ids": ["123.apps.example"],
        "apple_client_ids": ["com.example"],
    }
    assert Settings(**production).resolved_cors_origins == []  # off by default in production
    configured = Settings(
        **production, cors_origins="https://A.example.com/, https://b.example:8443"
    )
    assert configured.resolved_cors_origins == ["https://a.example.com", "https://b.example:8443"]
    assert Settings(env="development", cors_origins="").resolved_cors_origins == []
    assert Settings(env="test").resolved_cors_origins == []
    (local,) = Settings(env="development").resolved_cors_origins
    assert local.match("http://localhost:5173") and local.match("http://127.0.0.1")
    assert not local.match("http://localhost.evil.example")
    for bad in ("app.connecto.com", "https://app.connecto.com/path", "javascript:alert(1)"):
        try:
            Settings(cors_origins=bad)
        except ValueError:
            continue
        raise AssertionError(f"{bad!r} was accepted")
