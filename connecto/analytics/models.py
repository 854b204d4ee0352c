"""The daily aggregates. (The raw ``analytics_events`` table is partitioned by month, which
Tortoise and aerich cannot express: it has no model and lives in ``queries.py``.)"""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class AnalyticsDaily(Model):
    """One number of one day, tidy: ``metric`` (``dau``, ``messages_sent``, ...), optionally
    broken down by ``dimension`` (a message type, a channel, an hour, a device), for the whole
    platform (``travel_id`` null) or one travel. Written by the ``analytics.daily`` job."""

    id = fields.BigIntField(primary_key=True)
    day = fields.DateField()
    travel_id = fields.BigIntField(null=True)
    metric = fields.CharField(max_length=48)
    dimension = fields.CharField(max_length=64, default="")
    value = fields.FloatField()
    computed_at = fields.DatetimeField()

    class Meta:
        table = "analytics_daily"
        indexes = (("day", "travel_id"), ("travel_id", "day"))
