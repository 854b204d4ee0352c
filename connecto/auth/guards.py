"""Route decorators that resolve the caller. They only establish *who* is calling; *what* they
may do is decided in the services."""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from functools import wraps

from sanic import Request

from connecto.auth import service as auth_service
from connecto.auth.context import Actor
from connecto.errors import ConnectoError
from connecto.users.service import ensure_admin

AUTH = "connecto_auth"  # handler attribute: "user" or "admin" (the OpenAPI security and errors)


def bearer_token(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ConnectoError("AUTH_REQUIRED")
    return token.strip()


async def current_actor(request: Request) -> Actor:
    actor = await auth_service.authenticate(bearer_token(request))
    request.ctx.actor = actor
    return actor


def authenticated(handler: Callable[..., Awaitable]) -> Callable[..., Awaitable]:
    @wraps(handler)
    async def wrapper(request: Request, *args, **kwargs):
        await current_actor(request)
        return await handler(request, *args, **kwargs)

    setattr(wrapper, AUTH, "user")
    return wrapper


def admin_only(handler: Callable[..., Awaitable]) -> Callable[..., Awaitable]:
    @wraps(handler)
    async def wrapper(request: Request, *args, **kwargs):
        ensure_admin(await current_actor(request))
        return await handler(request, *args, **kwargs)

    setattr(wrapper, AUTH, "admin")
    return wrapper


def actor_of(request: Request) -> Actor:
    return request.ctx.actor


def admin_or_monitoring(handler: Callable[..., Awaitable]) -> Callable[..., Awaitable]:
    """An admin's access token, or the configured monitoring token (a Prometheus scraper or
    an uptime checker has no user account)."""

    @wraps(handler)
    async def wrapper(request: Request, *args, **kwargs):
        token = bearer_token(request)
        expected = request.app.ctx.settings.monitoring_token
        if not (expected and hmac.compare_digest(token.encode(), expected.encode())):
            ensure_admin(await current_actor(request))
        return await handler(request, *args, **kwargs)

    setattr(wrapper, AUTH, "admin")  # documented as admin-only: the token is an operator's
    return wrapper
