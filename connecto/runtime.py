"""Start and stop the process-wide services: used by the web app's listeners and by Taskiq
worker processes, so both run the same service code against the same resources."""

from __future__ import annotations

import importlib

from connecto import db, ratelimit, redis_client
from connecto.auth.idp import IdentityVerifier
from connecto.auth.tokens import TokenCodec
from connecto.container import Container, container, install
from connecto.settings import Settings


def install_container(settings: Settings) -> Container:
    value = Container(
        settings=settings,
        tokens=TokenCodec(
            settings.signing_secret,
            settings.access_token_ttl_seconds,
            settings.refresh_token_ttl_seconds,
        ),
        identity=IdentityVerifier(settings),
    )
    install(value)
    ratelimit.configure(settings.action_rate_limits)
    return value


async def start(settings: Settings, *, web: bool = True) -> None:
    """Connect the database and Redis for this process (``web``: a Sanic worker, whose
    statements get the configured timeout; job workers run long statements)."""
    await db.init_orm(
        settings.database_url,
        settings.database_pool_size,
        **db.connection_options(settings, web=web),
    )
    container().redis = await redis_client.connect(settings)
    redis_client.start_probe(settings)


async def stop() -> None:
    from connecto.files.storage import close_store

    await close_store()
    container().redis = None
    await redis_client.close()
    await db.close_orm()


def load_subscribers() -> None:
    """Register every domain-event subscriber, in the web app and in job workers alike (jobs
    emit events too: a lifted ban, a purged account). Real-time subscribers first, so a member
    added to a room hears the SYSTEM message posted right after."""
    from connecto.realtime import setup as realtime

    realtime.load_handlers()
    importlib.import_module("connecto.messages.system")
    importlib.import_module("connecto.notifications.triggers")
