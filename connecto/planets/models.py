"""Planets (chat rooms of a travel) and PlanetUser (membership, planet role, mute)."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from connecto.planets.enums import PlanetRole, PlanetStatus, PlanetType


class Planet(Model):
    id = fields.BigIntField(primary_key=True)
    travel = fields.ForeignKeyField(
        "models.Travel", related_name="planets", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=100)
    description = fields.CharField(max_length=1000, null=True)
    type = fields.CharEnumField(PlanetType, max_length=16)
    status = fields.CharEnumField(PlanetStatus, max_length=16, default=PlanetStatus.ACTIVE)
    # The travel's first GROUP planet: every member is in it, it cannot be deleted.
    is_default = fields.BooleanField(default=False)
    # New travel members join planets with auto_join (the default one, announcements, and
    # GROUP planets created for everyone).
    auto_join = fields.BooleanField(default=False)
    # {type, startTime, endTime, daysOfWeek, timezone, customSchedule}; see planets/schedule.py
    time_restriction = fields.JSONField(default=dict)
    # DIRECT planets only: "<smaller user id>:<larger user id>". Unique per travel, so two
    # concurrent first messages cannot create two conversations for one pair.
    direct_key = fields.CharField(max_length=64, null=True)
    created_by = fields.ForeignKeyField(
        "models.User", related_name="created_planets", null=True, on_delete=fields.SET_NULL
    )
    # The chat window as last announced (planet:chat_status) and when it next opens or closes
    # (null: never); the planet.chat_windows job re-evaluates planets whose time has come.
    chat_open = fields.BooleanField(default=True)
    chat_changes_at = fields.DatetimeField(null=True)
    last_message_at = fields.DatetimeField(null=True)
    # Sequence number of the newest message; incremented under this row's lock (messages).
    last_message_seq = fields.BigIntField(default=0)
    deleted_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "planets"
        unique_together = (("travel", "direct_key"),)
        indexes = (("travel_id", "type", "deleted_at"), ("chat_changes_at",))


class PlanetUser(Model):
    id = fields.BigIntField(primary_key=True)
    planet = fields.ForeignKeyField(
        "models.Planet", related_name="members", on_delete=fields.CASCADE
    )
    user = fields.ForeignKeyField(
        "models.User", related_name="planet_memberships", on_delete=fields.CASCADE
    )
    role = fields.CharEnumField(PlanetRole, max_length=16, default=PlanetRole.MEMBER)
    # Planet-level mute (spec 7.1 level 3): can read, cannot send, until muted_until.
    muted_until = fields.DatetimeField(null=True)
    mute_reason = fields.CharField(max_length=500, null=True)
    muted_by = fields.ForeignKeyField(
        "models.User", related_name="planet_mutes_issued", null=True, on_delete=fields.SET_NULL
    )
    # The member silenced this planet's notifications for themselves.
    notifications_muted = fields.BooleanField(default=False)
    joined_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "planet_users"
        unique_together = (("planet", "user"),)
        # Spec 12.1: idx_planet_users_composite
        indexes = (("user_id", "planet_id"),)
