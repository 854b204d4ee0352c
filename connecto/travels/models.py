"""Travels (the group) and TravelUser (membership with a role)."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from connecto.travels.enums import (
    JoinMethod,
    JoinRequestStatus,
    MembershipStatus,
    TravelRole,
    TravelStatus,
    TravelVisibility,
)


class Travel(Model):
    id = fields.BigIntField(primary_key=True)
    name = fields.CharField(max_length=100)
    description = fields.TextField(null=True)
    start_date = fields.DatetimeField()
    end_date = fields.DatetimeField()
    visibility = fields.CharEnumField(TravelVisibility, max_length=16)
    # Derived from the dates; stored for SQL consumers and kept in sync by a periodic job.
    status = fields.CharEnumField(TravelStatus, max_length=16, default=TravelStatus.INACTIVE)
    # Only INVITE_ONLY travels have one; regenerating replaces it.
    invite_code = fields.CharField(max_length=8, null=True, unique=True)
    image_url = fields.CharField(max_length=2048, null=True)
    timezone = fields.CharField(max_length=64, default="UTC")
    max_members = fields.IntField(null=True)
    settings = fields.JSONField(default=dict)
    created_by = fields.ForeignKeyField(
        "models.User", related_name="created_travels", on_delete=fields.RESTRICT
    )
    # Soft delete: hides the travel and everything beneath it.
    deleted_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "travels"
        indexes = (("visibility", "deleted_at", "created_at"),)


class TravelUser(Model):
    id = fields.BigIntField(primary_key=True)
    travel = fields.ForeignKeyField(
        "models.Travel", related_name="members", on_delete=fields.CASCADE
    )
    user = fields.ForeignKeyField(
        "models.User", related_name="travel_memberships", on_delete=fields.CASCADE
    )
    role = fields.CharEnumField(TravelRole, max_length=16, default=TravelRole.PARTICIPANT)
    status = fields.CharEnumField(MembershipStatus, max_length=16, default=MembershipStatus.ACTIVE)
    join_method = fields.CharEnumField(JoinMethod, max_length=16)
    joined_at = fields.DatetimeField(auto_now_add=True)
    left_at = fields.DatetimeField(null=True)
    banned_at = fields.DatetimeField(null=True)
    banned_until = fields.DatetimeField(null=True)
    ban_reason = fields.CharField(max_length=500, null=True)
    banned_by = fields.ForeignKeyField(
        "models.User", related_name="travel_bans_issued", null=True, on_delete=fields.SET_NULL
    )
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "travel_users"
        unique_together = (("travel", "user"),)
        # Spec 12.1: idx_travel_users_composite
        indexes = (("travel_id", "user_id", "status"), ("user_id", "status"))


class TravelJoinRequest(Model):
    """A request to join a travel whose host approves newcomers (settings.requireApproval).
    One row per person per travel, reused when they ask again."""

    id = fields.BigIntField(primary_key=True)
    travel = fields.ForeignKeyField(
        "models.Travel", related_name="join_requests", on_delete=fields.CASCADE
    )
    user = fields.ForeignKeyField(
        "models.User", related_name="travel_join_requests", on_delete=fields.CASCADE
    )
    status = fields.CharEnumField(JoinRequestStatus, max_length=16)
    # How they would have joined: a public travel, or with a valid invite code.
    join_method = fields.CharEnumField(JoinMethod, max_length=16)
    message = fields.CharField(max_length=500, null=True)
    decided_by = fields.ForeignKeyField(
        "models.User", related_name="join_requests_decided", null=True, on_delete=fields.SET_NULL
    )
    decided_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "travel_join_requests"
        unique_together = (("travel", "user"),)
        indexes = (("travel_id", "status", "id"),)
