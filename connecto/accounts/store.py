"""Where export files live: a tiny interface, so they can move to object storage.

The object store (``connecto.files.storage``, S3 API) arrives with the file upload feature on
another branch; until it is merged, export files are kept in PostgreSQL, which every web node
and job worker already shares. An export is one user's text (a few MB at most) kept for a
week, well within what a ``bytea`` column handles.
"""

from __future__ import annotations

from typing import Protocol

from connecto.accounts.models import StoredFile


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


def file_store() -> FileStore:
    return DatabaseFileStore()
