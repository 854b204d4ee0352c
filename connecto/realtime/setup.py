"""Wiring the real-time layer into the app: the handler modules and start/stop."""

from __future__ import annotations

import importlib

from connecto.container import container
from connecto.realtime import presence
from connecto.realtime.bus import bus
from connecto.realtime.hub import CLOSE_GOING_AWAY, hub

# Every module registering @ws_event handlers or event subscribers for sockets.
HANDLER_MODULES = (
    "connecto.realtime.subscribers",
    "connecto.realtime.handlers",
    "connecto.messages.ws",
    "connecto.reads.ws",
)


def load_handlers() -> None:
    for module in HANDLER_MODULES:
        importlib.import_module(module)


async def start(redis_url: str | None) -> None:
    settings = container().settings
    await bus.start(
        redis_url,
        reply_timeout=settings.redis_socket_timeout_seconds,
        connect_timeout=settings.redis_connect_timeout_seconds,
    )
    await presence.start()


async def stop() -> None:
    await hub.close_all(CLOSE_GOING_AWAY, "server shutting down")
    await presence.stop()
    await bus.stop()
