"""Running one job safely: at most one run per lock key at a time (a PostgreSQL advisory lock),
each run recorded in ``job_runs``, and claims for work that must happen at most once."""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass

from tortoise import Tortoise

from connecto.jobs.models import RunOutcome

log = logging.getLogger("connecto.jobs")

LOCK = "SELECT pg_try_advisory_lock(hashtextextended($1, 0))"
UNLOCK = "SELECT pg_advisory_unlock(hashtextextended($1, 0))"


@contextlib.asynccontextmanager
async def exclusive(lock_key: str) -> AsyncIterator[bool]:
    """Yields True when this process now holds the lock (and keeps it until the block ends),
    False when another worker or scheduler holds it. A session-level advisory lock on a pooled
    connection: if the process dies, PostgreSQL drops the lock with the connection."""
    async with Tortoise.get_connection("default").acquire_connection() as conn:
        held = await conn.fetchval(LOCK, lock_key)
        try:
            yield held
        finally:
            if held:
                try:
                    await conn.fetchval(UNLOCK, lock_key)
                except Exception:
                    # Never hand a connection that may still hold the lock back to the pool.
                    conn.terminate()


START = """
WITH abandoned AS (
  UPDATE job_runs SET outcome = 'ABANDONED', finished_at = now(),
         error = 'the worker stopped while the job ran'
  WHERE lock_key = $3 AND outcome = 'RUNNING'
)
INSERT INTO job_runs
  (name, queue, lock_key, task_id, attempt, trigger, arguments, started_at, outcome, counts)
VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, now(), $8, '{}'::jsonb)
RETURNING id
"""

FINISH = """
UPDATE job_runs SET finished_at = now(), outcome = $2, counts = $3::jsonb, error = $4
WHERE id = $1
"""

RECORD = """
INSERT INTO job_runs (name, queue, lock_key, task_id, attempt, trigger, arguments, started_at,
                      finished_at, outcome, counts, error)
VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, now(), now(), $8, '{}'::jsonb, $9)
"""


def _json(value: object) -> str:
    return json.dumps(value, default=str)


@dataclass(frozen=True)
class RunContext:
    """Who is running: the job, its queue and lock key, and this attempt's message."""

    name: str
    queue: str
    lock_key: str
    task_id: str | None
    attempt: int
    trigger: str  # schedule | admin | event | retry
    arguments: dict

    def values(self) -> list:
        return [
            self.name,
            self.queue,
            self.lock_key,
            self.task_id,
            self.attempt,
            self.trigger,
            _json(self.arguments),
        ]


async def start(run: RunContext) -> int:
    """Record a run that starts now (the caller holds its lock key, so any run of the same key
    still marked RUNNING belonged to a worker that died: it is marked ABANDONED)."""
    rows = await Tortoise.get_connection("default").execute_query_dict(
        START, [*run.values(), RunOutcome.RUNNING.value]
    )
    return rows[0]["id"]


async def finish(run_id: int, outcome: RunOutcome, counts: object, error: str | None) -> None:
    counts = counts if isinstance(counts, dict) else {"result": counts}
    await Tortoise.get_connection("default").execute_query(
        FINISH, [run_id, outcome.value, _json(counts), error]
    )


async def record(run: RunContext, outcome: RunOutcome, error: str | None = None) -> None:
    """A run that did nothing worth a RUNNING row: skipped, or failed (high-volume jobs)."""
    await Tortoise.get_connection("default").execute_query(
        RECORD, [*run.values(), outcome.value, error]
    )


# --- claims ---------------------------------------------------------------------------------

CLAIM = """
INSERT INTO job_claims (key, job, created_at)
SELECT key, $2, now() FROM unnest($1::text[]) AS key
ON CONFLICT (key) DO NOTHING
RETURNING key
"""


async def claim(job: str, keys: list[str]) -> set[str]:
    """Claim each key for ``job``; returns the keys this call claimed (those claimed before,
    by this or any other run, are left out). The claim commits at once: work done after it
    happens at most once even if two runs race or a run is retried."""
    if not keys:
        return set()
    rows = await Tortoise.get_connection("default").execute_query_dict(CLAIM, [keys, job])
    return {row["key"] for row in rows}
