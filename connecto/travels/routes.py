from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field
from sanic import Blueprint, Request

from connecto.auth.guards import actor_of, authenticated
from connecto.http import doc, no_content, parse_body, parse_query, respond
from connecto.schemas import QueryModel
from connecto.travels import joining, service
from connecto.travels.enums import MembershipStatus
from connecto.travels.schemas import (
    INCLUDES,
    BanMember,
    ChangeMemberRole,
    CreateTravel,
    InviteCodeOut,
    JoinByCode,
    JoinRequestOut,
    JoinRequestPage,
    JoinRequestQuery,
    JoinTravel,
    MemberListQuery,
    MemberOut,
    MemberPage,
    TransferHost,
    TravelListQuery,
    TravelOut,
    TravelPage,
    UpdateTravel,
)

bp = Blueprint("travels", url_prefix="/api/v1/travels")
members_bp = Blueprint("travel_users", url_prefix="/api/v1/travel-users")


class IncludeQuery(QueryModel):
    include: str | None = Field(default=None, description=f"comma list of {', '.join(INCLUDES)}")
    allowed_includes: ClassVar[tuple[str, ...]] = INCLUDES


class MembersQuery(MemberListQuery):
    status: Literal["ACTIVE", "LEFT", "BANNED"] = "ACTIVE"


@bp.post("")
@doc(
    "Create a travel (you become its host)",
    tag="travels",
    body=CreateTravel,
    response=TravelOut,
    status=201,
)
@authenticated
async def create_travel(request: Request):
    body = parse_body(request, CreateTravel)
    return respond(await service.create_travel(actor_of(request), body), status=201)


@bp.get("")
@doc(
    "My travels (scope=mine) or public ones to join (scope=discover)",
    tag="travels",
    query=TravelListQuery,
    response=TravelPage,
)
@authenticated
async def list_travels(request: Request):
    query = parse_query(request, TravelListQuery)
    return respond(await service.list_travels(actor_of(request), query))


# 201 joined now, 200 already a member, 202 a join request waits for approval.
JOINED = {201: TravelOut, 200: TravelOut, 202: JoinRequestOut}
JOIN_REFUSALS = ("TRAVEL_BANNED", "TRAVEL_FULL", "TRAVEL_ENDED")
DECIDE_ERRORS = (
    "TRAVEL_NOT_FOUND",
    "NOT_TRAVEL_MEMBER",
    "FORBIDDEN",
    "JOIN_REQUEST_NOT_FOUND",
    "JOIN_REQUEST_NOT_PENDING",
)
MEMBER_ERRORS = ("MEMBER_NOT_FOUND", "FORBIDDEN", "CONFLICT")


def _joined(outcome: joining.JoinOutcome):
    """201 joined now, 200 already a member, 202 a join request waits for approval."""
    if outcome.request is not None:
        return respond(outcome.request, status=202)
    return respond(outcome.travel, status=201 if outcome.joined else 200)


@bp.post("/join")
@doc(
    "Join a travel by invite code (202 + join request when the host approves newcomers)",
    tag="travels",
    body=JoinByCode,
    responses=JOINED,
    errors=("INVITE_CODE_INVALID", *JOIN_REFUSALS),
)
@authenticated
async def join_by_code(request: Request):
    body = parse_body(request, JoinByCode)
    return _joined(await joining.join_by_code(actor_of(request), body.invite_code, body.message))


@bp.get("/<travel_id:int>")
@doc(
    "A travel (include=planets,members)",
    tag="travels",
    query=IncludeQuery,
    response=TravelOut,
    errors=("TRAVEL_NOT_FOUND",),
)
@authenticated
async def get_travel(request: Request, travel_id: int):
    query = parse_query(request, IncludeQuery)
    return respond(await service.get_travel(actor_of(request), travel_id, query.includes()))


@bp.patch("/<travel_id:int>")
@doc(
    "Update a travel (host)",
    tag="travels",
    body=UpdateTravel,
    response=TravelOut,
    errors=("TRAVEL_NOT_FOUND", "NOT_TRAVEL_MEMBER", "FORBIDDEN", "CONFLICT"),
)
@authenticated
async def update_travel(request: Request, travel_id: int):
    body = parse_body(request, UpdateTravel)
    return respond(await service.update_travel(actor_of(request), travel_id, body))


@bp.delete("/<travel_id:int>")
@doc(
    "Delete a travel (host; soft delete)",
    tag="travels",
    errors=("TRAVEL_NOT_FOUND", "NOT_TRAVEL_MEMBER", "FORBIDDEN"),
)
@authenticated
async def delete_travel(request: Request, travel_id: int):
    await service.delete_travel(actor_of(request), travel_id)
    return no_content()


@bp.post("/<travel_id:int>/invite-code")
@doc(
    "Regenerate the invite code (host); the old one stops working",
    tag="travels",
    response=InviteCodeOut,
    errors=("TRAVEL_NOT_FOUND", "NOT_TRAVEL_MEMBER", "FORBIDDEN", "CONFLICT"),
)
@authenticated
async def regenerate_invite_code(request: Request, travel_id: int):
    return respond(await service.regenerate_invite_code(actor_of(request), travel_id))


@bp.post("/<travel_id:int>/join")
@doc(
    "Join a public travel, or an invite-only one with its code (202 + join request when the "
    "host approves newcomers)",
    tag="travels",
    body=JoinTravel,
    responses=JOINED,
    errors=("TRAVEL_NOT_FOUND", *JOIN_REFUSALS),
)
@authenticated
async def join_travel(request: Request, travel_id: int):
    body = parse_body(request, JoinTravel)
    return _joined(
        await joining.join_travel(actor_of(request), travel_id, body.invite_code, body.message)
    )


@bp.get("/<travel_id:int>/join-requests")
@doc(
    "Pending (or decided) join requests, oldest first (host, moderators)",
    tag="travels",
    query=JoinRequestQuery,
    response=JoinRequestPage,
    errors=("TRAVEL_NOT_FOUND", "NOT_TRAVEL_MEMBER", "FORBIDDEN"),
)
@authenticated
async def list_join_requests(request: Request, travel_id: int):
    query = parse_query(request, JoinRequestQuery)
    return respond(await joining.list_join_requests(actor_of(request), travel_id, query))


@bp.post("/<travel_id:int>/join-requests/<request_id:int>/approve")
@doc(
    "Approve a join request: they become a member",
    tag="travels",
    response=JoinRequestOut,
    errors=(*DECIDE_ERRORS, "TRAVEL_FULL", "TRAVEL_ENDED", "TRAVEL_BANNED"),
)
@authenticated
async def approve_join_request(request: Request, travel_id: int, request_id: int):
    return respond(
        await joining.decide_join_request(actor_of(request), travel_id, request_id, approve=True)
    )


@bp.post("/<travel_id:int>/join-requests/<request_id:int>/decline")
@doc("Decline a join request", tag="travels", response=JoinRequestOut, errors=DECIDE_ERRORS)
@authenticated
async def decline_join_request(request: Request, travel_id: int, request_id: int):
    return respond(
        await joining.decide_join_request(actor_of(request), travel_id, request_id, approve=False)
    )


@bp.get("/<travel_id:int>/join-request")
@doc(
    "Where my join request stands",
    tag="travels",
    response=JoinRequestOut,
    errors=("TRAVEL_NOT_FOUND", "JOIN_REQUEST_NOT_FOUND"),
)
@authenticated
async def my_join_request(request: Request, travel_id: int):
    return respond(await joining.my_join_request(actor_of(request), travel_id))


@bp.delete("/<travel_id:int>/join-request")
@doc(
    "Withdraw my pending join request",
    tag="travels",
    response=JoinRequestOut,
    errors=("TRAVEL_NOT_FOUND", "JOIN_REQUEST_NOT_FOUND", "JOIN_REQUEST_NOT_PENDING"),
)
@authenticated
async def cancel_my_join_request(request: Request, travel_id: int):
    return respond(await joining.cancel_my_join_request(actor_of(request), travel_id))


@bp.post("/<travel_id:int>/leave")
@doc(
    "Leave a travel",
    tag="travels",
    errors=("TRAVEL_NOT_FOUND", "NOT_TRAVEL_MEMBER", "HOST_MUST_TRANSFER"),
)
@authenticated
async def leave_travel(request: Request, travel_id: int):
    await service.leave_travel(actor_of(request), travel_id)
    return no_content()


@bp.post("/<travel_id:int>/transfer-host")
@doc(
    "Hand the host role to another member (host)",
    tag="travels",
    body=TransferHost,
    response=TravelOut,
    errors=("TRAVEL_NOT_FOUND", "NOT_TRAVEL_MEMBER", "FORBIDDEN", "MEMBER_NOT_FOUND", "CONFLICT"),
)
@authenticated
async def transfer_host(request: Request, travel_id: int):
    body = parse_body(request, TransferHost)
    return respond(await service.transfer_host(actor_of(request), travel_id, body.user_id))


@bp.get("/<travel_id:int>/members")
@doc(
    "Members with roles (status LEFT/BANNED: host and moderators)",
    tag="travels",
    query=MembersQuery,
    response=MemberPage,
    errors=("TRAVEL_NOT_FOUND", "NOT_TRAVEL_MEMBER", "FORBIDDEN"),
)
@authenticated
async def list_members(request: Request, travel_id: int):
    query = parse_query(request, MembersQuery)
    page_query = MemberListQuery(cursor=query.cursor, limit=query.limit, role=query.role)
    return respond(
        await service.list_members(
            actor_of(request), travel_id, page_query, MembershipStatus(query.status)
        )
    )


@members_bp.patch("/<travel_user_id:int>")
@doc(
    "Promote to / demote from MODERATOR (host)",
    tag="travels",
    body=ChangeMemberRole,
    response=MemberOut,
    errors=MEMBER_ERRORS,
)
@authenticated
async def change_member_role(request: Request, travel_user_id: int):
    body = parse_body(request, ChangeMemberRole)
    return respond(await service.change_member_role(actor_of(request), travel_user_id, body.role))


@members_bp.delete("/<travel_user_id:int>")
@doc(
    "Remove a member from the travel (host, moderators for participants)",
    tag="travels",
    errors=MEMBER_ERRORS,
)
@authenticated
async def remove_member(request: Request, travel_user_id: int):
    await service.remove_member(actor_of(request), travel_user_id)
    return no_content()


@members_bp.post("/<travel_user_id:int>/ban")
@doc(
    "Ban a member from the travel and all its planets",
    tag="travels",
    body=BanMember,
    response=MemberOut,
    errors=MEMBER_ERRORS,
)
@authenticated
async def ban_member(request: Request, travel_user_id: int):
    body = parse_body(request, BanMember)
    return respond(await service.ban_member(actor_of(request), travel_user_id, body))


@members_bp.post("/<travel_user_id:int>/unban")
@doc(
    "Lift a travel ban (the member may rejoin)",
    tag="travels",
    response=MemberOut,
    errors=MEMBER_ERRORS,
)
@authenticated
async def unban_member(request: Request, travel_user_id: int):
    return respond(await service.unban_member(actor_of(request), travel_user_id))
