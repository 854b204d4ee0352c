from __future__ import annotations

from sanic import Blueprint, Request

from connecto.auth.guards import actor_of, admin_only, authenticated
from connecto.http import doc, no_content, parse_body, parse_query, respond
from connecto.notifications import broadcast, service
from connecto.notifications.schemas import (
    BroadcastOut,
    BroadcastPage,
    CreateBroadcast,
    DeliveriesOut,
    NotificationOut,
    NotificationPage,
    NotificationQuery,
    PushTokenList,
    PushTokenOut,
    ReadAllResult,
    RegisterPushToken,
    RemovePushToken,
    SendNotification,
    SentNotification,
    UnreadNotifications,
)
from connecto.pagination import PageQuery

bp = Blueprint("notifications", url_prefix="/api/v1/notifications")
admin_bp = Blueprint("admin_notifications", url_prefix="/api/v1/admin/notifications")
broadcasts_bp = Blueprint("admin_broadcasts", url_prefix="/api/v1/admin/broadcasts")


@bp.get("")
@doc(
    "My in-app notifications, newest first",
    tag="notifications",
    query=NotificationQuery,
    response=NotificationPage,
)
@authenticated
async def list_notifications(request: Request):
    query = parse_query(request, NotificationQuery)
    return respond(await service.list_notifications(actor_of(request), query))


@bp.get("/unread-count")
@doc(
    "Unread in-app notifications (the bell badge)",
    tag="notifications",
    response=UnreadNotifications,
)
@authenticated
async def unread_count(request: Request):
    return respond(await service.unread_count(actor_of(request)))


@bp.post("/read-all")
@doc("Mark every notification read", tag="notifications", response=ReadAllResult)
@authenticated
async def read_all(request: Request):
    return respond(await service.mark_all_read(actor_of(request)))


@bp.post("/<notification_id:int>/read")
@doc(
    "Mark a notification read",
    tag="notifications",
    response=NotificationOut,
    errors=("NOTIFICATION_NOT_FOUND",),
)
@authenticated
async def read_one(request: Request, notification_id: int):
    return respond(await service.mark_read(actor_of(request), notification_id))


@bp.get("/<notification_id:int>/deliveries")
@doc(
    "How a notification went out on each channel",
    tag="notifications",
    response=DeliveriesOut,
    errors=("NOTIFICATION_NOT_FOUND",),
)
@authenticated
async def deliveries(request: Request, notification_id: int):
    return respond(await service.deliveries(actor_of(request), notification_id))


@admin_bp.post("")
@doc(
    "Send a notification to a user (admin)",
    tag="admin",
    body=SendNotification,
    response=SentNotification,
    status=201,
    errors=("USER_NOT_FOUND",),
)
@admin_only
async def admin_send(request: Request):
    body = parse_body(request, SendNotification)
    return respond(await service.admin_send(actor_of(request), body), status=201)


@bp.post("/push-token")
@doc(
    "Register or update this device's push token",
    tag="notifications",
    body=RegisterPushToken,
    response=PushTokenOut,
    status=201,
)
@authenticated
async def register_push_token(request: Request):
    body = parse_body(request, RegisterPushToken)
    return respond(await service.add_push_token(actor_of(request), body), status=201)


@bp.delete("/push-token", ignore_body=False)
@doc(
    "Remove one of my push tokens",
    tag="notifications",
    body=RemovePushToken,
    errors=("PUSH_TOKEN_NOT_FOUND",),
)
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


@broadcasts_bp.post("")
@doc(
    "Notify every user, or every member of a travel (admin); delivered in the background",
    tag="admin",
    body=CreateBroadcast,
    response=BroadcastOut,
    status=202,
    errors=("TRAVEL_NOT_FOUND",),
)
@admin_only
async def create_broadcast(request: Request):
    body = parse_body(request, CreateBroadcast)
    return respond(await broadcast.create(actor_of(request), body), status=202)


@broadcasts_bp.get("")
@doc("Broadcasts, newest first (admin)", tag="admin", query=PageQuery, response=BroadcastPage)
@admin_only
async def list_broadcasts(request: Request):
    query = parse_query(request, PageQuery)
    return respond(await broadcast.list_broadcasts(actor_of(request), query))


@broadcasts_bp.get("/<broadcast_id:int>")
@doc(
    "One broadcast and its progress (admin)",
    tag="admin",
    response=BroadcastOut,
    errors=("BROADCAST_NOT_FOUND",),
)
@admin_only
async def get_broadcast(request: Request, broadcast_id: int):
    return respond(await broadcast.get(actor_of(request), broadcast_id))
