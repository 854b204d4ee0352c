"""Frames of the WebSocket protocol (DESIGN.md): JSON objects, client to server
``{"event", "data", "ack"}``; replies ``{"ack", "ok", "data"|"error"}``; pushes
``{"event", "data"}``. Errors carry ``{"code", "reason", "details"}``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson
from pydantic_core import from_json

from connecto.errors import ConnectoError
from connecto.schemas import unstorable


@dataclass(frozen=True)
class Frame:
    event: str
    data: Any
    ack: int | None


class BadFrame(Exception):
    """A frame we cannot act on; ``ack`` is set when the frame still told us its ack id."""

    def __init__(self, error: ConnectoError, ack: int | None = None) -> None:
        super().__init__(error.message)
        self.error = error
        self.ack = ack


def parse(raw: str | bytes) -> Frame:
    try:
        # pydantic's parser bounds the nesting depth (json.loads would recurse until it broke).
        body = from_json(raw, allow_inf_nan=False)
    except ValueError:
        raise BadFrame(ConnectoError("INVALID_JSON", "The frame is not valid JSON")) from None
    if not isinstance(body, dict):
        raise BadFrame(ConnectoError("VALIDATION_ERROR", "A frame is a JSON object"))
    ack = body.get("ack")
    if ack is not None and (
        not isinstance(ack, int) or isinstance(ack, bool) or unstorable(ack) is not None
    ):
        raise BadFrame(ConnectoError("VALIDATION_ERROR", "ack must be a 64-bit integer"))
    event = body.get("event")
    if not isinstance(event, str) or not event:
        raise BadFrame(ConnectoError("VALIDATION_ERROR", "A frame needs an event name"), ack)
    unknown = set(body) - {"event", "data", "ack"}
    if unknown:
        raise BadFrame(
            ConnectoError("VALIDATION_ERROR", f"Unknown frame fields: {sorted(unknown)}"), ack
        )
    return Frame(event, body.get("data", {}), ack)


def _error(exc: ConnectoError) -> dict:
    return {"code": exc.code, "reason": exc.message, "details": exc.details}


# Outgoing frames: orjson (a fan-out frame is encoded once for all its sockets); timestamps
# end in Z as in REST answers; objects it does not know are written as text.
_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_UTC_Z


def encode(value: Any) -> str:
    return orjson.dumps(value, default=str, option=_OPTIONS).decode()


def push(event: str, data: Any) -> str:
    return encode({"event": event, "data": data})


def ack_ok(ack: int, data: Any) -> str:
    return encode({"ack": ack, "ok": True, "data": data})


def ack_error(ack: int, exc: ConnectoError) -> str:
    return encode({"ack": ack, "ok": False, "error": _error(exc)})


def error_event(exc: ConnectoError) -> str:
    return push("error", _error(exc))
