"""The object store: any S3 API (AWS S3, Cloudflare R2, MinIO, the embedded moto server)
through aiobotocore.

One ``ObjectStore`` per process (``store()``), created on first use. It holds two clients:
one the server talks to the store with, and one that only signs URLs for clients, with the
endpoint clients reach (``CONNECTO_S3_PUBLIC_ENDPOINT_URL``): a presigned URL is signed for
one host, so it cannot be rewritten afterwards.

Other packages use the small general API: ``put_object``, ``get_object``, ``presigned_get``,
``delete_object``, ``delete_prefix``. The multipart calls serve the upload flow.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from botocore.exceptions import BotoCoreError, ClientError

from connecto.container import container
from connecto.errors import ConnectoError
from connecto.settings import Settings

log = logging.getLogger("connecto.files.storage")

CHUNK_BYTES = 1024 * 1024
NOT_FOUND_CODES = {"404", "NoSuchKey", "NotFound", "NoSuchUpload"}


class StorageError(Exception):
    """The store refused a request (``code`` is S3's error code, e.g. ``InvalidPart``)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message

    @property
    def not_found(self) -> bool:
        return self.code in NOT_FOUND_CODES


@dataclass(frozen=True)
class ObjectInfo:
    size: int
    etag: str
    content_type: str | None


def _unavailable(exc: Exception) -> ConnectoError:
    log.warning("object store unreachable: %s", exc)
    return ConnectoError("SERVICE_UNAVAILABLE", "The file store is unavailable; try again")


@contextlib.asynccontextmanager
async def _translated():
    """S3 refusals become StorageError; an unreachable store is a 503."""
    try:
        yield
    except ClientError as exc:
        error = exc.response.get("Error", {})
        code = str(
            error.get("Code") or exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        )
        raise StorageError(code, error.get("Message", "")) from None
    except (TimeoutError, BotoCoreError, OSError) as exc:
        raise _unavailable(exc) from None


def content_disposition(filename: str, inline: bool) -> str:
    """RFC 6266 with an ASCII fallback and the UTF-8 name (RFC 5987)."""
    fallback = "".join(c if 32 <= ord(c) < 127 and c not in '"\\' else "_" for c in filename)
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


class ObjectStore:
    def __init__(self, settings: Settings) -> None:
        self.bucket = settings.s3_bucket
        self._settings = settings
        self._stack = contextlib.AsyncExitStack()
        self._client = None
        self._signer = None

    async def open(self) -> ObjectStore:
        # Imported here: the S3 client library is heavy, and only processes that store
        # files need it.
        from aiobotocore.config import AioConfig
        from aiobotocore.session import get_session

        settings = self._settings
        session = get_session()
        custom_endpoint = bool(settings.s3_endpoint_url)
        config = AioConfig(
            signature_version="s3v4",
            # Path-style URLs work with every S3 API and a bare host:port endpoint.
            s3={"addressing_style": "path" if custom_endpoint else "auto"},
            retries={"max_attempts": 3, "mode": "standard"},
            connect_timeout=5,
            read_timeout=120,
            max_pool_connections=50,
        )
        credentials = {}
        if settings.s3_access_key_id:
            credentials = {
                "aws_access_key_id": settings.s3_access_key_id,
                "aws_secret_access_key": settings.s3_secret_access_key,
            }

        async def client(endpoint: str | None):
            return await self._stack.enter_async_context(
                session.create_client(
                    "s3",
                    endpoint_url=endpoint or None,
                    region_name=settings.s3_region,
                    config=config,
                    **credentials,
                )
            )

        self._client = await client(settings.s3_endpoint_url)
        public = settings.s3_public_endpoint_url
        self._signer = (
            await client(public) if public and public != settings.s3_endpoint_url else self._client
        )
        return self

    async def close(self) -> None:
        await self._stack.aclose()

    # --- the general API ------------------------------------------------------------------

    async def put_object(self, key: str, data: bytes, content_type: str) -> None:
        async with _translated():
            await self._client.put_object(
                Bucket=self.bucket, Key=key, Body=data, ContentType=content_type
            )

    async def get_object(self, key: str) -> bytes:
        async with _translated():
            response = await self._client.get_object(Bucket=self.bucket, Key=key)
            async with response["Body"] as body:
                return await body.read()

    async def presigned_get(
        self,
        key: str,
        expires_in: int,
        *,
        filename: str | None = None,
        content_type: str | None = None,
        inline: bool = True,
    ) -> str:
        params = {"Bucket": self.bucket, "Key": key}
        if filename:
            params["ResponseContentDisposition"] = content_disposition(filename, inline)
        if content_type:
            params["ResponseContentType"] = content_type
        return await self._signer.generate_presigned_url(
            "get_object", Params=params, ExpiresIn=expires_in
        )

    async def delete_object(self, key: str) -> None:
        async with _translated():
            await self._client.delete_object(Bucket=self.bucket, Key=key)

    async def delete_prefix(self, prefix: str) -> int:
        """Delete every object under ``prefix`` (and abort multipart uploads there)."""
        deleted = 0
        async with _translated():
            paginator = self._client.get_paginator("list_objects_v2")
            async for page in paginator.paginate(Bucket=self.bucket, Prefix=prefix):
                keys = [{"Key": item["Key"]} for item in page.get("Contents", [])]
                if keys:
                    await self._client.delete_objects(
                        Bucket=self.bucket, Delete={"Objects": keys, "Quiet": True}
                    )
                    deleted += len(keys)
            uploads = await self._client.list_multipart_uploads(Bucket=self.bucket, Prefix=prefix)
            for upload in uploads.get("Uploads", []):
                with contextlib.suppress(ClientError):
                    await self._client.abort_multipart_upload(
                        Bucket=self.bucket, Key=upload["Key"], UploadId=upload["UploadId"]
                    )
        return deleted

    async def head(self, key: str) -> ObjectInfo | None:
        try:
            async with _translated():
                response = await self._client.head_object(Bucket=self.bucket, Key=key)
        except StorageError as exc:
            if exc.not_found:
                return None
            raise
        return ObjectInfo(response["ContentLength"], response["ETag"], response.get("ContentType"))

    async def ping(self) -> None:
        async with _translated():
            await self._client.head_bucket(Bucket=self.bucket)

    # --- uploads --------------------------------------------------------------------------

    async def create_multipart(self, key: str, content_type: str) -> str:
        async with _translated():
            response = await self._client.create_multipart_upload(
                Bucket=self.bucket, Key=key, ContentType=content_type
            )
        return response["UploadId"]

    async def presigned_part(self, key: str, upload_id: str, part: int, expires_in: int) -> str:
        return await self._signer.generate_presigned_url(
            "upload_part",
            Params={"Bucket": self.bucket, "Key": key, "UploadId": upload_id, "PartNumber": part},
            ExpiresIn=expires_in,
        )

    async def presigned_put(self, key: str, content_type: str, expires_in: int) -> str:
        """A single PUT; the client must send this Content-Type (it is signed)."""
        return await self._signer.generate_presigned_url(
            "put_object",
            Params={"Bucket": self.bucket, "Key": key, "ContentType": content_type},
            ExpiresIn=expires_in,
        )

    async def complete_multipart(self, key: str, upload_id: str, parts: list[tuple[int, str]]):
        async with _translated():
            await self._client.complete_multipart_upload(
                Bucket=self.bucket,
                Key=key,
                UploadId=upload_id,
                MultipartUpload={
                    "Parts": [{"PartNumber": number, "ETag": etag} for number, etag in parts]
                },
            )

    async def abort_multipart(self, key: str, upload_id: str) -> None:
        try:
            async with _translated():
                await self._client.abort_multipart_upload(
                    Bucket=self.bucket, Key=key, UploadId=upload_id
                )
        except StorageError as exc:
            if not exc.not_found:
                raise

    async def download_to(self, key: str, path: Path) -> tuple[int, str]:
        """Stream an object into a local file; returns its size and SHA-256."""
        digest = hashlib.sha256()
        size = 0
        async with _translated():
            response = await self._client.get_object(Bucket=self.bucket, Key=key)
            out = await asyncio.to_thread(open, path, "wb")
            try:
                async with response["Body"] as body:
                    while chunk := await body.read(CHUNK_BYTES):
                        digest.update(chunk)
                        size += len(chunk)
                        await asyncio.to_thread(out.write, chunk)
            finally:
                out.close()
        return size, digest.hexdigest()


async def store() -> ObjectStore:
    """This process's store, opened on first use."""
    extras = container().extras
    if "storage" not in extras:
        if not container().settings.s3_bucket:
            raise ConnectoError("UPLOADS_DISABLED", "No object store is configured")
        lock = extras.setdefault("storage_lock", asyncio.Lock())
        async with lock:
            if "storage" not in extras:
                extras["storage"] = await ObjectStore(container().settings).open()
    return extras["storage"]


async def close_store() -> None:
    value = container().extras.pop("storage", None)
    if value is not None:
        await value.close()
