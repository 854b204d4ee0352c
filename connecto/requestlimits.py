"""API-wide request limits (spec 12.2 ``RATE_LIMIT_MAX`` requests per ``RATE_LIMIT_WINDOW_MS``),
checked once per request before the route runs; 429 ``RATE_LIMITED`` with ``Retry-After``.

Whose budget a request spends:

- signed in (a valid access token in ``Authorization``, or ``?token=`` on the WebSocket): the
  user's, however many devices and addresses they use;
- otherwise the client IP's;
- sign-in and refresh: a stricter budget (``CONNECTO_AUTH_RATE_LIMIT_*``): sign-ins per IP
  (each costs an identity-provider key check), refreshes per session when the refresh token
  verifies (a device refreshes a few times an hour), else per IP.

Signed-in requests are not also counted per IP on purpose: a travel group shares a hotel's
Wi-Fi and mobile carriers put thousands of phones behind one address, so an IP budget would
throttle everyone behind it for one heavy user. Creating accounts to multiply budgets is bounded
by the per-IP sign-in budget. Behind a load balancer, set ``CONNECTO_PROXIES_COUNT`` so the
client IP comes from ``X-Forwarded-For`` and not from the balancer.

Budgets live in Redis (shared by every worker and node), in-process without it. Health checks,
the API document and the development-only routes are not limited; neither are CORS preflights.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import orjson
from sanic import Request, Sanic

from connecto.auth import service as auth_service
from connecto.auth.guards import bearer_token
from connecto.container import container
from connecto.errors import ConnectoError
from connecto.ratelimit import Budget, request_budget
from connecto.settings import Settings

# Blueprints whose routes spend no budget: a load balancer's health checks, the API document,
# the development identity provider and job drain (absent in production).
UNLIMITED_BLUEPRINTS = frozenset({"health", "api_docs", "dev_idp", "dev_jobs"})

STRICT = "connecto_strict_rate_limit"  # handler attribute: how to name its subject

SubjectOf = Callable[[Request], str | None]


def strict(subject: SubjectOf | None = None) -> Callable:
    """Mark a route (sign-in, refresh) for the stricter auth budget. ``subject`` names whose
    budget a request spends (None: the client IP's)."""

    def mark(handler: Callable[..., Awaitable]) -> Callable[..., Awaitable]:
        setattr(handler, STRICT, subject or (lambda request: None))
        return handler

    return mark


def limited_route(route_name: str) -> bool:
    """Does this route spend a request budget (so it can answer RATE_LIMITED)?"""
    parts = route_name.split(".")
    return len(parts) < 2 or parts[1] not in UNLIMITED_BLUEPRINTS


def client_ip(request: Request) -> str:
    return request.remote_addr or request.ip or "unknown"


def refresh_token_session(request: Request) -> str | None:
    """The session of a verifiable refresh token in the body (else None: the IP's budget)."""
    try:
        token = orjson.loads(request.body or b"{}").get("refreshToken")
        if isinstance(token, str):
            return f"session:{container().tokens.decode(token, 'refresh').session_id}"
    except (orjson.JSONDecodeError, AttributeError, ConnectoError):
        pass
    return None


def _signed_in_user(request: Request) -> int | None:
    try:
        if request.headers.get("authorization"):
            token = bearer_token(request)
        else:
            token = request.args.get("token") if request.route.extra.websocket else None
            if not token:
                return None
        # Verified once per token and process (cached), so the route's guard pays nothing.
        return auth_service.access_claims(token.strip())[0]
    except ConnectoError:  # not a bearer token, or not a valid one: the IP's budget
        return None


def install(app: Sanic, settings: Settings) -> None:
    if settings.rate_limit_max == 0:
        return  # turned off (a benchmark measuring the server, not the limits)
    api = Budget(settings.rate_limit_max, settings.rate_limit_window_ms / 1000)
    auth = Budget(settings.auth_rate_limit_max, settings.auth_rate_limit_window_ms / 1000)
    # route name -> None (unlimited), or the strict subject function, or "api"
    kinds: dict[str, object] = {}

    async def spend_budget(request: Request) -> None:
        route = request.route
        if route is None or request.method == "OPTIONS":
            return
        kind = kinds.get(route.name, False)
        if kind is False:
            kind = kinds[route.name] = (
                getattr(route.handler, STRICT, "api") if limited_route(route.name) else None
            )
        if kind is None:
            return
        if kind != "api":
            subject = kind(request) or f"ip:{client_ip(request)}"
            await request_budget("auth", subject, auth)
            return
        user_id = _signed_in_user(request)
        if user_id is not None:
            await request_budget("user", str(user_id), api)
        else:
            await request_budget("ip", client_ip(request), api)

    app.register_middleware(spend_budget, "request")
