"""Wire models for uploads, files on messages and downloads."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import Literal

from pydantic import Field, field_validator

from connecto.files.enums import FileKind, FileStatus, RejectReason, ScanResult, Variant
from connecto.schemas import QueryModel, RequestModel, ResponseModel

MAX_PARTS = 10_000  # S3's limit; 500 MB in 5 MB parts is 100


class StartUpload(RequestModel):
    file_name: str = Field(min_length=1, max_length=255)
    mime_type: str = Field(min_length=3, max_length=127)
    file_size: int = Field(gt=0)
    # Where the file will be shared: checked now, so a client learns before uploading that it
    # may not post there.
    planet_id: int | None = Field(default=None, gt=0)

    @field_validator("file_name")
    @classmethod
    def _plain_name(cls, value: str) -> str:
        value = unicodedata.normalize("NFC", value)
        # Control and format characters, line breaks, and lone surrogates (not storable).
        if any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp") for c in value):
            raise ValueError("must not contain control characters")
        if "/" in value or "\\" in value or value in (".", ".."):
            raise ValueError("must be a file name, not a path")
        return value


class PartETag(RequestModel):
    part_number: int = Field(ge=1, le=MAX_PARTS)
    etag: str = Field(min_length=1, max_length=128, pattern=r'^"?[A-Za-z0-9_.:-]+"?$')


class CompleteUpload(RequestModel):
    upload_id: int = Field(gt=0)
    parts: list[PartETag] = Field(min_length=1, max_length=MAX_PARTS)


class DownloadQuery(QueryModel):
    variant: Variant = Variant.ORIGINAL


# --- what clients receive ------------------------------------------------------------------


class PartUrl(ResponseModel):
    part_number: int
    url: str
    size: int  # bytes this part must carry


class UploadPlan(ResponseModel):
    """Where to PUT the bytes. ``SINGLE``: one PUT of the whole file with ``headers``;
    ``MULTIPART``: one PUT per part. Keep each response's ``ETag`` header for completion."""

    upload_id: int
    file_id: int
    kind: FileKind
    method: Literal["SINGLE", "MULTIPART"]
    part_size: int
    part_count: int
    parts: list[PartUrl]
    headers: dict[str, str]
    expires_at: datetime
    status: FileStatus


class VariantOut(ResponseModel):
    name: Variant
    mime_type: str
    size: int
    width: int | None
    height: int | None


class FileOut(ResponseModel):
    """A file as a message carries it."""

    id: int
    kind: FileKind
    file_name: str
    mime_type: str
    size: int
    status: FileStatus
    scan_result: ScanResult | None
    width: int | None
    height: int | None
    duration_ms: int | None
    variants: list[VariantOut]


class FileUploadOut(FileOut):
    """An upload as its owner sees it (``GET /api/v1/file-uploads/{id}``)."""

    declared_mime_type: str
    checksum_sha256: str | None
    scan_signature: str | None
    reject_reason: RejectReason | None
    reject_detail: str | None
    planet_id: int | None
    attached: bool
    created_at: datetime
    completed_at: datetime | None
    processed_at: datetime | None
    # Until when the upload may be completed (PENDING only).
    expires_at: datetime | None


class DownloadOut(ResponseModel):
    file_id: int
    variant: Variant
    url: str
    expires_at: datetime
    mime_type: str
    size: int
    file_name: str


class AllowedTypesOut(ResponseModel):
    types: dict[str, list[str]]
    max_bytes: dict[str, int]
    part_size: int
    max_uploads_in_progress: int
