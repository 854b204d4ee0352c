from __future__ import annotations

from connecto.schemas import LowerEnum, UpperEnum


class FileKind(LowerEnum):
    """What a file can be sent as: the message types that carry files (spec 4.1)."""

    IMAGE = "image"
    VIDEO = "video"
    FILE = "file"


class FileStatus(UpperEnum):
    """PENDING (bytes going to the store) -> UPLOADED (complete, queued) -> PROCESSING ->
    READY | REJECTED. ABORTED: cancelled or left incomplete; DELETED: objects removed."""

    PENDING = "PENDING"
    UPLOADED = "UPLOADED"
    PROCESSING = "PROCESSING"
    READY = "READY"
    REJECTED = "REJECTED"
    ABORTED = "ABORTED"
    DELETED = "DELETED"


class ScanResult(UpperEnum):
    CLEAN = "CLEAN"
    INFECTED = "INFECTED"
    # No scanner configured (development only): the file was not checked. Never "clean".
    NOT_SCANNED = "NOT_SCANNED"


class RejectReason(UpperEnum):
    TYPE_MISMATCH = "TYPE_MISMATCH"  # the bytes are not what the declared MIME type says
    INFECTED = "INFECTED"  # the virus scanner found something
    SCAN_FAILED = "SCAN_FAILED"  # the scanner could not check it (size or scan limits)
    CORRUPT = "CORRUPT"  # an image or video that cannot be decoded
    TOO_LARGE = "TOO_LARGE"  # too many pixels to decode safely
    SIZE_MISMATCH = "SIZE_MISMATCH"  # the stored object is not the declared size
    PROCESSING_FAILED = "PROCESSING_FAILED"  # kept failing for other reasons (attempts used up)


class Variant(LowerEnum):
    ORIGINAL = "original"
    WEBP = "webp"  # an optimised copy of images over 5 MB
    THUMBNAIL = "thumbnail"  # every image; the poster frame of a video
