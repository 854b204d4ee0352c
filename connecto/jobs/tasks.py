"""Background jobs. Each is a thin wrapper around a service function, so the work itself is
ordinary, testable service code. ``JOBS`` lists the ones an admin may start on demand."""

from __future__ import annotations

from connecto.auth import service as auth_service
from connecto.jobs.broker import broker


@broker.task(task_name="maintenance.expired_data_cleanup", schedule=[{"cron": "0 2 * * *"}])
async def expired_data_cleanup() -> dict:
    """Daily: spent refresh tokens, long-dead sessions, stale push tokens."""
    return await auth_service.cleanup_expired()


JOBS = {task.task_name: task for task in (expired_data_cleanup,)}
