"""Tortoise ORM configuration, start-up and migrations (aerich)."""

from __future__ import annotations

import logging
import os
import ssl
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from tortoise import Tortoise

log = logging.getLogger("connecto.db")

# Every module holding Tortoise models. One app: all tables live in one schema.
MODEL_MODULES = [
    "connecto.users.models",
    "connecto.auth.models",
    "connecto.notifications.models",
    "connecto.travels.models",
    "connecto.planets.models",
    "connecto.messages.models",
    "connecto.reads.models",
    "connecto.moderation.models",
    "connecto.jobs.models",
    "connecto.accounts.models",
    "connecto.files.models",
    "connecto.analytics.models",
    "connecto.audit.models",
]
MIGRATIONS_DIR = str(Path(__file__).resolve().parent.parent / "migrations")


async def _keep_session(connection) -> None:
    return None


SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
KNOWN_URL_OPTIONS = {"host", "sslmode", "sslrootcert"}


def ssl_option(mode: str | None, ca_file: str | os.PathLike | None) -> object | None:
    """asyncpg's ``ssl`` argument for a libpq ``sslmode`` and an optional CA file.

    None: asyncpg's default (``prefer`` over TCP). ``verify-ca``/``verify-full`` check the
    server's certificate against the CA file, or the system's CAs without one (managed
    services signed by a public CA); ``require`` with a CA file checks the chain but not the
    host name, as libpq does."""
    if mode is None and ca_file is None:
        return None
    mode = mode or "verify-full"  # a CA file is given to be used
    if mode not in SSL_MODES:
        raise ValueError(f"sslmode must be one of {', '.join(SSL_MODES)}, not {mode!r}")
    if mode in ("disable", "allow", "prefer") or (mode == "require" and ca_file is None):
        return mode
    context = ssl.create_default_context(cafile=str(ca_file) if ca_file else None)
    context.check_hostname = mode == "verify-full"
    return context


def credentials_from_url(
    url: str,
    pool_size: int = 20,
    *,
    ssl_ca_file: str | os.PathLike | None = None,
    statement_timeout_seconds: float = 0,
    connect_timeout_seconds: float | None = None,
) -> dict:
    """Parse ``postgres://user:pass@host:port/db`` (``?host=/socket/dir`` for a Unix socket,
    ``?sslmode=...&sslrootcert=...`` for TLS) into asyncpg credentials; Tortoise's own URL
    parser cannot express a Unix-socket host."""
    parsed = urlparse(url)
    if parsed.scheme not in ("postgres", "postgresql", "asyncpg"):
        raise ValueError(f"unsupported database URL scheme {parsed.scheme!r}")
    query = parse_qs(parsed.query)
    unknown = sorted(set(query) - KNOWN_URL_OPTIONS)
    if unknown:
        raise ValueError(
            f"unsupported database URL option(s) {', '.join(unknown)} "
            f"(known: {', '.join(sorted(KNOWN_URL_OPTIONS))})"
        )
    host = query.get("host", [parsed.hostname or "127.0.0.1"])[0]
    credentials = {
        "host": host,
        "port": parsed.port or 5432,
        "user": unquote(parsed.username or "postgres"),
        "password": unquote(parsed.password or ""),
        "database": (parsed.path or "/postgres").lstrip("/") or "postgres",
        "minsize": 1,
        "maxsize": pool_size,
        # asyncpg resets a connection's session (advisory locks, LISTEN, SET) on release, one
        # round trip each time. The app keeps no session state on pooled connections (the
        # migration lock uses a connection of its own), so only the rollback of an unfinished
        # transaction, which asyncpg always does, is kept.
        "reset": _keep_session,
    }
    tls = ssl_option(
        query.get("sslmode", [None])[0], query.get("sslrootcert", [None])[0] or ssl_ca_file
    )
    if tls is not None:
        credentials["ssl"] = tls
    if statement_timeout_seconds:
        # Per connection, set when it opens: a runaway query gives its connection back.
        credentials["server_settings"] = {
            "statement_timeout": str(int(statement_timeout_seconds * 1000))
        }
    if connect_timeout_seconds:
        credentials["timeout"] = connect_timeout_seconds
    return credentials


def connection_options(settings, *, web: bool) -> dict:
    """``credentials_from_url`` keywords from the settings (statement timeout: web only)."""
    return {
        "ssl_ca_file": settings.database_ssl_ca_file,
        "statement_timeout_seconds": settings.database_statement_timeout_seconds if web else 0,
        "connect_timeout_seconds": settings.database_connect_timeout_seconds,
    }


def tortoise_config(database_url: str, pool_size: int = 20, **options) -> dict:
    return {
        "connections": {
            "default": {
                "engine": "tortoise.backends.asyncpg",
                "credentials": credentials_from_url(database_url, pool_size, **options),
            }
        },
        "apps": {
            "models": {
                "models": [*MODEL_MODULES, "aerich.models"],
                "default_connection": "default",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


# Used by the ``aerich`` CLI (pyproject ``[tool.aerich]``) to generate migrations.
AERICH_CONFIG = tortoise_config(
    os.environ.get("CONNECTO_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")
)


async def init_orm(database_url: str, pool_size: int = 20, **options) -> None:
    """``options``: see ``credentials_from_url`` (TLS, statement and connect timeouts)."""
    # The global fallback lets request tasks (started outside the listener's context) see it.
    await Tortoise.init(
        config=tortoise_config(database_url, pool_size, **options), _enable_global_fallback=True
    )


async def close_orm() -> None:
    await Tortoise.close_connections()


# Several nodes may start at once; one applies the migrations while the others wait.
MIGRATION_LOCK_KEY = 0x436F6E6E  # "Conn"


async def run_migrations(database_url: str, **options) -> list[str]:
    """Apply pending aerich migrations; returns the applied file names. ``options``: TLS and
    connect timeout as in ``credentials_from_url`` (migrations have no statement timeout)."""
    import asyncpg
    from aerich import Command

    options["statement_timeout_seconds"] = 0
    creds = credentials_from_url(database_url, **options)
    lock_conn = await asyncpg.connect(
        host=creds["host"],
        port=creds["port"],
        user=creds["user"],
        password=creds["password"] or None,
        database=creds["database"],
        **{key: creds[key] for key in ("ssl", "timeout") if key in creds},
    )
    try:
        await lock_conn.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK_KEY)
        command = Command(
            tortoise_config=tortoise_config(database_url, pool_size=2, **options),
            app="models",
            location=MIGRATIONS_DIR,
        )
        await command.init()
        try:
            applied = await command.upgrade(run_in_transaction=True)
        finally:
            await Tortoise.close_connections()
    finally:
        await lock_conn.close()  # releases the advisory lock
    for name in applied:
        log.info("applied migration %s", name)
    return applied


async def pending_model_changes() -> list[str]:
    """SQL that aerich would put in a new migration: empty when models and migrations agree.
    Works offline from the model state stored in the newest migration file."""
    from aerich.migrate import Migrate
    from aerich.utils import get_models_describe

    config = tortoise_config("postgres://postgres@127.0.0.1:5432/unused", pool_size=1)
    await Migrate.init(config, "models", MIGRATIONS_DIR, offline=True)
    try:
        new_state = get_models_describe("models")
        old_state = Migrate._last_version_content or {}
        Migrate.diff_models(old_state, new_state, no_input=True)
        Migrate.diff_models(new_state, old_state, False, no_input=True)
        Migrate._merge_operators()
        return list(Migrate.upgrade_operators)
    finally:
        await Tortoise.close_connections()


# --- hand-written SQL for hot paths (each domain keeps its statements in queries.py) ---------


def _client():
    # Inside ``in_transaction()`` this is the transaction's connection, so hot queries join it.
    return Tortoise.get_connection("default")


async def fetch(sql: str, *args) -> list:
    async with _client().acquire_connection() as conn:
        return await conn.fetch(sql, *args)


async def fetchrow(sql: str, *args):
    async with _client().acquire_connection() as conn:
        return await conn.fetchrow(sql, *args)


async def fetchval(sql: str, *args):
    async with _client().acquire_connection() as conn:
        return await conn.fetchval(sql, *args)


def model_columns(model, alias: str, prefix: str) -> str:
    """``alias."col" AS "<prefix>col"`` for every column of a Tortoise model, so one joined
    row can carry several models (``model_from_row`` takes them back out)."""
    return ", ".join(f'{alias}."{c}" AS "{prefix}{c}"' for c in sorted(model._meta.db_fields))


def model_from_row(model, row, prefix: str):
    """The model instance Tortoise itself would have built from these columns, or None when
    they are all NULL (an outer join that found nothing)."""
    if row[f"{prefix}id"] is None:
        return None
    return model._init_from_db(**{c: row[prefix + c] for c in model._meta.db_fields})


async def execute(sql: str, *args) -> str:
    async with _client().acquire_connection() as conn:
        return await conn.execute(sql, *args)
