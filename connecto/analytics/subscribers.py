"""Server-side analytics events, recorded from the domain events services already emit, so no
service calls analytics. Each handler only appends to the in-memory buffer."""

from __future__ import annotations

from datetime import datetime

from connecto import events
from connecto.analytics.recorder import record


@events.subscribe("auth.signed_in")
async def _signed_in(name: str, p: dict) -> None:
    record(
        "user.signup" if p["isNewUser"] else "user.login",
        user_id=p["userId"],
        session_id=p["sessionId"],
        properties={"provider": p["provider"]},
    )


@events.subscribe("auth.token_refreshed")
async def _refreshed(name: str, p: dict) -> None:
    record("token.refresh", user_id=p["userId"], session_id=p["sessionId"])


@events.subscribe("auth.sessions_revoked")
async def _signed_out(name: str, p: dict) -> None:
    if p.get("reason") in ("logout", "logout_all"):
        record(
            "user.logout",
            user_id=p["userId"],
            properties={
                "allDevices": p["reason"] == "logout_all",
                "sessions": len(p["sessionIds"]),
            },
        )


@events.subscribe("travel.created")
async def _travel_created(name: str, p: dict) -> None:
    record("travel.created", user_id=p["userId"], travel_id=p["travelId"])


@events.subscribe("travel.member_joined")
async def _travel_joined(name: str, p: dict) -> None:
    record(
        "travel.joined",
        user_id=p["userId"],
        travel_id=p["travelId"],
        properties={"joinMethod": p.get("method"), "approved": "approvedBy" in p},
    )


@events.subscribe("travel.member_left")
async def _travel_left(name: str, p: dict) -> None:
    record("travel.left", user_id=p["userId"], travel_id=p["travelId"])


@events.subscribe("travel.status_changed")
async def _travel_completed(name: str, p: dict) -> None:
    if p.get("ended"):
        record("travel.completed", travel_id=p["travelId"])


@events.subscribe("planet.member_joined")
async def _planet_joined(name: str, p: dict) -> None:
    record("planet.joined", user_id=p["userId"], travel_id=p["travelId"], planet_id=p["planetId"])


@events.subscribe("message.created")
async def _message_sent(name: str, p: dict) -> None:
    if p.get("system"):
        return
    message = p["message"]
    record(
        "message.sent",
        user_id=p.get("senderId"),
        travel_id=p.get("travelId"),
        planet_id=p["planetId"],
        properties={
            "messageId": message["id"],
            "type": message["type"],
            "length": len(message.get("content") or ""),
            "hasAttachment": message.get("fileId") is not None,
            "isReply": message.get("replyTo") is not None,
            "planetType": p.get("planetType"),
        },
    )


def _seconds_between(start: str | None, end: str | None) -> float | None:
    if not start or not end:
        return None
    return round((datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds(), 3)


@events.subscribe("message.edited")
async def _message_edited(name: str, p: dict) -> None:
    message = p["message"]
    record(
        "message.edited",
        user_id=(message.get("sender") or {}).get("id"),
        planet_id=p["planetId"],
        properties={
            "messageId": message["id"],
            "secondsAfterSend": _seconds_between(message.get("createdAt"), message.get("editedAt")),
        },
    )


@events.subscribe("message.deleted")
async def _message_deleted(name: str, p: dict) -> None:
    record(
        "message.deleted",
        user_id=p.get("deletedBy"),
        planet_id=p["planetId"],
        properties={
            "messageId": p["messageId"],
            "byAuthor": p.get("deletedBy") == p.get("senderId"),
        },
    )


@events.subscribe("message.reaction")
async def _reacted(name: str, p: dict) -> None:
    record(
        "message.reacted",
        user_id=p["userId"],
        planet_id=p["planetId"],
        properties={"messageId": p["messageId"], "emoji": p["emoji"], "added": p["reacted"]},
    )


@events.subscribe("messages.read")
async def _read(name: str, p: dict) -> None:
    if not p["messageIds"]:
        return
    record(
        "message.read",
        user_id=p["readerId"],
        planet_id=p["planetId"],
        properties={
            "count": len(p["messageIds"]),
            "timeToReadMs": p.get("timeToReadMs"),
            "deviceType": p.get("deviceType"),
        },
    )


@events.subscribe("messages.searched")
async def _searched(name: str, p: dict) -> None:
    record(
        "message.searched",
        user_id=p["userId"],
        planet_id=p.get("planetId"),
        properties={"filtered": p["filtered"], "queryLength": p["queryLength"]},
    )


@events.subscribe("notification.sent", "notification.opened")
async def _notification(name: str, p: dict) -> None:
    record(
        name,
        user_id=p["userId"],
        properties={
            "notificationId": p["notificationId"],
            "channel": p["channel"],
            "type": p["type"],
        },
    )


@events.subscribe("typing.ended")
async def _typing(name: str, p: dict) -> None:
    record(
        "typing.started",
        user_id=p["userId"],
        planet_id=p["planetId"],
        properties={
            "durationSeconds": round(p["seconds"], 3),
            "completed": p["reason"] == "sent",
            "language": p.get("language"),
        },
    )


@events.subscribe("realtime.disconnected")
async def _session_ended(name: str, p: dict) -> None:
    record(
        "session.ended",
        user_id=p["userId"],
        session_id=p["sessionId"],
        properties={"durationSeconds": round(p["seconds"], 3)},
    )
