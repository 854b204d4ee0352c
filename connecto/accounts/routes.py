"""Account deletion and data export: ``/api/v1/users/me`` (signed in) and the download link."""

from __future__ import annotations

from sanic import Blueprint, Request
from sanic.response import raw

from connecto.accounts import export, service
from connecto.accounts.schemas import (
    DeleteAccount,
    DeletionOut,
    DownloadLink,
    ExportList,
    ExportOut,
)
from connecto.auth.guards import actor_of, authenticated
from connecto.container import container
from connecto.http import doc, parse_body, respond

bp = Blueprint("accounts", url_prefix="/api/v1/users/me")
downloads_bp = Blueprint("export_downloads", url_prefix="/api/v1/exports")


@bp.delete("", ignore_body=False)
@doc(
    "Delete my account. Needs a sign-in confirmation: an ID token of one of my own providers "
    "issued in the last 10 minutes. A host of a travel that is not over must hand it over "
    "first (HOST_MUST_TRANSFER). Signs out every device at once; personal data is removed "
    "after 30 days unless I sign in again before (which cancels the deletion).",
    tag="users",
    body=DeleteAccount,
    response=DeletionOut,
    status=202,
    errors=(
        "UNSUPPORTED_PROVIDER",
        "ID_TOKEN_INVALID",
        "ID_TOKEN_EXPIRED",
        "ID_TOKEN_EMAIL_UNVERIFIED",
        "IDP_UNAVAILABLE",
        "SIGN_IN_CONFIRMATION_INVALID",
        "HOST_MUST_TRANSFER",
    ),
)
@authenticated
async def delete_me(request: Request):
    body = parse_body(request, DeleteAccount)
    return respond(await service.request_deletion(actor_of(request), body), status=202)


@bp.post("/export")
@doc(
    "Request an export of my data (at most one a day); I am notified when the ZIP is ready",
    tag="users",
    response=ExportOut,
    status=202,
    errors=("EXPORT_TOO_SOON",),
)
@authenticated
async def request_export(request: Request):
    return respond(await export.request(actor_of(request)), status=202)


@bp.get("/exports")
@doc("My recent data exports", tag="users", response=ExportList)
@authenticated
async def list_exports(request: Request):
    return respond(await export.list_exports(actor_of(request)))


@bp.post("/exports/<export_id:int>/link")
@doc(
    "A short-lived download link for a ready export; the file downloads once through it",
    tag="users",
    response=DownloadLink,
    errors=("EXPORT_NOT_FOUND", "EXPORT_NOT_READY"),
)
@authenticated
async def export_link(request: Request, export_id: int):
    base = container().settings.base_url
    return respond(await export.link(actor_of(request), export_id, base))


@downloads_bp.get("/<token:str>")
@doc(
    "Download an export (the link is the credential; it works once)",
    tag="users",
    download="application/zip",
    errors=("DOWNLOAD_LINK_INVALID",),
)
async def download(request: Request, token: str):
    data, filename = await export.download(token)
    return raw(
        data,
        content_type="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )
