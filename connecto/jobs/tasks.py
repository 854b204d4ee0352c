"""Background jobs. Each is a thin wrapper around a service function, so the work itself is
ordinary, testable service code. ``JOBS`` lists the ones an admin may start on demand."""

from __future__ import annotations

from connecto.analytics import service as analytics_service
from connecto.auth import service as auth_service
from connecto.jobs.broker import broker
from connecto.notifications import delivery
from connecto.notifications import service as notification_service
from connecto.notifications import triggers as _triggers  # noqa: F401  (notification.trigger)
from connecto.travels import service as travel_service


@broker.task(task_name="maintenance.expired_data_cleanup", schedule=[{"cron": "0 2 * * *"}])
async def expired_data_cleanup() -> dict:
    """Daily: spent refresh tokens, long-dead sessions, stale push tokens, old notifications."""
    result = await auth_service.cleanup_expired()
    result["notifications"] = await notification_service.cleanup_old()
    return result


@broker.task(task_name="notification.deliver", retry_on_error=False)
async def deliver_notification(notification_id: int) -> str | None:
    """One delivery attempt of one notification record (its own retries are scheduled by
    notification.retry_due, with backoff, so taskiq does not retry here)."""
    return await delivery.attempt(notification_id)


@broker.task(task_name="notification.retry", schedule=[{"cron": "* * * * *"}])
async def retry_due_notifications() -> dict:
    """Every minute: attempts that are due (retries after backoff, pushes held for quiet hours)."""
    return await notification_service.deliver_due()


@broker.task(task_name="travel.status", schedule=[{"cron": "*/5 * * * *"}])
async def travel_status_update() -> dict:
    """Every 5 minutes: INACTIVE <-> ACTIVE as travels start and end (spec 10.1)."""
    return await travel_service.sync_statuses()


@broker.task(task_name="analytics.daily", schedule=[{"cron": "0 2 * * *"}])
async def analytics_daily() -> dict:
    """Daily (spec 10.1 analytics_aggregation): yesterday's and today's numbers so far."""
    return await analytics_service.run_daily()


@broker.task(task_name="analytics.partitions", schedule=[{"cron": "30 1 * * *"}])
async def analytics_partitions() -> dict:
    """Daily: next month's event partition ahead of time; partitions past retention dropped."""
    return await analytics_service.maintain_partitions()


JOBS = {
    task.task_name: task
    for task in (
        expired_data_cleanup,
        travel_status_update,
        retry_due_notifications,
        analytics_daily,
        analytics_partitions,
    )
}
