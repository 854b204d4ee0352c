"""The analytics events (spec 9.1): which the server records, which clients may send, and
what clients' events carry.

Server events are recorded from domain events (``subscribers.py``); clients send only what the
server cannot see (the app coming to the foreground, a push being tapped, a planet on screen,
a file saved or shared), each with a closed, typed set of properties.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal, Union, get_args

from pydantic import Field

from connecto.schemas import RequestModel

MAX_ID = 2**63 - 1

# Recorded by the server. Names follow the spec; "typing.started" describes a typing session
# when it ends (its duration and whether a message was sent), as the spec's properties imply.
SERVER_EVENTS = (
    "user.signup",
    "user.login",
    "user.logout",
    "token.refresh",
    "travel.created",
    "travel.joined",
    "travel.left",
    "travel.completed",
    "planet.joined",
    "message.sent",
    "message.edited",
    "message.deleted",
    "message.reacted",
    "message.read",
    "message.searched",
    "notification.sent",
    "notification.opened",
    "typing.started",
    "session.ended",
    "file.uploaded",
)


class _Properties(RequestModel):
    pass


class AppOpened(_Properties):
    push_notification_clicked: bool = False


class AppClosed(_Properties):
    session_seconds: float = Field(ge=0, le=24 * 3600)


class PlanetViewed(_Properties):
    planet_id: int = Field(gt=0, le=MAX_ID)
    duration_seconds: float = Field(ge=0, le=24 * 3600)
    messages_read: int = Field(default=0, ge=0, le=100_000)


class NotificationOpened(_Properties):
    """A push, email or SMS the user opened (in-app ones are opened by marking them read)."""

    notification_id: int = Field(gt=0, le=MAX_ID)
    seconds_to_open: float | None = Field(default=None, ge=0, le=30 * 24 * 3600)


class FileDownloaded(_Properties):
    file_id: int | None = Field(default=None, gt=0, le=MAX_ID)
    file_type: Literal["image", "video", "audio", "file"]
    network_type: Literal["wifi", "cellular", "other"] | None = None


class FileShared(_Properties):
    file_id: int | None = Field(default=None, gt=0, le=MAX_ID)
    share_method: str = Field(min_length=1, max_length=32, pattern=r"^[a-z_]+$")
    recipient_count: int = Field(ge=0, le=10_000)


class _ClientEvent(RequestModel):
    # Client clocks drift; the server checks the value is recent (see service.CLIENT_CLOCK).
    occurred_at: datetime | None = None


class AppOpenedEvent(_ClientEvent):
    name: Literal["app.opened"]
    properties: AppOpened = Field(default_factory=AppOpened)


class AppClosedEvent(_ClientEvent):
    name: Literal["app.closed"]
    properties: AppClosed


class PlanetViewedEvent(_ClientEvent):
    name: Literal["planet.viewed"]
    properties: PlanetViewed


class NotificationOpenedEvent(_ClientEvent):
    name: Literal["notification.opened"]
    properties: NotificationOpened


class FileDownloadedEvent(_ClientEvent):
    name: Literal["file.downloaded"]
    properties: FileDownloaded


class FileSharedEvent(_ClientEvent):
    name: Literal["file.shared"]
    properties: FileShared


CLIENT_EVENT_MODELS = (
    AppOpenedEvent,
    AppClosedEvent,
    PlanetViewedEvent,
    NotificationOpenedEvent,
    FileDownloadedEvent,
    FileSharedEvent,
)
ClientEvent = Annotated[Union[CLIENT_EVENT_MODELS], Field(discriminator="name")]  # noqa: UP007
# Sent by clients.
CLIENT_EVENTS = tuple(get_args(m.model_fields["name"].annotation)[0] for m in CLIENT_EVENT_MODELS)

MAX_CLIENT_BATCH = 100


class ClientEventBatch(RequestModel):
    events: list[ClientEvent] = Field(min_length=1, max_length=MAX_CLIENT_BATCH)
