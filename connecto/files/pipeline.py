"""Processing a completed upload (the ``file.process`` job): download it from the store, scan
it for viruses, check its bytes against the declared type, derive the variants, store them,
and end READY or REJECTED.

Safe to run twice and after a crash: an attempt first *claims* the file with one UPDATE (a
lease in ``locked_until``), every object it writes has a fixed key, and only the final UPDATE
makes the file READY. Content problems reject the file at once; an unreachable store or
scanner is retried with backoff (``file.process_due`` restarts due attempts), and after
``CONNECTO_FILE_PROCESSING_MAX_ATTEMPTS`` the file is REJECTED as PROCESSING_FAILED.
"""

from __future__ import annotations

import asyncio
import logging
import tempfile
from datetime import timedelta
from pathlib import Path

from tortoise import Tortoise
from tortoise.expressions import Q

from connecto.container import container
from connecto.errors import ConnectoError
from connecto.files import storage
from connecto.files.enums import FileKind, FileStatus, RejectReason, ScanResult, Variant
from connecto.files.models import FileUpload
from connecto.files.processing import (
    MediaInfo,
    MediaRejected,
    MediaToolMissing,
    Rendition,
    process_image,
    process_video,
)
from connecto.files.scanning import ClamdClient, ScannerUnavailable, ScanRefused
from connecto.files.service import announce, reject, upload_key
from connecto.files.sniff import EXECUTABLE, matches, sniff
from connecto.files.storage import StorageError
from connecto.timeutil import utcnow

log = logging.getLogger("connecto.files.pipeline")

RETRY_BASE_SECONDS = 30
MAX_RETRY_SECONDS = 3600

# A 500 MB video takes a while to download, scan and probe: a generous lease.
CLAIM = """
UPDATE file_uploads
SET status = 'PROCESSING', attempts = attempts + 1,
    locked_until = now() + interval '15 minutes', updated_at = now()
WHERE id = $1 AND status IN ('UPLOADED', 'PROCESSING')
  AND (locked_until IS NULL OR locked_until < now())
  AND (next_attempt_at IS NULL OR next_attempt_at <= now())
RETURNING id
"""


class RetryLater(Exception):
    """A transient failure: the store or the scanner could not be used just now."""


async def process(file_id: int) -> str | None:
    """One processing attempt. Returns the file's new status, or None when it was not due or
    another worker holds it."""
    claimed = await Tortoise.get_connection("default").execute_query_dict(CLAIM, [file_id])
    if not claimed:
        return None
    row = await FileUpload.get(id=file_id)
    try:
        with tempfile.TemporaryDirectory(prefix="connecto-file-") as workdir:
            await _process(row, Path(workdir))
    except MediaRejected as exc:
        await reject(row, exc.reason, exc.detail)
    except RetryLater as exc:
        await _retry_later(row, str(exc))
    except Exception as exc:  # a bug or an unexpected answer: retried (and logged)
        log.exception("processing file %s crashed", file_id)
        await _retry_later(row, f"internal error: {type(exc).__name__}")
    await row.refresh_from_db()
    return row.status.value


async def _process(row: FileUpload, workdir: Path) -> None:
    settings = container().settings
    source = workdir / "upload"
    try:
        store = await storage.store()
        size, checksum = await store.download_to(upload_key(row), source)
    except StorageError as exc:
        if exc.not_found:
            raise MediaRejected(
                RejectReason.PROCESSING_FAILED, "the uploaded object is missing"
            ) from None
        raise RetryLater(f"store: {exc}") from None
    except ConnectoError as exc:
        raise RetryLater(exc.message) from None
    if size != row.size:
        raise MediaRejected(RejectReason.SIZE_MISMATCH, f"declared {row.size} bytes, stored {size}")
    row.checksum_sha256 = checksum

    verdict, signature = await _scan(source)
    row.scan_result, row.scan_signature, row.scanned_at = verdict, signature, utcnow()
    await row.save(update_fields=["checksum_sha256", "scan_result", "scan_signature", "scanned_at"])
    if verdict is ScanResult.INFECTED:
        raise MediaRejected(RejectReason.INFECTED, f"virus found: {signature}")

    detected = await asyncio.to_thread(sniff, source)
    row.detected_mime = detected
    await row.save(update_fields=["detected_mime"])
    if detected == EXECUTABLE or not matches(row.declared_mime, detected):
        raise MediaRejected(
            RejectReason.TYPE_MISMATCH, f"declared {row.declared_mime}, content is {detected}"
        )

    if row.kind is FileKind.IMAGE:
        media = await asyncio.to_thread(process_image, source, row.declared_mime, size, workdir)
    elif row.kind is FileKind.VIDEO:
        try:
            media = await process_video(
                source, row.declared_mime, size, workdir, settings.media_tool_timeout_seconds
            )
        except MediaToolMissing as exc:
            raise RetryLater(str(exc)) from None
    else:
        media = MediaInfo(renditions=[Rendition(Variant.ORIGINAL, row.declared_mime, size)])
    await _finish(row, media)


async def _scan(path: Path) -> tuple[ScanResult, str | None]:
    settings = container().settings
    if not settings.clamd_url:
        # Development without a scanner (production refuses to start so, unless the scan is
        # explicitly disabled): say so, never "clean".
        return ScanResult.NOT_SCANNED, None
    scanner = ClamdClient(settings.clamd_url, settings.clamd_timeout_seconds)
    try:
        verdict = await scanner.scan_file(path)
    except ScannerUnavailable as exc:
        raise RetryLater(str(exc)) from None
    except ScanRefused as exc:
        raise MediaRejected(
            RejectReason.SCAN_FAILED, f"the virus scanner refused it: {exc}"
        ) from None
    if verdict.clean:
        return ScanResult.CLEAN, None
    return ScanResult.INFECTED, verdict.signature


async def _finish(row: FileUpload, media: MediaInfo) -> None:
    """Store the derived objects (fixed keys: a repeated attempt overwrites), then READY."""
    variants = {}
    try:
        store = await storage.store()
        for rendition in media.renditions:
            key = upload_key(row)
            if rendition.path is not None:
                key = row.storage_prefix + rendition.path.name
                data = await asyncio.to_thread(rendition.path.read_bytes)
                await store.put_object(key, data, rendition.mime)
            variants[rendition.variant.value] = {
                "key": key,
                "mimeType": rendition.mime,
                "size": rendition.size,
                "width": rendition.width,
                "height": rendition.height,
            }
    except (StorageError, ConnectoError) as exc:
        raise RetryLater(f"store: {exc}") from None
    now = utcnow()
    done = await FileUpload.filter(id=row.id, status=FileStatus.PROCESSING).update(
        status=FileStatus.READY,
        width=media.width,
        height=media.height,
        duration_ms=media.duration_ms,
        variants=variants,
        locked_until=None,
        last_error=None,
        processed_at=now,
        updated_at=now,
    )
    if not done:
        return
    await row.refresh_from_db()
    if variants[Variant.ORIGINAL.value]["key"] != upload_key(row):
        # The upload carried a location or a rotation: only the cleaned copy is kept.
        try:
            await store.delete_object(upload_key(row))
        except (StorageError, ConnectoError) as exc:
            log.warning("raw upload of file %s not deleted: %s", row.id, exc)
    await announce(row)


async def _retry_later(row: FileUpload, error: str) -> None:
    if row.attempts >= container().settings.file_processing_max_attempts:
        await reject(row, RejectReason.PROCESSING_FAILED, error)
        return
    delay = min(RETRY_BASE_SECONDS * 2 ** max(0, row.attempts - 1), MAX_RETRY_SECONDS)
    log.warning("file %s: attempt %s failed (%s); again in %ss", row.id, row.attempts, error, delay)
    await FileUpload.filter(id=row.id, status=FileStatus.PROCESSING).update(
        locked_until=None,
        next_attempt_at=utcnow() + timedelta(seconds=delay),
        last_error=error[:500],
        updated_at=utcnow(),
    )


async def due_file_ids(limit: int = 100) -> list[int]:
    """Files waiting for an attempt: queued, retries after backoff, crashed workers' leases."""
    now = utcnow()
    return await (
        FileUpload.filter(status__in=[FileStatus.UPLOADED, FileStatus.PROCESSING])
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("id")
        .limit(limit)
        .values_list("id", flat=True)
    )
