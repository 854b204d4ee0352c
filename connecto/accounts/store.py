"""Where export files live.

In the object store (``connecto.files.storage``, the S3 API the uploads use) whenever one is
configured, which is always the case with ``make run`` and in production with uploads on.
A deployment without object storage keeps them in PostgreSQL, which every web node and job
worker already shares: an export is one user's text (a few MB at most) kept for a week, well
within what a ``bytea`` column handles.
"""

from __future__ import annotations

from typing import Protocol

from connecto.accounts.models import StoredFile
from connecto.container import container
from connecto.files import storage

EXPORT_PREFIX = "exports/"


class FileStore(Protocol):
    async def put(self, key: str, data: bytes) -> None: ...

    async def get(self, key: str) -> bytes | None: ...

    async def delete(self, key: str) -> None: ...


class DatabaseFileStore:
    async def put(self, key: str, data: bytes) -> None:
        await StoredFile.update_or_create(defaults={"data": data}, key=key)

    async def get(self, key: str) -> bytes | None:
        stored = await StoredFile.get_or_none(key=key)
        return bytes(stored.data) if stored is not None else None

    async def delete(self, key: str) -> None:
        await StoredFile.filter(key=key).delete()


class ObjectFileStore:
    async def put(self, key: str, data: bytes) -> None:
        await (await storage.store()).put_object(EXPORT_PREFIX + key, data, "application/zip")

    async def get(self, key: str) -> bytes | None:
        store = await storage.store()
        if await store.head(EXPORT_PREFIX + key) is None:
            return None
        return await store.get_object(EXPORT_PREFIX + key)

    async def delete(self, key: str) -> None:
        await (await storage.store()).delete_object(EXPORT_PREFIX + key)


def file_store() -> FileStore:
    if container().settings.s3_bucket:
        return ObjectFileStore()
    return DatabaseFileStore()
