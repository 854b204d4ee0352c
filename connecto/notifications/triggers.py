"""What creates notifications (spec 6): domain events -> notify().

* a message: a push to members who are offline (unless they muted the planet);
  in an ANNOUNCEMENT planet, an important notification to every member (inbox and push);
  a mention notifies the mentioned member even in a muted planet; a reply notifies the author
  of the message replied to. One notification per person per message, the most specific kind.
* someone joins a travel: its host and moderators are told (the spec's join notification).
* someone asks to join a travel that approves newcomers: its host and moderators; the
  decision: the person who asked.
* a message reported: the travel's host and moderators; once it is handled, the reporters.
* a travel ban or a planet mute: the member concerned (important: bypasses quiet hours);
  its end (run out, or lifted by a moderator): the member again.
* a platform ban: email (the account cannot sign in to read anything else).
* travel changes (dates, name, status, deletion, host handover): its members.

Deciding and writing notifications can take a query or two per member, so it never runs in the
request that caused it: each event is handed to the ``notification.trigger`` job (in-process it
runs in the background; with a broker, on a worker).
"""

from __future__ import annotations

import logging

from connecto import events
from connecto.jobs.queues import Priority
from connecto.jobs.registry import job
from connecto.messages import service as messages
from connecto.notifications.enums import NotificationType
from connecto.notifications.service import (
    notify,
    restore_message_preview,
    scrub_deleted_message,
)
from connecto.planets import service as planets
from connecto.realtime import presence
from connecto.travels import service as travels
from connecto.users import service as users

log = logging.getLogger("connecto.notifications")
PREVIEW = 140


async def _name(user_id: int | None) -> str:
    if user_id is None:
        return "Connecto"
    return (await users.summaries({user_id})).get(user_id, {}).get("nickname") or "Someone"


ATTACHMENT_PREVIEWS = {"image": "sent a photo", "video": "sent a video", "file": "sent a file"}


def _preview(message: dict) -> str:
    kind, text = message.get("type"), message.get("content") or ""
    if kind in ATTACHMENT_PREVIEWS:
        text = f"{ATTACHMENT_PREVIEWS[kind]}: {text}" if text else ATTACHMENT_PREVIEWS[kind]
    elif kind != "text":
        return f"sent a {kind}"
    return text if len(text) <= PREVIEW else text[: PREVIEW - 1] + "…"


async def on_message(name: str, payload: dict) -> None:
    if payload.get("system"):
        return
    planet_id, sender_id, message = payload["planetId"], payload["senderId"], payload["message"]
    if await messages.is_deleted(message["id"]):
        return  # deleted before this job ran: nothing to tell anyone
    member_ids = payload.get("memberIds") or await planets.member_user_ids(planet_id)
    members = [uid for uid in member_ids if uid != sender_id]
    if not members:
        return
    muted = await planets.notification_muted_user_ids(planet_id)
    online = await presence.online_user_ids(members)
    planet = await planets.planet_summary(planet_id)
    sender = await _name(sender_id)
    data = {"planetId": planet_id, "travelId": planet["travelId"], "messageId": message["id"]}
    if planet["type"] == "announcement":
        await _announce(planet, sender, message, data, members, online)
        return
    mentioned = set(payload.get("mentions") or ()) & set(members)
    replied_to = payload.get("replyToSenderId")
    where = "you" if planet["type"] == "direct" else planet["name"]
    for user_id in members:
        if user_id in mentioned:
            kind, title = NotificationType.MENTION, f"{sender} mentioned you in {planet['name']}"
        elif user_id == replied_to:
            kind, title = NotificationType.REPLY, f"{sender} replied to you in {planet['name']}"
        elif user_id in muted or user_id in online:
            continue  # a muted planet stays quiet; people online see the message live
        else:
            kind, title = (
                NotificationType.MESSAGE,
                f"{sender} → {where}" if where != "you" else sender,
            )
        await notify(user_id, kind, title, _preview(message), data=data, online=user_id in online)


async def _announce(
    planet: dict, sender: str, message: dict, data: dict, members: list[int], online: set[int]
) -> None:
    """Spec 3.1: an announcement is an important notice. Every member gets it in the inbox and
    as a push, whether online, in quiet hours or having muted the planet."""
    travel = await travels.travel_summary(planet["travelId"])
    for user_id in members:
        await notify(
            user_id,
            NotificationType.ANNOUNCEMENT,
            f"📢 {planet['name']} · {travel['name']}",
            f"{sender}: {_preview(message)}",
            data=data,
            important=True,
            online=user_id in online,
        )


async def on_join(name: str, payload: dict) -> None:
    travel_id, newcomer = payload["travelId"], payload["userId"]
    travel = await travels.travel_summary(travel_id)
    who = await _name(newcomer)
    # Whoever approved the newcomer's request already knows.
    for user_id in await travels.manager_ids(travel_id):
        if user_id not in (newcomer, payload.get("approvedBy")):
            await notify(
                user_id,
                NotificationType.MEMBER_JOINED,
                f"{who} joined {travel['name']}",
                f"{travel['memberCount']} people are going now.",
                data={"travelId": travel_id},
            )


async def on_join_request(name: str, payload: dict) -> None:
    travel = await travels.travel_summary(payload["travelId"])
    who = await _name(payload["userId"])
    data = {"travelId": payload["travelId"], "requestId": payload["requestId"]}
    for user_id in await travels.manager_ids(payload["travelId"]):
        await notify(
            user_id,
            NotificationType.JOIN_REQUEST,
            f"{who} asks to join {travel['name']}",
            "Approve or decline the request.",
            data=data,
        )


async def on_join_request_decided(name: str, payload: dict) -> None:
    travel = await travels.travel_summary(payload["travelId"])
    approved = payload["status"] == "APPROVED"
    await notify(
        payload["userId"],
        NotificationType.JOIN_REQUEST,
        f"You're in: {travel['name']}" if approved else f"{travel['name']} is not open to you",
        "Say hello to the group." if approved else "The host declined your request to join.",
        data={"travelId": payload["travelId"], "requestId": payload["requestId"]},
    )


async def on_report(name: str, payload: dict) -> None:
    """The travel's host and moderators, so a report does not wait for someone to look."""
    travel = await travels.travel_summary(payload["travelId"])
    data = {key: payload[key] for key in ("travelId", "planetId", "messageId", "reportId")}
    for user_id in await travels.manager_ids(payload["travelId"]):
        if user_id != payload["reporterId"]:
            await notify(
                user_id,
                NotificationType.REPORT,
                f"A message in {travel['name']} was reported",
                f"Reason: {payload['reason'].lower()}. Open the report queue to handle it.",
                data=data,
            )


async def on_report_resolved(name: str, payload: dict) -> None:
    """Whoever reported the message hears that someone looked at it."""
    removed = payload["status"] == "ACTIONED"
    for user_id in payload["reporterIds"]:
        await notify(
            user_id,
            NotificationType.REPORT,
            "Your report was reviewed",
            "The message was removed." if removed else "No action was needed this time.",
            data={key: payload[key] for key in ("travelId", "planetId", "messageId")},
        )


async def on_travel_ban(name: str, payload: dict) -> None:
    travel = await travels.travel_summary(payload["travelId"])
    banned = name == "travel.member_banned"
    title = f"You were {'banned' if banned else 'removed'} from {travel['name']}"
    body = payload.get("reason") or "A host or moderator removed you."
    if payload.get("until"):
        body += f" Until {payload['until']}."
    await notify(
        payload["userId"],
        NotificationType.BAN,
        title,
        body,
        data={"travelId": payload["travelId"]},
        important=True,
    )


async def on_mute(name: str, payload: dict) -> None:
    planet = await planets.planet_summary(payload["planetId"])
    await notify(
        payload["userId"],
        NotificationType.BAN,
        f"You were muted in {planet['name']}",
        f"You can read but not write until {payload['until']}.",
        data={"planetId": payload["planetId"], "travelId": payload["travelId"]},
        important=True,
    )


async def on_platform_ban(name: str, payload: dict) -> None:
    await notify(
        payload["userId"],
        NotificationType.BAN,
        "Your Connecto account is suspended",
        payload.get("reason") or "Contact support for details.",
        important=True,
    )


async def on_penalty_lifted(name: str, payload: dict) -> None:
    """A ban or mute ended (ran out, or lifted by a moderator): the member hears they are back."""
    if name == "user.unbanned":
        title, body, data = "Your Connecto account is active again", "Welcome back.", {}
    elif name == "travel.member_unbanned":
        travel = await travels.travel_summary(payload["travelId"])
        title = f"Your ban from {travel['name']} has ended"
        body, data = "You can join the travel again.", {"travelId": payload["travelId"]}
    else:
        planet = await planets.planet_summary(payload["planetId"])
        title = f"You can write in {planet['name']} again"
        body = "Your mute has ended."
        data = {"planetId": payload["planetId"], "travelId": payload["travelId"]}
    await notify(payload["userId"], NotificationType.BAN, title, body, data=data)


TRAVEL_CHANGES = {
    "travel.updated": "{travel} was updated",
    "travel.status_changed": "{travel} is now {status}",
    "travel.deleted": "{travel} was cancelled",
    "travel.host_transferred": "{who} is now the host of {travel}",
}


async def on_travel_change(name: str, payload: dict) -> None:
    travel_id = payload["travelId"]
    if name == "travel.status_changed" and payload.get("status") == "active":
        return  # the travel.reminders job says it once ("... has started")
    if name == "travel.updated" and not set(payload.get("fields", ())) & {
        "name",
        "start_date",
        "end_date",
    }:
        return  # descriptions and pictures are not worth an interruption
    travel = await travels.travel_summary(travel_id)
    status = (
        "under way"
        if payload.get("status") == "active"
        else "over"
        if payload.get("status")
        else ""
    )
    title = TRAVEL_CHANGES[name].format(
        travel=travel["name"], status=status, who=await _name(payload.get("userId"))
    )
    body = f"{travel['startDate'][:10]} – {travel['endDate'][:10]}"
    actor = payload.get("userId") if name != "travel.host_transferred" else payload.get("byUserId")
    for user_id in await travels.member_ids(travel_id):
        if user_id != actor:
            await notify(
                user_id, NotificationType.TRAVEL_UPDATE, title, body, data={"travelId": travel_id}
            )


@events.subscribe("message.deleted")
async def _message_deleted(name: str, payload: dict) -> None:
    await scrub_deleted_message(payload["messageId"])


@events.subscribe("message.restored")
async def _message_restored(name: str, payload: dict) -> None:
    await restore_message_preview(payload["message"]["id"], _preview(payload["message"]))


HANDLERS = {
    "message.created": on_message,
    "travel.member_joined": on_join,
    "travel.join_requested": on_join_request,
    "travel.join_request_decided": on_join_request_decided,
    "message.reported": on_report,
    "message.report_resolved": on_report_resolved,
    "travel.member_banned": on_travel_ban,
    "travel.member_removed": on_travel_ban,
    "planet.member_muted": on_mute,
    "user.banned": on_platform_ban,
    "user.unbanned": on_penalty_lifted,
    "travel.member_unbanned": on_penalty_lifted,
    "planet.member_unmuted": on_penalty_lifted,
    **dict.fromkeys(TRAVEL_CHANGES, on_travel_change),
}


# Not retried: a trigger is many independent notifications, and running it again after a
# partial failure would notify twice the people already told. A failure is recorded in job_runs.
@job("notification.trigger", Priority.CRITICAL, tries=1, lock="none", record="failures")
async def run_trigger(name: str, payload: dict) -> None:
    """Turns one domain event into notifications (who is told what, on which channels)."""
    await HANDLERS[name](name, payload)


@events.subscribe(*HANDLERS)
async def _hand_over(name: str, payload: dict) -> None:
    if name == "message.created" and not await _anyone_to_notify(payload):
        return
    await run_trigger.kiq(name=name, payload=payload)


async def _anyone_to_notify(payload: dict) -> bool:
    """Most messages go to members who are all online and see them live: decide that here, in
    one Redis round trip, instead of running a job per message for nothing."""
    if payload.get("system"):
        return False  # nobody is notified of SYSTEM messages
    if (
        payload.get("mentions")
        or payload.get("replyToSenderId")
        or payload.get("planetType") == "announcement"  # everyone, online or not
        or "memberIds" not in payload
    ):
        return True
    others = [uid for uid in payload["memberIds"] if uid != payload["senderId"]]
    return bool(others) and len(await presence.online_user_ids(others)) < len(others)
