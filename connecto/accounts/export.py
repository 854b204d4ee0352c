"""Data export (spec USER_DATA_EXPORT, "GDPR data export").

``POST /api/v1/users/me/export`` queues the BULK job ``user.export`` (at most one export a
day); it writes a ZIP of everything the user gave us (account, sign-ins, devices, profile and
preferences, travels and planets, their own messages with edits and timestamps, reactions),
stores it and notifies the user. ``POST .../exports/{id}/link`` gives a short-lived link
(``CONNECTO_EXPORT_LINK_TTL_SECONDS``); the file can be downloaded through it once, then it is
deleted. A ready export nobody downloads is deleted after ``CONNECTO_EXPORT_RETENTION_DAYS``.
"""

from __future__ import annotations

import io
import json
import secrets
import zipfile
from datetime import datetime, timedelta
from typing import Any

import jwt
from tortoise import Tortoise
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from connecto.accounts.models import DataExport, ExportStatus
from connecto.accounts.schemas import DownloadLink, ExportList, ExportOut
from connecto.accounts.store import file_store
from connecto.auth import service as auth
from connecto.auth.context import Actor
from connecto.container import container
from connecto.errors import ConnectoError
from connecto.messages import service as messages
from connecto.notifications import service as notifications
from connecto.notifications.enums import NotificationType
from connecto.planets import service as planets
from connecto.timeutil import utcnow
from connecto.travels import service as travels
from connecto.users import service as users
from connecto.users.models import User

EXPORT_INTERVAL = timedelta(days=1)
LINK_TYPE = "export_download"
ISSUER = "connecto"

README = """Your Connecto data, exported {when} (UTC).

account.json    your account, sign-in identities, signed-in devices and push devices
profile.json    your profile and preferences (notification and privacy settings)
travels.json    the travels and planets you belong or belonged to
messages.json   every message you wrote, with its edits and timestamps (deleted ones too)
reactions.json  your reactions to messages

Times are ISO 8601 in UTC.
"""


def _out(export: DataExport) -> ExportOut:
    return ExportOut.model_validate(export)


def _json(value: Any) -> bytes:
    return json.dumps(value, default=_default, ensure_ascii=False, indent=2).encode()


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot export {type(value).__name__}")


# --- requesting and listing ----------------------------------------------------------------


async def request(actor: Actor) -> ExportOut:
    async with in_transaction() as conn:
        # The user's row serialises their requests: two at once cannot both pass the check.
        await User.select_for_update().using_db(conn).get(id=actor.user_id)
        latest = (
            await DataExport.filter(user_id=actor.user_id)
            .exclude(status=ExportStatus.FAILED)
            .using_db(conn)
            .order_by("-requested_at")
            .first()
        )
        now = utcnow()
        if latest is not None and latest.requested_at > now - EXPORT_INTERVAL:
            wait = latest.requested_at + EXPORT_INTERVAL - now
            raise ConnectoError(
                "EXPORT_TOO_SOON",
                details={
                    "retryAfterSeconds": int(wait.total_seconds()) + 1,
                    "exportId": latest.id,
                },
            )
        export = await DataExport.create(user_id=actor.user_id, requested_at=now, using_db=conn)
    from connecto.jobs.tasks import user_data_export

    await user_data_export.kiq(export_id=export.id)
    return _out(export)


async def list_exports(actor: Actor) -> ExportList:
    rows = await DataExport.filter(user_id=actor.user_id).order_by("-id").limit(10)
    return ExportList(items=[_out(row) for row in rows])


async def _own(actor: Actor, export_id: int) -> DataExport:
    export = await DataExport.get_or_none(id=export_id, user_id=actor.user_id)
    if export is None:
        raise ConnectoError("EXPORT_NOT_FOUND")
    return export


# --- building (the user.export job) ----------------------------------------------------------


async def build(export_id: int) -> dict:
    """Idempotent: an export already built (or gone) is left alone; one whose previous build
    died half-way is built again from the start."""
    claimed = await DataExport.filter(
        id=export_id, status__in=[ExportStatus.PENDING, ExportStatus.BUILDING]
    ).update(status=ExportStatus.BUILDING)
    if not claimed:
        return {"skipped": "not pending"}
    export = await DataExport.get(id=export_id)
    data, counts = await _zip(export.user_id)
    key = f"exports/{export.user_id}/{export.id}-{secrets.token_hex(8)}.zip"
    await file_store().put(key, data)
    now = utcnow()
    await DataExport.filter(id=export_id).update(
        status=ExportStatus.READY,
        storage_key=key,
        size_bytes=len(data),
        ready_at=now,
        expires_at=now + timedelta(days=container().settings.export_retention_days),
    )
    await notifications.notify(
        export.user_id,
        NotificationType.ACCOUNT,
        "Your data export is ready",
        f"Download it within {container().settings.export_retention_days} days; "
        "the download link works once.",
        data={"exportId": export.id},
    )
    return {"bytes": len(data), **counts}


async def _zip(user_id: int) -> tuple[bytes, dict]:
    buffer = io.BytesIO()
    counts = {"messages": 0}
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README.format(when=utcnow().isoformat(timespec="seconds")))
        mine = await users.export_data(user_id)
        archive.writestr(
            "account.json",
            _json(
                {
                    **mine["account"],
                    **await auth.export_data(user_id),
                    **await notifications.export_data(user_id),
                }
            ),
        )
        archive.writestr("profile.json", _json(mine["profile"]))
        archive.writestr(
            "travels.json",
            _json(
                {
                    "travels": await travels.export_data(user_id),
                    "planets": await planets.export_data(user_id),
                }
            ),
        )
        # Messages are written page by page: a long-time user's history never sits in memory
        # as one list.
        with archive.open("messages.json", "w") as out:
            out.write(b"[")
            async for page in messages.export_messages(user_id):
                for item in page:
                    out.write((b",\n" if counts["messages"] else b"\n") + _json(item))
                    counts["messages"] += 1
            out.write(b"\n]\n")
        reactions = await messages.export_reactions(user_id)
        archive.writestr("reactions.json", _json(reactions))
        counts["reactions"] = len(reactions)
    return buffer.getvalue(), counts


async def mark_failed(export_id: int) -> None:
    """The build gave up: the user may ask again at once (failed exports do not count)."""
    await DataExport.filter(
        id=export_id, status__in=[ExportStatus.PENDING, ExportStatus.BUILDING]
    ).update(status=ExportStatus.FAILED, error="the export could not be built")


# --- downloading once ------------------------------------------------------------------------


async def link(actor: Actor, export_id: int, base_url: str) -> DownloadLink:
    """A fresh link for a ready export; it replaces any earlier link."""
    export = await _own(actor, export_id)
    if export.status is not ExportStatus.READY or export.expires_at <= utcnow():
        raise ConnectoError("EXPORT_NOT_READY", details={"status": export.status.value})
    nonce = secrets.token_urlsafe(16)
    await DataExport.filter(id=export.id).update(link_nonce=nonce)
    ttl = timedelta(seconds=container().settings.export_link_ttl_seconds)
    expires = min(utcnow() + ttl, export.expires_at)
    token = jwt.encode(
        {
            "iss": ISSUER,
            "typ": LINK_TYPE,
            "sub": str(export.id),
            "nonce": nonce,
            "exp": int(expires.timestamp()),
        },
        container().settings.signing_secret,
        algorithm="HS256",
    )
    return DownloadLink(url=f"{base_url}/api/v1/exports/{token}", expires_at=expires)


TAKE = """
UPDATE data_exports SET status = 'DOWNLOADED', downloaded_at = now(), link_nonce = NULL
WHERE id = $1 AND link_nonce = $2 AND status = 'READY' AND expires_at > now()
RETURNING id
"""


async def download(token: str) -> tuple[bytes, str]:
    """The file behind a link, exactly once: the first request to present the link marks the
    export downloaded in the same statement that checks it."""
    try:
        claims = jwt.decode(
            token,
            container().settings.signing_secret,
            algorithms=["HS256"],
            issuer=ISSUER,
            options={"require": ["exp", "sub", "nonce", "typ"]},
        )
        if claims["typ"] != LINK_TYPE:
            raise jwt.InvalidTokenError("not a download link")
        export_id = int(claims["sub"])
    except (jwt.PyJWTError, ValueError, TypeError):
        raise ConnectoError("DOWNLOAD_LINK_INVALID") from None
    store = file_store()
    export = await DataExport.get_or_none(
        id=export_id, link_nonce=str(claims["nonce"]), status=ExportStatus.READY
    )
    if export is None or export.expires_at <= utcnow():
        raise ConnectoError("DOWNLOAD_LINK_INVALID")
    data = await store.get(export.storage_key)
    if data is None:
        raise ConnectoError("DOWNLOAD_LINK_INVALID")
    # Two requests with the same link: only the one whose UPDATE matches gets the file.
    rows = await Tortoise.get_connection("default").execute_query_dict(
        TAKE, [export_id, str(claims["nonce"])]
    )
    if not rows:
        raise ConnectoError("DOWNLOAD_LINK_INVALID")
    await store.delete(export.storage_key)
    return data, f"connecto-export-{export.user_id}-{export_id}.zip"


# --- housekeeping ----------------------------------------------------------------------------


async def cleanup_expired() -> int:
    """Ready exports nobody downloaded in time: the file goes, the row says EXPIRED."""
    store = file_store()
    expired = await DataExport.filter(status=ExportStatus.READY, expires_at__lte=utcnow())
    for export in expired:
        if export.storage_key:
            await store.delete(export.storage_key)
    if expired:
        await DataExport.filter(id__in=[e.id for e in expired]).update(
            status=ExportStatus.EXPIRED, link_nonce=None
        )
    return len(expired)


async def forget_user(user_id: int, conn: BaseDBAsyncClient) -> list[str]:
    """Account removal: the user's export records go; returns the keys of their files, to be
    deleted with ``delete_files`` once the removal committed."""
    keys = (
        await DataExport.filter(user_id=user_id, storage_key__isnull=False)
        .using_db(conn)
        .values_list("storage_key", flat=True)
    )
    await DataExport.filter(user_id=user_id).using_db(conn).delete()
    return list(keys)


async def delete_files(keys: list[str]) -> None:
    store = file_store()
    for key in keys:
        await store.delete(key)
