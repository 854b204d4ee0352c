"""In-process domain events: services announce what happened, other modules react.

``await emit("message.created", {...})`` runs every handler subscribed to that name, in this
process, after the caller's transaction committed (callers emit after commit). Handlers
must not raise into the caller: a failing handler is logged, the others still run. Events
meant for sockets on *other* processes go through ``connecto.realtime`` fan-out, which a
handler here may call.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable
from typing import Any

log = logging.getLogger("connecto.events")

Handler = Callable[[str, dict[str, Any]], Awaitable[None]]
_handlers: dict[str, list[Handler]] = defaultdict(list)


def subscribe(*names: str) -> Callable[[Handler], Handler]:
    """Decorator: ``@subscribe("message.created", "message.edited")``; ``"*"`` gets all."""

    def register(handler: Handler) -> Handler:
        for name in names:
            if handler not in _handlers[name]:
                _handlers[name].append(handler)
        return handler

    return register


async def emit(name: str, payload: dict[str, Any]) -> None:
    for handler in [*_handlers.get(name, ()), *_handlers.get("*", ())]:
        try:
            await handler(name, payload)
        except Exception:
            log.exception(
                "event handler %s failed for %s", getattr(handler, "__qualname__", handler), name
            )
