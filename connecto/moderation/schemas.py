"""Wire models for message reports."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from connecto.messages.schemas import MessageOut, SenderOut
from connecto.moderation.enums import ReportAction, ReportReason, ReportStatus
from connecto.pagination import PageQuery
from connecto.schemas import RequestModel, ResponseModel


class ReportMessage(RequestModel):
    reason: ReportReason
    details: str | None = Field(default=None, max_length=1000)


class ResolveReport(RequestModel):
    action: ReportAction
    note: str | None = Field(default=None, max_length=500)


class ReportQuery(PageQuery):
    """GET /api/v1/travels/{id}/reports: newest first; ``status`` (default OPEN), ``reason``,
    ``messageId``."""

    status: ReportStatus = ReportStatus.OPEN
    reason: ReportReason | None = None
    message_id: int | None = Field(default=None, gt=0)


class ReportOut(ResponseModel):
    id: int
    travel_id: int
    planet_id: int
    message_id: int
    reporter: SenderOut
    reason: ReportReason
    details: str | None
    status: ReportStatus
    handled_by: int | None
    handled_at: datetime | None
    resolution_note: str | None
    created_at: datetime
    # The message as it is now; its content is gone once it is deleted.
    message: MessageOut | None


class ReportPage(ResponseModel):
    items: list[ReportOut]
    next_cursor: str | None


class ResolveResult(ResponseModel):
    report: ReportOut
    # Other open reports of the same message closed with it.
    also_resolved: list[int]
    message_deleted: bool
