"""File uploads (spec 4.3): presigned single and multipart uploads of real bytes to the S3
server, processing (virus scan, type check, images, video) and every refusal."""

from __future__ import annotations

import asyncio
import hashlib
import io
import json

import boto3
import httpx
import pytest
from PIL import Image

from tests.support.api import error_code
from tests.support.filestack import EICAR, EICAR_SIGNATURE
from tests.support.standalone import standalone
from tests.support.uploads import (
    EXECUTABLE,
    PDF,
    UPLOADS,
    complete,
    corrupt_mp4,
    download,
    noise_png,
    photo_with_location,
    processed,
    put_parts,
    start,
    state,
    upload,
    video,
)
from tests.support.world import default_planet, make_travel
from tests.support.ws import WsClient

MB = 1024 * 1024


def stored_keys(filestack, prefix: str) -> list[str]:
    """What the store holds under a file's prefix (asked directly, as an operator would)."""
    s3 = boto3.client(
        "s3",
        endpoint_url=filestack.s3.endpoint_url,
        region_name=filestack.s3.region,
        aws_access_key_id=filestack.s3.access_key,
        aws_secret_access_key=filestack.s3.secret_key,
    )
    listed = s3.list_objects_v2(Bucket=filestack.s3.bucket, Prefix=prefix)
    return sorted(item["Key"] for item in listed.get("Contents", []))


async def prefix_of(db, file_id: int) -> str:
    return await db.fetchval("SELECT storage_prefix FROM file_uploads WHERE id = $1", file_id)


async def test_image_in_parts_is_scanned_and_gets_webp_and_thumbnail(api, db, server, filestack):
    ann = await api.sign_in()
    ws = await WsClient.connect(server.url, ann.access_token)
    data = noise_png()
    assert len(data) > 5 * MB
    plan = await start(ann, data, "sunrise.png", "image/png")
    assert plan["method"] == "MULTIPART" and plan["partCount"] == 2
    assert [p["size"] for p in plan["parts"]] == [5 * MB, len(data) - 5 * MB]
    r = await complete(ann, plan, await put_parts(plan, data))
    assert r.status_code == 200 and r.json()["status"] in ("UPLOADED", "PROCESSING", "READY")

    pushed = await ws.expect("file:processed", lambda d: d["id"] == plan["uploadId"], timeout=120)
    body = await state(ann, plan["uploadId"])
    assert pushed == body
    assert body["status"] == "READY" and body["scanResult"] == "CLEAN"
    assert body["checksumSha256"] == hashlib.sha256(data).hexdigest()
    assert (body["width"], body["height"]) == (1500, 1500)
    variants = {v["name"]: v for v in body["variants"]}
    assert set(variants) == {"original", "webp", "thumbnail"}
    assert variants["webp"]["mimeType"] == "image/webp"
    assert variants["webp"]["size"] < len(data)
    assert max(variants["thumbnail"]["width"], variants["thumbnail"]["height"]) == 400

    original = await download(ann, plan["uploadId"])
    assert original.status_code == 200 and original.content == data
    thumbnail = await download(ann, plan["uploadId"], "thumbnail")
    assert Image.open(io.BytesIO(thumbnail.content)).format == "WEBP"
    prefix = await prefix_of(db, plan["uploadId"])
    assert stored_keys(filestack, prefix) == [
        f"{prefix}optimized.webp",
        f"{prefix}thumbnail.webp",
        f"{prefix}upload",
    ]
    await ws.close()


async def test_photo_is_turned_upright_and_loses_its_location(api, db, filestack):
    ann = await api.sign_in()
    body = await upload(ann, photo_with_location(), "jeju.jpg", "image/jpeg")
    assert body["status"] == "READY"
    # Stored 64x32 with "rotate 90°": shown 32x64.
    assert (body["width"], body["height"]) == (32, 64)
    assert {v["name"] for v in body["variants"]} == {"original", "thumbnail"}  # small: no WebP
    served = Image.open(io.BytesIO((await download(ann, body["id"])).content))
    assert served.size == (32, 64)
    exif = served.getexif()
    assert 0x8825 not in exif and 0x0112 not in exif
    assert exif[0x010F] == "Connecto Camera"  # the rest of the EXIF stays
    # Only the cleaned copy is kept.
    prefix = await prefix_of(db, body["id"])
    assert stored_keys(filestack, prefix) == [f"{prefix}original.jpg", f"{prefix}thumbnail.webp"]


async def test_video_gets_duration_dimensions_and_poster(api, tmp_path):
    ann = await api.sign_in()
    body = await upload(ann, video(tmp_path / "clip.mp4"), "clip.mp4", "video/mp4")
    assert body["status"] == "READY" and body["kind"] == "video"
    assert (body["width"], body["height"]) == (320, 240)
    assert 1900 <= body["durationMs"] <= 2100
    poster = {v["name"]: v for v in body["variants"]}["thumbnail"]
    assert poster["mimeType"] == "image/webp" and (poster["width"], poster["height"]) == (320, 240)


async def test_document_is_stored_as_is(api):
    ann = await api.sign_in()
    body = await upload(ann, PDF, "tickets.pdf", "application/pdf")
    assert body["status"] == "READY" and body["kind"] == "file"
    assert [v["name"] for v in body["variants"]] == ["original"]
    assert (await download(ann, body["id"])).content == PDF


@pytest.mark.parametrize(
    ("data", "name", "mime", "reason"),
    [
        (EXECUTABLE, "cat.jpg", "image/jpeg", "TYPE_MISMATCH"),
        (PDF, "clip.mp4", "video/mp4", "TYPE_MISMATCH"),
        (corrupt_mp4(), "broken.mp4", "video/mp4", "CORRUPT"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 300, "broken.jpg", "image/jpeg", "CORRUPT"),
    ],
    ids=["exe-as-jpg", "pdf-as-video", "corrupt-video", "corrupt-jpeg"],
)
async def test_bytes_that_are_not_what_was_declared_are_rejected(
    api, db, server, filestack, data, name, mime, reason
):
    ann = await api.sign_in()
    ws = await WsClient.connect(server.url, ann.access_token)
    body = await upload(ann, data, name, mime)
    assert body["status"] == "REJECTED" and body["rejectReason"] == reason
    assert body["rejectDetail"] and body["variants"] == []
    pushed = await ws.expect("file:rejected", lambda d: d["id"] == body["id"], timeout=30)
    assert pushed["rejectReason"] == reason
    # Nothing of it stays in the store, and nobody can download it.
    assert stored_keys(filestack, await prefix_of(db, body["id"])) == []
    r = await ann.get(f"/api/v1/files/{body['id']}/download")
    assert r.status_code == 409 and error_code(r) == "FILE_REJECTED"
    await ws.close()


async def test_eicar_is_rejected_as_infected(api, db, filestack):
    ann = await api.sign_in()
    body = await upload(ann, EICAR, "notes.txt", "text/plain")
    assert body["status"] == "REJECTED" and body["rejectReason"] == "INFECTED"
    assert body["scanResult"] == "INFECTED" and body["scanSignature"].startswith(EICAR_SIGNATURE)
    assert stored_keys(filestack, await prefix_of(db, body["id"])) == []
    assert await db.fetchval("SELECT count(*) FROM file_uploads WHERE status = 'READY'") == 0


def _start(name="a.jpg", mime="image/jpeg", size=10, **extra) -> dict:
    body = {"fileName": name, "mimeType": mime, "fileSize": size, **extra}
    return {k: v for k, v in body.items() if v is not None}


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (_start("big.jpg", size=50 * MB + 1), 413, "FILE_TOO_LARGE"),
        (_start("long.mp4", "video/mp4", 500 * MB + 1), 413, "FILE_TOO_LARGE"),
        (_start("x.pdf", "application/pdf", 2**62), 413, "FILE_TOO_LARGE"),
        (_start("x.pdf", "application/pdf", 2**70), 400, "VALIDATION_ERROR"),  # beyond 64 bits
        (_start("setup.exe", "application/x-msdownload"), 400, "FILE_TYPE_NOT_ALLOWED"),
        (_start("page.html", "text/html"), 400, "FILE_TYPE_NOT_ALLOWED"),
        (_start(size=0), 400, "VALIDATION_ERROR"),
        (_start(size="10"), 400, "VALIDATION_ERROR"),
        (_start(size=None), 400, "VALIDATION_ERROR"),
        (_start("a\x00.jpg"), 400, "VALIDATION_ERROR"),
        (_start("a\ud800.jpg"), 400, "INVALID_JSON"),  # a lone surrogate is no text
        (_start("photo\u202egpj.exe"), 400, "VALIDATION_ERROR"),
        (_start("../../etc/passwd", "text/plain"), 400, "VALIDATION_ERROR"),
        (_start("a" * 256, "text/plain"), 400, "VALIDATION_ERROR"),
        (_start(planetId=99999), 404, "PLANET_NOT_FOUND"),
        (_start(extra=1), 400, "VALIDATION_ERROR"),
    ],
)
async def test_start_refuses_bad_files(api, db, body, status, code):
    ann = await api.sign_in()
    # Sent as ASCII JSON text, so a lone surrogate travels as the escape "\ud800".
    r = await ann.post(
        f"{UPLOADS}/presigned-url",
        content=json.dumps(body),
        headers={"content-type": "application/json"},
    )
    assert r.status_code == status, r.text
    assert error_code(r) == code
    assert await db.fetchval("SELECT count(*) FROM file_uploads") == 0


async def test_start_checks_the_planet_and_the_caller(api):
    ann, stranger = await api.sign_in(), await api.sign_in()
    planet = default_planet(await make_travel(ann))
    body = {"fileName": "a.jpg", "mimeType": "image/jpeg", "fileSize": 10}
    r = await stranger.post(f"{UPLOADS}/presigned-url", json={**body, "planetId": planet["id"]})
    assert r.status_code == 404 and error_code(r) == "PLANET_NOT_FOUND"
    r = await ann.post(f"{UPLOADS}/presigned-url", json={**body, "planetId": planet["id"]})
    assert r.status_code == 201 and r.json()["method"] == "SINGLE"
    r = await api.http.post(f"{UPLOADS}/presigned-url", json=body)
    assert r.status_code == 401 and error_code(r) == "AUTH_REQUIRED"
    limits = (await ann.get(f"{UPLOADS}/limits")).json()
    assert limits["maxUploadsInProgress"] == 3 and "image/jpeg" in limits["types"]["image"]


async def test_a_fourth_upload_in_progress_is_refused(api):
    ann = await api.sign_in()
    plans = [await start(ann, b"x" * 10, f"n{i}.txt", "text/plain") for i in range(3)]
    r = await ann.post(
        f"{UPLOADS}/presigned-url",
        json={"fileName": "n4.txt", "mimeType": "text/plain", "fileSize": 10},
    )
    assert r.status_code == 409 and error_code(r) == "TOO_MANY_UPLOADS"
    assert r.json()["error"]["details"]["inProgress"] == [p["uploadId"] for p in plans]
    # Finishing one frees a slot.
    r = await ann.delete(f"{UPLOADS}/{plans[0]['uploadId']}")
    assert r.status_code == 204
    assert (await state(ann, plans[0]["uploadId"]))["status"] == "ABORTED"
    await start(ann, b"x" * 10, "n4.txt", "text/plain")


async def test_upload_starts_are_rate_limited(api):
    ann = await api.sign_in()
    for i in range(10):
        plan = await start(ann, b"x" * 10, f"n{i}.txt", "text/plain")
        assert (await ann.delete(f"{UPLOADS}/{plan['uploadId']}")).status_code == 204
    r = await ann.post(
        f"{UPLOADS}/presigned-url",
        json={"fileName": "n.txt", "mimeType": "text/plain", "fileSize": 10},
    )
    assert r.status_code == 429 and error_code(r) == "RATE_LIMITED"
    details = r.json()["error"]["details"]
    assert details["penalty"] == "upload_restriction" and details["limit"] == 10
    assert int(r.headers["Retry-After"]) == details["retryAfterSeconds"] > 0


async def test_completing_with_missing_or_wrong_etags(api, db):
    ann = await api.sign_in()
    data = b"\x00" * (5 * MB) + b"tail"
    plan = await start(ann, data, "data.zip", "application/zip")
    parts = await put_parts(plan, data)

    r = await complete(ann, plan, parts[:1])
    assert r.status_code == 400 and error_code(r) == "UPLOAD_PARTS_INVALID"
    assert r.json()["error"]["details"]["missing"] == [2]
    r = await complete(ann, plan, [parts[0], parts[0] | {"partNumber": 3}])
    assert error_code(r) == "UPLOAD_PARTS_INVALID"
    r = await complete(ann, plan, [parts[0], parts[1] | {"etag": '"0123456789abcdef"'}])
    assert r.status_code == 400 and error_code(r) == "UPLOAD_PARTS_INVALID"
    r = await complete(ann, plan, [{"partNumber": 1}, parts[1]])
    assert r.status_code == 400 and error_code(r) == "VALIDATION_ERROR"
    r = await complete(ann, plan, [parts[0], parts[1] | {"etag": "<script>"}])
    assert r.status_code == 400 and error_code(r) == "VALIDATION_ERROR"
    # Still in progress, nothing READY: the right ETags complete it.
    assert (await state(ann, plan["uploadId"]))["status"] == "PENDING"
    r = await complete(ann, plan, parts)
    assert r.status_code == 200
    # Sent again (a retry): the same upload, not an error.
    r = await complete(ann, plan, parts)
    assert r.status_code == 200 and r.json()["id"] == plan["uploadId"]


async def test_completing_a_single_put_checks_the_object(api, db, filestack):
    ann = await api.sign_in()
    plan = await start(ann, b"hello world", "hi.txt", "text/plain")
    r = await complete(ann, plan, [{"partNumber": 1, "etag": '"5eb63bbbe01eeed093cb22bb8f5acdc3"'}])
    assert r.status_code == 400 and error_code(r) == "UPLOAD_PARTS_INVALID"  # nothing uploaded
    parts = await put_parts(plan, b"hello world")
    r = await complete(ann, plan, [{"partNumber": 1, "etag": '"ffffffffffffffffffffffffffffffff"'}])
    assert r.status_code == 400 and error_code(r) == "UPLOAD_PARTS_INVALID"
    assert (await complete(ann, plan, parts)).status_code == 200
    assert (await processed(ann, plan["uploadId"]))["status"] == "READY"


async def test_bytes_of_another_size_than_declared(api, db, filestack):
    ann = await api.sign_in()
    plan = await start(ann, b"x" * 100, "short.txt", "text/plain")
    async with httpx.AsyncClient() as store:
        r = await store.put(plan["parts"][0]["url"], content=b"x" * 60, headers=plan["headers"])
    r = await complete(ann, plan, [{"partNumber": 1, "etag": r.headers["etag"]}])
    assert r.status_code == 400 and error_code(r) == "UPLOAD_SIZE_MISMATCH"
    assert r.json()["error"]["details"] == {"declared": 100, "received": 60}
    body = await state(ann, plan["uploadId"])
    assert body["status"] == "REJECTED" and body["rejectReason"] == "SIZE_MISMATCH"
    assert stored_keys(filestack, await prefix_of(db, plan["uploadId"])) == []


async def test_someone_elses_upload_is_not_found(api):
    ann, bob = await api.sign_in(), await api.sign_in()
    plan = await start(ann, b"x" * 10, "mine.txt", "text/plain")
    parts = await put_parts(plan, b"x" * 10)
    for r in (
        await complete(bob, plan, parts),
        await bob.get(f"{UPLOADS}/{plan['uploadId']}"),
        await bob.delete(f"{UPLOADS}/{plan['uploadId']}"),
        await bob.get(f"{UPLOADS}/424242"),
    ):
        assert r.status_code == 404 and error_code(r) == "FILE_NOT_FOUND"
    assert (await state(ann, plan["uploadId"]))["status"] == "PENDING"


async def test_aborting_drops_the_parts(api, db, filestack):
    ann = await api.sign_in()
    data = b"\x00" * (6 * MB)
    plan = await start(ann, data, "big.zip", "application/zip")
    first = plan["parts"][0]
    async with httpx.AsyncClient(timeout=60) as store:
        assert (await store.put(first["url"], content=data[: first["size"]])).status_code == 200
        assert (await ann.delete(f"{UPLOADS}/{plan['uploadId']}")).status_code == 204
        # The store forgot the upload: its other URLs lead nowhere (S3 answers 404
        # NoSuchUpload; moto fails it with a 500).
        late = await store.put(plan["parts"][1]["url"], content=data[first["size"] :])
        assert late.status_code >= 400
    r = await complete(
        ann, plan, [{"partNumber": 1, "etag": "abc"}, {"partNumber": 2, "etag": "d"}]
    )
    assert r.status_code == 409 and error_code(r) == "UPLOAD_NOT_PENDING"
    assert stored_keys(filestack, await prefix_of(db, plan["uploadId"])) == []


async def test_presigned_urls_are_signed_for_one_object(api):
    ann = await api.sign_in()
    plan = await start(ann, b"x" * 10, "a.txt", "text/plain")
    url = plan["parts"][0]["url"]
    async with httpx.AsyncClient() as store:
        forged = await store.put(
            url.replace("/upload?", "/other?"), content=b"x" * 10, headers=plan["headers"]
        )
        assert forged.status_code == 403 and b"SignatureDoesNotMatch" in forged.content
        wrong_type = await store.put(url, content=b"x" * 10, headers={"Content-Type": "text/html"})
        assert wrong_type.status_code == 403
        anonymous = await store.get(url.split("?")[0])
        assert anonymous.status_code == 403


async def test_embedded_store_without_a_scanner_and_expired_urls(required_services):
    """`make run` with no S3 configured: the server starts its embedded S3 server and uses it
    through the same code; with no clamd files are NOT_SCANNED (never "clean"). Presigned URLs
    stop working when they expire."""
    env = {
        "CONNECTO_UPLOADS_ENABLED": "1",
        "CONNECTO_UPLOAD_URL_TTL_SECONDS": "2",
        "CONNECTO_DOWNLOAD_URL_TTL_SECONDS": "2",
    }
    async with standalone("files-embedded", env=env) as stack:
        assert "embedded S3 server" in stack.server.log_tail(200)
        ann = await stack.api.sign_in()
        body = await upload(ann, PDF, "plan.pdf", "application/pdf")
        assert body["status"] == "READY" and body["scanResult"] == "NOT_SCANNED"
        link = (await ann.get(f"/api/v1/files/{body['id']}/download")).json()["url"]
        late = await start(ann, b"x" * 10, "late.txt", "text/plain")
        async with httpx.AsyncClient() as store:
            assert (await store.get(link)).content == PDF
            await asyncio.sleep(3)
            expired = await store.get(link)
            assert expired.status_code == 403 and b"Request has expired" in expired.content
            put = await store.put(
                late["parts"][0]["url"], content=b"x" * 10, headers=late["headers"]
            )
            assert put.status_code == 403 and b"Request has expired" in put.content
        r = await complete(ann, late, [{"partNumber": 1, "etag": "abc"}])
        assert r.status_code == 400 and error_code(r) == "UPLOAD_PARTS_INVALID"


def test_production_needs_a_store_and_a_scanner_for_uploads():
    from pydantic import ValidationError

    from connecto.settings import Settings

    base = {
        "env": "production",
        "jwt_secret": "z" * 40,
        "database_url": "postgres://x/y",
        "google_client_ids": ["123.apps.example"],
        "apple_client_ids": ["com.example"],
    }
    with pytest.raises(ValidationError, match="CONNECTO_S3_BUCKET"):
        Settings(**base, clamd_url="tcp://clamd:3310")
    with pytest.raises(ValidationError, match="CONNECTO_CLAMD_URL"):
        Settings(**base, s3_bucket="connecto-files")
    assert Settings(**base, s3_bucket="b", clamd_url="tcp://clamd:3310").uploads_enabled
    assert Settings(**base, s3_bucket="b", virus_scan_disabled=True).virus_scan_disabled
    assert not Settings(**base, uploads_enabled=False).uploads_enabled
