"""WebSocket events for read receipts and unread counts (spec 5.2, 5.3)."""

from __future__ import annotations

from connecto.reads import service
from connecto.reads.schemas import (
    MarkAllRead,
    MarkMessageRead,
    MarkMultipleRead,
    Nothing,
    PlanetRef,
)
from connecto.realtime.registry import ConnectionContext, ws_event


@ws_event("message:read", MarkMessageRead)
async def read_one(ctx: ConnectionContext, data: MarkMessageRead):
    return await service.mark_read(
        ctx.actor,
        data.message_id,
        read_at=data.read_at,
        device_type=data.device_type,
        context=data.read_context,
        ip_address=ctx.ip_address,
    )


@ws_event("messages:read_multiple", MarkMultipleRead)
async def read_many(ctx: ConnectionContext, data: MarkMultipleRead):
    return await service.mark_many_read(
        ctx.actor,
        data.planet_id,
        data.message_ids,
        read_at=data.read_at,
        device_type=data.device_type,
        context=data.read_context,
        ip_address=ctx.ip_address,
    )


@ws_event("planet:read_all", MarkAllRead)
async def read_all(ctx: ConnectionContext, data: MarkAllRead):
    return await service.mark_all_read(ctx.actor, data.planet_id)


@ws_event("planet:get_unread_count", PlanetRef)
async def unread_count(ctx: ConnectionContext, data: PlanetRef):
    return await service.planet_unread(ctx.actor, data.planet_id)


@ws_event("user:get_all_unread_counts", Nothing)
async def all_unread(ctx: ConnectionContext, data: Nothing):
    return await service.all_unread(ctx.actor)
