"""WebSocket event handlers, registered by the domain packages.

    @ws_event("message:send", SendToPlanet)
    async def send(ctx: ConnectionContext, data: SendToPlanet) -> dict | None: ...

The return value becomes the ack's ``data``; a ``ConnectoError`` becomes a failed ack (or an
``error`` event when the frame asked for no ack). Handlers call the same service functions
as the REST routes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

if TYPE_CHECKING:
    from connecto.auth.context import Actor
    from connecto.realtime.hub import Connection


@dataclass
class ConnectionContext:
    """What a handler knows about the socket it serves."""

    connection: Connection
    ip_address: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def actor(self) -> Actor:
        return self.connection.actor

    @property
    def connection_id(self) -> str:
        return self.connection.id


Handler = Callable[[ConnectionContext, Any], Awaitable[Any]]


@dataclass(frozen=True)
class Registration:
    name: str
    model: type[BaseModel]
    handler: Handler


HANDLERS: dict[str, Registration] = {}


def ws_event(name: str, model: type[BaseModel]) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        if name in HANDLERS and HANDLERS[name].handler is not handler:
            raise RuntimeError(f"WebSocket event {name!r} registered twice")
        HANDLERS[name] = Registration(name, model, handler)
        return handler

    return register
