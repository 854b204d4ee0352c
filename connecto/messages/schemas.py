"""Wire models for messages (REST bodies, WebSocket payloads and what clients receive)."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from connecto.files.schemas import FileOut
from connecto.messages.enums import ATTACHMENT_TYPES, MessageType
from connecto.schemas import INT64_MAX, QueryModel, RequestModel, ResponseModel

MAX_TEXT = 4000
MAX_CAPTION = 1000
MAX_MENTIONS = 50


def _valid_emoji(value: str) -> bool:
    """One emoji (possibly a ZWJ sequence with modifiers): symbols plus their joiners and
    variation selectors, at least one real symbol, at most 16 code points."""
    if not value or len(value) > 16:
        return False
    has_symbol = False
    for char in value:
        category = unicodedata.category(char)
        if category == "So" or 0x1F1E6 <= ord(char) <= 0x1F1FF:  # symbols, regional indicators
            has_symbol = True
        elif category in ("Mn", "Me", "Cf", "Sk") or char in "0123456789#*":
            continue  # ZWJ, variation selectors, skin tones, keycap parts
        else:
            return False
    return has_symbol


class SendMessage(RequestModel):
    """A message to a planet. ``recipientId`` + ``travelId`` instead of ``planetId`` sends a
    direct message, creating the conversation on first contact (WebSocket ``message:send``)."""

    type: Literal[MessageType.TEXT, MessageType.IMAGE, MessageType.VIDEO, MessageType.FILE] = (
        MessageType.TEXT
    )
    content: str | None = Field(default=None, max_length=MAX_TEXT)
    file_id: int | None = Field(default=None, gt=0)
    reply_to_id: int | None = Field(default=None, gt=0)
    mentions: list[int] = Field(default_factory=list, max_length=MAX_MENTIONS)
    client_message_id: str | None = Field(
        default=None, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:-]+$"
    )

    @model_validator(mode="after")
    def _content_for_type(self) -> SendMessage:
        if self.type is MessageType.TEXT:
            if not self.content:
                raise ValueError("a text message needs content")
            if self.file_id is not None:
                raise ValueError("a text message carries no file; use type image, video or file")
        elif self.type in ATTACHMENT_TYPES:
            if self.file_id is None:
                raise ValueError(f"a {self.type.value} message needs fileId")
            if self.content and len(self.content) > MAX_CAPTION:
                raise ValueError(f"a caption has at most {MAX_CAPTION} characters")
        return self


class SendToPlanet(SendMessage):
    planet_id: int = Field(gt=0)


class SendDirect(SendMessage):
    travel_id: int = Field(gt=0)
    recipient_id: int = Field(gt=0)


class EditMessage(RequestModel):
    content: str = Field(min_length=1, max_length=MAX_TEXT)


class DeleteMessage(RequestModel):
    reason: str | None = Field(default=None, max_length=500)


class ReactToMessage(RequestModel):
    emoji: str = Field(
        min_length=1,
        max_length=16,
        description="One Unicode emoji (a ZWJ sequence with modifiers counts as one)",
    )

    @field_validator("emoji")
    @classmethod
    def _emoji(cls, value: str) -> str:
        if not _valid_emoji(value):
            raise ValueError("must be a single Unicode emoji")
        return value


class HistoryQuery(QueryModel):
    """Chronological page of a planet's timeline. ``before``: the messages just older than that
    message id; ``after``: just newer; neither: the newest."""

    before: int | None = Field(default=None, gt=0)
    after: int | None = Field(default=None, gt=0)
    limit: int = Field(default=50, ge=1, le=100)

    @model_validator(mode="after")
    def _one_direction(self) -> HistoryQuery:
        if self.before is not None and self.after is not None:
            raise ValueError("use before or after, not both")
        return self


class SearchQuery(QueryModel):
    q: str = Field(min_length=1, max_length=200)
    planet_id: int | None = Field(default=None, gt=0)
    sender_id: int | None = Field(default=None, gt=0)
    type: MessageType | None = None
    sent_after: datetime | None = None
    sent_before: datetime | None = None
    cursor: str | None = Field(default=None, max_length=200)
    limit: int = Field(default=20, ge=1, le=50)


class SyncRequest(RequestModel):
    """Reconnect catch-up: the last message id seen per planet (string keys, JSON objects),
    and optionally when the client was last in sync, to also learn what changed in messages
    it already had (edits, deletions, restores, pins, reactions)."""

    last_seen: dict[
        Annotated[str, Field(pattern=r"^[1-9][0-9]{0,18}$")], Annotated[int, Field(ge=0)]
    ] = Field(max_length=500, description="planet id -> last message id seen (0: none)")
    changed_since: datetime | None = None

    @field_validator("last_seen")
    @classmethod
    def _ids(cls, value: dict[str, int]) -> dict[str, int]:
        if any(int(key) > INT64_MAX for key in value):
            raise ValueError("keys are planet ids, values message ids (0: from the start)")
        return value


# --- what clients receive ------------------------------------------------------------------


class SenderOut(ResponseModel):
    id: int
    nickname: str | None
    avatar_url: str | None
    # A removed account: nickname is "Deleted user".
    deleted: bool = False


class ReplyPreview(ResponseModel):
    id: int
    sender_id: int | None
    content: str | None  # None when that message was deleted
    is_deleted: bool


class ReactionOut(ResponseModel):
    emoji: str
    count: int
    reacted_by_me: bool
    # Up to 10 users, so clients can render "Ann and Bob" and compute reactedByMe on pushes.
    user_ids: list[int]


class MessageOut(ResponseModel):
    id: int
    planet_id: int
    seq: int
    type: MessageType
    sender: SenderOut | None
    content: str | None  # never sent for deleted messages
    file_id: int | None
    # The attached file's metadata and variants (download: GET /api/v1/files/{id}/download).
    file: FileOut | None
    reply_to: ReplyPreview | None
    thread_root_id: int | None
    reply_count: int
    mentions: list[int]
    reactions: list[ReactionOut]
    metadata: dict
    client_message_id: str | None
    is_edited: bool
    edited_at: datetime | None
    is_deleted: bool
    deleted_at: datetime | None
    pinned_at: datetime | None
    pinned_by: int | None
    # How many members read it; who, in planets of up to 20 members (else null).
    read_count: int
    read_by: list[int] | None
    created_at: datetime


class MessagePage(ResponseModel):
    items: list[MessageOut]
    has_more_before: bool
    has_more_after: bool


class PinnedList(ResponseModel):
    items: list[MessageOut]


class ThreadOut(ResponseModel):
    root: MessageOut
    replies: list[MessageOut]
    has_more: bool


class EditOut(ResponseModel):
    previous_content: str
    edited_at: datetime
    edited_by: int | None


class EditHistoryOut(ResponseModel):
    message_id: int
    original_content: str | None
    current_content: str | None
    edits: list[EditOut]


class ReactionResult(ResponseModel):
    message_id: int
    planet_id: int
    emoji: str
    user_id: int
    reacted: bool  # True: added, False: removed
    count: int
    reactions: list[ReactionOut]


class SearchHit(ResponseModel):
    message: MessageOut
    rank: float
    highlight: str


class SearchPage(ResponseModel):
    items: list[SearchHit]
    next_cursor: str | None


class SyncPlanet(ResponseModel):
    planet_id: int
    messages: list[MessageOut]
    truncated: bool  # more were missed than one sync returns; page with GET ...?after=
    # With changedSince: messages up to the last one seen that changed since then, oldest
    # change first (deleted ones without content).
    changed: list[MessageOut] = []
    changed_truncated: bool = False


class SyncOut(ResponseModel):
    planets: list[SyncPlanet]
