"""Domain events -> WebSocket pushes and room membership changes.

Services announce what happened (connecto/events.py); this module decides who hears it.
"""

from __future__ import annotations

from connecto import events
from connecto.planets import service as planets
from connecto.realtime.bus import (
    add_user_to_room,
    disconnect_user,
    forget_sessions_of,
    publish,
    publish_to_user,
    publish_to_users,
    remove_user_from_rooms,
)
from connecto.realtime.hub import CLOSE_FORBIDDEN, CLOSE_RECONNECT, CLOSE_UNAUTHORIZED
from connecto.realtime.rooms import planet_room
from connecto.travels import service as travels


def _general(payload: dict) -> str:
    return planet_room(payload["planetId"])


@events.subscribe("message.created")
async def _message_new(name: str, payload: dict) -> None:
    await publish(_general(payload), "message:new", payload["message"])


@events.subscribe("message.edited", "message.restored")
async def _message_changed(name: str, payload: dict) -> None:
    event = "message:edited" if name == "message.edited" else "message:restored"
    await publish(_general(payload), event, payload["message"])


@events.subscribe("message.deleted")
async def _message_deleted(name: str, payload: dict) -> None:
    await publish(
        _general(payload),
        "message:deleted",
        {"id": payload["messageId"], "planetId": payload["planetId"]},
    )


@events.subscribe("message.reaction")
async def _reaction(name: str, payload: dict) -> None:
    await publish(
        _general(payload),
        "message:reactions_updated",
        {
            key: payload[key]
            for key in ("messageId", "planetId", "emoji", "userId", "reacted", "count")
        },
    )


@events.subscribe("message.pinned")
async def _pinned(name: str, payload: dict) -> None:
    await publish(
        _general(payload),
        "message:pinned",
        {"message": payload["message"], "pinned": payload["pinned"]},
    )


@events.subscribe("messages.read")
async def _read(name: str, payload: dict) -> None:
    """Senders learn who read their messages (one batch per sender and read call); the
    reader's other devices sync their read state and counts."""
    planet_id, reader = payload["planetId"], payload["readerId"]
    for sender, message_ids in payload["bySender"].items():
        if int(sender) != reader:
            await publish_to_user(
                int(sender),
                "message:read:batch",
                {
                    "planetId": planet_id,
                    "readerId": reader,
                    "messageIds": message_ids,
                    "readAt": payload["readAt"],
                },
            )
    await publish_to_user(
        reader,
        "read:confirmed",
        {"planetId": planet_id, "messageIds": payload["messageIds"], "readAt": payload["readAt"]},
    )
    await publish_to_user(
        reader,
        "unread_count_updated",
        {
            "planetId": planet_id,
            "unreadCount": payload["unreadCount"],
            "totalUnread": payload["totalUnread"],
        },
    )


@events.subscribe("unread.changed")
async def _unread_changed(name: str, payload: dict) -> None:
    planet_id = payload["planetId"]
    await publish_to_users(
        "unread_count_updated",
        {
            user_id: {"planetId": planet_id, "unreadCount": count}
            for user_id, count in payload["counts"].items()
        },
    )


@events.subscribe("file.processed", "file.rejected")
async def _file_outcome(name: str, payload: dict) -> None:
    """The uploader learns the end of processing: READY with its variants, or the reason."""
    event = "file:processed" if name == "file.processed" else "file:rejected"
    await publish_to_user(payload["userId"], event, payload["file"])


# --- membership changes reach live sockets ------------------------------------------------


@events.subscribe("planet.member_joined")
async def _planet_joined(name: str, payload: dict) -> None:
    await add_user_to_room(payload["userId"], _general(payload))


@events.subscribe("planet.member_left")
async def _planet_left(name: str, payload: dict) -> None:
    await remove_user_from_rooms(payload["userId"], f"planet:{payload['planetId']}", "left")


@events.subscribe("planet.created", "planet.direct_created")
async def _planet_created(name: str, payload: dict) -> None:
    for user_id in await planets.member_user_ids(payload["planetId"]):
        await add_user_to_room(user_id, _general(payload))


@events.subscribe("planet.deleted")
async def _planet_deleted(name: str, payload: dict) -> None:
    await remove_user_from_rooms(None, f"planet:{payload['planetId']}", "deleted")


@events.subscribe("travel.member_joined")
async def _travel_joined(name: str, payload: dict) -> None:
    user_id, travel_id = payload["userId"], payload["travelId"]
    await add_user_to_room(user_id, f"travel:{travel_id}")
    for planet_id in await planets.planet_ids_in_travel_of(user_id, travel_id):
        await add_user_to_room(user_id, planet_room(planet_id))


@events.subscribe("travel.member_left", "travel.member_removed", "travel.member_banned")
async def _travel_gone(name: str, payload: dict) -> None:
    """Out of the travel: out of its room and all its planets' rooms, and told why."""
    user_id, travel_id = payload["userId"], payload["travelId"]
    reason = name.split("_")[-1]  # left / removed / banned
    await remove_user_from_rooms(user_id, f"travel:{travel_id}", reason)
    for planet_id in await planets.planet_ids_of_travel(travel_id):
        await remove_user_from_rooms(user_id, f"planet:{planet_id}", reason)
    if name != "travel.member_left":
        await publish_to_user(
            user_id,
            "travel:removed",
            {
                "travelId": travel_id,
                "reason": reason,
                "until": payload.get("until"),
                "message": payload.get("reason"),
            },
        )


@events.subscribe("travel.deleted")
async def _travel_deleted(name: str, payload: dict) -> None:
    travel_id = payload["travelId"]
    await publish(f"travel:{travel_id}", "travel:deleted", {"travelId": travel_id})
    await remove_user_from_rooms(None, f"travel:{travel_id}", "deleted")
    for planet_id in await planets.planet_ids_of_travel(travel_id):
        await remove_user_from_rooms(None, f"planet:{planet_id}", "deleted")


@events.subscribe(
    "travel.updated", "travel.status_changed", "travel.host_transferred", "travel.role_changed"
)
async def _travel_changed(name: str, payload: dict) -> None:
    await publish(f"travel:{payload['travelId']}", name.replace(".", ":"), payload)


@events.subscribe(
    "planet.updated",
    "planet.member_muted",
    "planet.member_unmuted",
    "planet.role_changed",
    "planet.chat_status",
)
async def _planet_changed(name: str, payload: dict) -> None:
    await publish(_general(payload), name.replace(".", ":"), payload)


# --- moderation ----------------------------------------------------------------------------


@events.subscribe("message.reported", "message.report_resolved")
async def _report(name: str, payload: dict) -> None:
    """The report queue is live: platform admins in moderation:alerts, and the travel's host
    and moderators on their own sockets (they need not be in the reported planet)."""
    event = "report:created" if name == "message.reported" else "report:resolved"
    await publish("moderation:alerts", event, payload)
    for user_id in await travels.manager_ids(payload["travelId"]):
        await publish_to_user(user_id, event, payload)


@events.subscribe("ratelimit.penalized")
async def _penalized(name: str, payload: dict) -> None:
    """Admins see who is flooding, to lift or escalate (spec 8.2 "admin override")."""
    await publish("moderation:alerts", "moderation:penalty", payload)


# --- accounts ------------------------------------------------------------------------------


@events.subscribe("auth.sessions_revoked", "user.banned", "user.unbanned", "user.role_changed")
async def _session_state_changed(name: str, payload: dict) -> None:
    await forget_sessions_of(payload["userId"])


@events.subscribe("user.banned", "user.unbanned", "user.role_changed")
async def _account_changed(name: str, payload: dict) -> None:
    """Platform moderation is visible to every admin console (system:admin)."""
    event = {
        "user.banned": "admin:user_banned",
        "user.unbanned": "admin:user_unbanned",
        "user.role_changed": "admin:role_changed",
    }[name]
    await publish("system:admin", event, payload)


@events.subscribe("notification.broadcast_progress")
async def _broadcast_progress(name: str, payload: dict) -> None:
    await publish("system:admin", "admin:broadcast_progress", payload)


@events.subscribe("user.role_changed")
async def _role_changed(name: str, payload: dict) -> None:
    """A socket carries the role its user had when it connected (admin rooms, admin rights):
    after a change it reconnects and picks up the new one."""
    await disconnect_user(
        payload["userId"],
        code=CLOSE_RECONNECT,
        error_code="ROLE_CHANGED",
        reason="Your role changed; reconnect",
    )


@events.subscribe("user.banned")
async def _user_banned(name: str, payload: dict) -> None:
    await disconnect_user(
        payload["userId"],
        code=CLOSE_FORBIDDEN,
        error_code="USER_BANNED",
        reason="This account is banned",
    )


@events.subscribe("auth.sessions_revoked")
async def _signed_out(name: str, payload: dict) -> None:
    await disconnect_user(
        payload["userId"],
        code=CLOSE_UNAUTHORIZED,
        error_code="TOKEN_REVOKED",
        reason="Signed out",
        session_ids=payload["sessionIds"],
    )


# --- notifications on the WEBSOCKET channel ------------------------------------------------


async def _push_notification(record) -> None:
    """The live copy of an in-app notification, carrying the inbox id to mark it read."""
    from connecto.notifications.enums import NotificationChannel
    from connecto.notifications.models import Notification

    inbox_id = await Notification.filter(
        group_id=record.group_id, channel=NotificationChannel.IN_APP
    ).values_list("id", flat=True)
    await publish_to_user(
        record.user_id,
        "notification",
        {
            "id": inbox_id[0] if inbox_id else None,
            "type": record.type.value,
            "title": record.title,
            "body": record.body,
            "data": record.data,
            "important": record.important,
            "createdAt": record.created_at.isoformat(),
        },
    )


def _register_notification_channel() -> None:
    from connecto.notifications import delivery
    from connecto.notifications.enums import NotificationChannel

    delivery.register_channel_sender(NotificationChannel.WEBSOCKET, _push_notification)


_register_notification_channel()
