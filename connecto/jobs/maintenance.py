"""Database maintenance that matters on PostgreSQL, and the jobs' own housekeeping.

Autovacuum does most of the work; these jobs cover what it does late on a chat workload:
planner statistics of tables that changed a lot since their last ANALYZE (hourly), the
full-text index's pending list (new messages wait there until merged), dead rows of the
busiest tables (weekly VACUUM), and job history that nobody reads any more.
"""

from __future__ import annotations

from datetime import timedelta

from tortoise import Tortoise

from connecto.jobs.models import JobClaim, JobRun
from connecto.timeutil import utcnow

# The tables every request path reads; only these are considered.
HOT_TABLES = (
    "messages",
    "message_read_receipts",
    "planet_read_states",
    "message_reactions",
    "notifications",
    "planet_users",
    "travel_users",
    "planets",
    "auth_sessions",
    "job_runs",
)
SEARCH_INDEX = "idx_messages_search"
# ANALYZE when this share of the rows changed since the last one (autovacuum waits for 10 %).
ANALYZE_SHARE = 0.05
VACUUM_SHARE = 0.10
MIN_CHANGED_ROWS = 1000

STATS = """
SELECT relname, n_live_tup, n_dead_tup, n_mod_since_analyze
FROM pg_stat_user_tables WHERE schemaname = 'public' AND relname = ANY($1)
ORDER BY relname
"""

JOB_RUN_RETENTION = timedelta(days=30)
# Claims guard work whose window is a day or two (reminders, digests); a week is plenty.
CLAIM_RETENTION = timedelta(days=7)


async def _stats() -> list[dict]:
    return await Tortoise.get_connection("default").execute_query_dict(STATS, [list(HOT_TABLES)])


async def _run(statement: str) -> None:
    # VACUUM refuses to run in a transaction or a prepared statement: a plain execute.
    async with Tortoise.get_connection("default").acquire_connection() as conn:
        await conn.execute(statement)


def _changed(count: int, live: int, share: float) -> bool:
    return count >= MIN_CHANGED_ROWS and count >= share * max(live, 1)


async def optimize() -> dict:
    analyzed = []
    for row in await _stats():
        if _changed(row["n_mod_since_analyze"], row["n_live_tup"], ANALYZE_SHARE):
            await _run(f'ANALYZE "{row["relname"]}"')  # names come from HOT_TABLES
            analyzed.append(row["relname"])
    pages = await Tortoise.get_connection("default").execute_query_dict(
        f"SELECT gin_clean_pending_list('{SEARCH_INDEX}'::regclass) AS pages"
    )
    return {"analyzed": analyzed, "searchIndexPagesMerged": pages[0]["pages"]}


async def vacuum() -> dict:
    vacuumed = []
    for row in await _stats():
        if _changed(row["n_dead_tup"], row["n_live_tup"], VACUUM_SHARE):
            await _run(f'VACUUM (ANALYZE) "{row["relname"]}"')
            vacuumed.append(row["relname"])
    return {"vacuumed": vacuumed, "checked": len(HOT_TABLES)}


async def cleanup_job_history() -> dict:
    now = utcnow()
    runs = await JobRun.filter(started_at__lt=now - JOB_RUN_RETENTION).delete()
    claims = await JobClaim.filter(created_at__lt=now - CLAIM_RETENTION).delete()
    return {"jobRuns": runs, "jobClaims": claims}
