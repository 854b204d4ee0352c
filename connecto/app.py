"""Application factory: wires settings, services, routes, listeners and error handling."""

from __future__ import annotations

import importlib
import logging

from sanic import Request, Sanic
from sanic.exceptions import SanicException
from sanic.response import json as json_response

from connecto import listening, openapi, outages, requestlimits, runtime
from connecto.accounts import routes as account_routes
from connecto.analytics import recorder as analytics
from connecto.analytics import routes as analytics_routes
from connecto.audit import routes as audit_routes
from connecto.auth import dev_idp
from connecto.auth import routes as auth_routes
from connecto.errors import ConnectoError, error_body
from connecto.files import routes as file_routes
from connecto.health import routes as health_routes
from connecto.http import dumps_json
from connecto.jobs import lifecycle as jobs
from connecto.jobs import routes as job_routes
from connecto.messages import routes as message_routes
from connecto.moderation import routes as moderation_routes
from connecto.notifications import delivery as notification_delivery
from connecto.notifications import routes as notification_routes
from connecto.observability import access, logs, metrics, sentry
from connecto.observability.logs import request_id
from connecto.planets import routes as planet_routes
from connecto.reads import routes as read_routes
from connecto.realtime import gateway as realtime_gateway
from connecto.realtime import setup as realtime
from connecto.schemas import INT64_MAX, INT64_MIN
from connecto.settings import Settings
from connecto.travels import routes as travel_routes
from connecto.users import routes as user_routes

log = logging.getLogger("connecto")

# Sanic's own exceptions, by status, mapped onto our error codes.
SANIC_STATUS_CODES = {
    400: "VALIDATION_ERROR",
    401: "AUTH_REQUIRED",
    403: "FORBIDDEN",
    404: "ROUTE_NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    426: "UPGRADE_REQUIRED",
    429: "RATE_LIMITED",
    503: "SERVICE_UNAVAILABLE",
}


def _error_body(exc: Exception) -> tuple[dict, int, dict[str, str]]:
    if isinstance(exc, ConnectoError):
        headers = {}
        if exc.status == 429 and "retryAfterSeconds" in exc.details:
            headers["Retry-After"] = str(exc.details["retryAfterSeconds"])
        elif exc.code == "SERVICE_UNAVAILABLE":
            seconds = exc.details.get("retryAfterSeconds", outages.RETRY_AFTER_SECONDS)
            headers["Retry-After"] = str(seconds)
        return {"error": exc.to_dict()}, exc.status, headers
    outage = outages.unavailable_error(exc)
    if outage is not None:
        # Expected while PostgreSQL or Redis restarts: one line, not a traceback per request.
        log.warning("%s: %s: %s", outage.message, type(exc).__name__, exc)
        return _error_body(outage)
    if isinstance(exc, SanicException) and 400 <= exc.status_code < 500:
        code = SANIC_STATUS_CODES.get(exc.status_code, "BAD_REQUEST")
        message = str(exc) if code in ("VALIDATION_ERROR", "BAD_REQUEST") else None
        # Sanic's headers matter: a 405 names the allowed methods in Allow (RFC 9110).
        return error_body(code, message), exc.status_code, dict(exc.headers or {})
    if isinstance(exc, SanicException) and exc.status_code == 503:
        return (
            error_body("SERVICE_UNAVAILABLE"),
            503,
            {"Retry-After": str(outages.RETRY_AFTER_SECONDS)},
        )
    log.exception("unhandled error", exc_info=exc)
    return error_body("INTERNAL_ERROR"), 500, {}


def _error_response(request: Request, exc: Exception):
    body, status, headers = _error_body(exc)
    # The request id lets a user's bug report be matched with the server's log lines.
    body["error"]["requestId"] = request_id(request)
    return json_response(body, status=status, headers=headers or None)


# Request headers a browser client sends (preflights ask for them), and response headers its
# scripts may read. "*" cannot stand for Authorization (Fetch standard), so they are named.
CORS_ALLOW_HEADERS = "authorization,content-type,x-request-id"
CORS_EXPOSE_HEADERS = "retry-after,x-request-id,allow"


def configure_cors(app: Sanic, settings: Settings) -> None:
    """sanic-ext's CORS (its response middleware and automatic OPTIONS answers), on only when
    origins are allowed (``CONNECTO_CORS_ORIGINS``; none by default in production). Tokens
    travel in the Authorization header, never in cookies, so credentials stay off."""
    origins = settings.resolved_cors_origins
    app.config.CORS = bool(origins)
    app.config.CORS_ORIGINS = "*" if "*" in origins else origins
    app.config.CORS_ALLOW_HEADERS = CORS_ALLOW_HEADERS
    app.config.CORS_EXPOSE_HEADERS = CORS_EXPOSE_HEADERS
    app.config.CORS_MAX_AGE = settings.cors_max_age_seconds
    app.config.CORS_SUPPORTS_CREDENTIALS = False


def create_app(settings: Settings | None = None, name: str = "connecto") -> Sanic:
    settings = settings or Settings()
    if not settings.database_url:
        raise RuntimeError(
            "create_app needs settings.database_url (python -m connecto run "
            "starts an embedded PostgreSQL when it is unset)"
        )
    logs.configure(settings)
    sentry.init(settings, web=True)
    app = Sanic(name, configure_logging=False, dumps=dumps_json)
    app.config.REQUEST_MAX_SIZE = settings.max_body_bytes
    app.config.FALLBACK_ERROR_FORMAT = "json"
    app.config.KEEP_ALIVE_TIMEOUT = 30
    # Behind N proxies the client is the Nth address from the right of X-Forwarded-For.
    app.config.PROXIES_COUNT = settings.proxies_count
    # Hard protocol limit; frames above settings.ws_max_frame_bytes are refused politely.
    app.config.WEBSOCKET_MAX_SIZE = 1024 * 1024
    app.config.WEBSOCKET_PING_INTERVAL = settings.ws_ping_interval_seconds
    app.config.WEBSOCKET_PING_TIMEOUT = settings.ws_ping_interval_seconds
    # connecto/openapi.py serves the document and sanic-ext's Swagger UI page itself.
    app.config.OAS = False
    app.config.HEALTH = False
    configure_cors(app, settings)
    app.ctx.settings = settings

    runtime.install_container(settings)
    runtime.load_subscribers()
    # Analytics are recorded where requests are served (its buffer flushes with the app).
    importlib.import_module("connecto.analytics.subscribers")

    access.install(app, log_requests=settings.access_log)

    @app.exception(Exception)
    async def handle_error(request: Request, exc: Exception):
        return _error_response(request, exc)

    @app.on_request
    async def ids_in_range(request: Request):
        # Ids are BIGINTs: one out of that range cannot exist (and PostgreSQL refuses it).
        for value in request.match_info.values():
            if isinstance(value, int) and not INT64_MIN <= value <= INT64_MAX:
                raise ConnectoError("NOT_FOUND")

    requestlimits.install(app, settings)

    if settings.env == "test":
        app.on_response(openapi.check_documented)

    for bp in (
        openapi.bp,
        health_routes.bp,
        auth_routes.bp,
        user_routes.bp,
        user_routes.admin_bp,
        account_routes.bp,
        account_routes.downloads_bp,
        notification_routes.bp,
        notification_routes.admin_bp,
        notification_routes.broadcasts_bp,
        job_routes.bp,
        travel_routes.bp,
        travel_routes.members_bp,
        planet_routes.travel_planets_bp,
        planet_routes.bp,
        message_routes.planet_messages_bp,
        message_routes.direct_bp,
        message_routes.bp,
        read_routes.bp,
        moderation_routes.bp,
        audit_routes.bp,
        file_routes.uploads_bp,
        file_routes.files_bp,
        analytics_routes.bp,
        realtime_gateway.bp,
    ):
        app.blueprint(bp)
    if settings.dev_idp_enabled:
        app.blueprint(dev_idp.blueprint(settings))
        app.blueprint(job_routes.dev_bp)

    @app.before_server_start
    async def listen_on_own_socket(app: Sanic):
        listening.use_own_socket(app)

    @app.before_server_start
    async def start_services(app: Sanic):
        await runtime.start(settings)
        await realtime.start(settings.redis_url)
        await jobs.start_in_web_process(app)
        await metrics.start_sampler(settings.metrics_sample_seconds)
        await analytics.start(settings)

    @app.after_server_stop
    async def stop_services(app: Sanic):
        await metrics.stop_sampler()
        await jobs.stop_in_web_process(app)
        await realtime.stop()
        await notification_delivery.close_clients()
        await analytics.stop()  # writes what is still buffered
        await runtime.stop()

    return app


def create_app_from_env() -> Sanic:
    """App factory for Sanic worker processes: each reads its settings from the environment
    (``python -m connecto run`` exported the embedded database URL there)."""
    return create_app(Settings())
