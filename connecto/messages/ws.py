"""WebSocket events for messages: the same service calls as the REST routes."""

from __future__ import annotations

from pydantic import Field, model_validator

from connecto.messages import service
from connecto.messages.schemas import EditMessage, ReactToMessage, SendMessage, SyncRequest
from connecto.realtime.registry import ConnectionContext, ws_event
from connecto.schemas import RequestModel


class WsSend(SendMessage):
    """``message:send``: to ``planetId``, or to ``recipientId`` in ``travelId`` (a direct
    message; the conversation is created on first contact)."""

    planet_id: int | None = Field(default=None, gt=0)
    travel_id: int | None = Field(default=None, gt=0)
    recipient_id: int | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _target(self) -> WsSend:
        direct = self.travel_id is not None and self.recipient_id is not None
        if (self.planet_id is not None) == direct or (self.travel_id is None) != (
            self.recipient_id is None
        ):
            raise ValueError("give planetId, or travelId and recipientId")
        return self


class MessageRef(RequestModel):
    message_id: int = Field(gt=0)


class WsEdit(MessageRef, EditMessage):
    pass


class WsDelete(MessageRef):
    reason: str | None = Field(default=None, max_length=500)


class WsReact(MessageRef, ReactToMessage):
    pass


def _message_only(body: WsSend) -> SendMessage:
    return SendMessage(**body.model_dump(exclude={"planet_id", "travel_id", "recipient_id"}))


@ws_event("message:send", WsSend)
async def send(ctx: ConnectionContext, data: WsSend) -> dict:
    if data.planet_id is not None:
        message, created = await service.send_message(
            ctx.actor, data.planet_id, _message_only(data)
        )
    else:
        message, created = await service.send_direct_message(
            ctx.actor, data.travel_id, data.recipient_id, _message_only(data)
        )
    return {"message": message, "created": created}


@ws_event("message:edit", WsEdit)
async def edit(ctx: ConnectionContext, data: WsEdit):
    return await service.edit_message(ctx.actor, data.message_id, data.content)


@ws_event("message:delete", WsDelete)
async def delete(ctx: ConnectionContext, data: WsDelete):
    return await service.delete_message(ctx.actor, data.message_id, data.reason)


@ws_event("message:restore", MessageRef)
async def restore(ctx: ConnectionContext, data: MessageRef):
    return await service.restore_message(ctx.actor, data.message_id)


@ws_event("message:react", WsReact)
async def react(ctx: ConnectionContext, data: WsReact):
    return await service.toggle_reaction(ctx.actor, data.message_id, data.emoji)


@ws_event("messages:sync", SyncRequest)
async def sync(ctx: ConnectionContext, data: SyncRequest):
    """Reconnect catch-up: what was missed per planet, in order."""
    return await service.sync(ctx.actor, data.last_seen, data.changed_since)
