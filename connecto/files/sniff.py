"""What a file really is, from its bytes (magic numbers), whatever name or type it was
uploaded with. Images and videos are then decoded for real (Pillow, ffprobe); this first look
catches the cheap lies: an executable named ``.jpg``, a PDF declared as a video."""

from __future__ import annotations

import zipfile
from pathlib import Path

HEAD_BYTES = 8192

EXECUTABLE = "application/x-executable"
OCTET_STREAM = "application/octet-stream"
OLE2 = "application/x-ole-storage"  # legacy Office (.doc, .xls, .ppt) container

OOXML = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}

# Declared types whose content sniffs as the same family.
COMPATIBLE = {
    "video/mp4": {"video/mp4", "video/quicktime"},
    "video/quicktime": {"video/mp4", "video/quicktime"},
    "text/csv": {"text/plain"},
    "application/msword": {OLE2},
    "application/vnd.ms-excel": {OLE2},
    "application/vnd.ms-powerpoint": {OLE2},
}


def sniff(path: Path) -> str:
    """The MIME type the content shows (EXECUTABLE for programs of any platform)."""
    with open(path, "rb") as f:
        head = f.read(HEAD_BYTES)
    detected = _by_magic(head)
    if detected == "application/zip":
        return _zip_flavour(path)
    if detected is None:
        return "text/plain" if _is_text(head) else OCTET_STREAM
    return detected


def matches(declared: str, detected: str) -> bool:
    return detected == declared or detected in COMPATIBLE.get(declared, ())


def _by_magic(head: bytes) -> str | None:
    if head.startswith(b"MZ") or head.startswith(b"\x7fELF") or head.startswith(b"#!"):
        return EXECUTABLE
    if head[:4] in (
        b"\xfe\xed\xfa\xce",
        b"\xfe\xed\xfa\xcf",
        b"\xce\xfa\xed\xfe",
        b"\xcf\xfa\xed\xfe",
    ):
        return EXECUTABLE  # Mach-O
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp":
        return "video/quicktime" if head[8:12] == b"qt  " else "video/mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video/webm" if b"webm" in head[:64] else "video/x-matroska"
    if b"%PDF-" in head[:1024]:
        return "application/pdf"
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return "application/zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return OLE2
    return None


def _zip_flavour(path: Path) -> str:
    """An Office Open XML document is a zip with a content-types part and its own folder."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return OCTET_STREAM
    if "[Content_Types].xml" in names:
        for folder, mime in OOXML.items():
            if any(name.startswith(folder) for name in names):
                return mime
    return "application/zip"


def _is_text(head: bytes) -> bool:
    """UTF-8 without NUL bytes (a multi-byte character cut at the end of the sample is fine)."""
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3 and len(head) == HEAD_BYTES
    return True
