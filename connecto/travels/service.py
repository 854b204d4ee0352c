"""Travels: lifecycle, visibility and invite codes, joining and leaving, member roles and
travel-level bans. Every public function checks the caller's rights through
``connecto.permissions`` before doing anything."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise import Tortoise
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q, Subquery
from tortoise.functions import Count
from tortoise.transactions import in_transaction

from connecto import events
from connecto.audit import service as audit
from connecto.audit.enums import AuditAction, AuditTarget
from connecto.auth.context import Actor
from connecto.errors import ConnectoError
from connecto.pagination import decode_cursor, encode_cursor, id_page
from connecto.permissions import Action, Roles, allowed, outranks, require
from connecto.planets import service as planets
from connecto.timeutil import utcnow
from connecto.travels.enums import (
    JoinMethod,
    MembershipStatus,
    TravelRole,
    TravelStatus,
    TravelVisibility,
)
from connecto.travels.models import Travel, TravelJoinRequest, TravelUser
from connecto.travels.schemas import (
    MAX_TRAVEL_DAYS,
    BanMember,
    CreateTravel,
    InviteCodeOut,
    MemberListQuery,
    MemberOut,
    MemberPage,
    MembershipOut,
    TravelListQuery,
    TravelOut,
    TravelPage,
    TravelSettings,
    UpdateTravel,
    UserSummary,
)
from connecto.users import service as users

# No 0/O, 1/I/L: codes are read aloud and typed from screenshots.
INVITE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
INVITE_CODE_LENGTH = 8
MEMBERS_INCLUDED = 50  # members embedded by ?include=members; the full list is paginated


# --- access ------------------------------------------------------------------------------


@dataclass
class TravelAccess:
    travel: Travel
    membership: TravelUser | None  # the caller's ACTIVE membership
    roles: Roles


def status_at(travel: Travel, now: datetime) -> TravelStatus:
    return (
        TravelStatus.ACTIVE
        if travel.start_date <= now <= travel.end_date
        else TravelStatus.INACTIVE
    )


async def load_travel(
    actor: Actor, travel_id: int, conn: BaseDBAsyncClient | None = None, for_update: bool = False
) -> TravelAccess:
    """The travel as the caller may see it. Invite-only travels the caller is not in do not
    exist for them (404); public ones are visible to everyone signed in."""
    query = Travel.filter(id=travel_id, deleted_at__isnull=True)
    if conn is not None:
        query = query.using_db(conn)
    if for_update:
        query = query.select_for_update()
    travel = await query.first()
    if travel is None:
        raise ConnectoError("TRAVEL_NOT_FOUND")
    membership = await active_membership(travel.id, actor.user_id, conn)
    if (
        membership is None
        and not actor.is_admin
        and travel.visibility is not TravelVisibility.PUBLIC
    ):
        raise ConnectoError("TRAVEL_NOT_FOUND")
    return TravelAccess(travel, membership, roles_of(actor, membership))


def roles_of(actor: Actor, membership: TravelUser | None) -> Roles:
    return Roles(is_admin=actor.is_admin, travel_role=membership.role if membership else None)


async def active_membership(
    travel_id: int, user_id: int, conn: BaseDBAsyncClient | None = None
) -> TravelUser | None:
    query = TravelUser.filter(travel_id=travel_id, user_id=user_id, status=MembershipStatus.ACTIVE)
    if conn is not None:
        query = query.using_db(conn)
    return await query.first()


async def active_member_count(travel_id: int, conn: BaseDBAsyncClient | None = None) -> int:
    return (
        await TravelUser.filter(travel_id=travel_id, status=MembershipStatus.ACTIVE)
        .using_db(conn)
        .count()
    )


def require_member(access: TravelAccess, action: Action) -> None:
    """Like ``require``, but a non-member of a (public) travel gets NOT_TRAVEL_MEMBER."""
    if access.membership is None and not access.roles.is_admin:
        raise ConnectoError("NOT_TRAVEL_MEMBER")
    require(action, access.roles)


async def _audit_member_action(
    conn: BaseDBAsyncClient,
    actor: Actor,
    access: TravelAccess,
    target: TravelUser,
    action: AuditAction,
    details: dict,
) -> None:
    """The audit entry of an action on one membership (role, removal, ban, unban)."""
    await audit.record(
        conn,
        actor,
        action,
        AuditTarget.TRAVEL_USER,
        target.id,
        roles=access.roles,
        target_user_id=target.user_id,
        travel_id=target.travel_id,
        details=details,
    )


async def _load_membership_target(
    actor: Actor, travel_user_id: int
) -> tuple[TravelAccess, TravelUser]:
    """A TravelUser addressed by id, and the caller's access to its travel. A membership in a
    travel the caller cannot see is reported as not found."""
    target = await TravelUser.get_or_none(id=travel_user_id)
    if target is None:
        raise ConnectoError("MEMBER_NOT_FOUND")
    try:
        access = await load_travel(actor, target.travel_id)
    except ConnectoError:
        raise ConnectoError("MEMBER_NOT_FOUND") from None
    if access.membership is None and not actor.is_admin:
        raise ConnectoError("MEMBER_NOT_FOUND")
    return access, target


# --- serialisation -----------------------------------------------------------------------


async def serialize(
    actor: Actor, travels: list[Travel], includes: set[str] = frozenset()
) -> list[TravelOut]:
    """TravelOut for each travel with batched queries (counts, hosts, memberships)."""
    if not travels:
        return []
    ids = [t.id for t in travels]
    counts = dict(
        await TravelUser.filter(travel_id__in=ids, status=MembershipStatus.ACTIVE)
        .group_by("travel_id")
        .annotate(n=Count("id"))
        .values_list("travel_id", "n")
    )
    hosts = dict(
        await TravelUser.filter(
            travel_id__in=ids, role=TravelRole.HOST, status=MembershipStatus.ACTIVE
        ).values_list("travel_id", "user_id")
    )
    mine = {
        m.travel_id: m
        for m in await TravelUser.filter(
            travel_id__in=ids, user_id=actor.user_id, status=MembershipStatus.ACTIVE
        )
    }
    people = await users.summaries(set(hosts.values()))
    member_lists = await _included_members(ids, mine, actor) if "members" in includes else {}
    planet_lists = (
        await planets.visible_planets_by_travel(actor, ids, mine) if "planets" in includes else {}
    )
    now = utcnow()
    result = []
    for travel in travels:
        membership = mine.get(travel.id)
        roles = roles_of(actor, membership)
        host_id = hosts.get(travel.id)
        result.append(
            TravelOut(
                id=travel.id,
                name=travel.name,
                description=travel.description,
                start_date=travel.start_date,
                end_date=travel.end_date,
                visibility=travel.visibility,
                status=status_at(travel, now),
                image_url=travel.image_url,
                timezone=travel.timezone,
                max_members=travel.max_members,
                member_count=counts.get(travel.id, 0),
                settings=TravelSettings.model_validate(travel.settings or {}, strict=False),
                host=UserSummary(**people[host_id]) if host_id in people else None,
                invite_code=travel.invite_code if allowed(Action.TRAVEL_INVITE, roles) else None,
                my_membership=MembershipOut.model_validate(membership) if membership else None,
                planets=planet_lists.get(travel.id) if "planets" in includes else None,
                members=member_lists.get(travel.id) if "members" in includes else None,
                created_at=travel.created_at,
                updated_at=travel.updated_at,
            )
        )
    return result


async def _included_members(ids: list[int], mine: dict[int, TravelUser], actor: Actor) -> dict:
    """Up to MEMBERS_INCLUDED active members per travel the caller belongs to."""
    visible = [tid for tid in ids if tid in mine or actor.is_admin]
    out: dict[int, list[MemberOut]] = {tid: [] for tid in visible}
    for tid in visible:
        rows = (
            await TravelUser.filter(travel_id=tid, status=MembershipStatus.ACTIVE)
            .order_by("id")
            .limit(MEMBERS_INCLUDED)
        )
        out[tid] = await _members_out(rows)
    return out


async def _members_out(rows: list[TravelUser]) -> list[MemberOut]:
    people = await users.summaries({row.user_id for row in rows})
    return [
        MemberOut(
            id=row.id,
            user_id=row.user_id,
            role=row.role,
            status=row.status,
            joined_at=row.joined_at,
            user=UserSummary(
                **people.get(row.user_id, {"id": row.user_id, "nickname": None, "avatar_url": None})
            ),
            banned_until=row.banned_until,
            ban_reason=row.ban_reason,
        )
        for row in rows
    ]


async def travel_view(actor: Actor, travel: Travel, includes: set[str] = frozenset()) -> TravelOut:
    return (await serialize(actor, [travel], includes))[0]


# --- lifecycle ---------------------------------------------------------------------------


async def _new_invite_code(conn: BaseDBAsyncClient) -> str:
    while True:  # 31^8 codes: a collision is astronomically rare, but checked
        code = "".join(secrets.choice(INVITE_ALPHABET) for _ in range(INVITE_CODE_LENGTH))
        if not await Travel.filter(invite_code=code).using_db(conn).exists():
            return code


async def create_travel(actor: Actor, body: CreateTravel) -> TravelOut:
    """The creator becomes HOST; a default GROUP planet is created and joined. One transaction."""
    async with in_transaction() as conn:
        travel = await Travel.create(
            name=body.name,
            description=body.description,
            start_date=body.start_date,
            end_date=body.end_date,
            visibility=body.visibility,
            invite_code=await _new_invite_code(conn)
            if body.visibility is TravelVisibility.INVITE_ONLY
            else None,
            image_url=body.image_url,
            timezone=body.timezone,
            max_members=body.max_members,
            settings=body.settings.model_dump(mode="json", by_alias=True),
            status=TravelStatus.INACTIVE,
            created_by_id=actor.user_id,
            using_db=conn,
        )
        travel.status = status_at(travel, utcnow())
        await travel.save(using_db=conn, update_fields=["status"])
        await TravelUser.create(
            travel=travel,
            user_id=actor.user_id,
            role=TravelRole.HOST,
            join_method=JoinMethod.CREATOR,
            using_db=conn,
        )
        await planets.create_default_planet(travel, actor.user_id, conn)
    await events.emit("travel.created", {"travelId": travel.id, "userId": actor.user_id})
    return await travel_view(actor, travel, {"planets"})


async def get_travel(actor: Actor, travel_id: int, includes: set[str]) -> TravelOut:
    access = await load_travel(actor, travel_id)
    return await travel_view(actor, access.travel, includes)


async def list_travels(actor: Actor, query: TravelListQuery) -> TravelPage:
    now = utcnow()
    travels = Travel.filter(deleted_at__isnull=True)
    if query.scope == "mine":
        memberships = TravelUser.filter(user_id=actor.user_id, status=MembershipStatus.ACTIVE)
        if query.role is not None:
            memberships = memberships.filter(role=query.role)
        travels = travels.filter(id__in=Subquery(memberships.values("travel_id")))
    else:
        if query.role is not None:
            raise ConnectoError("UNKNOWN_FILTER", "role filters only scope=mine")
        travels = travels.filter(visibility=TravelVisibility.PUBLIC)
    if query.visibility is not None:
        travels = travels.filter(visibility=query.visibility)
    if query.status is TravelStatus.ACTIVE:
        travels = travels.filter(start_date__lte=now, end_date__gte=now)
    elif query.status is TravelStatus.INACTIVE:
        travels = travels.filter(Q(start_date__gt=now) | Q(end_date__lt=now))
    if query.q:
        travels = travels.filter(name__icontains=query.q)
    if query.starts_after is not None:
        travels = travels.filter(start_date__gte=query.starts_after)
    if query.starts_before is not None:
        travels = travels.filter(start_date__lt=query.starts_before)
    if query.cursor:
        created_at, last_id = decode_cursor(query.cursor, datetime, int)
        travels = travels.filter(
            Q(created_at__lt=created_at) | Q(created_at=created_at, id__lt=last_id)
        )
    rows = await travels.order_by("-created_at", "-id").limit(query.limit + 1)
    has_more = len(rows) > query.limit
    rows = rows[: query.limit]
    next_cursor = encode_cursor(rows[-1].created_at, rows[-1].id) if has_more else None
    return TravelPage(items=await serialize(actor, rows, query.includes()), next_cursor=next_cursor)


def _field_error(field: str, message: str) -> ConnectoError:
    return ConnectoError(
        "VALIDATION_ERROR",
        details={"fields": [{"field": field, "message": message, "type": "value_error"}]},
    )


async def update_travel(actor: Actor, travel_id: int, body: UpdateTravel) -> TravelOut:
    changes = body.model_dump(exclude_unset=True)
    nullable = {"description", "image_url", "max_members"}
    if any(value is None and key not in nullable for key, value in changes.items()):
        raise ConnectoError(
            "VALIDATION_ERROR", "only description, imageUrl and maxMembers can be null"
        )
    async with in_transaction() as conn:
        access = await load_travel(actor, travel_id, conn, for_update=True)
        require_member(access, Action.TRAVEL_UPDATE)
        travel = access.travel
        start = changes.get("start_date", travel.start_date)
        end = changes.get("end_date", travel.end_date)
        if end <= start:
            raise _field_error("endDate", "must be after startDate")
        if (end - start).days > MAX_TRAVEL_DAYS:
            raise _field_error("endDate", f"a travel lasts at most {MAX_TRAVEL_DAYS} days")
        if changes.get("max_members") is not None:
            members = await active_member_count(travel.id, conn)
            if changes["max_members"] < members:
                raise ConnectoError(
                    "CONFLICT",
                    "The travel already has more members than that",
                    details={"memberCount": members},
                )
        if "settings" in changes:
            changes["settings"] = body.settings.model_dump(mode="json", by_alias=True)
        for key, value in changes.items():
            setattr(travel, key, value)
        if "visibility" in changes:
            if travel.visibility is TravelVisibility.INVITE_ONLY and travel.invite_code is None:
                travel.invite_code = await _new_invite_code(conn)
            elif travel.visibility is TravelVisibility.PUBLIC:
                travel.invite_code = None
        # Extending the end date of a finished travel reactivates it.
        travel.status = status_at(travel, utcnow())
        await travel.save(using_db=conn)
    await events.emit(
        "travel.updated",
        {"travelId": travel.id, "userId": actor.user_id, "fields": sorted(changes)},
    )
    return await travel_view(actor, travel)


async def delete_travel(actor: Actor, travel_id: int) -> None:
    """Soft delete: the travel, its planets and memberships disappear from every read."""
    async with in_transaction() as conn:
        access = await load_travel(actor, travel_id, conn, for_update=True)
        require_member(access, Action.TRAVEL_DELETE)
        access.travel.deleted_at = utcnow()
        access.travel.invite_code = None
        await access.travel.save(
            using_db=conn, update_fields=["deleted_at", "invite_code", "updated_at"]
        )
        await audit.record(
            conn,
            actor,
            AuditAction.TRAVEL_DELETE,
            AuditTarget.TRAVEL,
            travel_id,
            roles=access.roles,
            travel_id=travel_id,
            details={"name": access.travel.name},
        )
    await events.emit("travel.deleted", {"travelId": travel_id, "userId": actor.user_id})


async def regenerate_invite_code(actor: Actor, travel_id: int) -> InviteCodeOut:
    async with in_transaction() as conn:
        access = await load_travel(actor, travel_id, conn, for_update=True)
        require_member(access, Action.TRAVEL_UPDATE)
        if access.travel.visibility is not TravelVisibility.INVITE_ONLY:
            raise ConnectoError("CONFLICT", "Public travels have no invite code")
        access.travel.invite_code = await _new_invite_code(conn)
        await access.travel.save(using_db=conn, update_fields=["invite_code", "updated_at"])
    return InviteCodeOut(invite_code=access.travel.invite_code)


async def sync_statuses() -> dict:
    """Periodic: store the date-derived status of every travel whose status changed."""
    now = utcnow()
    activated = await Travel.filter(
        deleted_at__isnull=True,
        status=TravelStatus.INACTIVE,
        start_date__lte=now,
        end_date__gte=now,
    ).values_list("id", flat=True)
    stopped = await Travel.filter(
        Q(start_date__gt=now) | Q(end_date__lt=now),
        deleted_at__isnull=True,
        status=TravelStatus.ACTIVE,
    ).values_list("id", "end_date")
    deactivated = [travel_id for travel_id, _ in stopped]
    ended = {travel_id for travel_id, end_date in stopped if end_date < now}
    if activated:
        await Travel.filter(id__in=activated).update(status=TravelStatus.ACTIVE)
    if deactivated:
        await Travel.filter(id__in=deactivated).update(status=TravelStatus.INACTIVE)
    for travel_id in activated:
        await events.emit("travel.status_changed", {"travelId": travel_id, "status": "active"})
    for travel_id in deactivated:
        await events.emit(
            "travel.status_changed",
            {"travelId": travel_id, "status": "inactive", "ended": travel_id in ended},
        )
    return {"activated": len(activated), "deactivated": len(deactivated)}


# --- joining and leaving -----------------------------------------------------------------


async def leave_travel(actor: Actor, travel_id: int) -> None:
    async with in_transaction() as conn:
        access = await load_travel(actor, travel_id, conn, for_update=True)
        if access.membership is None:
            raise ConnectoError("NOT_TRAVEL_MEMBER")
        require(Action.TRAVEL_LEAVE, access.roles)
        if access.membership.role is TravelRole.HOST:
            raise ConnectoError("HOST_MUST_TRANSFER")
        await _end_membership(access.membership, MembershipStatus.LEFT, conn)
    await events.emit("travel.member_left", {"travelId": travel_id, "userId": actor.user_id})


async def _end_membership(
    membership: TravelUser, status: MembershipStatus, conn: BaseDBAsyncClient
) -> None:
    membership.status = status
    membership.left_at = utcnow()
    await membership.save(using_db=conn)
    await planets.remove_member_from_travel_planets(membership.travel_id, membership.user_id, conn)


async def transfer_host(actor: Actor, travel_id: int, new_host_id: int) -> TravelOut:
    async with in_transaction() as conn:
        access = await load_travel(actor, travel_id, conn, for_update=True)
        require_member(access, Action.TRAVEL_TRANSFER_HOST)
        target = await active_membership(travel_id, new_host_id, conn)
        if target is None:
            raise ConnectoError("MEMBER_NOT_FOUND")
        if (await users.contact(new_host_id))["closing"]:
            raise ConnectoError("CONFLICT", "That member is deleting their account")
        if target.role is TravelRole.HOST:
            raise ConnectoError("CONFLICT", "That member is already the host")
        await (
            TravelUser.filter(
                travel_id=travel_id, role=TravelRole.HOST, status=MembershipStatus.ACTIVE
            )
            .using_db(conn)
            .update(role=TravelRole.MODERATOR)
        )
        target.role = TravelRole.HOST
        await target.save(using_db=conn, update_fields=["role", "updated_at"])
        await audit.record(
            conn,
            actor,
            AuditAction.HOST_TRANSFER,
            AuditTarget.TRAVEL_USER,
            target.id,
            roles=access.roles,
            target_user_id=new_host_id,
            travel_id=travel_id,
            details={"previousHostDemotedTo": TravelRole.MODERATOR.value},
        )
    await events.emit(
        "travel.host_transferred",
        {"travelId": travel_id, "userId": new_host_id, "byUserId": actor.user_id},
    )
    return await travel_view(actor, access.travel)


async def list_members(
    actor: Actor, travel_id: int, query: MemberListQuery, status: MembershipStatus
) -> MemberPage:
    access = await load_travel(actor, travel_id)
    require_member(access, Action.MEMBER_LIST)
    if status is not MembershipStatus.ACTIVE:
        # Who left or was banned is moderation information.
        require(Action.MEMBER_BAN, access.roles)
    rows = TravelUser.filter(travel_id=travel_id, status=status)
    if query.role is not None:
        rows = rows.filter(role=query.role)
    page, next_cursor = await id_page(rows, query.cursor, query.limit)
    return MemberPage(items=await _members_out(page), next_cursor=next_cursor)


# --- member management (by TravelUser id, spec 7.3 paths) ---------------------------------


async def change_member_role(actor: Actor, travel_user_id: int, role: TravelRole) -> MemberOut:
    access, target = await _load_membership_target(actor, travel_user_id)
    require_member(access, Action.MODERATOR_ASSIGN)
    if target.status is not MembershipStatus.ACTIVE:
        raise ConnectoError("MEMBER_NOT_FOUND")
    if target.role is TravelRole.HOST:
        raise ConnectoError("CONFLICT", "Transfer the host role instead")
    before = target.role
    async with in_transaction() as conn:
        target.role = role
        await target.save(using_db=conn, update_fields=["role", "updated_at"])
        await _audit_member_action(
            conn,
            actor,
            access,
            target,
            AuditAction.MEMBER_ROLE_CHANGE,
            {"from": before.value, "to": role.value},
        )
    await events.emit(
        "travel.role_changed",
        {
            "travelId": target.travel_id,
            "userId": target.user_id,
            "role": role.value,
            "byUserId": actor.user_id,
        },
    )
    return (await _members_out([target]))[0]


def _check_can_act_on(
    actor: Actor, access: TravelAccess, target: TravelUser, action: Action
) -> None:
    require_member(access, action)
    if target.user_id == actor.user_id:
        raise ConnectoError("CONFLICT", "Use leave to leave a travel")
    if not outranks(access.roles, target.role):
        raise ConnectoError(
            "FORBIDDEN",
            "You cannot act on a member of equal or higher rank",
            details={"action": action.value},
        )


async def remove_member(actor: Actor, travel_user_id: int) -> None:
    access, target = await _load_membership_target(actor, travel_user_id)
    _check_can_act_on(actor, access, target, Action.MEMBER_REMOVE)
    if target.status is not MembershipStatus.ACTIVE:
        raise ConnectoError("MEMBER_NOT_FOUND")
    async with in_transaction() as conn:
        await _end_membership(target, MembershipStatus.LEFT, conn)
        await audit.record(
            conn,
            actor,
            AuditAction.MEMBER_REMOVE,
            AuditTarget.TRAVEL_USER,
            target.id,
            roles=access.roles,
            target_user_id=target.user_id,
            travel_id=target.travel_id,
        )
    await events.emit(
        "travel.member_removed",
        {"travelId": target.travel_id, "userId": target.user_id, "byUserId": actor.user_id},
    )


async def ban_member(actor: Actor, travel_user_id: int, body: BanMember) -> MemberOut:
    """Travel-level ban (spec 7.3): out of the travel and all its planets, cannot rejoin."""
    access, target = await _load_membership_target(actor, travel_user_id)
    _check_can_act_on(actor, access, target, Action.MEMBER_BAN)
    if target.status is MembershipStatus.BANNED:
        raise ConnectoError("CONFLICT", "Already banned")
    async with in_transaction() as conn:
        target.banned_at = utcnow()
        target.banned_until = (
            utcnow() + timedelta(seconds=body.duration_seconds) if body.duration_seconds else None
        )
        target.ban_reason = body.reason
        target.banned_by_id = actor.user_id
        await _end_membership(target, MembershipStatus.BANNED, conn)
        await _audit_member_action(
            conn,
            actor,
            access,
            target,
            AuditAction.MEMBER_BAN,
            {
                "reason": body.reason,
                "until": target.banned_until.isoformat() if target.banned_until else None,
            },
        )
    await events.emit(
        "travel.member_banned",
        {
            "travelId": target.travel_id,
            "userId": target.user_id,
            "byUserId": actor.user_id,
            "reason": body.reason,
            "until": target.banned_until.isoformat() if target.banned_until else None,
        },
    )
    return (await _members_out([target]))[0]


async def unban_member(actor: Actor, travel_user_id: int) -> MemberOut:
    access, target = await _load_membership_target(actor, travel_user_id)
    require_member(access, Action.MEMBER_BAN)
    if target.status is not MembershipStatus.BANNED:
        raise ConnectoError("CONFLICT", "Not banned")
    was = {"banReason": target.ban_reason, "bannedUntil": target.banned_until}
    target.update_from_dict(
        {
            "status": MembershipStatus.LEFT,
            "banned_until": None,
            "ban_reason": None,
            "banned_at": None,
            "banned_by_id": None,
        }
    )
    async with in_transaction() as conn:
        await target.save(using_db=conn)
        await _audit_member_action(
            conn,
            actor,
            access,
            target,
            AuditAction.MEMBER_UNBAN,
            {
                "banReason": was["banReason"],
                "bannedUntil": was["bannedUntil"].isoformat() if was["bannedUntil"] else None,
            },
        )
    await events.emit(
        "travel.member_unbanned",
        {"travelId": target.travel_id, "userId": target.user_id, "byUserId": actor.user_id},
    )
    return (await _members_out([target]))[0]


LIFT_EXPIRED_BANS = """
UPDATE travel_users SET status = 'LEFT', banned_until = NULL, ban_reason = NULL,
       banned_at = NULL, banned_by_id = NULL, updated_at = now()
WHERE status = 'BANNED' AND banned_until IS NOT NULL AND banned_until <= now()
RETURNING id, travel_id, user_id
"""


# The lift and its audit entry in one statement.
LIFT_EXPIRED_BANS_AUDITED = audit.system_entries_sql(
    LIFT_EXPIRED_BANS,
    AuditAction.MEMBER_UNBAN,
    AuditTarget.TRAVEL_USER,
    target_id="id",
    target_user_id="user_id",
    travel_id="travel_id",
    returning="id, travel_id, user_id",
)


async def lift_expired_bans() -> int:
    """Time-limited travel bans that ran out: the member may join again (spec 8.2 automatic
    penalty removal). Each row is lifted and announced by exactly one caller."""
    rows = await Tortoise.get_connection("default").execute_query_dict(LIFT_EXPIRED_BANS_AUDITED)
    for row in rows:
        await events.emit(
            "travel.member_unbanned",
            {
                "travelId": row["travel_id"],
                "userId": row["user_id"],
                "byUserId": None,
                "expired": True,
            },
        )
    return len(rows)


# --- questions other modules ask -------------------------------------------------------------


async def share_a_travel(user_a: int, user_b: int) -> bool:
    travels_of_a = TravelUser.filter(
        user_id=user_a, status=MembershipStatus.ACTIVE, travel__deleted_at__isnull=True
    ).values("travel_id")
    return await TravelUser.filter(
        user_id=user_b, status=MembershipStatus.ACTIVE, travel_id__in=Subquery(travels_of_a)
    ).exists()


async def travel_ids_of(user_id: int) -> list[int]:
    return await TravelUser.filter(
        user_id=user_id, status=MembershipStatus.ACTIVE, travel__deleted_at__isnull=True
    ).values_list("travel_id", flat=True)


async def member_ids(travel_id: int) -> list[int]:
    return await TravelUser.filter(travel_id=travel_id, status=MembershipStatus.ACTIVE).values_list(
        "user_id", flat=True
    )


async def member_ids_after(travel_id: int, after_user_id: int, limit: int) -> list[int]:
    """A page of the travel's active members by user id (bulk notifications)."""
    return (
        await TravelUser.filter(
            travel_id=travel_id, status=MembershipStatus.ACTIVE, user_id__gt=after_user_id
        )
        .order_by("user_id")
        .limit(limit)
        .values_list("user_id", flat=True)
    )


async def manager_ids(travel_id: int) -> list[int]:
    """The host and moderators."""
    return (
        await TravelUser.filter(
            travel_id=travel_id,
            status=MembershipStatus.ACTIVE,
            role__in=[TravelRole.HOST, TravelRole.MODERATOR],
        )
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )


async def hosted_live_travel_ids(user_id: int) -> list[int]:
    """Travels the user hosts that are not over: they must be handed over before the host's
    account can be deleted."""
    return (
        await TravelUser.filter(
            user_id=user_id,
            role=TravelRole.HOST,
            status=MembershipStatus.ACTIVE,
            travel__deleted_at__isnull=True,
            travel__end_date__gt=utcnow(),
        )
        .order_by("travel_id")
        .values_list("travel_id", flat=True)
    )


async def remove_user_everywhere(user_id: int, conn: BaseDBAsyncClient) -> list[int]:
    """Account removal: the user leaves every travel (and its planets) and withdraws pending
    join requests. Returns the travels left. Hosting a travel that is not over cannot happen
    (deletion requires handing over first, and nobody can hand a travel to an account being
    deleted); a finished travel simply keeps no host."""
    memberships = await (
        TravelUser.filter(user_id=user_id, status=MembershipStatus.ACTIVE)
        .using_db(conn)
        .select_for_update()
    )
    for membership in memberships:
        await _end_membership(membership, MembershipStatus.LEFT, conn)
    await TravelJoinRequest.filter(user_id=user_id).using_db(conn).delete()
    return [m.travel_id for m in memberships]


async def export_data(user_id: int) -> list[dict]:
    rows = await TravelUser.filter(user_id=user_id).order_by("id").prefetch_related("travel")
    return [
        {
            "travelId": row.travel_id,
            "name": row.travel.name,
            "startDate": row.travel.start_date,
            "endDate": row.travel.end_date,
            "role": row.role.value,
            "status": row.status.value,
            "joinedAt": row.joined_at,
            "leftAt": row.left_at,
        }
        for row in rows
    ]


async def names(travel_ids: set[int]) -> dict[int, str]:
    if not travel_ids:
        return {}
    return dict(await Travel.filter(id__in=list(travel_ids)).values_list("id", "name"))


async def starting_between(since: datetime, until: datetime) -> list[dict]:
    """Live travels that started in [since, until) and have not ended."""
    rows = await Travel.filter(
        deleted_at__isnull=True, start_date__gte=since, start_date__lt=until, end_date__gt=until
    ).values("id", "name", "start_date", "end_date", "timezone")
    return rows


async def ending_between(since: datetime, until: datetime) -> list[dict]:
    """Live travels under way whose end falls in [since, until)."""
    return await Travel.filter(
        deleted_at__isnull=True, end_date__gte=since, end_date__lt=until, start_date__lt=since
    ).values("id", "name", "start_date", "end_date", "timezone")


async def travel_summary(travel_id: int) -> dict:
    travel = await Travel.get(id=travel_id)
    count = await active_member_count(travel_id)
    return {
        "id": travel.id,
        "name": travel.name,
        "startDate": travel.start_date.isoformat(),
        "endDate": travel.end_date.isoformat(),
        "timezone": travel.timezone,
        "memberCount": count,
    }
