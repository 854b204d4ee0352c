"""Uploaded files (spec 12.1 ``file_uploads``) and where they were shared."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from connecto.files.enums import FileKind, FileStatus, RejectReason, ScanResult


class FileUpload(Model):
    id = fields.BigIntField(primary_key=True)
    owner = fields.ForeignKeyField(
        "models.User", related_name="file_uploads", on_delete=fields.CASCADE
    )
    kind = fields.CharEnumField(FileKind, max_length=8)
    file_name = fields.CharField(max_length=255)
    declared_mime = fields.CharField(max_length=127)
    # What the bytes turned out to be (set while processing).
    detected_mime = fields.CharField(max_length=127, null=True)
    size = fields.BigIntField()
    checksum_sha256 = fields.CharField(max_length=64, null=True)
    # Every object of this file lives under this prefix; the client uploads to ``<prefix>upload``.
    storage_prefix = fields.CharField(max_length=200, unique=True)
    # The store's multipart upload id; null for a single PUT.
    multipart_id = fields.CharField(max_length=1024, null=True)
    part_count = fields.IntField()
    # The planet the client said it would share the file in (checked at start; informative).
    planet_id = fields.BigIntField(null=True)
    status = fields.CharEnumField(FileStatus, max_length=16, default=FileStatus.PENDING)
    reject_reason = fields.CharEnumField(RejectReason, max_length=32, null=True)
    reject_detail = fields.CharField(max_length=500, null=True)
    scan_result = fields.CharEnumField(ScanResult, max_length=16, null=True)
    scan_signature = fields.CharField(max_length=200, null=True)
    scanned_at = fields.DatetimeField(null=True)
    width = fields.IntField(null=True)
    height = fields.IntField(null=True)
    duration_ms = fields.BigIntField(null=True)
    # {"original": {"key", "mimeType", "size", "width", "height"}, "webp": {...}, "thumbnail": ...}
    variants = fields.JSONField(default=dict)
    # Processing attempts: a lease against two workers, a backoff after transient failures.
    attempts = fields.SmallIntField(default=0)
    locked_until = fields.DatetimeField(null=True)
    next_attempt_at = fields.DatetimeField(null=True)
    last_error = fields.CharField(max_length=500, null=True)
    attached_at = fields.DatetimeField(null=True)  # first sent in a message
    completed_at = fields.DatetimeField(null=True)
    processed_at = fields.DatetimeField(null=True)
    # Every object under the prefix removed (REJECTED, ABORTED, DELETED files).
    purged_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "file_uploads"
        indexes = (("owner_id", "status"), ("status", "created_at"))


class FileAttachment(Model):
    """A message carrying a file. Readers of a planet with a visible attachment may download
    the file; deleting the message hides it (``hidden_at``) until it is restored."""

    id = fields.BigIntField(primary_key=True)
    file = fields.ForeignKeyField(
        "models.FileUpload", related_name="attachments", on_delete=fields.CASCADE
    )
    message = fields.OneToOneField(
        "models.Message", related_name="file_attachment", on_delete=fields.CASCADE
    )
    planet_id = fields.BigIntField()
    hidden_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "file_attachments"
        indexes = (("file_id", "hidden_at"),)
