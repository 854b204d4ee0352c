"""``make bench-files``: uploads through the presigned flow and image processing speed.

A real server (scratch database, Redis) stores to the embedded S3 server and scans with a
real clamd, as in the tests. Measured: a 10 MB photo and a ~500 MB video uploaded in 5 MB
parts (4 in flight, as a mobile client would), from ``presigned-url`` to the ``complete``
answer, and on to READY (download, virus scan, type check, variants); then Pillow's
processing of JPEG photos per megapixel. The numbers replace the "Files" section of
docs/benchmarks.md, with the machine they ran on.

The spec's targets (12.3): a 10 MB file in under 30 s, 100 MB in 5 min, 500 MB in 15 min,
image optimisation under 10 s, virus scan under 60 s.
"""

from __future__ import annotations

import asyncio
import io
import os
import platform
import subprocess
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
from PIL import Image

from connecto.files.processing import process_image
from tests.support import services
from tests.support.api import Api
from tests.support.filestack import FileStack
from tests.support.server import ROOT, ServerProcess, temp_data_dir
from tests.support.uploads import complete, processed

REPORT = ROOT / "docs" / "benchmarks.md"
MB = 1024 * 1024
PARALLEL_PARTS = 4


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    memory_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory_kb / 1024 / 1024:.0f} GiB RAM, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}; "
        f"load average at start {load} (a shared machine)"
    )


def photo_bytes(width: int, height: int) -> bytes:
    """A photo-like JPEG: smooth gradients with sensor noise (compresses like a real one)."""
    gradient = Image.linear_gradient("L").resize((width, height))
    noise = Image.effect_noise((width, height), 24)
    image = Image.merge(
        "RGB", (gradient, noise, gradient.transpose(Image.Transpose.FLIP_TOP_BOTTOM))
    )
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92)
    return out.getvalue()


def noise_png(target_bytes: int) -> bytes:
    side = int((target_bytes / 3) ** 0.5)
    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(out, "PNG")
    return out.getvalue()


def raw_video(path: Path, target_bytes: int) -> Path:
    """An uncompressed QuickTime video of about ``target_bytes`` (fast to make, real to probe)."""
    frame = 1280 * 720 * 2  # uyvy422: 2 bytes a pixel
    frames = (target_bytes - 64 * 1024) // frame
    subprocess.run(
        [
            "ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi",
            "-i", "testsrc=size=1280x720:rate=10", "-frames:v", str(frames),
            "-c:v", "rawvideo", "-pix_fmt", "uyvy422", str(path),
        ],
        check=True,
    )  # fmt: skip
    return path


async def put_parts(plan: dict, path: Path) -> list[dict]:
    gate = asyncio.Semaphore(PARALLEL_PARTS)

    async def one(store: httpx.AsyncClient, part: dict) -> dict:
        async with gate:
            with open(path, "rb") as f:  # noqa: ASYNC230 (a local read of 5 MB)
                f.seek((part["partNumber"] - 1) * plan["partSize"])
                data = f.read(part["size"])
            r = await store.put(part["url"], content=data, headers=plan["headers"])
            r.raise_for_status()
            return {"partNumber": part["partNumber"], "etag": r.headers["etag"]}

    async with httpx.AsyncClient(timeout=600) as store:
        return list(await asyncio.gather(*(one(store, p) for p in plan["parts"])))


async def timed_upload(session, path: Path, name: str, mime: str) -> dict:
    size = path.stat().st_size  # noqa: ASYNC240
    began = time.perf_counter()
    r = await session.post(
        "/api/v1/file-uploads/presigned-url",
        json={"fileName": name, "mimeType": mime, "fileSize": size},
    )
    r.raise_for_status()
    plan = r.json()
    parts = await put_parts(plan, path)
    done = await complete(session, plan, parts)
    done.raise_for_status()
    uploaded = time.perf_counter()
    body = await processed(session, plan["uploadId"], timeout=1800)
    ready = time.perf_counter()
    assert body["status"] == "READY", body
    return {
        "name": name,
        "bytes": size,
        "parts": plan["partCount"],
        "upload_s": uploaded - began,
        "processing_s": ready - uploaded,
        "total_s": ready - began,
        "variants": ", ".join(v["name"] for v in body["variants"]),
        "scan": body["scanResult"],
    }


def image_processing(sizes: list[tuple[int, int]]) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for width, height in sizes:
            data = photo_bytes(width, height)
            source = Path(tmp) / f"{width}x{height}.jpg"
            source.write_bytes(data)
            runs = []
            for _ in range(3):
                began = time.perf_counter()
                process_image(source, "image/jpeg", len(data), Path(tmp))
                runs.append(time.perf_counter() - began)
            best = min(runs)
            megapixels = width * height / 1e6
            rows.append(
                {
                    "size": f"{width}x{height}",
                    "mp": megapixels,
                    "bytes": len(data),
                    "seconds": best,
                    "per_mp": best / megapixels,
                }
            )
    return rows


def report(uploads: list[dict], images: list[dict]) -> str:
    lines = [
        "## Files",
        "",
        f"`make bench-files`, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC. Machine: {machine()}.",
        "",
        "Uploads through the presigned flow to the embedded S3 server (moto) on the same "
        f"machine, 5 MB parts, {PARALLEL_PARTS} in flight; processing = download from the "
        "store, clamd scan, type check, variants. Spec targets: 10 MB under 30 s, 500 MB "
        "under 15 min, virus scan under 60 s.",
        "",
        "| file | size | parts | upload (s) | MB/s | processing (s) | total (s) | variants |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in uploads:
        lines.append(
            f"| {row['name']} | {row['bytes'] / MB:.1f} MB | {row['parts']} | "
            f"{row['upload_s']:.2f} | {row['bytes'] / MB / row['upload_s']:.1f} | "
            f"{row['processing_s']:.2f} | {row['total_s']:.2f} | {row['variants']} |"
        )
    lines += [
        "",
        "Image processing (Pillow, one thread; orientation, thumbnail, WebP copy above 5 MB), "
        "best of 3 on a photo-like JPEG:",
        "",
        "| image | megapixels | JPEG size | seconds | seconds per megapixel |",
        "|---|---|---|---|---|",
    ]
    for row in images:
        lines.append(
            f"| {row['size']} | {row['mp']:.1f} | {row['bytes'] / MB:.1f} MB | "
            f"{row['seconds']:.3f} | {row['per_mp']:.3f} |"
        )
    return "\n".join(lines) + "\n"


def write_section(section: str) -> None:
    """Replace this section of docs/benchmarks.md (other sections belong to other benches)."""
    text = REPORT.read_text() if REPORT.exists() else "# Benchmarks\n"
    begin = text.find("## Files\n")
    if begin == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", begin + 1)
        text = text[:begin] + section + (text[end + 1 :] if end != -1 else "")
    REPORT.write_text(text)


async def main() -> None:
    problem = await services.check_services()
    if problem:
        raise SystemExit(problem)
    data_dir = temp_data_dir("connecto-bench-files-")
    stack = FileStack(data_dir / "files").start()
    try:
        async with services.ScratchDatabase("bench_files") as database_url:
            server = ServerProcess(
                database_url=database_url,
                redis_url=services.REDIS_URL,
                data_dir=data_dir,
                name="bench-files",
                env=stack.server_env(),
            ).start()
            try:
                async with httpx.AsyncClient(base_url=server.url, timeout=600) as http:
                    session = await Api(http).sign_in("bench@example.com")
                    photo = data_dir / "photo.png"
                    photo.write_bytes(noise_png(10 * MB))
                    movie = raw_video(data_dir / "movie.mov", 500 * MB)
                    uploads = [
                        await timed_upload(session, photo, "photo-10mb.png", "image/png"),
                        await timed_upload(session, movie, "video-500mb.mov", "video/quicktime"),
                    ]
            finally:
                server.stop()
    finally:
        stack.stop()
    images = image_processing([(1920, 1080), (4000, 3000), (6000, 4000)])
    section = report(uploads, images)
    write_section(section)
    print(section)


if __name__ == "__main__":
    asyncio.run(main())
