"""Background jobs. Each is a thin wrapper around a service function, so the work itself is
ordinary, testable service code. ``JOBS`` lists the ones an admin may start on demand."""

from __future__ import annotations

from connecto.auth import service as auth_service
from connecto.files import cleanup as file_cleanup
from connecto.files import pipeline as file_pipeline
from connecto.jobs.broker import broker
from connecto.messages import service as message_service
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


@broker.task(task_name="file.process", retry_on_error=False)
async def process_file(file_id: int) -> str | None:
    """Scan, check and derive the variants of one completed upload. Idempotent (a claimed
    lease); its own retries, with backoff, are started by file.process_due."""
    return await file_pipeline.process(file_id)


@broker.task(task_name="file.process_due", schedule=[{"cron": "* * * * *"}])
async def process_due_files() -> dict:
    """Every minute: uploads waiting for a (new) processing attempt."""
    due = await file_pipeline.due_file_ids()
    for file_id in due:
        await process_file.kiq(file_id)
    return {"queued": len(due)}


@broker.task(task_name="file.cleanup", schedule=[{"cron": "17 * * * *"}])
async def cleanup_files() -> dict:
    """Hourly: abort uploads left incomplete for 24 h, delete files never sent after 7 days
    and files of messages deleted past the restore window (spec 10.1 file storage cleanup)."""
    return await file_cleanup.run(restore_window=message_service.RESTORE_WINDOW)


JOBS = {
    task.task_name: task
    for task in (
        expired_data_cleanup,
        travel_status_update,
        retry_due_notifications,
        process_due_files,
        cleanup_files,
    )
}
