"""Notification delivery and device push tokens."""

from __future__ import annotations

import uuid
from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from connecto.auth.context import Actor
from connecto.errors import ConnectoError
from connecto.notifications.enums import DevicePlatform
from connecto.notifications.models import PushToken
from connecto.notifications.schemas import PushTokenList, PushTokenOut, RegisterPushToken


async def register_push_token(
    user_id: int,
    token: str,
    session_id: uuid.UUID | None,
    conn: BaseDBAsyncClient,
    *,
    platform: DevicePlatform | None = None,
    device_id: str | None = None,
    device_model: str | None = None,
    os_version: str | None = None,
    app_version: str | None = None,
) -> PushToken:
    """Upsert a device's FCM token. A token is unique worldwide: if it moves to another account
    (a shared phone), it follows the new owner. A device keeps one token: registering a new one
    for the same device id replaces the old (FCM token refresh)."""
    fields = {"user_id": user_id, "session_id": session_id}
    details = {
        "platform": platform,
        "device_id": device_id,
        "device_model": device_model,
        "os_version": os_version,
        "app_version": app_version,
    }
    fields.update({key: value for key, value in details.items() if value is not None})
    if device_id:
        await (
            PushToken.filter(user_id=user_id, device_id=device_id)
            .exclude(token=token)
            .using_db(conn)
            .delete()
        )
    existing = await PushToken.filter(token=token).using_db(conn).select_for_update().first()
    if existing is None:
        return await PushToken.create(token=token, **fields, using_db=conn)
    existing.update_from_dict(fields)
    await existing.save(using_db=conn)
    return existing


async def add_push_token(actor: Actor, body: RegisterPushToken) -> PushTokenOut:
    async with in_transaction() as conn:
        token = await register_push_token(
            actor.user_id,
            body.token,
            actor.session_id,
            conn,
            **body.model_dump(exclude={"token"}),
        )
    return PushTokenOut.model_validate(token)


async def list_push_tokens(actor: Actor) -> PushTokenList:
    tokens = await PushToken.filter(user_id=actor.user_id).order_by("-updated_at")
    return PushTokenList(items=[PushTokenOut.model_validate(t) for t in tokens])


async def remove_push_token(actor: Actor, token: str) -> None:
    # Another user's token is reported as not found: its existence is not ours to learn.
    deleted = await PushToken.filter(user_id=actor.user_id, token=token).delete()
    if not deleted:
        raise ConnectoError("PUSH_TOKEN_NOT_FOUND")


async def forget_push_tokens_of_sessions(
    session_ids: list[uuid.UUID], conn: BaseDBAsyncClient
) -> None:
    await PushToken.filter(session_id__in=session_ids).using_db(conn).delete()


async def delete_stale_push_tokens(older_than: datetime, conn: BaseDBAsyncClient) -> int:
    return await PushToken.filter(updated_at__lt=older_than).using_db(conn).delete()
