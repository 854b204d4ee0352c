from __future__ import annotations

from datetime import datetime

from pydantic import Field

from connecto.auth.enums import AuthProvider
from connecto.notifications.enums import DevicePlatform
from connecto.schemas import RequestModel, ResponseModel
from connecto.users.schemas import MeOut, ProfileOut


class DeviceInfo(RequestModel):
    device_id: str | None = Field(default=None, min_length=1, max_length=128)
    platform: DevicePlatform | None = None
    model: str | None = Field(default=None, max_length=128)
    os_version: str | None = Field(default=None, max_length=64)
    app_version: str | None = Field(default=None, max_length=64)


class SocialSignIn(RequestModel):
    provider: AuthProvider
    id_token: str = Field(min_length=20, max_length=8192)
    push_token: str | None = Field(default=None, min_length=8, max_length=512)
    device_info: DeviceInfo | None = None


class RefreshRequest(RequestModel):
    refresh_token: str = Field(min_length=20, max_length=4096)


class LogoutRequest(RequestModel):
    # False: sign out this device (the session of the access token); True: every device.
    all_devices: bool = False


class TokenPair(ResponseModel):
    access_token: str
    refresh_token: str
    token_type: str = "Bearer"
    expires_in: int
    access_token_expires_at: datetime
    refresh_token_expires_at: datetime


class SignInResponse(TokenPair):
    user: MeOut
    profile: ProfileOut
    is_new_user: bool
    # The account was scheduled for deletion; signing in cancelled that.
    deletion_cancelled: bool = False


class LogoutResponse(ResponseModel):
    revoked_sessions: int
