"""The processing building blocks on their own: content sniffing, the clamd reply, and a media
tool that never finishes being stopped (the worker must not hang on a hostile file)."""

from __future__ import annotations

import io
import os
import zipfile

import pytest

from connecto.files.enums import RejectReason
from connecto.files.processing import MediaRejected, run_tool
from connecto.files.scanning import ScanRefused, parse_reply
from connecto.files.sniff import EXECUTABLE, OLE2, matches, sniff
from tests.support.uploads import EXECUTABLE as PE_FILE
from tests.support.uploads import PDF, corrupt_mp4, jpeg


def _docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "detected"),
    [
        (jpeg(), "image/jpeg"),
        (PDF, "application/pdf"),
        (corrupt_mp4(), "video/mp4"),
        (PE_FILE, EXECUTABLE),
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 60, EXECUTABLE),
        (b"#!/bin/sh\nrm -rf /\n", EXECUTABLE),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, OLE2),
        (_docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("Packing list: 선크림, hat\n".encode(), "text/plain"),
        (os.urandom(64) + b"\x00", "application/octet-stream"),
    ],
)
def test_sniffing_reads_the_bytes(tmp_path, data, detected):
    path = tmp_path / "upload"
    path.write_bytes(data)
    assert sniff(path) == detected


def test_declared_and_detected_types():
    assert matches("video/quicktime", "video/mp4")
    assert matches("text/csv", "text/plain")
    assert matches("application/msword", OLE2)
    assert not matches("image/jpeg", EXECUTABLE)
    assert not matches("image/png", "image/jpeg")


def test_clamd_replies():
    assert parse_reply(b"stream: OK\0").clean
    verdict = parse_reply(b"stream: Win.Test.EICAR_HDB-1 FOUND\0")
    assert not verdict.clean and verdict.signature == "Win.Test.EICAR_HDB-1"
    with pytest.raises(ScanRefused, match="size limit"):
        parse_reply(b"INSTREAM size limit exceeded. ERROR\0")


async def test_a_media_tool_that_never_finishes_is_stopped(tmp_path):
    """ffprobe on a pipe nobody writes to waits forever: it is killed and the file rejected."""
    stuck = tmp_path / "stuck.mp4"
    os.mkfifo(stuck)
    with pytest.raises(MediaRejected) as refused:
        await run_tool(["ffprobe", "-v", "error", str(stuck)], 1.0)
    assert refused.value.reason is RejectReason.CORRUPT
    assert "did not finish within 1 s" in refused.value.detail
