"""IMAGE / VIDEO / FILE messages (spec 4.1): only the sender's own READY file; readers get
its metadata and variants, and short-lived download URLs while they belong to a planet the
file was shared in; deleting the message hides the file; the cleanup job removes objects."""

from __future__ import annotations

import pytest

from tests.support.api import error_code
from tests.support.filestack import EICAR
from tests.support.uploads import PDF, UPLOADS, download, jpeg, start, upload
from tests.support.world import default_planet, join, make_travel, membership_id
from tests.support.ws import WsClient

PLANETS = "/api/v1/planets"
FILES = "/api/v1/files"


@pytest.fixture
async def trip(api):
    """Host Ann and member Bob in a travel, an outsider Eve, and a READY photo of Ann's."""
    ann, bob, eve = await api.sign_in(), await api.sign_in(), await api.sign_in()
    travel = await make_travel(ann)
    await join(bob, travel)
    photo = await upload(ann, jpeg(800, 600), "beach.jpg", "image/jpeg")
    assert photo["status"] == "READY"
    return ann, bob, eve, travel, default_planet(travel)["id"], photo


async def send_file(session, planet_id: int, file_id: int, kind: str = "image", **extra):
    return await session.post(
        f"{PLANETS}/{planet_id}/messages", json={"type": kind, "fileId": file_id, **extra}
    )


async def test_image_message_reaches_members_who_can_download(trip, server):
    ann, bob, eve, _, planet_id, photo = trip
    ws = await WsClient.connect(server.url, bob.access_token)
    r = await send_file(ann, planet_id, photo["id"], content="Sunset at Hyeopjae")
    assert r.status_code == 201, r.text
    message = r.json()
    assert message["type"] == "image" and message["fileId"] == photo["id"]
    assert message["file"]["fileName"] == "beach.jpg" and message["file"]["status"] == "READY"
    assert (message["file"]["width"], message["file"]["height"]) == (800, 600)
    assert [v["name"] for v in message["file"]["variants"]] == ["original", "thumbnail"]

    pushed = await ws.expect("message:new", lambda d: d["id"] == message["id"])
    assert pushed["file"] == message["file"]
    history = (await bob.get(f"{PLANETS}/{planet_id}/messages")).json()["items"]
    assert next(m for m in history if m["id"] == message["id"])["file"] == message["file"]

    thumbnail = await download(bob, photo["id"], "thumbnail")
    assert thumbnail.status_code == 200 and thumbnail.headers["content-type"] == "image/webp"
    r = await bob.get(f"{FILES}/{photo['id']}/download")
    assert r.status_code == 200
    assert r.json()["fileName"] == "beach.jpg" and r.json()["mimeType"] == "image/jpeg"
    # An outsider learns nothing, not even that the file exists.
    r = await eve.get(f"{FILES}/{photo['id']}/download")
    assert r.status_code == 404 and error_code(r) == "FILE_NOT_FOUND"
    r = await bob.get(f"{FILES}/{photo['id']}/download", params={"variant": "poster"})
    assert r.status_code == 400 and error_code(r) == "VALIDATION_ERROR"
    r = await bob.get(f"{FILES}/{photo['id']}/download", params={"variant": "webp"})
    assert r.status_code == 404 and error_code(r) == "FILE_NOT_FOUND"  # small: no WebP copy
    await ws.close()


async def test_file_message_over_the_socket(trip, server):
    ann, bob, _, _, planet_id, _ = trip
    pdf = await upload(ann, PDF, "itinerary.pdf", "application/pdf")
    ws = await WsClient.connect(server.url, ann.access_token)
    reply = await ws.ok(
        "message:send",
        {"planetId": planet_id, "type": "file", "fileId": pdf["id"], "clientMessageId": "f-1"},
    )
    assert reply["created"] is True and reply["message"]["file"]["kind"] == "file"
    again = await ws.ok(
        "message:send",
        {"planetId": planet_id, "type": "file", "fileId": pdf["id"], "clientMessageId": "f-1"},
    )
    assert again["created"] is False and again["message"]["id"] == reply["message"]["id"]
    r = await bob.get(f"{FILES}/{pdf['id']}/download")
    assert "attachment;" in (await download(bob, pdf["id"])).headers["content-disposition"]
    assert r.json()["fileName"] == "itinerary.pdf"
    await ws.close()


async def test_only_the_senders_own_ready_file_of_the_right_kind(trip, db):
    ann, bob, _, _, planet_id, photo = trip
    pending = await start(ann, b"x" * 10, "later.txt", "text/plain")
    infected = await upload(ann, EICAR, "eicar.txt", "text/plain")
    pdf = await upload(ann, PDF, "plan.pdf", "application/pdf")
    cases = [
        (bob, photo["id"], "image", 404, "FILE_NOT_FOUND"),  # someone else's
        (ann, 987654, "image", 404, "FILE_NOT_FOUND"),
        (ann, pending["uploadId"], "file", 409, "FILE_NOT_READY"),
        (ann, infected["id"], "file", 409, "FILE_REJECTED"),
        (ann, pdf["id"], "image", 400, "FILE_KIND_MISMATCH"),
        (ann, photo["id"], "video", 400, "FILE_KIND_MISMATCH"),
    ]
    for session, file_id, kind, status, code in cases:
        r = await send_file(session, planet_id, file_id, kind)
        assert r.status_code == status and error_code(r) == code, (file_id, kind, r.text)
    r = await ann.post(f"{PLANETS}/{planet_id}/messages", json={"type": "image"})
    assert r.status_code == 400 and error_code(r) == "VALIDATION_ERROR"
    assert await db.fetchval("SELECT count(*) FROM messages WHERE type <> 'system'") == 0
    assert await db.fetchval("SELECT count(*) FROM file_attachments") == 0
    # A photo may also go out as a plain file.
    assert (await send_file(ann, planet_id, photo["id"], "file")).status_code == 201


async def test_members_who_leave_or_are_banned_lose_access(trip):
    ann, bob, _, travel, planet_id, photo = trip
    assert (await send_file(ann, planet_id, photo["id"])).status_code == 201
    assert (await bob.get(f"{FILES}/{photo['id']}/download")).status_code == 200
    membership = await membership_id(ann, travel["id"], bob.user_id)
    r = await ann.post(f"/api/v1/travel-users/{membership}/ban", json={"reason": "spam"})
    assert r.status_code == 200
    r = await bob.get(f"{FILES}/{photo['id']}/download")
    assert r.status_code == 404 and error_code(r) == "FILE_NOT_FOUND"


async def test_a_member_who_left_loses_access(api):
    ann, bob = await api.sign_in(), await api.sign_in()
    travel = await make_travel(ann)
    await join(bob, travel)
    photo = await upload(ann, jpeg(), "a.jpg", "image/jpeg")
    assert (await send_file(ann, default_planet(travel)["id"], photo["id"])).status_code == 201
    assert (await bob.get(f"{FILES}/{photo['id']}/download")).status_code == 200
    assert (await bob.post(f"/api/v1/travels/{travel['id']}/leave")).status_code in (200, 204)
    r = await bob.get(f"{FILES}/{photo['id']}/download")
    assert r.status_code == 404 and error_code(r) == "FILE_NOT_FOUND"


async def test_deleting_the_message_hides_the_file(trip):
    ann, bob, _, _, planet_id, photo = trip
    message = (await send_file(ann, planet_id, photo["id"])).json()
    r = await ann.delete(f"/api/v1/messages/{message['id']}")
    assert r.status_code == 200 and r.json()["file"] is None
    r = await bob.get(f"{FILES}/{photo['id']}/download")
    assert r.status_code == 404 and error_code(r) == "FILE_NOT_FOUND"
    # The uploader still has it, and a restore shows it again.
    assert (await ann.get(f"{FILES}/{photo['id']}/download")).status_code == 200
    r = await ann.post(f"/api/v1/messages/{message['id']}/restore")
    assert r.status_code == 200 and r.json()["file"]["id"] == photo["id"]
    assert (await bob.get(f"{FILES}/{photo['id']}/download")).status_code == 200
    # A file some message carries cannot be deleted from under it.
    r = await ann.delete(f"{UPLOADS}/{photo['id']}")
    assert r.status_code == 409 and error_code(r) == "FILE_IN_USE"


async def test_cleanup_job_removes_what_nobody_can_see(trip, db, filestack):
    from tests.test_files import prefix_of, stored_keys

    ann, _, _, _, planet_id, photo = trip
    admin = await ann.api.sign_in("admin@connecto.test")
    shared = await upload(ann, jpeg(), "shared.jpg", "image/jpeg")
    kept = await upload(ann, jpeg(), "kept.jpg", "image/jpeg")
    stale = await start(ann, b"x" * 10, "never.txt", "text/plain")
    deleted = (await send_file(ann, planet_id, shared["id"])).json()
    assert (await send_file(ann, planet_id, kept["id"])).status_code == 201
    assert (await ann.delete(f"/api/v1/messages/{deleted['id']}")).status_code == 200
    # Time passes: the photo was never sent for 8 days, the message was deleted 25 hours ago,
    # the upload was left incomplete a day ago.
    await db.execute(
        "UPDATE file_uploads SET created_at = now() - interval '8 days' WHERE id = $1",
        photo["id"],
    )
    await db.execute(
        "UPDATE file_attachments SET hidden_at = now() - interval '25 hours' WHERE message_id = $1",
        deleted["id"],
    )
    await db.execute(
        "UPDATE file_uploads SET created_at = now() - interval '25 hours' WHERE id = $1",
        stale["uploadId"],
    )
    prefixes = {f: await prefix_of(db, f) for f in (photo["id"], shared["id"], kept["id"])}

    r = await admin.post("/api/v1/admin/jobs/file.cleanup/run")
    assert r.status_code == 202, r.text
    result = r.json()["result"]
    assert result["abortedUploads"] == 1
    assert result["deletedUnattached"] == 1 and result["deletedWithMessages"] == 1
    statuses = dict(await db.fetch("SELECT id, status FROM file_uploads"))
    assert statuses[photo["id"]] == "DELETED" and statuses[shared["id"]] == "DELETED"
    assert statuses[stale["uploadId"]] == "ABORTED" and statuses[kept["id"]] == "READY"
    assert stored_keys(filestack, prefixes[photo["id"]]) == []
    assert stored_keys(filestack, prefixes[shared["id"]]) == []
    assert stored_keys(filestack, prefixes[kept["id"]]) != []
    # A message restored afterwards by an admin shows the file as gone.
    r = await admin.post(f"/api/v1/messages/{deleted['id']}/restore")
    assert r.status_code == 200 and r.json()["file"]["status"] == "DELETED"
    assert r.json()["file"]["variants"] == []
    r = await ann.get(f"{FILES}/{shared['id']}/download")
    assert r.status_code == 404 and error_code(r) == "FILE_NOT_FOUND"

    # Failed and aborted records go a week later.
    await db.execute("UPDATE file_uploads SET updated_at = now() - interval '8 days'")
    r = await admin.post("/api/v1/admin/jobs/file.cleanup/run")
    assert r.json()["result"]["recordsRemoved"] == 1
    assert stale["uploadId"] not in {
        row["id"] for row in await db.fetch("SELECT id FROM file_uploads")
    }
