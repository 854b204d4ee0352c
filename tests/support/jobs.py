"""Running jobs through the admin API, and looking at their runs."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from tests.support.api import Session


async def run_job(admin: Session, job: str, expect: int = 202, **arguments) -> dict:
    r = await admin.post(f"/api/v1/admin/jobs/{job}/run", json={"arguments": arguments})
    assert r.status_code == expect, r.text
    return r.json()


async def run_twice_at_once(admin: Session, job: str, **arguments) -> list[dict]:
    """Two "run now" requests at the same moment; returns both job results."""
    first, second = await asyncio.gather(
        run_job(admin, job, **arguments), run_job(admin, job, **arguments)
    )
    return [first["result"], second["result"]]


async def admin_runs(db, name: str) -> list[dict]:
    """Runs of ``name`` started by an admin (scheduled runs may happen meanwhile)."""
    rows = await db.fetch(
        "SELECT * FROM job_runs WHERE name = $1 AND trigger = 'admin' ORDER BY id", name
    )
    return [dict(row) for row in rows]


@contextlib.asynccontextmanager
async def lock_held_elsewhere(db, key: str) -> AsyncIterator[None]:
    """Hold a job's advisory lock on the test's connection, as another worker would."""
    await db.execute("SELECT pg_advisory_lock(hashtextextended($1, 0))", key)
    try:
        yield
    finally:
        await db.execute("SELECT pg_advisory_unlock(hashtextextended($1, 0))", key)
