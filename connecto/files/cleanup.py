"""Storage clean-up (the hourly ``file.cleanup`` job; spec 10.1 "file storage cleanup").

* uploads left incomplete for 24 hours are aborted and their parts deleted;
* READY files no message carries 7 days after upload are deleted;
* files whose every message was deleted longer ago than the restore window are deleted;
* objects of REJECTED, ABORTED and DELETED files that could not be removed at the time are
  removed now; REJECTED and ABORTED records go after 7 days (spec: "failed file uploads older
  than 7 days"), with one more sweep of their prefix (a late PUT to a still-valid URL).

Each step claims its rows with one UPDATE, so a file a message is being attached to right
now is either attached first (and kept) or deleted first (and the message is refused).
"""

from __future__ import annotations

from datetime import timedelta

from tortoise import Tortoise

from connecto.files import service
from connecto.files.enums import FileStatus
from connecto.files.models import FileUpload
from connecto.timeutil import utcnow

UNATTACHED_LIFETIME = timedelta(days=7)
FAILED_RECORD_LIFETIME = timedelta(days=7)
BATCH = 500

PURGE_UNATTACHED = """
UPDATE file_uploads SET status = 'DELETED', updated_at = now()
WHERE id IN (
    SELECT id FROM file_uploads
    WHERE status = 'READY' AND attached_at IS NULL AND created_at < $1
    LIMIT $2
) AND status = 'READY' AND attached_at IS NULL
RETURNING id
"""

PURGE_DELETED_MESSAGES = """
UPDATE file_uploads f SET status = 'DELETED', updated_at = now()
WHERE f.id IN (
    SELECT f2.id FROM file_uploads f2
    WHERE f2.status = 'READY' AND f2.attached_at IS NOT NULL
      AND NOT EXISTS (
          SELECT 1 FROM file_attachments a
          WHERE a.file_id = f2.id AND (a.hidden_at IS NULL OR a.hidden_at >= $1)
      )
    LIMIT $2
) AND f.status = 'READY'
RETURNING f.id
"""


async def _claimed(sql: str, *params) -> list[FileUpload]:
    rows = await Tortoise.get_connection("default").execute_query_dict(sql, [*params, BATCH])
    return await FileUpload.filter(id__in=[r["id"] for r in rows])


async def run(restore_window: timedelta) -> dict:
    """``restore_window``: how long a deleted message can come back (messages decide)."""
    now = utcnow()
    aborted = 0
    stale = await FileUpload.filter(
        status=FileStatus.PENDING, created_at__lt=now - service.UPLOAD_LIFETIME
    ).limit(BATCH)
    for row in stale:
        aborted += await service.abort_stale(row)

    unattached = await _claimed(PURGE_UNATTACHED, now - UNATTACHED_LIFETIME)
    unshared = await _claimed(PURGE_DELETED_MESSAGES, now - restore_window)
    for row in [*unattached, *unshared]:
        await service.remove_objects(row)

    # Objects a previous removal could not delete (the store was down).
    leftovers = await FileUpload.filter(
        status__in=[FileStatus.REJECTED, FileStatus.ABORTED, FileStatus.DELETED],
        purged_at__isnull=True,
    ).limit(BATCH)
    for row in leftovers:
        await service.remove_objects(row)

    expired = await FileUpload.filter(
        status__in=[FileStatus.REJECTED, FileStatus.ABORTED],
        updated_at__lt=now - FAILED_RECORD_LIFETIME,
    ).limit(BATCH)
    removed = 0
    for row in expired:
        if await service.remove_objects(row):
            await row.delete()
            removed += 1
    return {
        "abortedUploads": aborted,
        "deletedUnattached": len(unattached),
        "deletedWithMessages": len(unshared),
        "objectsRetried": len(leftovers),
        "recordsRemoved": removed,
    }
