"""Decoding and deriving media: images with Pillow, videos with ffprobe/ffmpeg.

Images: the format must be the declared one, at most 100 megapixels; the EXIF orientation is
applied and the location (GPS, XMP) removed, re-encoding the original only when one of those
needs changing; a 400 px WebP thumbnail for every image and an optimised WebP copy of images
over 5 MB (spec 4.3). Videos: duration, dimensions (display orientation) and a poster
thumbnail; each tool runs as a subprocess with a time limit, so a corrupt or hostile file is
REJECTED with a reason and never hangs a worker.

The image functions are blocking (call them in a thread).
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageOps, JpegImagePlugin, UnidentifiedImageError

from connecto.files.allowed import WEBP_THRESHOLD_BYTES
from connecto.files.enums import RejectReason, Variant

MAX_PIXELS = 100_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow's decompression-bomb guard agrees with ours
THUMBNAIL_SIDE = 400
WEBP_MAX_SIDE = 4096
PIL_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/gif": "GIF", "image/webp": "WEBP"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
EXIF_ORIENTATION = 0x0112
EXIF_GPS_IFD = 0x8825


class MediaRejected(Exception):
    """The content is not acceptable (permanent): the upload is REJECTED with this reason."""

    def __init__(self, reason: RejectReason, detail: str) -> None:
        super().__init__(f"{reason.value}: {detail}")
        self.reason = reason
        self.detail = detail


class MediaToolMissing(Exception):
    """ffprobe/ffmpeg is not installed on this machine (a deployment problem: retried)."""


@dataclass
class Rendition:
    """One stored form of the file. ``path`` None: the uploaded object itself, unchanged."""

    variant: Variant
    mime: str
    size: int
    width: int | None = None
    height: int | None = None
    path: Path | None = None


@dataclass
class MediaInfo:
    width: int | None = None
    height: int | None = None
    duration_ms: int | None = None
    renditions: list[Rendition] = field(default_factory=list)


# --- images --------------------------------------------------------------------------------


def _flat(image: Image.Image) -> Image.Image:
    """RGB, or RGBA when the image has transparency (what WebP stores)."""
    alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    wanted = "RGBA" if alpha else "RGB"
    return image if image.mode == wanted else image.convert(wanted)


def _save_webp(image: Image.Image, path: Path, quality: int, **extra) -> Rendition:
    image.save(path, "WEBP", quality=quality, method=4, **extra)
    with Image.open(path) as saved:
        width, height = saved.size
    return Rendition(Variant.THUMBNAIL, "image/webp", path.stat().st_size, width, height, path)


def process_image(path: Path, mime: str, size: int, workdir: Path) -> MediaInfo:
    try:
        with Image.open(path) as image:
            if image.format != PIL_FORMATS.get(mime):
                raise MediaRejected(
                    RejectReason.TYPE_MISMATCH, f"declared {mime}, content is {image.format}"
                )
            if image.width * image.height > MAX_PIXELS:
                raise MediaRejected(
                    RejectReason.TOO_LARGE,
                    f"{image.width}x{image.height} is over {MAX_PIXELS // 1_000_000} megapixels",
                )
            image.load()
            return _derive(image, mime, size, workdir)
    except MediaRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise MediaRejected(RejectReason.TOO_LARGE, str(exc)) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise MediaRejected(RejectReason.CORRUPT, f"the image cannot be decoded: {exc}") from None


def _derive(image: Image.Image, mime: str, size: int, workdir: Path) -> MediaInfo:
    animated = getattr(image, "is_animated", False)
    exif = image.getexif()
    orientation = exif.get(EXIF_ORIENTATION, 1)
    # XMP can carry a location too; it is dropped as a whole.
    has_location = EXIF_GPS_IFD in exif or any("xmp" in key.lower() for key in image.info)
    upright = image if animated else ImageOps.exif_transpose(image)
    width, height = upright.size
    info = MediaInfo(width=width, height=height)

    if not animated and (orientation != 1 or has_location):
        info.renditions.append(_clean_original(image, upright, exif, mime, workdir))
    else:
        info.renditions.append(Rendition(Variant.ORIGINAL, mime, size, width, height))

    thumbnail = _flat(upright).copy()
    thumbnail.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
    info.renditions.append(_save_webp(thumbnail, workdir / "thumbnail.webp", quality=80))

    if size > WEBP_THRESHOLD_BYTES:
        target = workdir / "optimized.webp"
        if animated:
            optimized = _save_webp(image, target, quality=80, save_all=True)
        else:
            large = _flat(upright)
            if max(large.size) > WEBP_MAX_SIDE:
                large = large.copy()
                large.thumbnail((WEBP_MAX_SIDE, WEBP_MAX_SIDE), Image.Resampling.LANCZOS)
            optimized = _save_webp(large, target, quality=82)
        optimized.variant = Variant.WEBP
        # Only worth keeping when it saves bytes.
        if optimized.size < size:
            info.renditions.append(optimized)
    return info


def _clean_original(
    image: Image.Image, upright: Image.Image, exif: Image.Exif, mime: str, workdir: Path
) -> Rendition:
    """The original re-encoded upright, without location; other EXIF (camera, time) and the
    colour profile are kept, and a JPEG keeps its own quantisation (no extra quality loss)."""
    for tag in (EXIF_GPS_IFD, EXIF_ORIENTATION):
        exif.pop(tag, None)
    fmt = image.format
    options: dict = {"exif": exif.tobytes()}
    if image.info.get("icc_profile"):
        options["icc_profile"] = image.info["icc_profile"]
    if fmt == "JPEG":
        options["qtables"] = image.quantization
        sampling = JpegImagePlugin.get_sampling(image)
        if sampling != -1:
            options["subsampling"] = sampling
    elif fmt == "WEBP":
        options["quality"] = 95
    target = workdir / f"original.{EXTENSIONS[fmt]}"
    if fmt == "JPEG" and upright.mode not in ("RGB", "L", "CMYK"):
        upright = upright.convert("RGB")
    upright.save(target, fmt, **options)
    return Rendition(
        Variant.ORIGINAL, mime, target.stat().st_size, upright.width, upright.height, target
    )


def thumbnail_from_frame(frame: bytes, workdir: Path) -> Rendition:
    with Image.open(io.BytesIO(frame)) as image:
        image.load()
        thumbnail = _flat(image).copy()
    thumbnail.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
    return _save_webp(thumbnail, workdir / "thumbnail.webp", quality=80)


# --- videos --------------------------------------------------------------------------------

VIDEO_FORMATS = {"video/mp4": "mov", "video/quicktime": "mov", "video/webm": "webm"}


async def run_tool(args: list[str], time_limit: float) -> bytes:
    """Run ffprobe/ffmpeg; its stdout. A failure or overrun rejects the file as CORRUPT."""
    if shutil.which(args[0]) is None:
        raise MediaToolMissing(f"{args[0]} is not installed")
    process = await asyncio.create_subprocess_exec(
        *args,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        stdout, stderr = await asyncio.wait_for(process.communicate(), time_limit)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        await process.wait()
        raise MediaRejected(
            RejectReason.CORRUPT, f"{args[0]} did not finish within {time_limit:g} s"
        ) from None
    if process.returncode != 0:
        message = stderr.decode(errors="replace").strip().splitlines()
        raise MediaRejected(
            RejectReason.CORRUPT,
            f"the video cannot be read: {message[-1] if message else 'unknown error'}",
        )
    return stdout


def _rotation(stream: dict) -> int:
    for side in stream.get("side_data_list") or []:
        if "rotation" in side:
            return int(float(side["rotation"]))
    return int(float((stream.get("tags") or {}).get("rotate", 0) or 0))


async def process_video(
    path: Path, mime: str, size: int, workdir: Path, time_limit: float
) -> MediaInfo:
    raw = await run_tool(
        [
            "ffprobe", "-v", "error", "-print_format", "json",
            "-show_format", "-show_streams", str(path),
        ],
        time_limit,
    )  # fmt: skip
    try:
        probe = json.loads(raw or b"{}")
    except ValueError:
        raise MediaRejected(RejectReason.CORRUPT, "the video cannot be read") from None
    container = (probe.get("format") or {}).get("format_name", "")
    if VIDEO_FORMATS[mime] not in container.split(","):
        raise MediaRejected(
            RejectReason.TYPE_MISMATCH, f"declared {mime}, content is {container or 'unknown'}"
        )
    video = next(
        (
            s
            for s in probe.get("streams") or []
            if s.get("codec_type") == "video"
            and not (s.get("disposition") or {}).get("attached_pic")
        ),
        None,
    )
    if video is None or not video.get("width") or not video.get("height"):
        raise MediaRejected(RejectReason.CORRUPT, "the file has no video stream")
    width, height = int(video["width"]), int(video["height"])
    if abs(_rotation(video)) % 180 == 90:
        width, height = height, width
    duration = probe["format"].get("duration") or video.get("duration")
    seconds = float(duration) if duration not in (None, "N/A") else None
    info = MediaInfo(
        width=width,
        height=height,
        duration_ms=round(seconds * 1000) if seconds is not None else None,
    )
    info.renditions.append(Rendition(Variant.ORIGINAL, mime, size, width, height))
    frame = b""
    for at in ([min(1.0, seconds / 2)] if seconds else []) + [0.0]:
        frame = await run_tool(
            [
                "ffmpeg", "-nostdin", "-v", "error", "-ss", f"{at:.3f}", "-i", str(path),
                "-frames:v", "1", "-f", "image2pipe", "-vcodec", "png", "-",
            ],
            time_limit,
        )  # fmt: skip
        if frame:
            break
    if not frame:
        raise MediaRejected(RejectReason.CORRUPT, "no frame of the video can be decoded")
    info.renditions.append(await asyncio.to_thread(thumbnail_from_frame, frame, workdir))
    return info
