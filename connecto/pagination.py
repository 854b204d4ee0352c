"""Opaque cursors for keyset pagination (stable under concurrent inserts, unlike offsets)."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime
from typing import Any

from pydantic import Field

from connecto.errors import ConnectoError
from connecto.schemas import QueryModel, unstorable

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


class PageQuery(QueryModel):
    cursor: str | None = Field(default=None, max_length=512)
    limit: int = Field(default=DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


def encode_cursor(*values: Any) -> str:
    """Encode the sort key of the last item returned (e.g. its created_at and id)."""
    plain = [v.isoformat() if isinstance(v, datetime) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps(plain, separators=(",", ":")).encode()).decode()


def decode_cursor(cursor: str, *types: type) -> list[Any]:
    """Decode a cursor made by ``encode_cursor`` whose values have ``types`` (datetime, int,
    str); anything else is INVALID_CURSOR."""
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        if not isinstance(raw, list) or len(raw) != len(types) or unstorable(raw) is not None:
            raise ValueError("wrong shape")
        values = []
        for value, kind in zip(raw, types, strict=True):
            if kind is datetime:
                moment = datetime.fromisoformat(value)
                if moment.tzinfo is None:
                    raise ValueError("no offset")
                values.append(moment)
            elif kind is int and isinstance(value, int) and not isinstance(value, bool):
                values.append(value)
            elif kind is str and isinstance(value, str):
                values.append(value)
            else:
                raise ValueError("wrong type")
        return values
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise ConnectoError("INVALID_CURSOR") from None


async def id_page(rows, cursor: str | None, limit: int, *, newest_first: bool = False):
    """One page of a queryset ordered by id; returns (items, next cursor or None)."""
    if cursor:
        (last_id,) = decode_cursor(cursor, int)
        rows = rows.filter(id__lt=last_id) if newest_first else rows.filter(id__gt=last_id)
    page = await rows.order_by("-id" if newest_first else "id").limit(limit + 1)
    has_more = len(page) > limit
    page = page[:limit]
    return page, encode_cursor(page[-1].id) if has_more else None
