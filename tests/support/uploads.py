"""Uploading as a client does: start, PUT the bytes to the store over real HTTP through the
presigned URLs, complete, wait for processing. And real media to upload."""

from __future__ import annotations

import io
import os
import subprocess
from pathlib import Path

import httpx
from PIL import Image

from tests.support.api import Session
from tests.support.waiting import eventually

UPLOADS = "/api/v1/file-uploads"
FINAL = ("READY", "REJECTED")


async def start(session: Session, data: bytes, name: str, mime: str, **extra) -> dict:
    r = await session.post(
        f"{UPLOADS}/presigned-url",
        json={"fileName": name, "mimeType": mime, "fileSize": len(data), **extra},
    )
    assert r.status_code == 201, r.text
    return r.json()


async def put_parts(plan: dict, data: bytes) -> list[dict]:
    """PUT each part to the store; the ETags to complete with."""
    parts = []
    async with httpx.AsyncClient(timeout=120) as store:
        for part in plan["parts"]:
            offset = (part["partNumber"] - 1) * plan["partSize"]
            r = await store.put(
                part["url"], content=data[offset : offset + part["size"]], headers=plan["headers"]
            )
            assert r.status_code == 200, r.text
            parts.append({"partNumber": part["partNumber"], "etag": r.headers["etag"]})
    return parts


async def complete(session: Session, plan: dict, parts: list[dict]) -> httpx.Response:
    return await session.post(
        f"{UPLOADS}/complete", json={"uploadId": plan["uploadId"], "parts": parts}
    )


async def state(session: Session, file_id: int) -> dict:
    r = await session.get(f"{UPLOADS}/{file_id}")
    assert r.status_code == 200, r.text
    return r.json()


async def processed(session: Session, file_id: int, timeout: float = 120) -> dict:
    return await eventually(
        lambda: state(session, file_id),
        lambda body: body["status"] in FINAL,
        timeout=timeout,
        what=f"file {file_id} processed",
    )


async def upload(session: Session, data: bytes, name: str, mime: str, **extra) -> dict:
    """The whole flow; the file once processed (READY or REJECTED)."""
    plan = await start(session, data, name, mime, **extra)
    r = await complete(session, plan, await put_parts(plan, data))
    assert r.status_code == 200, r.text
    return await processed(session, plan["uploadId"])


async def download(session: Session, file_id: int, variant: str = "original") -> httpx.Response:
    """The download URL's body, fetched from the store."""
    r = await session.get(f"/api/v1/files/{file_id}/download", params={"variant": variant})
    assert r.status_code == 200, r.text
    async with httpx.AsyncClient(timeout=60) as store:
        return await store.get(r.json()["url"])


# --- media -------------------------------------------------------------------------------


def jpeg(width: int = 64, height: int = 32, exif: Image.Exif | None = None) -> bytes:
    image = Image.new("RGB", (width, height), (200, 120, 40))
    image.paste((20, 60, 200), (0, 0, width // 2, height // 2))  # a corner to see the rotation
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, **({"exif": exif} if exif is not None else {}))
    return out.getvalue()


def photo_with_location() -> bytes:
    """A phone photo: stored sideways with EXIF orientation 6, and a GPS position."""
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    exif[0x010F] = "Connecto Camera"  # Make: kept
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (33.0, 27.0, 0.0), 3: "E", 4: (126.0, 34.0, 0.0)})
    return jpeg(64, 32, exif)


def noise_png(side: int = 1500) -> bytes:
    """Incompressible pixels: a PNG over 5 MB (two upload parts, and a WebP copy)."""
    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(out, "PNG")
    return out.getvalue()


def video(path: Path, seconds: int = 2, size: str = "320x240") -> bytes:
    subprocess.run(
        [
            "ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi",
            "-i", f"testsrc=duration={seconds}:size={size}:rate=10",
            "-pix_fmt", "yuv420p", str(path),
        ],
        check=True,
        timeout=120,
    )  # fmt: skip
    return path.read_bytes()


def corrupt_mp4() -> bytes:
    """An MP4 header followed by garbage: it sniffs as a video, no tool can decode it."""
    return b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + os.urandom(4096)


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200 + b"PE\x00\x00"
