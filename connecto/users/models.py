"""Users and their 1:1 profiles."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from connecto.users.enums import Gender, UserRole


class User(Model):
    id = fields.BigIntField(primary_key=True)
    email = fields.CharField(max_length=320, null=True, db_index=True)
    role = fields.CharEnumField(UserRole, max_length=16, default=UserRole.USER)
    # Platform-level ban (spec 7.1 level 1): no sign-in, no refresh, live tokens stop working.
    is_banned = fields.BooleanField(default=False)
    banned_until = fields.DatetimeField(null=True)
    ban_reason = fields.TextField(null=True)
    timezone = fields.CharField(max_length=64, default="UTC")
    locale = fields.CharField(max_length=16, default="en")
    last_login_at = fields.DatetimeField(null=True)
    # Account deletion: requested at, personal data removed after (unless the user signs in
    # again before), and removed at. A removed account stays as a row, so its messages keep
    # their author ("Deleted user").
    deletion_requested_at = fields.DatetimeField(null=True)
    deletion_due_at = fields.DatetimeField(null=True, db_index=True)
    deleted_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    profile: fields.ReverseRelation[Profile]

    class Meta:
        table = "users"


class Profile(Model):
    id = fields.BigIntField(primary_key=True)
    user: fields.OneToOneRelation[User] = fields.OneToOneField(
        "models.User", related_name="profile", on_delete=fields.CASCADE
    )
    nickname = fields.CharField(max_length=40, null=True)
    name = fields.CharField(max_length=100, null=True)
    gender = fields.CharEnumField(Gender, max_length=24, null=True)
    birth_date = fields.DateField(null=True)
    occupation = fields.CharField(max_length=100, null=True)
    bio = fields.CharField(max_length=500, null=True)
    avatar_url = fields.CharField(max_length=2048, null=True)
    phone_number = fields.CharField(max_length=20, null=True)
    profile_completion = fields.SmallIntField(default=0)
    preferences = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "profiles"
