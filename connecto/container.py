"""The process-wide services a running app wires together (settings, token codec, identity
verifier, Redis, event bus, ...). ``create_app`` installs one; services read it with
``container()``. Keeping this out of Sanic lets the WebSocket gateway, REST routes and
background jobs share the same service functions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from redis.asyncio import Redis

    from connecto.auth.idp import IdentityVerifier
    from connecto.auth.tokens import TokenCodec
    from connecto.settings import Settings


@dataclass
class Container:
    settings: Settings
    tokens: TokenCodec
    identity: IdentityVerifier
    redis: Redis | None = None
    extras: dict[str, Any] = field(default_factory=dict)


_current: Container | None = None


def install(value: Container) -> None:
    global _current
    _current = value


def container() -> Container:
    if _current is None:
        raise RuntimeError("no Container installed: call connecto.app.create_app first")
    return _current
