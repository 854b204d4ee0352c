"""Data exports (spec USER_DATA_EXPORT) and the stored ZIP files."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from connecto.schemas import UpperEnum


class ExportStatus(UpperEnum):
    PENDING = "PENDING"  # queued
    BUILDING = "BUILDING"  # a worker is writing the ZIP
    READY = "READY"  # downloadable (once) until expires_at
    DOWNLOADED = "DOWNLOADED"  # the one download happened; the file is gone
    EXPIRED = "EXPIRED"  # not downloaded in time; the file is gone
    FAILED = "FAILED"  # the build gave up; another export may be requested


class DataExport(Model):
    id = fields.BigIntField(primary_key=True)
    user = fields.ForeignKeyField("models.User", related_name="exports", on_delete=fields.CASCADE)
    status = fields.CharEnumField(ExportStatus, max_length=16, default=ExportStatus.PENDING)
    requested_at = fields.DatetimeField()
    ready_at = fields.DatetimeField(null=True)
    expires_at = fields.DatetimeField(null=True)
    downloaded_at = fields.DatetimeField(null=True)
    size_bytes = fields.BigIntField(null=True)
    storage_key = fields.CharField(max_length=200, null=True)
    # The current download link's nonce: a new link replaces the old one.
    link_nonce = fields.CharField(max_length=64, null=True)
    error = fields.TextField(null=True)

    class Meta:
        table = "data_exports"
        indexes = (("user_id", "requested_at"), ("status", "expires_at"))


class StoredFile(Model):
    """The bytes of an export, for the database-backed store (``store.py``)."""

    key = fields.CharField(max_length=200, primary_key=True)
    data = fields.BinaryField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "stored_files"
