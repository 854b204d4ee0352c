"""The job catalogue (spec 10.1 schedule, 10.2 job types and priorities).

Each job is a thin wrapper around a service function, so the work itself is ordinary,
testable service code; ``@job`` adds the queue, schedule, retries, lock and run record.
Schedules are cron expressions in UTC. Jobs defined next to their domain (the notification
trigger) are imported through ``JOB_MODULES``, so a worker that imports this module knows
every job.
"""

from __future__ import annotations

import importlib

from connecto.accounts import export as account_export
from connecto.accounts import service as accounts
from connecto.analytics import service as analytics_service
from connecto.auth import service as auth_service
from connecto.files import cleanup as file_cleanup
from connecto.files import pipeline as file_pipeline
from connecto.jobs import maintenance
from connecto.jobs.queues import Priority
from connecto.jobs.registry import job
from connecto.messages import service as message_service
from connecto.moderation import expiry as moderation_expiry
from connecto.notifications import broadcast, delivery, digest, reminders
from connecto.notifications import service as notification_service
from connecto.planets import chat_windows
from connecto.reads import service as reads
from connecto.realtime import cleanup as realtime_cleanup
from connecto.travels import service as travel_service

# Modules that define jobs next to their domain; add a new one here.
JOB_MODULES = ("connecto.notifications.triggers",)
for _module in JOB_MODULES:
    importlib.import_module(_module)


# --- CRITICAL: user-facing delivery ------------------------------------------------------------
# A delivery attempt claims its notification record and schedules the record's own retries
# with backoff (notification.retry sends them), so the job itself is not retried or locked.


@job("notification.push", Priority.CRITICAL, tries=1, lock="none", record="failures")
async def deliver_push(notification_id: int) -> str | None:
    """One FCM delivery attempt of one notification record."""
    return await delivery.attempt(notification_id)


@job("notification.email", Priority.CRITICAL, tries=1, lock="none", record="failures")
async def deliver_email(notification_id: int) -> str | None:
    """One SMTP delivery attempt of one notification record."""
    return await delivery.attempt(notification_id)


@job("notification.sms", Priority.CRITICAL, tries=1, lock="none", record="failures")
async def deliver_sms(notification_id: int) -> str | None:
    """One SMS delivery attempt of one notification record."""
    return await delivery.attempt(notification_id)


# --- HIGH: real-time state ---------------------------------------------------------------------


@job("notification.retry", Priority.HIGH, schedule="* * * * *")
async def retry_due_notifications() -> dict:
    """Every minute: delivery attempts that are due (retries after backoff, pushes held for
    quiet hours)."""
    return await notification_service.deliver_due()


@job("planet.chat_windows", Priority.HIGH, schedule="* * * * *")
async def planet_chat_windows() -> dict:
    """Every minute: planets whose time-restricted chat window opened or closed; members get
    planet:chat_status live."""
    return await chat_windows.apply_due()


@job("moderation.lift_expired", Priority.HIGH, schedule="* * * * *")
async def lift_expired_penalties() -> dict:
    """Every minute: time-limited platform bans, travel bans and planet mutes that ran out are
    lifted, and each member is told."""
    return await moderation_expiry.lift_expired()


# --- NORMAL: travel lifecycle, reminders, digests, optimisation ---------------------------------


@job("travel.status", Priority.NORMAL, schedule="*/5 * * * *")
async def travel_status_update() -> dict:
    """Every 5 minutes: INACTIVE <-> ACTIVE as travels start and end (spec 10.1)."""
    return await travel_service.sync_statuses()


@job("travel.reminders", Priority.NORMAL, schedule="*/5 * * * *")
async def travel_reminders() -> dict:
    """Every 5 minutes: members hear once that their travel has started, and once, a day
    ahead, that it ends tomorrow (spec TRAVEL_EXPIRY_NOTICE)."""
    return await reminders.send_due()


@job("member.digest", Priority.NORMAL, schedule="0 * * * *")
async def member_digest() -> dict:
    """Hourly: the daily activity digest (unread messages per travel, mentions) for users whose
    local time reached the digest hour; nothing for someone with nothing unread."""
    return await digest.send_due()


@job("cache.unread_repair", Priority.NORMAL, schedule="15 * * * *")
async def unread_counter_repair() -> dict:
    """Hourly: recount a sample of cached unread counters from PostgreSQL and fix drift."""
    return await reads.repair_counters()


@job("database.optimize", Priority.NORMAL, schedule="30 * * * *")
async def database_optimize() -> dict:
    """Hourly: refresh planner statistics of the hot tables (ANALYZE) and merge the search
    index's pending entries."""
    return await maintenance.optimize()


# --- LOW: cleanup and maintenance ---------------------------------------------------------------


@job("maintenance.expired_data_cleanup", Priority.LOW, schedule="0 2 * * *")
async def expired_data_cleanup() -> dict:
    """Daily: spent refresh tokens, long-dead sessions, stale push tokens, old notifications,
    orphaned read receipts, expired exports, old job runs and claims."""
    result = await auth_service.cleanup_expired()
    result["notifications"] = await notification_service.cleanup_old()
    result["readReceipts"] = await reads.cleanup_orphaned_receipts()
    result["exports"] = await account_export.cleanup_expired()
    result.update(await maintenance.cleanup_job_history())
    return result


@job("realtime.cleanup", Priority.LOW, schedule="*/5 * * * *")
async def realtime_state_cleanup() -> dict:
    """Every 5 minutes: typing and presence state left behind by processes that stopped."""
    return await realtime_cleanup.sweep()


@job("database.vacuum", Priority.LOW, schedule="0 3 * * 0")
async def database_vacuum() -> dict:
    """Weekly: VACUUM (ANALYZE) tables with many dead rows, REINDEX bloated indexes."""
    return await maintenance.vacuum()


@job("user.delete", Priority.LOW, schedule="0 * * * *")
async def purge_deleted_accounts() -> dict:
    """Hourly: accounts whose deletion grace period ended lose their personal data; their
    messages stay and show "Deleted user"."""
    return await accounts.purge_due()


# --- BULK: mass operations and exports ----------------------------------------------------------


@job("notification.bulk", Priority.BULK, lock="arguments", timeout=None)
async def bulk_notification(broadcast_id: int) -> dict:
    """An admin broadcast, delivered in batches with progress; resumes where it stopped."""
    return await broadcast.deliver(broadcast_id)


@job("user.export", Priority.BULK, lock="arguments", on_give_up=account_export.mark_failed)
async def user_data_export(export_id: int) -> dict:
    """Builds a user's data export (ZIP) and tells them it is ready."""
    return await account_export.build(export_id)


# --- files (spec 4.3): HIGH, as the spec files processing -------------------------------------


@job("file.process", Priority.HIGH, tries=1, lock="none")
async def process_file(file_id: int) -> str | None:
    """Scan, check and derive the variants of one completed upload. Idempotent (a claimed
    lease); its own retries, with backoff, are started by file.process_due."""
    return await file_pipeline.process(file_id)


@job("file.process_due", Priority.HIGH, schedule="* * * * *")
async def process_due_files() -> dict:
    """Every minute: uploads waiting for a (new) processing attempt."""
    due = await file_pipeline.due_file_ids()
    for file_id in due:
        await process_file.kiq(file_id=file_id)
    return {"queued": len(due)}


@job("file.cleanup", Priority.LOW, schedule="17 * * * *")
async def cleanup_files() -> dict:
    """Hourly: abort uploads left incomplete for 24 h, delete files never sent after 7 days
    and files of messages deleted past the restore window (spec 10.1 file storage cleanup)."""
    return await file_cleanup.run(restore_window=message_service.RESTORE_WINDOW)


# --- analytics (spec 9.1, 10.1 analytics_aggregation): NORMAL -------------------------------


@job("analytics.daily", Priority.NORMAL, schedule="0 2 * * *")
async def analytics_daily() -> dict:
    """Daily: yesterday's and today's numbers so far (DAU/WAU/MAU, messages, reads, ...)."""
    return await analytics_service.run_daily()


@job("analytics.partitions", Priority.LOW, schedule="30 1 * * *")
async def analytics_partitions() -> dict:
    """Daily: next month's event partition ahead of time; partitions past retention dropped."""
    return await analytics_service.maintain_partitions()
