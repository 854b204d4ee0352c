from __future__ import annotations

from datetime import datetime

from pydantic import Field

from connecto.accounts.models import ExportStatus
from connecto.auth.enums import AuthProvider
from connecto.schemas import RequestModel, ResponseModel


class DeleteAccount(RequestModel):
    """The sign-in confirmation: an ID token from one of the account's own providers, issued
    in the last 10 minutes (run the provider's sign-in again to get one)."""

    provider: AuthProvider
    id_token: str = Field(min_length=1, max_length=8192)


class DeletionOut(ResponseModel):
    deletion_requested_at: datetime
    # Personal data is removed then, unless the user signs in again before.
    deletion_due_at: datetime
    revoked_sessions: int


class ExportOut(ResponseModel):
    id: int
    status: ExportStatus
    requested_at: datetime
    ready_at: datetime | None
    expires_at: datetime | None
    downloaded_at: datetime | None
    size_bytes: int | None


class ExportList(ResponseModel):
    items: list[ExportOut]


class DownloadLink(ResponseModel):
    url: str
    expires_at: datetime
