"""Read receipts (per message, per user) and each member's read position in a planet."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class MessageReadReceipt(Model):
    id = fields.BigIntField(primary_key=True)
    message = fields.ForeignKeyField(
        "models.Message", related_name="read_receipts", on_delete=fields.CASCADE
    )
    user = fields.ForeignKeyField(
        "models.User", related_name="read_receipts", on_delete=fields.CASCADE
    )
    # Denormalised from the message: "what has this user read in this planet" stays one index.
    planet = fields.ForeignKeyField(
        "models.Planet", related_name="read_receipts", on_delete=fields.CASCADE
    )
    read_at = fields.DatetimeField()
    device_type = fields.CharField(max_length=16, null=True)
    # {sessionId, timeInView} as the client reported it (spec 5.1), plus the IP we saw.
    read_context = fields.JSONField(default=dict)

    class Meta:
        table = "message_read_receipts"
        # Spec 12.1 idx_read_receipts_message (unique: one receipt per user and message)
        unique_together = (("message", "user"),)
        indexes = (("planet_id", "user_id"),)


class PlanetReadState(Model):
    """A member's read position. Everything through ``read_through_seq`` is read ("mark all
    read"), so unread counting only looks at newer messages; ``last_read_*`` is the newest
    message read by any means."""

    id = fields.BigIntField(primary_key=True)
    user = fields.ForeignKeyField(
        "models.User", related_name="read_states", on_delete=fields.CASCADE
    )
    planet = fields.ForeignKeyField(
        "models.Planet", related_name="read_states", on_delete=fields.CASCADE
    )
    read_through_seq = fields.BigIntField(default=0)
    last_read_message_id = fields.BigIntField(null=True)
    last_read_at = fields.DatetimeField(null=True)

    class Meta:
        table = "planet_read_states"
        unique_together = (("user", "planet"),)
