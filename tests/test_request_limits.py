"""API-wide request budgets (spec 12.2): per signed-in user, per client IP otherwise, a
stricter one for sign-in (per IP) and refresh (per session), 429 RATE_LIMITED with
Retry-After, shared by every process through Redis and held in-process without it.

The servers here run with small budgets over a 30-day window (so no window boundary falls
inside a test) and trust one proxy, so each test is a different client IP through
``X-Forwarded-For``.
"""

from __future__ import annotations

import contextlib
import itertools

import httpx
import pytest

from tests.support import services
from tests.support.api import Api, error_code
from tests.support.server import ServerProcess, temp_data_dir
from tests.support.standalone import standalone
from tests.support.world import default_planet, make_travel

MAX, AUTH_MAX = 20, 5
WINDOW_SECONDS = 30 * 24 * 3600
ENV = {
    "CONNECTO_RATE_LIMIT_MAX": str(MAX),
    "CONNECTO_RATE_LIMIT_WINDOW_MS": str(WINDOW_SECONDS * 1000),
    "CONNECTO_AUTH_RATE_LIMIT_MAX": str(AUTH_MAX),
    "CONNECTO_AUTH_RATE_LIMIT_WINDOW_MS": str(WINDOW_SECONDS * 1000),
    "CONNECTO_PROXIES_COUNT": "1",
}
_addresses = (f"203.0.113.{n}" for n in itertools.count(1))


@pytest.fixture(scope="module")
async def limited(required_services):
    await services.flush_redis()  # budgets of an earlier run (user ids start again at 1)
    async with standalone("request_limits", env=ENV) as stack:
        yield stack


@contextlib.asynccontextmanager
async def client(url: str, address: str | None = None):
    """An app at its own client IP (the proxy's X-Forwarded-For)."""
    headers = {"X-Forwarded-For": address or next(_addresses)}
    async with httpx.AsyncClient(base_url=url, timeout=30, headers=headers) as http:
        yield Api(http)


def assert_limited(r: httpx.Response, scope: str, limit: int) -> None:
    assert r.status_code == 429 and error_code(r) == "RATE_LIMITED", r.text
    details = r.json()["error"]["details"]
    assert details["scope"] == scope and details["limit"] == limit
    assert details["windowSeconds"] == WINDOW_SECONDS
    assert 0 < details["retryAfterSeconds"] <= WINDOW_SECONDS
    assert r.headers["retry-after"] == str(details["retryAfterSeconds"])


async def test_each_signed_in_user_has_a_budget(limited):
    async with client(limited.server.url) as api:
        ann, bob = await api.sign_in(), await api.sign_in()
        for i in range(MAX):
            r = await ann.get("/api/v1/users/me")
            assert r.status_code == 200, (i, r.text)
        assert_limited(await ann.get("/api/v1/users/me"), "user", MAX)
        # Every route: a refused request does not reach it (nothing is created).
        assert_limited(await ann.post("/api/v1/travels", json={"name": "x"}), "user", MAX)
        # Another user at the same address still has all of theirs.
        assert (await bob.get("/api/v1/users/me")).status_code == 200
    # The budget follows the user, not the address.
    async with client(limited.server.url) as elsewhere:
        r = await elsewhere.http.get("/api/v1/users/me", headers=ann.headers)
        assert_limited(r, "user", MAX)


async def test_anonymous_requests_spend_the_address_budget(limited):
    async with client(limited.server.url) as api:
        for i in range(MAX):
            r = await api.http.get("/api/v1/users/me", headers={"Authorization": "Bearer nope"})
            assert r.status_code == 401, (i, r.text)
        assert_limited(await api.http.get("/api/v1/users/me"), "ip", MAX)
        # Health checks, the API document and preflights are not limited.
        assert (await api.http.get("/health")).status_code == 200
        assert (await api.http.get("/openapi.json")).status_code == 200
        # A valid token spends its user's budget instead.
        ann = await api.sign_in()
        assert (await ann.get("/api/v1/users/me")).status_code == 200
    async with client(limited.server.url) as other:
        assert (await other.http.get("/api/v1/users/me")).status_code == 401


async def test_sign_in_is_limited_per_address(limited):
    address = next(_addresses)
    async with client(limited.server.url, address) as api:
        for _ in range(AUTH_MAX):
            await api.sign_in()
        token = await api.id_token("GOOGLE", "late@example.com")
        r = await api.http.post(
            "/api/v1/auth/sign/social", json={"provider": "GOOGLE", "idToken": token}
        )
        assert_limited(r, "auth", AUTH_MAX)
        # An invalid refresh token spends the same (spent) address budget.
        r = await api.http.post("/api/v1/auth/refresh", json={"refreshToken": "garbage"})
        assert_limited(r, "auth", AUTH_MAX)
    async with client(limited.server.url) as other:
        await other.sign_in("late@example.com")


async def test_refresh_is_limited_per_session(limited):
    async with client(limited.server.url) as api:
        ann, bob = await api.sign_in(), await api.sign_in()
        refresh_token = ann.refresh_token
        for i in range(AUTH_MAX):
            r = await api.http.post("/api/v1/auth/refresh", json={"refreshToken": refresh_token})
            assert r.status_code == 200, (i, r.text)
            refresh_token = r.json()["refreshToken"]
        r = await api.http.post("/api/v1/auth/refresh", json={"refreshToken": refresh_token})
        assert_limited(r, "auth", AUTH_MAX)
        # Bob's device, at the same address, refreshes as usual.
        r = await api.http.post("/api/v1/auth/refresh", json={"refreshToken": bob.refresh_token})
        assert r.status_code == 200, r.text


async def test_budgets_are_shared_by_processes(limited):
    second = ServerProcess(
        database_url=limited.database_url,
        redis_url=services.REDIS_URL,
        data_dir=temp_data_dir(),
        name="request_limits_2",
        env={**ENV, "CONNECTO_RUN_MIGRATIONS": "0", "CONNECTO_UPLOADS_ENABLED": "0"},
    ).start()
    try:
        async with client(limited.server.url) as one:
            ann = await one.sign_in()
            for _ in range(MAX // 2):
                assert (await ann.get("/api/v1/users/me")).status_code == 200
        async with httpx.AsyncClient(base_url=second.url, timeout=30) as two:
            for i in range(MAX - MAX // 2):
                r = await two.get("/api/v1/users/me", headers=ann.headers)
                assert r.status_code == 200, (i, r.text)
            assert_limited(await two.get("/api/v1/users/me", headers=ann.headers), "user", MAX)
    finally:
        second.stop()


async def test_budgets_hold_without_redis(required_services):
    # Also: the per-action limits of spec 8.2 follow CONNECTO_ACTION_RATE_LIMITS.
    env = {**ENV, "CONNECTO_PROXIES_COUNT": "0", "CONNECTO_ACTION_RATE_LIMITS": "message_send=3/60"}
    async with standalone("request_limits_noredis", redis=False, env=env) as stack:
        ann = await stack.api.sign_in()
        travel = await make_travel(ann)
        send = f"/api/v1/planets/{default_planet(travel)['id']}/messages"
        for i in range(3):
            assert (await ann.post(send, json={"content": f"m{i}"})).status_code == 201
        r = await ann.post(send, json={"content": "one too many"})
        assert r.status_code == 429 and r.json()["error"]["details"]["limit"] == 3
        assert r.json()["error"]["details"]["penalty"] == "temporary_mute"
        for _ in range(MAX - 5):  # 5 requests so far
            assert (await ann.get("/api/v1/users/me")).status_code == 200
        assert_limited(await ann.get("/api/v1/users/me"), "user", MAX)
        for _ in range(AUTH_MAX - 1):
            await stack.api.sign_in()
        assert_limited(
            await stack.api.http.post("/api/v1/auth/refresh", json={"refreshToken": "x"}),
            "auth",
            AUTH_MAX,
        )


def test_limit_settings():
    from connecto import ratelimit
    from connecto.settings import Settings

    with pytest.raises(ValueError, match="COUNT/WINDOW_SECONDS"):
        Settings(action_rate_limits="message_send=100")
    with pytest.raises(ValueError, match="unknown rate limit"):
        ratelimit.configure("messages=5/60")
    try:
        ratelimit.configure("typing=5/10")
        assert (ratelimit.LIMITS["typing"].limit, ratelimit.LIMITS["typing"].window) == (5, 10)
        assert ratelimit.LIMITS["message_send"] == ratelimit.DEFAULT_LIMITS["message_send"]
    finally:
        ratelimit.configure("")
