"""Joining a travel (spec 2.2): at once, or by asking first.

A public travel is joined by id, an invite-only one with its code. When the host turned on
``settings.requireApproval`` the same call files a join request instead; the host or a
moderator approves it (the requester becomes a member, exactly as if they had joined) or
declines it. Bans, the end date and the member limit are checked when asking and again when
approving. Every path locks the travel row, so the member limit holds under concurrency.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from connecto import events
from connecto.audit import service as audit
from connecto.audit.enums import AuditAction, AuditTarget
from connecto.auth.context import Actor
from connecto.errors import ConnectoError
from connecto.pagination import id_page
from connecto.permissions import Action
from connecto.planets import service as planets
from connecto.timeutil import utcnow
from connecto.travels.enums import (
    JoinMethod,
    JoinRequestStatus,
    MembershipStatus,
    TravelRole,
    TravelVisibility,
)
from connecto.travels.models import Travel, TravelJoinRequest, TravelUser
from connecto.travels.schemas import (
    JoinRequestOut,
    JoinRequestPage,
    JoinRequestQuery,
    TravelOut,
    TravelSettings,
    UserSummary,
)
from connecto.travels.service import (
    active_member_count,
    load_travel,
    require_member,
    travel_view,
)
from connecto.users import service as users


@dataclass(frozen=True)
class JoinOutcome:
    travel: TravelOut | None  # set once the caller is a member
    joined: bool  # became a member with this call
    request: JoinRequestOut | None  # set when the travel approves newcomers first


async def join_travel(
    actor: Actor, travel_id: int, invite_code: str | None, message: str | None = None
) -> JoinOutcome:
    """Join a public travel, or an invite-only one with its code."""
    return await _join(actor, Travel.filter(id=travel_id), invite_code, message, by_code=False)


async def join_by_code(actor: Actor, invite_code: str, message: str | None = None) -> JoinOutcome:
    return await _join(
        actor, Travel.filter(invite_code=invite_code.upper()), invite_code, message, by_code=True
    )


def requires_approval(travel: Travel) -> bool:
    return TravelSettings.model_validate(travel.settings or {}, strict=False).require_approval


async def _join(
    actor: Actor, query, invite_code: str | None, message: str | None, by_code: bool
) -> JoinOutcome:
    not_found = "INVITE_CODE_INVALID" if by_code else "TRAVEL_NOT_FOUND"
    joined = False
    request: TravelJoinRequest | None = None
    request_opened = False
    async with in_transaction() as conn:
        travel = (
            await query.filter(deleted_at__isnull=True).using_db(conn).select_for_update().first()
        )
        if travel is None:
            raise ConnectoError(not_found)
        existing = await _membership_row(travel.id, actor.user_id, conn)
        if existing is None or existing.status is not MembershipStatus.ACTIVE:
            # Bytes, so a code of any text compares in constant time without raising.
            code_ok = invite_code is not None and secrets.compare_digest(
                invite_code.upper().encode(), (travel.invite_code or "").encode()
            )
            if travel.visibility is TravelVisibility.INVITE_ONLY and not code_ok:
                raise ConnectoError(not_found)
            method = JoinMethod.INVITE_CODE if code_ok else JoinMethod.PUBLIC
            await _check_admissible(travel, existing, conn)
            if requires_approval(travel):
                request, request_opened = await _open_request(
                    travel.id, actor.user_id, method, message, conn
                )
            else:
                await _admit(travel, actor.user_id, method, existing, conn)
                # A request left from when the travel approved newcomers is moot now.
                await (
                    TravelJoinRequest.filter(
                        travel_id=travel.id, user_id=actor.user_id, status=JoinRequestStatus.PENDING
                    )
                    .using_db(conn)
                    .update(status=JoinRequestStatus.CANCELLED)
                )
                joined = True
    if request is not None:
        if request_opened:
            await events.emit(
                "travel.join_requested",
                {"travelId": travel.id, "userId": actor.user_id, "requestId": request.id},
            )
        return JoinOutcome(None, False, (await _serialize([request]))[0])
    if joined:
        await events.emit(
            "travel.member_joined",
            {"travelId": travel.id, "userId": actor.user_id, "method": method.value},
        )
    return JoinOutcome(await travel_view(actor, travel, {"planets"}), joined, None)


async def _membership_row(
    travel_id: int, user_id: int, conn: BaseDBAsyncClient
) -> TravelUser | None:
    """The user's membership in any status (a member who left or was banned keeps the row)."""
    return await TravelUser.filter(travel_id=travel_id, user_id=user_id).using_db(conn).first()


async def _check_admissible(
    travel: Travel, existing: TravelUser | None, conn: BaseDBAsyncClient
) -> None:
    """May someone become a member now? Not while banned, not after the end, not when full."""
    if existing is not None and existing.status is MembershipStatus.BANNED:
        if existing.banned_until is None or existing.banned_until > utcnow():
            until = existing.banned_until.isoformat() if existing.banned_until else None
            raise ConnectoError("TRAVEL_BANNED", details={"until": until})
    if travel.end_date < utcnow():
        raise ConnectoError("TRAVEL_ENDED")
    if travel.max_members is not None:
        if await active_member_count(travel.id, conn) >= travel.max_members:
            raise ConnectoError("TRAVEL_FULL", details={"maxMembers": travel.max_members})


async def _admit(
    travel: Travel,
    user_id: int,
    method: JoinMethod,
    existing: TravelUser | None,
    conn: BaseDBAsyncClient,
) -> None:
    """Make the user an active PARTICIPANT and put them in the auto-join planets."""
    if existing is None:
        await TravelUser.create(
            travel=travel,
            user_id=user_id,
            role=TravelRole.PARTICIPANT,
            join_method=method,
            using_db=conn,
        )
    else:
        existing.update_from_dict(
            {
                "status": MembershipStatus.ACTIVE,
                "role": TravelRole.PARTICIPANT,
                "join_method": method,
                "joined_at": utcnow(),
                "left_at": None,
                "banned_at": None,
                "banned_until": None,
                "ban_reason": None,
                "banned_by_id": None,
            }
        )
        await existing.save(using_db=conn)
    await planets.add_member_to_auto_planets(travel.id, user_id, conn)


# --- join requests -------------------------------------------------------------------------


async def _open_request(
    travel_id: int, user_id: int, method: JoinMethod, message: str | None, conn
) -> tuple[TravelJoinRequest, bool]:
    """The caller's pending request, filed now or earlier. Returns (request, filed now)."""
    request = (
        await TravelJoinRequest.filter(travel_id=travel_id, user_id=user_id)
        .using_db(conn)
        .select_for_update()
        .first()
    )
    if request is not None and request.status is JoinRequestStatus.PENDING:
        return request, False  # asking twice is asking once
    if request is None:
        request = await TravelJoinRequest.create(
            travel_id=travel_id,
            user_id=user_id,
            status=JoinRequestStatus.PENDING,
            join_method=method,
            message=message,
            using_db=conn,
        )
    else:  # asking again after a decline, a withdrawal or leaving
        request.update_from_dict(
            {
                "status": JoinRequestStatus.PENDING,
                "join_method": method,
                "message": message,
                "decided_by_id": None,
                "decided_at": None,
                "created_at": utcnow(),
            }
        )
        await request.save(using_db=conn)
    return request, True


async def _serialize(requests: list[TravelJoinRequest]) -> list[JoinRequestOut]:
    people = await users.summaries({r.user_id for r in requests})
    return [
        JoinRequestOut(
            id=r.id,
            travel_id=r.travel_id,
            user=UserSummary(**people.get(r.user_id, {"id": r.user_id})),
            status=r.status,
            message=r.message,
            decided_by=r.decided_by_id,
            decided_at=r.decided_at,
            created_at=r.created_at,
        )
        for r in requests
    ]


async def list_join_requests(
    actor: Actor, travel_id: int, query: JoinRequestQuery
) -> JoinRequestPage:
    """The approval queue, oldest first (host, moderators, admins)."""
    access = await load_travel(actor, travel_id)
    require_member(access, Action.MEMBER_APPROVE)
    rows = TravelJoinRequest.filter(travel_id=travel_id, status=query.status)
    page, next_cursor = await id_page(rows, query.cursor, query.limit)
    return JoinRequestPage(items=await _serialize(page), next_cursor=next_cursor)


async def decide_join_request(
    actor: Actor, travel_id: int, request_id: int, approve: bool
) -> JoinRequestOut:
    """Approve (the requester becomes a member) or decline a pending request."""
    admitted = False
    async with in_transaction() as conn:
        access = await load_travel(actor, travel_id, conn, for_update=True)
        require_member(access, Action.MEMBER_APPROVE)
        request = (
            await TravelJoinRequest.filter(id=request_id, travel_id=travel_id)
            .using_db(conn)
            .select_for_update()
            .first()
        )
        if request is None:
            raise ConnectoError("JOIN_REQUEST_NOT_FOUND")
        if request.status is not JoinRequestStatus.PENDING:
            raise ConnectoError(
                "JOIN_REQUEST_NOT_PENDING", details={"status": request.status.value}
            )
        if approve:
            existing = await _membership_row(travel_id, request.user_id, conn)
            if existing is None or existing.status is not MembershipStatus.ACTIVE:
                await _check_admissible(access.travel, existing, conn)
                await _admit(access.travel, request.user_id, request.join_method, existing, conn)
                admitted = True
        request.status = JoinRequestStatus.APPROVED if approve else JoinRequestStatus.DECLINED
        request.decided_by_id = actor.user_id
        request.decided_at = utcnow()
        await request.save(using_db=conn)
        await audit.record(
            conn,
            actor,
            AuditAction.JOIN_REQUEST_APPROVE if approve else AuditAction.JOIN_REQUEST_DECLINE,
            AuditTarget.JOIN_REQUEST,
            request.id,
            roles=access.roles,
            target_user_id=request.user_id,
            travel_id=travel_id,
        )
    if admitted:
        await events.emit(
            "travel.member_joined",
            {
                "travelId": travel_id,
                "userId": request.user_id,
                "method": request.join_method.value,
                "approvedBy": actor.user_id,
            },
        )
    await events.emit(
        "travel.join_request_decided",
        {
            "travelId": travel_id,
            "userId": request.user_id,
            "requestId": request.id,
            "status": request.status.value,
            "decidedBy": actor.user_id,
        },
    )
    return (await _serialize([request]))[0]


async def _own_request(actor: Actor, travel_id: int, conn=None) -> TravelJoinRequest:
    query = TravelJoinRequest.filter(travel_id=travel_id, user_id=actor.user_id)
    if conn is not None:
        query = query.using_db(conn).select_for_update()
    request = await query.first()
    if request is None:
        raise ConnectoError("JOIN_REQUEST_NOT_FOUND")
    return request


async def my_join_request(actor: Actor, travel_id: int) -> JoinRequestOut:
    """Where the caller's request stands (their own: no need to see the travel)."""
    return (await _serialize([await _own_request(actor, travel_id)]))[0]


async def cancel_my_join_request(actor: Actor, travel_id: int) -> JoinRequestOut:
    async with in_transaction() as conn:
        request = await _own_request(actor, travel_id, conn)
        if request.status is not JoinRequestStatus.PENDING:
            raise ConnectoError(
                "JOIN_REQUEST_NOT_PENDING", details={"status": request.status.value}
            )
        request.status = JoinRequestStatus.CANCELLED
        await request.save(using_db=conn)
    return (await _serialize([request]))[0]
