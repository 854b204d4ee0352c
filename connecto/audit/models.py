"""The audit log: one row per moderation or administration action, written in the same
transaction as the action. Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE
(migration 16). It has no foreign keys on purpose: a removed account or a purged travel must
not take its history with it, and nothing may cascade into a table that cannot change. Rows
hold ids and the action's parameters (reasons, durations, roles), never message content."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class AuditEntry(Model):
    id = fields.BigIntField(primary_key=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    # None: the system (a time-limited penalty that ran out, the command line).
    actor_id = fields.BigIntField(null=True)
    # What the actor acted as: ADMIN, HOST, MODERATOR, PLANET_MODERATOR or SYSTEM.
    actor_role = fields.CharField(max_length=24)
    action = fields.CharField(max_length=48)  # an AuditAction value
    target_type = fields.CharField(max_length=24)  # an AuditTarget value
    target_id = fields.BigIntField(null=True)
    # The person the action was about, when there is one (the banned user, the author).
    target_user_id = fields.BigIntField(null=True)
    travel_id = fields.BigIntField(null=True)
    planet_id = fields.BigIntField(null=True)
    details = fields.JSONField(default=dict)

    class Meta:
        table = "audit_log"
        indexes = (
            ("travel_id", "id"),
            ("actor_id", "id"),
            ("target_user_id", "id"),
            ("action", "id"),
            ("created_at",),
        )
