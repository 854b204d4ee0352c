"""Message reports: members flag a message; the travel's host and moderators (and platform
admins) work through the queue and dismiss the report or remove the message (spec 7.2,
"report handling").

Reporting needs only that the reporter can see the message, so a report from a direct
conversation reaches moderators who are not in it; that is the point of reporting. Deleted
content stays hidden from them like from everyone else.
"""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from connecto import events
from connecto.audit import service as audit
from connecto.audit.enums import AuditAction, AuditTarget
from connecto.auth.context import Actor
from connecto.errors import ConnectoError
from connecto.messages import service as messages
from connecto.messages.schemas import SenderOut
from connecto.moderation.enums import ReportAction, ReportStatus
from connecto.moderation.models import MessageReport
from connecto.moderation.schemas import (
    ReportMessage,
    ReportOut,
    ReportPage,
    ReportQuery,
    ResolveReport,
    ResolveResult,
)
from connecto.pagination import id_page
from connecto.permissions import Action, Roles, outranks, require
from connecto.timeutil import utcnow
from connecto.travels import service as travels
from connecto.travels.enums import TravelRole
from connecto.users import service as users


async def serialize(viewer: Actor, reports: list[MessageReport]) -> list[ReportOut]:
    shown = await messages.messages_by_id(viewer.user_id, [r.message_id for r in reports])
    people = await users.summaries({r.reporter_id for r in reports})
    return [
        ReportOut(
            id=r.id,
            travel_id=r.travel_id,
            planet_id=shown[r.message_id].planet_id,
            message_id=r.message_id,
            reporter=SenderOut(**people.get(r.reporter_id, {"id": r.reporter_id})),
            reason=r.reason,
            details=r.details,
            status=r.status,
            handled_by=r.handled_by_id,
            handled_at=r.handled_at,
            resolution_note=r.resolution_note,
            created_at=r.created_at,
            message=shown.get(r.message_id),
        )
        for r in reports
    ]


def _event_payload(report: MessageReport, planet_id: int) -> dict:
    return {
        "reportId": report.id,
        "travelId": report.travel_id,
        "planetId": planet_id,
        "messageId": report.message_id,
        "reason": report.reason.value,
        "status": report.status.value,
    }


async def report_message(
    actor: Actor, message_id: int, body: ReportMessage
) -> tuple[ReportOut, bool]:
    """File a report; reporting the same message again returns the first report."""
    message = await messages.reportable_message(actor, message_id)
    try:
        report = await MessageReport.create(
            message_id=message.id,
            travel_id=message.travel_id,
            reporter_id=actor.user_id,
            reason=body.reason,
            details=body.details,
        )
        created = True
    except IntegrityError:
        report = await MessageReport.get(message_id=message.id, reporter_id=actor.user_id)
        created = False
    if created:
        await events.emit(
            "message.reported",
            {**_event_payload(report, message.planet_id), "reporterId": actor.user_id},
        )
    return (await serialize(actor, [report]))[0], created


async def _queue_access(actor: Actor, travel_id: int) -> None:
    access = await travels.load_travel(actor, travel_id)
    travels.require_member(access, Action.REPORT_HANDLE)


async def list_reports(actor: Actor, travel_id: int, query: ReportQuery) -> ReportPage:
    await _queue_access(actor, travel_id)
    rows = MessageReport.filter(travel_id=travel_id, status=query.status)
    if query.reason is not None:
        rows = rows.filter(reason=query.reason)
    if query.message_id is not None:
        rows = rows.filter(message_id=query.message_id)
    page, next_cursor = await id_page(rows, query.cursor, query.limit, newest_first=True)
    return ReportPage(items=await serialize(actor, page), next_cursor=next_cursor)


async def _load_report(actor: Actor, report_id: int) -> tuple[MessageReport, travels.TravelAccess]:
    """A report in a travel whose queue the caller may work; reports of travels the caller
    is not in do not exist for them."""
    report = await MessageReport.get_or_none(id=report_id)
    if report is None:
        raise ConnectoError("REPORT_NOT_FOUND")
    try:
        access = await travels.load_travel(actor, report.travel_id)
    except ConnectoError:
        raise ConnectoError("REPORT_NOT_FOUND") from None
    if access.membership is None and not actor.is_admin:
        raise ConnectoError("REPORT_NOT_FOUND")
    require(Action.REPORT_HANDLE, access.roles)
    return report, access


async def get_report(actor: Actor, report_id: int) -> ReportOut:
    report, _ = await _load_report(actor, report_id)
    return (await serialize(actor, [report]))[0]


async def resolve_report(actor: Actor, report_id: int, body: ResolveReport) -> ResolveResult:
    """Dismiss a report, or delete the message it is about. Either way every open report of
    that message is closed with it, so the queue does not ask twice."""
    _, access = await _load_report(actor, report_id)
    deleted = None
    async with in_transaction() as conn:
        report = await MessageReport.filter(id=report_id).using_db(conn).select_for_update().get()
        if report.status is not ReportStatus.OPEN:
            raise ConnectoError("REPORT_ALREADY_HANDLED", details={"status": report.status.value})
        if body.action is ReportAction.DELETE_MESSAGE:
            await _require_rank_over_author(access.roles, report, conn)
            reason = f"report: {report.reason.value}"
            deleted = await messages.delete_reported_message(
                report.message_id, actor.user_id, reason, conn
            )
            if deleted is not None:
                await messages.audit_deletion(
                    actor, deleted, report.travel_id, reason, conn, access.roles, report.id
                )
        status = (
            ReportStatus.ACTIONED
            if body.action is ReportAction.DELETE_MESSAGE
            else ReportStatus.DISMISSED
        )
        # This report and every other open one of the same message, with who filed them.
        open_reports = await (
            MessageReport.filter(message_id=report.message_id, status=ReportStatus.OPEN)
            .using_db(conn)
            .values_list("id", "reporter_id")
        )
        resolved = sorted(rid for rid, _ in open_reports)
        await (
            MessageReport.filter(id__in=resolved)
            .using_db(conn)
            .update(
                status=status,
                handled_by_id=actor.user_id,
                handled_at=utcnow(),
                resolution_note=body.note,
            )
        )
        await audit.record(
            conn,
            actor,
            AuditAction.REPORT_RESOLVE,
            AuditTarget.REPORT,
            report.id,
            roles=access.roles,
            target_user_id=await messages.author_of(report.message_id, conn),
            travel_id=report.travel_id,
            details={
                "action": body.action.value,
                "messageId": report.message_id,
                "messageDeleted": deleted is not None,
                "alsoResolved": [other for other in resolved if other != report.id],
                "note": body.note,
            },
        )
    if deleted is not None:
        await messages.announce_deleted(deleted)
    report = await MessageReport.get(id=report_id)
    out = (await serialize(actor, [report]))[0]
    await events.emit(
        "message.report_resolved",
        {
            **_event_payload(report, out.planet_id),
            "resolvedIds": resolved,
            "reporterIds": sorted(reporter for _, reporter in open_reports),
        },
    )
    also = [other for other in resolved if other != report_id]
    return ResolveResult(report=out, also_resolved=also, message_deleted=bool(deleted))


async def _require_rank_over_author(
    roles: Roles, report: MessageReport, conn: BaseDBAsyncClient
) -> None:
    """A moderator removes a participant's message, not the host's or another moderator's
    (the same rule as deleting it directly)."""
    author = await messages.author_of(report.message_id, conn)
    membership = await travels.active_membership(report.travel_id, author, conn) if author else None
    author_role = membership.role if membership else TravelRole.PARTICIPANT
    if not outranks(roles, author_role):
        raise ConnectoError(
            "FORBIDDEN",
            "You cannot remove messages of a member of equal or higher rank",
            details={"action": Action.MESSAGE_DELETE_ANY.value},
        )
