"""Planets: the chat rooms of a travel. Types, membership, planet roles and mutes, direct
conversations, and the "can this member chat here now?" rule used by message sending."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise import Tortoise
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q, Subquery
from tortoise.functions import Count
from tortoise.transactions import in_transaction

from connecto import db, events
from connecto.audit import service as audit
from connecto.audit.enums import AuditAction, AuditTarget
from connecto.auth.context import Actor
from connecto.errors import ConnectoError
from connecto.pagination import id_page
from connecto.permissions import Action, Roles, allowed, outranks, require
from connecto.planets import chat_windows, queries, schedule
from connecto.planets.enums import PlanetRole, PlanetStatus, PlanetType, TimeRestrictionType
from connecto.planets.models import Planet, PlanetUser
from connecto.planets.schemas import (
    MUTE_DURATIONS,
    ChatStatusOut,
    CreatePlanet,
    MutePlanetMember,
    PlanetListQuery,
    PlanetMemberOut,
    PlanetMemberPage,
    PlanetMembershipOut,
    PlanetOut,
    PlanetPage,
    UpdatePlanet,
)
from connecto.timeutil import utcnow
from connecto.travels.enums import TravelRole

DEFAULT_PLANET_NAME = "General"


def _travels():
    # travels.service imports this module; resolve the reverse dependency at call time.
    from connecto.travels import service

    return service


# --- access ------------------------------------------------------------------------------


@dataclass
class PlanetAccess:
    planet: Planet
    travel_role: TravelRole | None
    membership: PlanetUser | None  # the caller's planet membership
    roles: Roles


def _roles(actor: Actor, travel_role: TravelRole | None, membership: PlanetUser | None) -> Roles:
    return Roles(
        is_admin=actor.is_admin,
        travel_role=travel_role,
        planet_role=membership.role if membership and travel_role else None,
    )


async def load_planet(
    actor: Actor, planet_id: int, conn: BaseDBAsyncClient | None = None
) -> PlanetAccess:
    """The planet as the caller may see it: its travel must be live and the caller an active
    member of it (or an admin); a DIRECT planet exists only for its two participants.
    One statement; inside a transaction it runs on the transaction's connection."""
    sql = queries.access_sql()
    if conn is not None:
        row = await conn.execute_query_dict(sql, [planet_id, actor.user_id])
        row = row[0] if row else None
    else:
        row = await db.fetchrow(sql, planet_id, actor.user_id)
    if row is None:
        raise ConnectoError("PLANET_NOT_FOUND")
    planet = db.model_from_row(Planet, row, "p_")
    travel_role = TravelRole(row["travel_role"]) if row["travel_role"] else None
    if travel_role is None and not actor.is_admin:
        raise ConnectoError("PLANET_NOT_FOUND")
    membership = db.model_from_row(PlanetUser, row, "pu_")
    if planet.type is PlanetType.DIRECT and membership is None and not actor.is_admin:
        raise ConnectoError("PLANET_NOT_FOUND")
    return PlanetAccess(planet, travel_role, membership, _roles(actor, travel_role, membership))


def _planet_out(
    planet: Planet,
    membership: PlanetUser | None,
    member_count: int | None = None,
    participants: list[int] | None = None,
) -> PlanetOut:
    return PlanetOut(
        id=planet.id,
        travel_id=planet.travel_id,
        name=planet.name,
        description=planet.description,
        type=planet.type,
        status=planet.status,
        is_default=planet.is_default,
        auto_join=planet.auto_join,
        time_restriction=schedule.parse(planet.time_restriction),
        member_count=member_count,
        participant_ids=participants,
        my_membership=PlanetMembershipOut.model_validate(membership) if membership else None,
        last_message_at=planet.last_message_at,
        created_at=planet.created_at,
        updated_at=planet.updated_at,
    )


async def _serialize(actor: Actor, planets: list[Planet]) -> list[PlanetOut]:
    if not planets:
        return []
    ids = [p.id for p in planets]
    counts = dict(
        await PlanetUser.filter(planet_id__in=ids)
        .group_by("planet_id")
        .annotate(n=Count("id"))
        .values_list("planet_id", "n")
    )
    mine = {
        m.planet_id: m for m in await PlanetUser.filter(planet_id__in=ids, user_id=actor.user_id)
    }
    direct_ids = [p.id for p in planets if p.type is PlanetType.DIRECT]
    participants: dict[int, list[int]] = {}
    for planet_id, user_id in await PlanetUser.filter(planet_id__in=direct_ids).values_list(
        "planet_id", "user_id"
    ):
        participants.setdefault(planet_id, []).append(user_id)
    return [
        _planet_out(
            p,
            mine.get(p.id),
            counts.get(p.id, 0),
            sorted(participants.get(p.id, [])) if p.type is PlanetType.DIRECT else None,
        )
        for p in planets
    ]


def _visible_to(user_id: int) -> Q:
    """GROUP and ANNOUNCEMENT planets are visible to every travel member; DIRECT ones only to
    their participants."""
    return Q(type__not=PlanetType.DIRECT) | Q(members__user_id=user_id)


async def visible_planets_by_travel(actor: Actor, travel_ids: list[int], memberships: dict) -> dict:
    """For ?include=planets on travels: planets of the travels the caller belongs to."""
    member_of = [tid for tid in travel_ids if tid in memberships or actor.is_admin]
    rows = (
        await Planet.filter(
            _visible_to(actor.user_id), travel_id__in=member_of, deleted_at__isnull=True
        )
        .distinct()
        .order_by("id")
    )
    out: dict[int, list[PlanetOut]] = {tid: [] for tid in member_of}
    for planet in await _serialize(actor, rows):
        out[planet.travel_id].append(planet)
    return out


# --- creation and membership used by travels.service (inside its transactions) ------------


async def create_default_planet(travel, host_id: int, conn: BaseDBAsyncClient) -> Planet:
    planet = await Planet.create(
        travel=travel,
        name=DEFAULT_PLANET_NAME,
        type=PlanetType.GROUP,
        is_default=True,
        auto_join=True,
        created_by_id=host_id,
        using_db=conn,
    )
    await PlanetUser.create(
        planet=planet, user_id=host_id, role=PlanetRole.MODERATOR, using_db=conn
    )
    return planet


async def add_member_to_auto_planets(
    travel_id: int, user_id: int, conn: BaseDBAsyncClient
) -> list[int]:
    """A new travel member joins every auto-join planet (the default GROUP, announcements,
    GROUP planets meant for everyone). Existing memberships are kept."""
    planet_ids = (
        await Planet.filter(travel_id=travel_id, auto_join=True, deleted_at__isnull=True)
        .using_db(conn)
        .values_list("id", flat=True)
    )
    have = set(
        await PlanetUser.filter(planet_id__in=planet_ids, user_id=user_id)
        .using_db(conn)
        .values_list("planet_id", flat=True)
    )
    new = [
        PlanetUser(planet_id=pid, user_id=user_id, role=PlanetRole.MEMBER)
        for pid in planet_ids
        if pid not in have
    ]
    if new:
        await PlanetUser.bulk_create(new, using_db=conn)
    return [p.planet_id for p in new]


async def remove_member_from_travel_planets(
    travel_id: int, user_id: int, conn: BaseDBAsyncClient
) -> None:
    """Leaving or being banned from a travel removes every planet membership in it (spec 7.3)."""
    planet_ids = (
        await Planet.filter(travel_id=travel_id).using_db(conn).values_list("id", flat=True)
    )
    await PlanetUser.filter(user_id=user_id, planet_id__in=planet_ids).using_db(conn).delete()


# --- planets -----------------------------------------------------------------------------


async def create_planet(actor: Actor, travel_id: int, body: CreatePlanet) -> PlanetOut:
    travels = _travels()
    async with in_transaction() as conn:
        access = await travels.load_travel(actor, travel_id, conn, for_update=True)
        travels.require_member(access, Action.PLANET_CREATE)
        restriction = body.time_restriction or schedule.TimeRestriction()
        if restriction.timezone is None:
            restriction = restriction.model_copy(update={"timezone": access.travel.timezone})
        auto_join = body.auto_join
        if body.type is PlanetType.ANNOUNCEMENT:
            if restriction.type is not TimeRestrictionType.NONE:
                raise ConnectoError(
                    "VALIDATION_ERROR",
                    "Announcement planets have no time restrictions",
                    details={
                        "fields": [
                            {
                                "field": "timeRestriction",
                                "type": "value_error",
                                "message": "not allowed for announcement planets",
                            }
                        ]
                    },
                )
            auto_join = True  # everyone reads announcements
        stored_restriction = restriction.model_dump(mode="json", by_alias=True)
        planet = await Planet.create(
            travel_id=travel_id,
            name=body.name,
            description=body.description,
            type=body.type,
            auto_join=auto_join,
            time_restriction=stored_restriction,
            **schedule.window_fields(stored_restriction, utcnow()),
            created_by_id=actor.user_id,
            using_db=conn,
        )
        if access.membership is not None:
            await PlanetUser.create(
                planet=planet, user_id=actor.user_id, role=PlanetRole.MODERATOR, using_db=conn
            )
        if auto_join:
            member_ids = await travels.member_ids(travel_id)
            await PlanetUser.bulk_create(
                [
                    PlanetUser(planet_id=planet.id, user_id=uid)
                    for uid in member_ids
                    if uid != actor.user_id
                ],
                using_db=conn,
            )
    await events.emit(
        "planet.created", {"planetId": planet.id, "travelId": travel_id, "userId": actor.user_id}
    )
    return (await _serialize(actor, [planet]))[0]


async def get_planet(actor: Actor, planet_id: int) -> PlanetOut:
    access = await load_planet(actor, planet_id)
    return (await _serialize(actor, [access.planet]))[0]


async def list_planets(actor: Actor, travel_id: int, query: PlanetListQuery) -> PlanetPage:
    travels = _travels()
    access = await travels.load_travel(actor, travel_id)
    travels.require_member(access, Action.TRAVEL_VIEW)
    rows = Planet.filter(_visible_to(actor.user_id), travel_id=travel_id, deleted_at__isnull=True)
    if query.type is not None:
        rows = rows.filter(type=query.type)
    if query.joined is True:
        rows = rows.filter(members__user_id=actor.user_id)
    elif query.joined is False:
        rows = rows.exclude(
            id__in=Subquery(PlanetUser.filter(user_id=actor.user_id).values("planet_id"))
        )
    page, next_cursor = await id_page(rows.distinct(), query.cursor, query.limit)
    return PlanetPage(items=await _serialize(actor, page), next_cursor=next_cursor)


async def update_planet(actor: Actor, planet_id: int, body: UpdatePlanet) -> PlanetOut:
    access = await load_planet(actor, planet_id)
    require(Action.PLANET_UPDATE, access.roles)
    planet = access.planet
    changes = body.model_dump(exclude_unset=True)
    if any(value is None and key != "description" for key, value in changes.items()):
        raise ConnectoError("VALIDATION_ERROR", "only description can be null")
    if "time_restriction" in changes:
        if planet.type in (PlanetType.ANNOUNCEMENT, PlanetType.DIRECT) and (
            body.time_restriction.type is not TimeRestrictionType.NONE
        ):
            raise ConnectoError(
                "PLANET_RULES", f"{planet.type.value} planets have no time restrictions"
            )
        restriction = body.time_restriction
        if restriction.timezone is None:
            zone = (await _travels().travel_summary(planet.travel_id))["timezone"]
            restriction = restriction.model_copy(update={"timezone": zone})
        changes["time_restriction"] = restriction.model_dump(mode="json", by_alias=True)
    if planet.type is PlanetType.DIRECT and ("name" in changes or "status" in changes):
        raise ConnectoError("PLANET_RULES", "Direct conversations cannot be renamed or archived")
    planet.update_from_dict(changes)
    await planet.save()
    if "time_restriction" in changes:
        await chat_windows.restriction_changed(planet)
    await events.emit(
        "planet.updated",
        {
            "planetId": planet.id,
            "travelId": planet.travel_id,
            "userId": actor.user_id,
            "fields": sorted(changes),
        },
    )
    return (await _serialize(actor, [planet]))[0]


async def delete_planet(actor: Actor, planet_id: int) -> None:
    access = await load_planet(actor, planet_id)
    require(Action.PLANET_DELETE, access.roles)
    if access.planet.is_default:
        raise ConnectoError("PLANET_RULES", "The travel's default planet cannot be deleted")
    if access.planet.type is PlanetType.DIRECT:
        raise ConnectoError("PLANET_RULES", "Direct conversations cannot be deleted")
    async with in_transaction() as conn:
        access.planet.deleted_at = utcnow()
        await access.planet.save(using_db=conn, update_fields=["deleted_at", "updated_at"])
        await audit.record(
            conn,
            actor,
            AuditAction.PLANET_DELETE,
            AuditTarget.PLANET,
            planet_id,
            roles=access.roles,
            travel_id=access.planet.travel_id,
            planet_id=planet_id,
            details={"name": access.planet.name},
        )
    await events.emit(
        "planet.deleted",
        {"planetId": planet_id, "travelId": access.planet.travel_id, "userId": actor.user_id},
    )


async def join_planet(actor: Actor, planet_id: int) -> PlanetOut:
    access = await load_planet(actor, planet_id)
    if access.travel_role is None:
        raise ConnectoError("NOT_TRAVEL_MEMBER")
    if access.planet.type is PlanetType.DIRECT:
        raise ConnectoError("PLANET_RULES", "Nobody can join a direct conversation")
    if access.membership is None:
        try:
            membership = await PlanetUser.create(planet_id=planet_id, user_id=actor.user_id)
        except IntegrityError:  # joined concurrently: already a member, which is the goal
            membership = await PlanetUser.get(planet_id=planet_id, user_id=actor.user_id)
        else:
            await events.emit(
                "planet.member_joined",
                {
                    "planetId": planet_id,
                    "travelId": access.planet.travel_id,
                    "userId": actor.user_id,
                },
            )
        access.membership = membership
    return (await _serialize(actor, [access.planet]))[0]


async def leave_planet(actor: Actor, planet_id: int) -> None:
    access = await load_planet(actor, planet_id)
    if access.membership is None:
        raise ConnectoError("NOT_PLANET_MEMBER")
    require(Action.PLANET_LEAVE, access.roles)
    if access.planet.type is not PlanetType.GROUP or access.planet.is_default:
        raise ConnectoError(
            "PLANET_RULES", "Only GROUP planets other than the default one can be left"
        )
    await access.membership.delete()
    await events.emit(
        "planet.member_left",
        {"planetId": planet_id, "travelId": access.planet.travel_id, "userId": actor.user_id},
    )


async def list_members(
    actor: Actor, planet_id: int, cursor: str | None, limit: int
) -> PlanetMemberPage:
    access = await load_planet(actor, planet_id)
    require(Action.PLANET_VIEW, access.roles)
    page, next_cursor = await id_page(PlanetUser.filter(planet_id=planet_id), cursor, limit)
    from connecto.users import service as users

    people = await users.summaries({m.user_id for m in page})
    return PlanetMemberPage(
        items=[
            PlanetMemberOut(
                user_id=m.user_id,
                nickname=people.get(m.user_id, {}).get("nickname"),
                avatar_url=people.get(m.user_id, {}).get("avatar_url"),
                role=m.role,
                muted_until=m.muted_until,
                joined_at=m.joined_at,
            )
            for m in page
        ],
        next_cursor=next_cursor,
    )


async def _target_member(access: PlanetAccess, user_id: int) -> tuple[PlanetUser, TravelRole]:
    target = await PlanetUser.get_or_none(planet_id=access.planet.id, user_id=user_id)
    travel_membership = await _travels().active_membership(access.planet.travel_id, user_id)
    if target is None or travel_membership is None:
        raise ConnectoError("MEMBER_NOT_FOUND")
    return target, travel_membership.role


def may_moderate(
    roles: Roles, target_travel_role: TravelRole, target_planet_role: PlanetRole
) -> bool:
    """Travel rank decides; between equals (two participants), a planet moderator may act on
    a plain planet member."""
    if outranks(roles, target_travel_role):
        return True
    return (
        roles.travel_role is target_travel_role
        and roles.planet_role is PlanetRole.MODERATOR
        and target_planet_role is PlanetRole.MEMBER
    )


async def set_planet_role(
    actor: Actor, planet_id: int, user_id: int, role: PlanetRole
) -> PlanetMemberOut:
    access = await load_planet(actor, planet_id)
    require(Action.PLANET_MODERATOR_ASSIGN, access.roles)
    if access.planet.type is PlanetType.DIRECT:
        raise ConnectoError("PLANET_RULES", "Direct conversations have no moderators")
    target, _ = await _target_member(access, user_id)
    before = target.role
    async with in_transaction() as conn:
        target.role = role
        await target.save(using_db=conn, update_fields=["role", "updated_at"])
        await _audit_member_action(
            conn,
            actor,
            access,
            user_id,
            AuditAction.PLANET_ROLE_CHANGE,
            {"from": before.value, "to": role.value},
        )
    await events.emit(
        "planet.role_changed",
        {
            "planetId": planet_id,
            "travelId": access.planet.travel_id,
            "userId": user_id,
            "role": role.value,
            "byUserId": actor.user_id,
        },
    )
    return await _member_out(target)


async def _member_out(member: PlanetUser) -> PlanetMemberOut:
    from connecto.users import service as users

    person = (await users.summaries({member.user_id})).get(member.user_id, {})
    return PlanetMemberOut(
        user_id=member.user_id,
        nickname=person.get("nickname"),
        avatar_url=person.get("avatar_url"),
        role=member.role,
        muted_until=member.muted_until,
        joined_at=member.joined_at,
    )


async def mute_member(
    actor: Actor, planet_id: int, user_id: int, body: MutePlanetMember
) -> PlanetMemberOut:
    """Planet-level mute (spec 7.1 level 3): reads, cannot send, for 1h, 24h or 7d."""
    access = await load_planet(actor, planet_id)
    require(Action.PLANET_MUTE, access.roles)
    if access.planet.type is PlanetType.DIRECT:
        raise ConnectoError("PLANET_RULES", "Nobody moderates a direct conversation")
    if user_id == actor.user_id:
        raise ConnectoError("CONFLICT", "You cannot mute yourself")
    target, target_travel_role = await _target_member(access, user_id)
    if not may_moderate(access.roles, target_travel_role, target.role):
        raise ConnectoError(
            "FORBIDDEN",
            "You cannot mute a member of equal or higher rank",
            details={"action": Action.PLANET_MUTE.value},
        )
    target.muted_until = utcnow() + timedelta(seconds=MUTE_DURATIONS[body.duration])
    target.mute_reason = body.reason
    target.muted_by_id = actor.user_id
    async with in_transaction() as conn:
        await target.save(using_db=conn)
        await _audit_member_action(
            conn,
            actor,
            access,
            user_id,
            AuditAction.PLANET_MUTE,
            {
                "duration": body.duration,
                "until": target.muted_until.isoformat(),
                "reason": body.reason,
            },
        )
    await events.emit(
        "planet.member_muted",
        {
            "planetId": planet_id,
            "travelId": access.planet.travel_id,
            "userId": user_id,
            "until": target.muted_until.isoformat(),
            "byUserId": actor.user_id,
        },
    )
    return await _member_out(target)


async def _audit_member_action(
    conn: BaseDBAsyncClient,
    actor: Actor,
    access: PlanetAccess,
    user_id: int,
    action: AuditAction,
    details: dict,
) -> None:
    """The audit entry of an action on one planet member (mute, unmute, role change)."""
    await audit.record(
        conn,
        actor,
        action,
        AuditTarget.USER,
        user_id,
        roles=access.roles,
        target_user_id=user_id,
        travel_id=access.planet.travel_id,
        planet_id=access.planet.id,
        details=details,
    )


async def unmute_member(actor: Actor, planet_id: int, user_id: int) -> PlanetMemberOut:
    access = await load_planet(actor, planet_id)
    require(Action.PLANET_MUTE, access.roles)
    target, target_travel_role = await _target_member(access, user_id)
    if not may_moderate(access.roles, target_travel_role, target.role):
        raise ConnectoError("FORBIDDEN", details={"action": Action.PLANET_MUTE.value})
    was = {"mutedUntil": target.muted_until, "muteReason": target.mute_reason}
    target.update_from_dict({"muted_until": None, "mute_reason": None, "muted_by_id": None})
    async with in_transaction() as conn:
        await target.save(using_db=conn)
        await _audit_member_action(
            conn,
            actor,
            access,
            user_id,
            AuditAction.PLANET_UNMUTE,
            {
                "mutedUntil": was["mutedUntil"].isoformat() if was["mutedUntil"] else None,
                "muteReason": was["muteReason"],
            },
        )
    await events.emit(
        "planet.member_unmuted",
        {
            "planetId": planet_id,
            "travelId": access.planet.travel_id,
            "userId": user_id,
            "byUserId": actor.user_id,
        },
    )
    return await _member_out(target)


LIFT_EXPIRED_MUTES = """
UPDATE planet_users pu SET muted_until = NULL, mute_reason = NULL, muted_by_id = NULL,
       updated_at = now()
FROM planets p
WHERE p.id = pu.planet_id AND pu.muted_until IS NOT NULL AND pu.muted_until <= now()
RETURNING pu.planet_id, pu.user_id, p.travel_id
"""


# The lift and its audit entry in one statement.
LIFT_EXPIRED_MUTES_AUDITED = audit.system_entries_sql(
    LIFT_EXPIRED_MUTES,
    AuditAction.PLANET_UNMUTE,
    AuditTarget.USER,
    target_id="user_id",
    target_user_id="user_id",
    travel_id="travel_id",
    planet_id="planet_id",
    returning="planet_id, user_id, travel_id",
)


async def lift_expired_mutes() -> int:
    """Mutes that ran out are cleared, so the member list and the member's client stop showing
    them; each is announced (planet:member_unmuted) by exactly one caller."""
    rows = await Tortoise.get_connection("default").execute_query_dict(LIFT_EXPIRED_MUTES_AUDITED)
    for row in rows:
        await events.emit(
            "planet.member_unmuted",
            {
                "planetId": row["planet_id"],
                "travelId": row["travel_id"],
                "userId": row["user_id"],
                "byUserId": None,
                "expired": True,
            },
        )
    return len(rows)


async def set_notifications_muted(actor: Actor, planet_id: int, muted: bool) -> PlanetOut:
    access = await load_planet(actor, planet_id)
    if access.membership is None:
        raise ConnectoError("NOT_PLANET_MEMBER")
    access.membership.notifications_muted = muted
    await access.membership.save(update_fields=["notifications_muted", "updated_at"])
    return (await _serialize(actor, [access.planet]))[0]


# --- direct conversations ----------------------------------------------------------------


def direct_key(user_a: int, user_b: int) -> str:
    low, high = sorted((user_a, user_b))
    return f"{low}:{high}"


async def start_direct(actor: Actor, travel_id: int, other_user_id: int) -> tuple[PlanetOut, bool]:
    """The DIRECT planet between the caller and another member of the same travel, created on
    first use. The (travel, pair) unique constraint makes concurrent first calls converge on
    one planet. Returns (planet, created)."""
    planet, created = await get_or_create_direct(actor, travel_id, other_user_id)
    return (await _serialize(actor, [planet]))[0], created


async def get_or_create_direct(
    actor: Actor, travel_id: int, other_user_id: int
) -> tuple[Planet, bool]:
    travels = _travels()
    access = await travels.load_travel(actor, travel_id)
    travels.require_member(access, Action.DIRECT_START)
    settings = access.travel.settings or {}
    if (
        settings.get("allowDirectMessages", True) is False
        and access.membership.role is TravelRole.PARTICIPANT
    ):
        raise ConnectoError("DIRECT_MESSAGES_DISABLED")
    if other_user_id == actor.user_id:
        raise ConnectoError("PLANET_RULES", "A direct conversation needs two different people")
    if await travels.active_membership(travel_id, other_user_id) is None:
        raise ConnectoError("MEMBER_NOT_FOUND")
    key = direct_key(actor.user_id, other_user_id)
    created = False
    planet = await Planet.get_or_none(travel_id=travel_id, direct_key=key)
    if planet is None:
        try:
            async with in_transaction() as conn:
                planet = await Planet.create(
                    travel_id=travel_id,
                    name="Direct",
                    type=PlanetType.DIRECT,
                    direct_key=key,
                    created_by_id=actor.user_id,
                    using_db=conn,
                )
                await PlanetUser.bulk_create(
                    [
                        PlanetUser(planet_id=planet.id, user_id=uid)
                        for uid in (actor.user_id, other_user_id)
                    ],
                    using_db=conn,
                )
            created = True
        except IntegrityError:
            planet = await Planet.get(travel_id=travel_id, direct_key=key)
    else:
        # Someone who left the travel and came back gets their place in the conversation back.
        for uid in (actor.user_id, other_user_id):
            await PlanetUser.get_or_create(planet_id=planet.id, user_id=uid)
    if created:
        await events.emit(
            "planet.direct_created",
            {
                "planetId": planet.id,
                "travelId": travel_id,
                "userIds": [actor.user_id, other_user_id],
            },
        )
    return planet, created


# --- may this member chat here now? ------------------------------------------------------


@dataclass(frozen=True)
class SendCheck:
    ok: bool
    code: str | None = None
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    muted_until: datetime | None = None


def send_check(access: PlanetAccess, now: datetime) -> SendCheck:
    """The rules for posting in a planet (spec 4.2): membership, archive state, mute,
    announcement role, time window. Also used to answer GET .../chat-status."""
    planet = access.planet
    if access.membership is None or access.travel_role is None:
        return SendCheck(False, "NOT_PLANET_MEMBER")
    if not allowed(Action.MESSAGE_SEND, access.roles):
        return SendCheck(False, "FORBIDDEN")
    if planet.status is PlanetStatus.INACTIVE:
        return SendCheck(False, "PLANET_INACTIVE")
    muted_until = access.membership.muted_until
    if muted_until is not None and muted_until > now:
        return SendCheck(False, "PLANET_MUTED", muted_until=muted_until)
    if planet.type is PlanetType.ANNOUNCEMENT and not allowed(
        Action.MESSAGE_ANNOUNCE, access.roles
    ):
        return SendCheck(False, "ANNOUNCEMENT_READ_ONLY")
    window = schedule.evaluate(schedule.parse(planet.time_restriction), now)
    if not window.open:
        return SendCheck(False, "CHAT_TIME_RESTRICTED", opens_at=window.opens_at)
    return SendCheck(True, closes_at=window.closes_at)


def require_voice(access: PlanetAccess, now: datetime) -> None:
    """Edits and reactions need membership and no mute, but not the time window or the
    announcement role (those govern new posts)."""
    if access.membership is None or access.travel_role is None:
        raise ConnectoError("NOT_PLANET_MEMBER")
    muted_until = access.membership.muted_until
    if muted_until is not None and muted_until > now:
        raise ConnectoError("PLANET_MUTED", details={"mutedUntil": muted_until.isoformat()})


# What ``load_planet`` + ``require_can_send`` may refuse (routes declare these codes).
SEND_PLACE_REFUSALS = (
    "PLANET_NOT_FOUND",
    "NOT_PLANET_MEMBER",
    "FORBIDDEN",
    "PLANET_MUTED",
    "PLANET_INACTIVE",
    "ANNOUNCEMENT_READ_ONLY",
    "CHAT_TIME_RESTRICTED",
)


def require_can_send(access: PlanetAccess, now: datetime) -> None:
    check = send_check(access, now)
    if not check.ok:
        details = {}
        if check.opens_at is not None or check.code == "CHAT_TIME_RESTRICTED":
            details["opensAt"] = check.opens_at.isoformat() if check.opens_at else None
        if check.muted_until is not None:
            details["mutedUntil"] = check.muted_until.isoformat()
        raise ConnectoError(check.code, details=details)


async def chat_status(actor: Actor, planet_id: int) -> ChatStatusOut:
    access = await load_planet(actor, planet_id)
    check = send_check(access, utcnow())
    return ChatStatusOut(
        can_chat=check.ok,
        reason=check.code,
        opens_at=check.opens_at,
        closes_at=check.closes_at,
        muted_until=check.muted_until,
    )


# --- questions other modules ask ---------------------------------------------------------


async def planet_ids_of(user_id: int) -> list[int]:
    return await PlanetUser.filter(
        user_id=user_id, planet__deleted_at__isnull=True, planet__travel__deleted_at__isnull=True
    ).values_list("planet_id", flat=True)


async def membership_ids(user_id: int) -> tuple[list[int], list[int]]:
    """The user's travels (active memberships) and planets, sorted, in one query."""
    row = await db.fetchrow(queries.MEMBERSHIP_IDS, user_id)
    return list(row["travel_ids"]), list(row["planet_ids"])


async def member_user_ids(planet_id: int) -> list[int]:
    return await PlanetUser.filter(planet_id=planet_id).values_list("user_id", flat=True)


async def next_message_seq(planet_id: int, conn: BaseDBAsyncClient) -> int:
    """Reserve the next timeline position of a planet. The row lock taken by the UPDATE is
    held until the caller's transaction ends, which orders concurrent sends."""
    rows = await conn.execute_query_dict(
        "UPDATE planets SET last_message_seq = last_message_seq + 1, last_message_at = now() "
        "WHERE id = $1 RETURNING last_message_seq",
        [planet_id],
    )
    return rows[0]["last_message_seq"]


async def default_planet_id(travel_id: int) -> int | None:
    ids = await Planet.filter(
        travel_id=travel_id, is_default=True, deleted_at__isnull=True
    ).values_list("id", flat=True)
    return ids[0] if ids else None


async def member_counts(planet_ids: list[int]) -> dict[int, int]:
    rows = (
        await PlanetUser.filter(planet_id__in=planet_ids)
        .group_by("planet_id")
        .annotate(n=Count("id"))
        .values_list("planet_id", "n")
    )
    return dict(rows)


async def current_seq(planet_id: int, conn: BaseDBAsyncClient | None = None) -> int:
    query = Planet.filter(id=planet_id)
    if conn is not None:
        query = query.using_db(conn)
    values = await query.values_list("last_message_seq", flat=True)
    return values[0] if values else 0


async def planet_ids_of_travel(travel_id: int) -> list[int]:
    return await Planet.filter(travel_id=travel_id).values_list("id", flat=True)


async def planet_ids_in_travel_of(user_id: int, travel_id: int) -> list[int]:
    return await PlanetUser.filter(
        user_id=user_id, planet__travel_id=travel_id, planet__deleted_at__isnull=True
    ).values_list("planet_id", flat=True)


async def notification_muted_user_ids(planet_id: int) -> set[int]:
    return set(
        await PlanetUser.filter(planet_id=planet_id, notifications_muted=True).values_list(
            "user_id", flat=True
        )
    )


async def planet_summary(planet_id: int) -> dict:
    planet = await Planet.get(id=planet_id)
    return {
        "id": planet.id,
        "name": planet.name,
        "type": planet.type.value,
        "travelId": planet.travel_id,
    }


async def export_data(user_id: int) -> list[dict]:
    rows = await PlanetUser.filter(user_id=user_id).order_by("id").prefetch_related("planet")
    return [
        {
            "planetId": row.planet_id,
            "travelId": row.planet.travel_id,
            "name": row.planet.name,
            "type": row.planet.type.value,
            "role": row.role.value,
            "notificationsMuted": row.notifications_muted,
            "mutedUntil": row.muted_until,
            "joinedAt": row.joined_at,
        }
        for row in rows
    ]


async def travel_ids_of_planets(planet_ids: list[int]) -> dict[int, int]:
    """planet id -> its travel's id (deleted planets included: they keep their travel)."""
    if not planet_ids:
        return {}
    return dict(await Planet.filter(id__in=planet_ids).values_list("id", "travel_id"))
