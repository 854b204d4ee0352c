"""Bulk notifications (spec BULK_NOTIFICATION): an admin's message to every user, or to every
member of one travel. The request only stores the broadcast and queues the BULK job
``notification.bulk``, which notifies recipients in batches of ``BATCH`` (by user id),
saving its progress after each batch and publishing it to the admins' ``system:admin`` room
(``admin:broadcast_progress``). A run that stopped resumes after the last saved batch; people
of a half-done batch who were already notified are not notified again.
"""

from __future__ import annotations

import json

from tortoise import Tortoise
from tortoise.transactions import in_transaction

from connecto import events
from connecto.audit import service as audit
from connecto.audit.enums import AuditAction, AuditTarget
from connecto.auth.context import Actor
from connecto.errors import ConnectoError
from connecto.notifications.enums import BroadcastStatus, NotificationType
from connecto.notifications.models import Broadcast
from connecto.notifications.schemas import BroadcastOut, BroadcastPage, CreateBroadcast
from connecto.notifications.service import notify
from connecto.pagination import PageQuery, id_page
from connecto.timeutil import utcnow
from connecto.travels import service as travels
from connecto.users import service as users

BATCH = 200

ALREADY_NOTIFIED = """
SELECT DISTINCT user_id FROM notifications WHERE user_id = ANY($1) AND data @> $2::jsonb
"""


async def create(actor: Actor, body: CreateBroadcast) -> BroadcastOut:
    users.ensure_admin(actor)
    if body.travel_id is not None:
        await travels.load_travel(actor, body.travel_id)  # TRAVEL_NOT_FOUND if it is not live
    async with in_transaction() as conn:
        record = await Broadcast.create(
            created_by_id=actor.user_id,
            travel_id=body.travel_id,
            title=body.title,
            body=body.body,
            important=body.important,
            using_db=conn,
        )
        await audit.record(
            conn,
            actor,
            AuditAction.BROADCAST_CREATE,
            AuditTarget.BROADCAST,
            record.id,
            travel_id=body.travel_id,
            details={"title": body.title, "important": body.important},
        )
    from connecto.jobs.tasks import bulk_notification

    await bulk_notification.kiq(broadcast_id=record.id)
    return BroadcastOut.model_validate(record)


async def get(actor: Actor, broadcast_id: int) -> BroadcastOut:
    users.ensure_admin(actor)
    record = await Broadcast.get_or_none(id=broadcast_id)
    if record is None:
        raise ConnectoError("BROADCAST_NOT_FOUND")
    return BroadcastOut.model_validate(record)


async def list_broadcasts(actor: Actor, query: PageQuery) -> BroadcastPage:
    users.ensure_admin(actor)
    page, next_cursor = await id_page(Broadcast.all(), query.cursor, query.limit, newest_first=True)
    return BroadcastPage(
        items=[BroadcastOut.model_validate(b) for b in page], next_cursor=next_cursor
    )


async def _recipients(record: Broadcast, after: int) -> list[int]:
    if record.travel_id is not None:
        return await travels.member_ids_after(record.travel_id, after, BATCH)
    return await users.active_user_ids(after, BATCH)


async def _count(record: Broadcast) -> int:
    if record.travel_id is not None:
        return await travels.active_member_count(record.travel_id)
    return await users.count_active()


async def deliver(broadcast_id: int) -> dict:
    record = await Broadcast.get_or_none(id=broadcast_id)
    if record is None or record.status is BroadcastStatus.DONE:
        return {"skipped": "no such broadcast" if record is None else "already done"}
    if record.status is BroadcastStatus.QUEUED:
        record.status, record.started_at = BroadcastStatus.SENDING, utcnow()
        record.total = await _count(record)
        await record.save(update_fields=["status", "started_at", "total"])
    marker = json.dumps({"broadcastId": record.id})
    data = {"broadcastId": record.id}
    if record.travel_id is not None:
        data["travelId"] = record.travel_id
    while batch := await _recipients(record, record.last_user_id):
        done = {
            row["user_id"]
            for row in await Tortoise.get_connection("default").execute_query_dict(
                ALREADY_NOTIFIED, [batch, marker]
            )
        }
        for user_id in batch:
            if user_id in done:
                continue
            created = await notify(
                user_id,
                NotificationType.SYSTEM,
                record.title,
                record.body,
                data=data,
                important=record.important,
            )
            record.notified += bool(created)
        record.processed += len(batch)
        record.last_user_id = batch[-1]
        await record.save(update_fields=["processed", "notified", "last_user_id"])
        await _progress(record)
    record.status, record.finished_at = BroadcastStatus.DONE, utcnow()
    record.total = max(record.total, record.processed)
    await record.save(update_fields=["status", "finished_at", "total"])
    await _progress(record)
    return {"processed": record.processed, "notified": record.notified}


async def _progress(record: Broadcast) -> None:
    await events.emit(
        "notification.broadcast_progress",
        BroadcastOut.model_validate(record).model_dump(mode="json", by_alias=True),
    )
