"""The real PostgreSQL and Redis the tests run against, and how to reset them."""

from __future__ import annotations

import asyncio
import os

import asyncpg
import redis.asyncio as aioredis

from connecto.db import credentials_from_url

DATABASE_URL = os.environ.get(
    "CONNECTO_TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("CONNECTO_TEST_REDIS_URL", "redis://127.0.0.1:6379/9")

START_HINT = (
    "Start them with:\n"
    "  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n"
    '  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" '
    "--appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log"
)


async def connect_db(url: str = DATABASE_URL) -> asyncpg.Connection:
    creds = credentials_from_url(url)
    return await asyncpg.connect(
        host=creds["host"],
        port=creds["port"],
        user=creds["user"],
        password=creds["password"] or None,
        database=creds["database"],
    )


async def check_services() -> str | None:
    """None when both services answer, else a message saying which one is missing."""
    problems = []
    try:
        conn = await connect_db()
        await conn.close()
    except Exception as exc:
        problems.append(f"PostgreSQL at {DATABASE_URL}: {exc}")
    client = aioredis.Redis.from_url(REDIS_URL)
    try:
        await client.ping()
    except Exception as exc:
        problems.append(f"Redis at {REDIS_URL}: {exc}")
    finally:
        await client.aclose()
    if problems:
        return "Required services are unreachable:\n  " + "\n  ".join(problems) + "\n" + START_HINT
    return None


async def drop_schema(url: str = DATABASE_URL) -> None:
    """Empty database: the server under test creates everything by running the migrations."""
    conn = await connect_db(url)
    try:
        await conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    finally:
        await conn.close()


async def truncate_all(conn: asyncpg.Connection) -> None:
    tables = await conn.fetch(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'aerich'"
    )
    if not tables:
        return
    names = ", ".join(f'"{row["tablename"]}"' for row in tables)
    # A background job of the previous test (a notification trigger, say) may still hold row
    # locks; TRUNCATE then waits for it, and PostgreSQL may pick the TRUNCATE as the victim of
    # a deadlock between the two. The job finishes in milliseconds: try again.
    for attempt in range(5):
        try:
            # The audit log refuses TRUNCATE (a trigger keeps it append-only); the tests'
            # superuser switches triggers off for this one statement to start each test empty.
            await conn.execute(
                "SET session_replication_role = replica; "
                f"TRUNCATE {names} RESTART IDENTITY CASCADE; "
                "RESET session_replication_role"
            )
            return
        except asyncpg.exceptions.DeadlockDetectedError:
            if attempt == 4:
                raise
            await asyncio.sleep(0.2)


async def flush_redis(url: str = REDIS_URL, keep_heartbeats: bool = True) -> None:
    """Empty the test Redis database. Running servers' process heartbeats (``rt:proc:*``) are
    kept by default: deleting them would look like those processes had crashed."""
    client = aioredis.Redis.from_url(url)
    try:
        if not keep_heartbeats:
            await client.flushdb()
            return
        doomed = [
            key async for key in client.scan_iter(count=1000) if not key.startswith(b"rt:proc:")
        ]
        for start in range(0, len(doomed), 1000):
            await client.delete(*doomed[start : start + 1000])
    finally:
        await client.aclose()


class ScratchDatabase:
    """A throw-away database next to the test database, for extra server processes that must
    not disturb the session's server."""

    def __init__(self, suffix: str) -> None:
        creds = credentials_from_url(DATABASE_URL)
        self.name = f"{creds['database']}_{suffix}"
        self.url = DATABASE_URL.rsplit("/", 1)[0] + "/" + self.name

    async def __aenter__(self) -> str:
        await self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        await self._admin(f'CREATE DATABASE "{self.name}"')
        return self.url

    async def __aexit__(self, *exc) -> None:
        await self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    async def _admin(self, sql: str) -> None:
        conn = await connect_db(DATABASE_URL)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()
