"""Push tokens (FCM registration tokens), one per device."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from connecto.notifications.enums import DevicePlatform


class PushToken(Model):
    id = fields.BigIntField(primary_key=True)
    user = fields.ForeignKeyField(
        "models.User", related_name="push_tokens", on_delete=fields.CASCADE
    )
    # The session that registered it: signing that device out removes the token.
    session = fields.ForeignKeyField(
        "models.AuthSession", related_name="push_tokens", null=True, on_delete=fields.SET_NULL
    )
    token = fields.CharField(max_length=512, unique=True)
    platform = fields.CharEnumField(DevicePlatform, max_length=16, null=True)
    device_id = fields.CharField(max_length=128, null=True)
    device_model = fields.CharField(max_length=128, null=True)
    os_version = fields.CharField(max_length=64, null=True)
    app_version = fields.CharField(max_length=64, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "push_tokens"
        indexes = (("user_id", "device_id"),)
