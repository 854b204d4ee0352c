"""Application factory: wires settings, services, routes, listeners and error handling."""

from __future__ import annotations

import importlib
import logging

from sanic import Request, Sanic
from sanic.exceptions import SanicException
from sanic.response import json as json_response
from sanic_ext import openapi
from sanic_ext.extensions.openapi.builders import SpecificationBuilder

from connecto import __version__, runtime
from connecto.analytics import recorder as analytics
from connecto.analytics import routes as analytics_routes
from connecto.auth import dev_idp
from connecto.auth import routes as auth_routes
from connecto.container import container
from connecto.errors import ConnectoError, error_body
from connecto.health import routes as health_routes
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


def _error_body(exc: Exception) -> tuple[dict, int]:
    if isinstance(exc, ConnectoError):
        return {"error": exc.to_dict()}, exc.status
    if isinstance(exc, SanicException) and 400 <= exc.status_code < 500:
        code = SANIC_STATUS_CODES.get(exc.status_code, "BAD_REQUEST")
        message = str(exc) if code in ("VALIDATION_ERROR", "BAD_REQUEST") else None
        return error_body(code, message), exc.status_code
    if isinstance(exc, SanicException) and exc.status_code == 503:
        return error_body("SERVICE_UNAVAILABLE"), 503
    log.exception("unhandled error", exc_info=exc)
    return error_body("INTERNAL_ERROR"), 500


def _error_response(request: Request, exc: Exception):
    body, status = _error_body(exc)
    # The request id lets a user's bug report be matched with the server's log lines.
    body["error"]["requestId"] = request_id(request)
    return json_response(body, status=status)


def create_app(settings: Settings | None = None, name: str = "connecto") -> Sanic:
    settings = settings or Settings()
    if not settings.database_url:
        raise RuntimeError(
            "create_app needs settings.database_url (python -m connecto run "
            "starts an embedded PostgreSQL when it is unset)"
        )
    logs.configure(settings)
    sentry.init(settings, web=True)
    app = Sanic(name, configure_logging=False)
    app.config.REQUEST_MAX_SIZE = settings.max_body_bytes
    app.config.FALLBACK_ERROR_FORMAT = "json"
    app.config.KEEP_ALIVE_TIMEOUT = 30
    # Hard protocol limit; frames above settings.ws_max_frame_bytes are refused politely.
    app.config.WEBSOCKET_MAX_SIZE = 1024 * 1024
    app.config.WEBSOCKET_PING_INTERVAL = settings.ws_ping_interval_seconds
    app.config.WEBSOCKET_PING_TIMEOUT = settings.ws_ping_interval_seconds
    app.config.OAS_URL_PREFIX = "/docs"
    app.config.OAS_UI_DEFAULT = "swagger"
    app.config.OAS_UI_REDOC = False
    app.config.CORS = False
    app.config.HEALTH = False
    app.ext.openapi.describe(
        "Connecto API",
        version=__version__,
        description="Real-time messaging for travel groups. Errors use "
        '{"error": {"code", "message", "details", "requestId"}}; see the README for the code '
        "table.",
    )
    app.ext.openapi.add_security_scheme("bearerAuth", "http", scheme="bearer", bearer_format="JWT")
    app.ctx.settings = settings

    runtime.install_container(settings)
    # Real-time subscribers register before the SYSTEM-message ones, so a member added to a
    # room hears the "joined" message posted right after.
    realtime.load_handlers()
    importlib.import_module("connecto.messages.system")
    importlib.import_module("connecto.notifications.triggers")
    importlib.import_module("connecto.analytics.subscribers")

    access.install(app, log_requests=settings.access_log)

    @app.exception(Exception)
    async def handle_error(request: Request, exc: Exception):
        return _error_response(request, exc)

    @app.get("/openapi.json")
    @openapi.exclude()
    async def openapi_json(request: Request):
        return json_response(SpecificationBuilder().build(request.app).serialize())

    for bp in (
        health_routes.bp,
        auth_routes.bp,
        user_routes.bp,
        user_routes.admin_bp,
        notification_routes.bp,
        notification_routes.admin_bp,
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
        analytics_routes.bp,
        realtime_gateway.bp,
    ):
        app.blueprint(bp)
    if settings.dev_idp_enabled:
        app.blueprint(dev_idp.blueprint(settings))
        app.blueprint(job_routes.dev_bp)

    @app.before_server_start
    async def start_services(app: Sanic):
        await runtime.start(settings)
        await realtime.start(settings.redis_url if container().redis is not None else None)
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
