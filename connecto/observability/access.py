"""Per request: the request id header, the latency histogram and one access-log line.

It is a single response middleware, so a request pays for one function call: Sanic already
notes when it started handling the request (``request.stream.perft0``, used by its own
access log), the route template is on ``request.route``, and the caller (if the route
authenticated one) on ``request.ctx.actor``. Requests no route matched are labelled
``unmatched``, so random paths cannot multiply the metric's series.
"""

from __future__ import annotations

import logging
from time import perf_counter

from sanic import Request, Sanic
from sanic.response import BaseHTTPResponse

from connecto.observability.logs import request_id
from connecto.observability.metrics import observe_request

access_log = logging.getLogger("connecto.access")

UNMATCHED = "unmatched"
_log_requests = True


def install(app: Sanic, *, log_requests: bool) -> None:
    global _log_requests
    _log_requests = log_requests

    def finish(request: Request, response: BaseHTTPResponse) -> None:
        rid = request_id(request)
        response.headers["X-Request-ID"] = rid
        started = getattr(request.stream, "perft0", None)
        seconds = perf_counter() - started if started is not None else 0.0
        route = request.route.uri if request.route is not None else UNMATCHED
        observe_request(request.method, route, response.status, seconds)
        if log_requests and access_log.isEnabledFor(logging.INFO):
            actor = getattr(request.ctx, "actor", None)
            _write(
                "%s %s %s",
                (request.method, request.path, response.status),
                {
                    "method": request.method,
                    "route": route,
                    "path": request.path,
                    "status": response.status,
                    "durationMs": round(seconds * 1000, 2),
                    "userId": actor.user_id if actor is not None else None,
                },
                rid,
            )

    app.register_middleware(finish, "response")


def log_websocket(request: Request, user_id: int | None, seconds: float) -> None:
    """A WebSocket connection's access-log line, written when it ends."""
    if _log_requests and access_log.isEnabledFor(logging.INFO):
        _write(
            "WS %s closed",
            (request.path,),
            {
                "method": "GET",
                "route": request.route.uri if request.route is not None else UNMATCHED,
                "path": request.path,
                "status": 101,
                "durationMs": round(seconds * 1000, 2),
                "userId": user_id,
            },
            request_id(request),
        )


def _write(message: str, args: tuple, fields: dict, rid: str) -> None:
    # makeRecord + handle, not .info(): .info() walks the stack to find the caller's file and
    # line, which an access line does not need and which costs more than the rest of it.
    access_log.handle(
        access_log.makeRecord(
            access_log.name,
            logging.INFO,
            __file__,
            0,
            message,
            args,
            None,
            extra={"request_id": rid, "fields": fields},
        )
    )
