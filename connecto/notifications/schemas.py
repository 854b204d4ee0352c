from __future__ import annotations

from datetime import datetime

from pydantic import Field

from connecto.notifications.enums import DevicePlatform
from connecto.schemas import RequestModel, ResponseModel


class RegisterPushToken(RequestModel):
    token: str = Field(min_length=8, max_length=512)
    platform: DevicePlatform | None = None
    device_id: str | None = Field(default=None, min_length=1, max_length=128)
    device_model: str | None = Field(default=None, max_length=128)
    os_version: str | None = Field(default=None, max_length=64)
    app_version: str | None = Field(default=None, max_length=64)


class RemovePushToken(RequestModel):
    token: str = Field(min_length=8, max_length=512)


class PushTokenOut(ResponseModel):
    id: int
    token: str
    platform: DevicePlatform | None
    device_id: str | None
    device_model: str | None
    os_version: str | None
    app_version: str | None
    created_at: datetime
    updated_at: datetime


class PushTokenList(ResponseModel):
    items: list[PushTokenOut]
