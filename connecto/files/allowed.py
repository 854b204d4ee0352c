"""Which files may be uploaded: MIME types per kind, size limits, and the multipart plan.

The spec fixes 500 MB per file and 5 MB parts; the per-kind limits below are our choice
(docs/decisions.md): photos rarely pass 50 MB, documents 100 MB.
"""

from __future__ import annotations

from connecto.files.enums import FileKind

MB = 1024 * 1024
MAX_FILE_BYTES = 500 * MB
PART_BYTES = 5 * MB  # spec 4.3 "Chunk Size: 5MB"; also S3's minimum part size
MAX_UPLOADS_IN_PROGRESS = 3  # spec 4.3 "Concurrent Uploads: 3 per user"
WEBP_THRESHOLD_BYTES = 5 * MB  # spec 4.3 "Auto-optimization: >5MB images"

IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})
VIDEO_TYPES = frozenset({"video/mp4", "video/quicktime", "video/webm"})
DOCUMENT_TYPES = frozenset(
    {
        "application/pdf",
        "text/plain",
        "text/csv",
        "application/zip",
        "application/msword",
        "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    }
)
# Common aliases clients send, folded to one name.
ALIASES = {
    "image/jpg": "image/jpeg",
    "image/pjpeg": "image/jpeg",
    "application/x-zip-compressed": "application/zip",
}

SIZE_LIMITS = {FileKind.IMAGE: 50 * MB, FileKind.VIDEO: MAX_FILE_BYTES, FileKind.FILE: 100 * MB}


def normalize_mime(value: str) -> str:
    base = value.split(";", 1)[0].strip().lower()
    return ALIASES.get(base, base)


def kind_of(mime: str) -> FileKind | None:
    """The kind an allowed MIME type uploads as, or None when it is not allowed."""
    if mime in IMAGE_TYPES:
        return FileKind.IMAGE
    if mime in VIDEO_TYPES:
        return FileKind.VIDEO
    if mime in DOCUMENT_TYPES:
        return FileKind.FILE
    return None


def allowed_types() -> dict[str, list[str]]:
    return {
        FileKind.IMAGE.value: sorted(IMAGE_TYPES),
        FileKind.VIDEO.value: sorted(VIDEO_TYPES),
        FileKind.FILE.value: sorted(DOCUMENT_TYPES),
    }


def part_count(size: int) -> int:
    """Parts of a multipart upload; 1 means a single PUT (files under one part's size)."""
    return max(1, -(-size // PART_BYTES))
