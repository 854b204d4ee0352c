"""Tortoise ORM configuration, start-up and migrations (aerich)."""

from __future__ import annotations

import logging
import os
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


def credentials_from_url(url: str, pool_size: int = 20) -> dict:
    """Parse ``postgres://user:pass@host:port/db`` (or ``?host=/socket/dir``) into asyncpg
    credentials; Tortoise's own URL parser cannot express a Unix-socket host."""
    parsed = urlparse(url)
    if parsed.scheme not in ("postgres", "postgresql", "asyncpg"):
        raise ValueError(f"unsupported database URL scheme {parsed.scheme!r}")
    query = parse_qs(parsed.query)
    host = query.get("host", [parsed.hostname or "127.0.0.1"])[0]
    return {
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


def tortoise_config(database_url: str, pool_size: int = 20) -> dict:
    return {
        "connections": {
            "default": {
                "engine": "tortoise.backends.asyncpg",
                "credentials": credentials_from_url(database_url, pool_size),
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


async def init_orm(database_url: str, pool_size: int = 20) -> None:
    # The global fallback lets request tasks (started outside the listener's context) see it.
    await Tortoise.init(
        config=tortoise_config(database_url, pool_size), _enable_global_fallback=True
    )


async def close_orm() -> None:
    await Tortoise.close_connections()


# Several nodes may start at once; one applies the migrations while the others wait.
MIGRATION_LOCK_KEY = 0x436F6E6E  # "Conn"


async def run_migrations(database_url: str) -> list[str]:
    """Apply pending aerich migrations; returns the applied file names."""
    import asyncpg
    from aerich import Command

    creds = credentials_from_url(database_url)
    lock_conn = await asyncpg.connect(
        host=creds["host"],
        port=creds["port"],
        user=creds["user"],
        password=creds["password"] or None,
        database=creds["database"],
    )
    try:
        await lock_conn.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK_KEY)
        command = Command(
            tortoise_config=tortoise_config(database_url, pool_size=2),
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
