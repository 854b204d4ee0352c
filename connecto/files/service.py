"""File uploads (spec 4.3): plan a presigned (multipart) upload, complete or abort it, read
its state; files on messages; downloads for the planets a file was shared in.

The API server never carries the bytes: clients PUT them straight to the object store
through presigned URLs. Completing an upload queues the processing job
(``connecto.files.pipeline``). Every function checks the caller's rights.
"""

from __future__ import annotations

import logging
import uuid
from collections import Counter
from datetime import timedelta
from pathlib import PurePath

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from connecto import events, ratelimit
from connecto.auth.context import Actor
from connecto.container import container
from connecto.errors import ConnectoError
from connecto.files import storage
from connecto.files.allowed import (
    MAX_UPLOADS_IN_PROGRESS,
    PART_BYTES,
    SIZE_LIMITS,
    allowed_types,
    kind_of,
    normalize_mime,
    part_count,
)
from connecto.files.enums import FileKind, FileStatus, RejectReason, Variant
from connecto.files.models import FileAttachment, FileUpload
from connecto.files.schemas import (
    AllowedTypesOut,
    CompleteUpload,
    DownloadOut,
    FileOut,
    FileUploadOut,
    PartUrl,
    StartUpload,
    UploadPlan,
    VariantOut,
)
from connecto.files.storage import StorageError
from connecto.planets import service as planets
from connecto.timeutil import utcnow

log = logging.getLogger("connecto.files")

# An upload not completed within this time is aborted by the cleanup job.
UPLOAD_LIFETIME = timedelta(hours=24)
UPLOAD_KEY = "upload"  # the object the client PUTs, under the file's prefix
# What the store answers when the parts listed do not match what was uploaded.
PART_ERRORS = {"InvalidPart", "InvalidPartOrder", "EntityTooSmall", "MalformedXML"}


def _require_enabled() -> None:
    if not container().settings.uploads_enabled:
        raise ConnectoError("UPLOADS_DISABLED")


def upload_key(row: FileUpload) -> str:
    return row.storage_prefix + UPLOAD_KEY


# --- serialisation -------------------------------------------------------------------------


def _variants(row: FileUpload) -> list[VariantOut]:
    if row.status is not FileStatus.READY:
        return []
    return [
        VariantOut(
            name=Variant(name),
            mime_type=v["mimeType"],
            size=v["size"],
            width=v.get("width"),
            height=v.get("height"),
        )
        for name, v in sorted(row.variants.items(), key=lambda item: list(Variant).index(item[0]))
    ]


def file_out(row: FileUpload) -> FileOut:
    return FileOut(
        id=row.id,
        kind=row.kind,
        file_name=row.file_name,
        mime_type=row.declared_mime,
        size=row.size,
        status=row.status,
        scan_result=row.scan_result,
        width=row.width,
        height=row.height,
        duration_ms=row.duration_ms,
        variants=_variants(row),
    )


def upload_out(row: FileUpload) -> FileUploadOut:
    return FileUploadOut(
        **file_out(row).model_dump(),
        declared_mime_type=row.declared_mime,
        checksum_sha256=row.checksum_sha256,
        scan_signature=row.scan_signature,
        reject_reason=row.reject_reason,
        reject_detail=row.reject_detail,
        planet_id=row.planet_id,
        attached=row.attached_at is not None,
        created_at=row.created_at,
        completed_at=row.completed_at,
        processed_at=row.processed_at,
        expires_at=row.created_at + UPLOAD_LIFETIME if row.status is FileStatus.PENDING else None,
    )


def limits() -> AllowedTypesOut:
    return AllowedTypesOut(
        types=allowed_types(),
        max_bytes={kind.value: limit for kind, limit in SIZE_LIMITS.items()},
        part_size=PART_BYTES,
        max_uploads_in_progress=MAX_UPLOADS_IN_PROGRESS,
    )


# --- starting, completing, aborting --------------------------------------------------------


async def _own(actor: Actor, file_id: int) -> FileUpload:
    row = await FileUpload.get_or_none(id=file_id, owner_id=actor.user_id)
    if row is None:
        raise ConnectoError("FILE_NOT_FOUND", details={"fileId": file_id})
    return row


async def start_upload(actor: Actor, body: StartUpload) -> UploadPlan:
    """Validate the declared file, then plan its upload: a single presigned PUT under one
    part's size, else a multipart upload in 5 MB parts with a presigned URL per part."""
    _require_enabled()
    mime = normalize_mime(body.mime_type)
    kind = kind_of(mime)
    if kind is None:
        raise ConnectoError(
            "FILE_TYPE_NOT_ALLOWED", details={"mimeType": mime, "allowed": allowed_types()}
        )
    if body.file_size > SIZE_LIMITS[kind]:
        raise ConnectoError(
            "FILE_TOO_LARGE",
            f"A {kind.value} may be at most {SIZE_LIMITS[kind] // (1024 * 1024)} MB",
            details={"kind": kind.value, "maxBytes": SIZE_LIMITS[kind], "fileSize": body.file_size},
        )
    if body.planet_id is not None:
        access = await planets.load_planet(actor, body.planet_id)
        if access.membership is None:
            raise ConnectoError("NOT_PLANET_MEMBER")
        planets.require_can_send(access, utcnow())
    store = await storage.store()
    parts = part_count(body.file_size)
    async with in_transaction() as conn:
        # One start at a time per user, so two parallel starts cannot both take the last slot.
        await conn.execute_query(
            "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [f"uploads:{actor.user_id}"]
        )
        in_progress = await (
            FileUpload.filter(
                owner_id=actor.user_id,
                status=FileStatus.PENDING,
                created_at__gt=utcnow() - UPLOAD_LIFETIME,
            )
            .using_db(conn)
            .order_by("id")
            .values_list("id", flat=True)
        )
        if len(in_progress) >= MAX_UPLOADS_IN_PROGRESS:
            raise ConnectoError(
                "TOO_MANY_UPLOADS",
                details={"limit": MAX_UPLOADS_IN_PROGRESS, "inProgress": list(in_progress)},
            )
        # Counted once the start is valid; a flood earns an upload restriction (spec 8.2).
        await ratelimit.hit("file_upload", actor.user_id)
        row = await FileUpload.create(
            owner_id=actor.user_id,
            kind=kind,
            file_name=body.file_name,
            declared_mime=mime,
            size=body.file_size,
            storage_prefix=f"files/{utcnow():%Y/%m}/{uuid.uuid4().hex}/",
            part_count=parts,
            planet_id=body.planet_id,
            using_db=conn,
        )
    try:
        return await _plan(store, row, mime)
    except BaseException:
        await row.delete()  # nothing was handed out: no upload in progress
        raise


async def _plan(store: storage.ObjectStore, row: FileUpload, mime: str) -> UploadPlan:
    ttl = container().settings.upload_url_ttl_seconds
    key = upload_key(row)
    headers: dict[str, str] = {}
    if row.part_count == 1:
        urls = [await store.presigned_put(key, mime, ttl)]
        headers = {"Content-Type": mime}
    else:
        row.multipart_id = await store.create_multipart(key, mime)
        await row.save(update_fields=["multipart_id", "updated_at"])
        urls = [
            await store.presigned_part(key, row.multipart_id, number, ttl)
            for number in range(1, row.part_count + 1)
        ]
    return UploadPlan(
        upload_id=row.id,
        file_id=row.id,
        kind=row.kind,
        method="SINGLE" if row.part_count == 1 else "MULTIPART",
        part_size=min(PART_BYTES, row.size),
        part_count=row.part_count,
        parts=[
            PartUrl(
                part_number=number,
                url=url,
                size=min(PART_BYTES, row.size - (number - 1) * PART_BYTES),
            )
            for number, url in enumerate(urls, start=1)
        ],
        headers=headers,
        expires_at=utcnow() + timedelta(seconds=ttl),
        status=row.status,
    )


def _quoted(etag: str) -> str:
    """ETags as S3 writes them, in double quotes (clients often drop them)."""
    return '"' + etag.strip('"') + '"'


async def complete_upload(actor: Actor, body: CompleteUpload) -> FileUploadOut:
    """Assemble the parts the client uploaded and queue the file for processing. Completing
    an upload that is already complete returns its state (a retried request)."""
    _require_enabled()
    row = await _own(actor, body.upload_id)
    if row.status in (FileStatus.ABORTED, FileStatus.DELETED):
        raise ConnectoError("UPLOAD_NOT_PENDING", details={"status": row.status.value})
    if row.status is not FileStatus.PENDING:
        return upload_out(row)
    counts = Counter(part.part_number for part in body.parts)
    numbers, expected = set(counts), set(range(1, row.part_count + 1))
    if len(body.parts) != len(numbers) or numbers != expected:
        raise ConnectoError(
            "UPLOAD_PARTS_INVALID",
            f"Send an ETag for each of the {row.part_count} part(s), each once",
            details={
                "partCount": row.part_count,
                "missing": sorted(expected - numbers),
                "unexpected": sorted(numbers - expected),
                "repeated": sorted(n for n, count in counts.items() if count > 1),
            },
        )
    store = await storage.store()
    key = upload_key(row)
    etags = sorted((part.part_number, _quoted(part.etag)) for part in body.parts)
    if row.multipart_id:
        try:
            await store.complete_multipart(key, row.multipart_id, etags)
        except StorageError as exc:
            return await _completion_refused(row, exc)
    info = await store.head(key)
    if info is None:
        raise ConnectoError(
            "UPLOAD_PARTS_INVALID", "Nothing was uploaded for this file", details={"missing": [1]}
        )
    if not row.multipart_id and info.etag != etags[0][1]:
        raise ConnectoError(
            "UPLOAD_PARTS_INVALID",
            "The ETag does not match the uploaded bytes",
            details={"partNumber": 1},
        )
    if info.size != row.size:
        await reject(
            row, RejectReason.SIZE_MISMATCH, f"declared {row.size} bytes, received {info.size}"
        )
        raise ConnectoError(
            "UPLOAD_SIZE_MISMATCH", details={"declared": row.size, "received": info.size}
        )
    now = utcnow()
    moved = await FileUpload.filter(id=row.id, status=FileStatus.PENDING).update(
        status=FileStatus.UPLOADED, completed_at=now, next_attempt_at=now, updated_at=now
    )
    await row.refresh_from_db()
    if moved:
        await _queue_processing(row.id)
    return upload_out(row)


async def _completion_refused(row: FileUpload, exc: StorageError) -> FileUploadOut:
    if exc.code in PART_ERRORS:
        raise ConnectoError(
            "UPLOAD_PARTS_INVALID",
            "The parts do not match what was uploaded (a missing part or a wrong ETag)",
            details={"storeCode": exc.code},
        )
    if exc.not_found:
        await row.refresh_from_db()
        if row.status is not FileStatus.PENDING:
            return upload_out(row)  # a concurrent completion got there first
        await _abort(row)
        raise ConnectoError(
            "UPLOAD_NOT_PENDING",
            "The store no longer has this upload; start again",
            details={"status": FileStatus.ABORTED.value},
        )
    log.error("completing upload %s failed: %s", row.id, exc)
    raise ConnectoError("SERVICE_UNAVAILABLE", "The file store refused the request; try again")


async def _queue_processing(file_id: int) -> None:
    from connecto.jobs.tasks import process_file  # jobs sit above every domain

    await process_file.kiq(file_id=file_id)


async def _abort(row: FileUpload) -> bool:
    """PENDING -> ABORTED, then drop whatever reached the store. False if it was not pending."""
    if not await FileUpload.filter(id=row.id, status=FileStatus.PENDING).update(
        status=FileStatus.ABORTED, updated_at=utcnow()
    ):
        return False
    await remove_objects(row)
    return True


async def abort_stale(row: FileUpload) -> int:
    """Cleanup job: an upload left incomplete for 24 hours. 1 if this call aborted it."""
    return int(await _abort(row))


async def remove_objects(row: FileUpload) -> bool:
    """Delete every object of the file (and an unfinished multipart upload), marked in
    ``purged_at``. False when the store failed: the cleanup job tries again."""
    try:
        store = await storage.store()
        if row.multipart_id:
            await store.abort_multipart(upload_key(row), row.multipart_id)
        await store.delete_prefix(row.storage_prefix)
    except (ConnectoError, StorageError) as exc:
        log.warning("objects of file %s not removed yet: %s", row.id, exc)
        return False
    await FileUpload.filter(id=row.id).update(purged_at=utcnow())
    return True


async def abort_upload(actor: Actor, file_id: int) -> None:
    """Cancel an upload in progress, or delete a finished file that no message carries."""
    row = await _own(actor, file_id)
    if row.status is FileStatus.PENDING:
        if await _abort(row):
            return
        await row.refresh_from_db()
    if row.status in (FileStatus.ABORTED, FileStatus.DELETED):
        return
    if row.status in (FileStatus.UPLOADED, FileStatus.PROCESSING):
        raise ConnectoError(
            "UPLOAD_NOT_PENDING",
            "The file is being processed; delete it once it is ready",
            details={"status": row.status.value},
        )
    deleted = await FileUpload.filter(
        id=row.id, status__in=[FileStatus.READY, FileStatus.REJECTED], attached_at__isnull=True
    ).update(status=FileStatus.DELETED, updated_at=utcnow())
    if not deleted:
        raise ConnectoError("FILE_IN_USE")
    await remove_objects(row)


async def get_upload(actor: Actor, file_id: int) -> FileUploadOut:
    return upload_out(await _own(actor, file_id))


# --- files on messages (called by connecto.messages) ---------------------------------------


async def require_attachable(actor: Actor, file_id: int, message_type: str) -> None:
    """Only the sender's own READY file, of the kind the message type shows."""
    row = await FileUpload.get_or_none(id=file_id, owner_id=actor.user_id)
    details = {"fileId": file_id}
    if row is None or row.status in (FileStatus.ABORTED, FileStatus.DELETED):
        raise ConnectoError("FILE_NOT_FOUND", details=details)
    if row.status is FileStatus.REJECTED:
        raise ConnectoError("FILE_REJECTED", details={**details, "reason": row.reject_reason.value})
    if row.status is not FileStatus.READY:
        raise ConnectoError("FILE_NOT_READY", details={**details, "status": row.status.value})
    if message_type != FileKind.FILE.value and row.kind.value != message_type:
        raise ConnectoError(
            "FILE_KIND_MISMATCH",
            f"A {row.kind.value} cannot be sent as a {message_type} message",
            details={**details, "kind": row.kind.value},
        )


async def attach(file_id: int, message_id: int, planet_id: int, conn: BaseDBAsyncClient) -> None:
    """Inside the sending transaction: the file is still READY (not purged meanwhile)."""
    rows = await conn.execute_query_dict(
        "UPDATE file_uploads SET attached_at = coalesce(attached_at, now()), updated_at = now() "
        "WHERE id = $1 AND status = 'READY' RETURNING id",
        [file_id],
    )
    if not rows:
        raise ConnectoError("FILE_NOT_FOUND", details={"fileId": file_id})
    await FileAttachment.create(
        file_id=file_id, message_id=message_id, planet_id=planet_id, using_db=conn
    )


async def set_hidden(message_id: int, hidden: bool, conn: BaseDBAsyncClient | None = None) -> None:
    """A deleted message hides its file from readers; restoring it shows the file again."""
    await (
        FileAttachment.filter(message_id=message_id)
        .using_db(conn)
        .update(hidden_at=utcnow() if hidden else None)
    )


async def summaries(file_ids: set[int]) -> dict[int, FileOut]:
    if not file_ids:
        return {}
    return {row.id: file_out(row) for row in await FileUpload.filter(id__in=file_ids)}


# --- downloads -----------------------------------------------------------------------------


async def _may_read(actor: Actor, row: FileUpload) -> bool:
    """The owner, and members of a planet where a message still shows the file."""
    if row.owner_id == actor.user_id:
        return True
    planet_ids = await (
        FileAttachment.filter(file_id=row.id, hidden_at__isnull=True)
        .distinct()
        .values_list("planet_id", flat=True)
    )
    for planet_id in planet_ids:
        try:
            access = await planets.load_planet(actor, planet_id)
        except ConnectoError:
            continue
        if access.membership is not None or actor.is_admin:
            return True
    return False


def _download_name(row: FileUpload, variant: Variant, mime: str) -> str:
    if variant is Variant.ORIGINAL:
        return row.file_name
    stem = PurePath(row.file_name).stem or "file"
    suffix = "-thumbnail" if variant is Variant.THUMBNAIL else ""
    return f"{stem}{suffix}.{mime.split('/')[-1]}"


async def download(actor: Actor, file_id: int, variant: Variant) -> DownloadOut:
    """A short-lived presigned GET URL for one variant of a file the caller may read."""
    _require_enabled()
    row = await FileUpload.get_or_none(id=file_id)
    if row is None or not await _may_read(actor, row):
        raise ConnectoError("FILE_NOT_FOUND", details={"fileId": file_id})
    if row.status is FileStatus.REJECTED:
        raise ConnectoError("FILE_REJECTED", details={"fileId": file_id})
    if row.status in (FileStatus.PENDING, FileStatus.UPLOADED, FileStatus.PROCESSING):
        raise ConnectoError("FILE_NOT_READY", details={"fileId": file_id})
    stored = row.variants.get(variant.value) if row.status is FileStatus.READY else None
    if stored is None:
        raise ConnectoError(
            "FILE_NOT_FOUND",
            f"This file has no {variant.value} variant",
            details={"fileId": file_id, "variants": sorted(row.variants)},
        )
    ttl = container().settings.download_url_ttl_seconds
    store = await storage.store()
    name = _download_name(row, variant, stored["mimeType"])
    url = await store.presigned_get(
        stored["key"],
        ttl,
        filename=name,
        content_type=stored["mimeType"],
        inline=row.kind is not FileKind.FILE or variant is not Variant.ORIGINAL,
    )
    return DownloadOut(
        file_id=row.id,
        variant=variant,
        url=url,
        expires_at=utcnow() + timedelta(seconds=ttl),
        mime_type=stored["mimeType"],
        size=stored["size"],
        file_name=name,
    )


async def announce(row: FileUpload) -> None:
    """Tell the uploader the outcome (``file:processed`` / ``file:rejected`` on its sockets)."""
    name = "file.processed" if row.status is FileStatus.READY else "file.rejected"
    await events.emit(
        name,
        {"userId": row.owner_id, "file": upload_out(row).model_dump(mode="json", by_alias=True)},
    )


async def reject(row: FileUpload, reason: RejectReason, detail: str, **fields) -> bool:
    """-> REJECTED with the reason, its objects removed, the uploader told. False when the
    file had already reached a final state."""
    now = utcnow()
    moved = await FileUpload.filter(
        id=row.id,
        status__in=[FileStatus.PENDING, FileStatus.UPLOADED, FileStatus.PROCESSING],
    ).update(
        status=FileStatus.REJECTED,
        reject_reason=reason,
        reject_detail=detail[:500],
        locked_until=None,
        processed_at=now,
        updated_at=now,
        **fields,
    )
    if not moved:
        return False
    await row.refresh_from_db()
    log.info("file %s rejected: %s (%s)", row.id, reason.value, detail)
    await remove_objects(row)
    await announce(row)
    return True
