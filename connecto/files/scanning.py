"""Virus scanning with ClamAV's daemon, over its socket protocol (INSTREAM).

``zINSTREAM\\0``, then the file in chunks, each prefixed with its length as a 4-byte
big-endian integer, then a zero-length chunk; clamd answers ``stream: OK``,
``stream: <signature> FOUND`` or ``... ERROR``. clamd must accept streams as large as our
largest upload (``StreamMaxLength``, ``MaxFileSize``, ``MaxScanSize`` >= 500M): a stream over
its limit is answered with an error, and that file is rejected, never passed as clean.
"""

from __future__ import annotations

import asyncio
import struct
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

CHUNK_BYTES = 256 * 1024


class ScannerUnavailable(Exception):
    """clamd could not be reached or stopped answering: try again later."""


class ScanRefused(Exception):
    """clamd could not scan this file (a size or scan limit): do not accept it."""


@dataclass(frozen=True)
class Verdict:
    clean: bool
    signature: str | None = None


def parse_reply(reply: bytes) -> Verdict:
    text = reply.rstrip(b"\0\n").decode(errors="replace").strip()
    _, _, result = text.partition(": ")
    result = result or text
    if result == "OK":
        return Verdict(clean=True)
    if result.endswith(" FOUND"):
        return Verdict(clean=False, signature=result[: -len(" FOUND")])
    raise ScanRefused(text or "empty reply")


class ClamdClient:
    """``unix:///run/clamav/clamd.ctl`` or ``tcp://host:3310``."""

    def __init__(self, url: str, timeout: float) -> None:
        parsed = urlparse(url)
        if parsed.scheme == "unix":
            self._path: str | None = parsed.path
            self._address = None
        elif parsed.scheme == "tcp" and parsed.hostname:
            self._path = None
            self._address = (parsed.hostname, parsed.port or 3310)
        else:
            raise ValueError(f"CONNECTO_CLAMD_URL must be unix:///path or tcp://host:port: {url!r}")
        self.timeout = timeout

    async def _connect(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        try:
            if self._path is not None:
                return await asyncio.wait_for(asyncio.open_unix_connection(self._path), 10)
            return await asyncio.wait_for(asyncio.open_connection(*self._address), 10)
        except (OSError, TimeoutError) as exc:
            raise ScannerUnavailable(f"clamd unreachable: {exc}") from exc

    async def ping(self) -> bool:
        reader, writer = await self._connect()
        try:
            writer.write(b"zPING\0")
            await writer.drain()
            return (await asyncio.wait_for(reader.read(64), 10)).rstrip(b"\0\n") == b"PONG"
        finally:
            writer.close()

    async def scan_file(self, path: Path) -> Verdict:
        reader, writer = await self._connect()
        try:
            async with asyncio.timeout(self.timeout):
                return await self._instream(path, reader, writer)
        except TimeoutError as exc:
            raise ScannerUnavailable("clamd did not answer in time") from exc
        finally:
            writer.close()

    async def _instream(self, path, reader, writer) -> Verdict:
        writer.write(b"zINSTREAM\0")
        try:
            source = await asyncio.to_thread(open, path, "rb")
            try:
                while chunk := await asyncio.to_thread(source.read, CHUNK_BYTES):
                    writer.write(struct.pack(">I", len(chunk)) + chunk)
                    await writer.drain()
            finally:
                source.close()
            writer.write(struct.pack(">I", 0))
            await writer.drain()
        except (BrokenPipeError, ConnectionResetError):
            # clamd hangs up mid-stream when the stream passes its limit; its reason was sent
            # before it closed.
            pass
        try:
            reply = await reader.read()
        except ConnectionResetError:
            reply = b""
        if not reply:
            raise ScannerUnavailable("clamd closed the connection without an answer")
        return parse_reply(reply)
