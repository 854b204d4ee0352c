"""Structured logs: one JSON object per line, each carrying the id of the request being served.

The request id comes from the client's ``X-Request-ID`` (when it is a sane token) or is made
up here; it is returned in the response header and in error bodies. A logging filter reads the
current request from Sanic's context variable, so every line written while serving a request
(in the handler, in services, in an in-process job it started) carries its id without
passing it around. A WebSocket connection keeps the id of its upgrade request.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import uuid
from datetime import UTC, datetime

from sanic import Request

from connecto.settings import Settings

REQUEST_ID_HEADER = "x-request-id"
# Accepted from clients: short, no spaces or quotes (it goes into logs and headers).
_CLIENT_ID = re.compile(r"[A-Za-z0-9._:\-]{1,128}")


def request_id(request: Request) -> str:
    """This request's id, decided once and kept on ``request.ctx``."""
    ctx = request.ctx
    rid = getattr(ctx, "request_id", None)
    if rid is None:
        given = request.headers.get(REQUEST_ID_HEADER)
        rid = given if given and _CLIENT_ID.fullmatch(given) else uuid.uuid4().hex
        ctx.request_id = rid
    return rid


def current_request_id() -> str | None:
    request = Request._current.get(None)
    return request_id(request) if request is not None else None


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return True


class JsonFormatter(logging.Formatter):
    """``{"ts", "level", "logger", "message", "requestId", ...fields}``; ``fields`` is an
    optional dict passed as ``extra={"fields": {...}}``."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        rid = getattr(record, "request_id", None)
        if rid is not None:
            entry["requestId"] = rid
        fields = getattr(record, "fields", None)
        if fields:
            entry.update(fields)
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        fields = getattr(record, "fields", None)
        if fields:
            line += " " + " ".join(f"{key}={value}" for key, value in fields.items())
        return line


def configure(settings: Settings) -> None:
    """Route every logger through one handler on stderr with the request id (idempotent;
    each worker process calls it)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter() if settings.log_format == "json" else TextFormatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(settings.log_level.upper())
