from __future__ import annotations

from sanic import Blueprint, Request

from connecto.auth.guards import actor_of, authenticated
from connecto.files import service
from connecto.files.schemas import (
    AllowedTypesOut,
    CompleteUpload,
    DownloadOut,
    DownloadQuery,
    FileUploadOut,
    StartUpload,
    UploadPlan,
)
from connecto.http import doc, no_content, parse_body, parse_query, respond
from connecto.planets.service import SEND_PLACE_REFUSALS

uploads_bp = Blueprint("file_uploads", url_prefix="/api/v1/file-uploads")
files_bp = Blueprint("files", url_prefix="/api/v1/files")


@uploads_bp.post("/presigned-url")
@doc(
    "Start an upload: presigned URLs for a single PUT or for each 5 MB part",
    tag="files",
    body=StartUpload,
    response=UploadPlan,
    status=201,
    errors=(
        "UPLOADS_DISABLED",
        "FILE_TYPE_NOT_ALLOWED",
        "FILE_TOO_LARGE",
        "TOO_MANY_UPLOADS",
        "RATE_LIMITED",
        # With a planetId: may the caller send there at all?
        *SEND_PLACE_REFUSALS,
    ),
)
@authenticated
async def start_upload(request: Request):
    body = parse_body(request, StartUpload)
    return respond(await service.start_upload(actor_of(request), body), status=201)


@uploads_bp.post("/complete")
@doc(
    "Complete an upload with each part's ETag; processing starts",
    tag="files",
    body=CompleteUpload,
    response=FileUploadOut,
    errors=(
        "UPLOADS_DISABLED",
        "FILE_NOT_FOUND",
        "UPLOAD_NOT_PENDING",
        "UPLOAD_PARTS_INVALID",
        "UPLOAD_SIZE_MISMATCH",
    ),
)
@authenticated
async def complete_upload(request: Request):
    body = parse_body(request, CompleteUpload)
    return respond(await service.complete_upload(actor_of(request), body))


@uploads_bp.get("/limits")
@doc("Allowed file types, size limits and part size", tag="files", response=AllowedTypesOut)
@authenticated
async def upload_limits(request: Request):
    return respond(service.limits())


@uploads_bp.get("/<file_id:int>")
@doc(
    "An upload of mine: status, scan result, variants",
    tag="files",
    response=FileUploadOut,
    errors=("FILE_NOT_FOUND",),
)
@authenticated
async def get_upload(request: Request, file_id: int):
    return respond(await service.get_upload(actor_of(request), file_id))


@uploads_bp.delete("/<file_id:int>")
@doc(
    "Abort an upload in progress, or delete a file no message carries",
    tag="files",
    errors=("FILE_NOT_FOUND", "UPLOAD_NOT_PENDING", "FILE_IN_USE"),
)
@authenticated
async def abort_upload(request: Request, file_id: int):
    await service.abort_upload(actor_of(request), file_id)
    return no_content()


@files_bp.get("/<file_id:int>/download")
@doc(
    "A short-lived download URL (members of a planet the file was shared in)",
    tag="files",
    query=DownloadQuery,
    response=DownloadOut,
    errors=("UPLOADS_DISABLED", "FILE_NOT_FOUND", "FILE_REJECTED", "FILE_NOT_READY"),
)
@authenticated
async def download(request: Request, file_id: int):
    query = parse_query(request, DownloadQuery)
    return respond(await service.download(actor_of(request), file_id, query.variant))
