"""Reports of messages, handled by the travel's host and moderators (spec 7.2 "report
handling") or a platform admin."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from connecto.moderation.enums import ReportReason, ReportStatus


class MessageReport(Model):
    id = fields.BigIntField(primary_key=True)
    message = fields.ForeignKeyField(
        "models.Message", related_name="reports", on_delete=fields.CASCADE
    )
    # The message's travel, stored so a travel's queue is one index scan.
    travel = fields.ForeignKeyField(
        "models.Travel", related_name="message_reports", on_delete=fields.CASCADE
    )
    reporter = fields.ForeignKeyField(
        "models.User", related_name="reports_filed", on_delete=fields.CASCADE
    )
    reason = fields.CharEnumField(ReportReason, max_length=16)
    details = fields.TextField(null=True)
    status = fields.CharEnumField(ReportStatus, max_length=16, default=ReportStatus.OPEN)
    handled_by = fields.ForeignKeyField(
        "models.User", related_name="reports_handled", null=True, on_delete=fields.SET_NULL
    )
    handled_at = fields.DatetimeField(null=True)
    resolution_note = fields.CharField(max_length=500, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "message_reports"
        # One report per person per message: reporting again returns the first one.
        unique_together = (("message", "reporter"),)
        indexes = (("travel_id", "status", "id"),)
