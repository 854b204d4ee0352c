"""Sign-in identities, device sessions and rotating refresh tokens."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from connecto.auth.enums import AuthProvider


class SocialIdentity(Model):
    """A (provider, subject) pair from a verified ID token. Accounts are matched on this,
    never on email, so an email reused at another provider cannot take over an account."""

    id = fields.BigIntField(primary_key=True)
    user = fields.ForeignKeyField(
        "models.User", related_name="identities", on_delete=fields.CASCADE
    )
    provider = fields.CharEnumField(AuthProvider, max_length=16)
    subject = fields.CharField(max_length=255)
    email = fields.CharField(max_length=320, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    last_used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "social_identities"
        unique_together = (("provider", "subject"),)


class AuthSession(Model):
    """One signed-in device: the family of its refresh tokens. Revoking it signs the device out
    and makes its access tokens stop working."""

    id = fields.UUIDField(primary_key=True)
    user = fields.ForeignKeyField("models.User", related_name="sessions", on_delete=fields.CASCADE)
    device_id = fields.CharField(max_length=128, null=True)
    device_info = fields.JSONField(default=dict)
    ip_address = fields.CharField(max_length=64, null=True)
    user_agent = fields.CharField(max_length=512, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    last_used_at = fields.DatetimeField(auto_now_add=True)
    revoked_at = fields.DatetimeField(null=True)
    revoked_reason = fields.CharField(max_length=32, null=True)

    class Meta:
        table = "auth_sessions"
        indexes = (("user_id", "revoked_at"),)


class RefreshToken(Model):
    """A refresh token (its JWT ``jti``). Each is good for one rotation; presenting a rotated
    one again means it leaked, and the whole session is revoked."""

    id = fields.UUIDField(primary_key=True)
    session = fields.ForeignKeyField(
        "models.AuthSession", related_name="refresh_tokens", on_delete=fields.CASCADE
    )
    expires_at = fields.DatetimeField()
    rotated_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "refresh_tokens"
