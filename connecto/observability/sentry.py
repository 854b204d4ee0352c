"""Optional error reporting to Sentry (spec 12.2), on when ``CONNECTO_SENTRY_DSN`` is set.

Web processes use sentry-sdk's Sanic integration (request data, unhandled errors); every
process reports error-level log lines through the logging integration. Each event is tagged
with the request id, so a report leads straight to the request's log lines.
"""

from __future__ import annotations

from connecto import __version__
from connecto.observability.logs import current_request_id
from connecto.settings import Settings


def _tag_request(event: dict, hint: dict) -> dict:
    rid = current_request_id()
    if rid is not None:
        event.setdefault("tags", {})["request_id"] = rid
    return event


def init(settings: Settings, *, web: bool) -> bool:
    """Start reporting if a DSN is configured. Returns whether it did."""
    if not settings.sentry_dsn:
        return False
    import sentry_sdk

    integrations = []
    if web:
        from sentry_sdk.integrations.sanic import SanicIntegration

        integrations.append(SanicIntegration())
    sentry_sdk.init(
        dsn=settings.sentry_dsn,
        environment=settings.env,
        release=f"connecto@{__version__}",
        traces_sample_rate=settings.sentry_traces_sample_rate,
        send_default_pii=False,
        integrations=integrations,
        before_send=_tag_request,
    )
    return True
