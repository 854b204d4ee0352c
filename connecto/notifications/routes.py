from __future__ import annotations

from sanic import Blueprint, Request

from connecto.auth.guards import actor_of, authenticated
from connecto.http import doc, no_content, parse_body, respond
from connecto.notifications import service
from connecto.notifications.schemas import (
    PushTokenList,
    PushTokenOut,
    RegisterPushToken,
    RemovePushToken,
)

bp = Blueprint("notifications", url_prefix="/api/v1/notifications")


@bp.post("/push-token")
@doc(
    "Register or update this device's push token",
    tag="notifications",
    body=RegisterPushToken,
    response=PushTokenOut,
)
@authenticated
async def register_push_token(request: Request):
    body = parse_body(request, RegisterPushToken)
    return respond(await service.add_push_token(actor_of(request), body), status=201)


@bp.delete("/push-token", ignore_body=False)
@doc("Remove one of my push tokens", tag="notifications", body=RemovePushToken)
@authenticated
async def remove_push_token(request: Request):
    body = parse_body(request, RemovePushToken)
    await service.remove_push_token(actor_of(request), body.token)
    return no_content()


@bp.get("/push-tokens")
@doc("My registered devices", tag="notifications", response=PushTokenList)
@authenticated
async def list_push_tokens(request: Request):
    return respond(await service.list_push_tokens(actor_of(request)))
