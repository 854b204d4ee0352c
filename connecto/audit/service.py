"""Recording moderation and administration actions, and reading them back.

``record`` is called by the service that performs the action, with that action's
transaction, so the action and its entry are committed together or not at all. Reading: the
whole log for admins, a travel's entries for its host (spec 7.2 "audit log access").
"""

from __future__ import annotations

from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from connecto.audit.enums import AuditAction, AuditTarget
from connecto.audit.models import AuditEntry
from connecto.audit.schemas import AuditEntryOut, AuditPage, AuditQuery, TravelAuditQuery
from connecto.auth.context import Actor
from connecto.errors import ConnectoError
from connecto.pagination import id_page
from connecto.permissions import Action, Roles
from connecto.planets.enums import PlanetRole

SYSTEM = "SYSTEM"


def role_of(actor: Actor, roles: Roles | None = None) -> str:
    """What the actor acted as: their travel role (or planet moderator) when they hold one in
    the travel acted on, else ADMIN (an admin acting where they are not a member)."""
    if roles is not None and roles.travel_role is not None:
        if roles.planet_role is PlanetRole.MODERATOR and roles.travel_role.value == "PARTICIPANT":
            return "PLANET_MODERATOR"
        return roles.travel_role.value
    return "ADMIN" if actor.is_admin else "MEMBER"


async def record(
    conn: BaseDBAsyncClient,
    actor: Actor | None,
    action: AuditAction,
    target_type: AuditTarget,
    target_id: int | None,
    *,
    roles: Roles | None = None,
    target_user_id: int | None = None,
    travel_id: int | None = None,
    planet_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Write one entry with the action's own transaction (``conn``). ``actor`` None is the
    system."""
    await AuditEntry.create(
        actor_id=actor.user_id if actor is not None else None,
        actor_role=role_of(actor, roles) if actor is not None else SYSTEM,
        action=action.value,
        target_type=target_type.value,
        target_id=target_id,
        target_user_id=target_user_id,
        travel_id=travel_id,
        planet_id=planet_id,
        details=details or {},
        using_db=conn,
    )


# An INSERT for the system's lifts of expired penalties, appended to their UPDATE ... RETURNING
# in one statement (a CTE), so each lift and its entry are one atomic write.
SYSTEM_ENTRY_COLUMNS = (
    "actor_id, actor_role, action, target_type, target_id, target_user_id, travel_id, "
    "planet_id, details, created_at"
)


def system_entries_sql(
    lifted_cte: str,
    action: AuditAction,
    target_type: AuditTarget,
    *,
    target_id: str,
    target_user_id: str,
    travel_id: str = "NULL",
    planet_id: str = "NULL",
    returning: str,
) -> str:
    """``WITH lifted AS (<lifted_cte>) INSERT INTO audit_log ... SELECT ... FROM lifted`` with
    the column expressions given over ``lifted``; returns the lifted rows (``returning``)."""
    return f"""
WITH lifted AS ({lifted_cte}),
entries AS (
    INSERT INTO audit_log ({SYSTEM_ENTRY_COLUMNS})
    SELECT NULL, '{SYSTEM}', '{action.value}', '{target_type.value}', {target_id},
           {target_user_id}, {travel_id}, {planet_id}, '{{"expired": true}}'::jsonb, now()
    FROM lifted
)
SELECT {returning} FROM lifted
"""


def _out(entry: AuditEntry) -> AuditEntryOut:
    return AuditEntryOut.model_validate(entry)


async def _page(rows, query: TravelAuditQuery) -> AuditPage:
    if query.actor_id is not None:
        rows = rows.filter(actor_id=query.actor_id)
    if query.action:
        rows = rows.filter(action__in=[a.value for a in query.action])
    if query.target_type is not None:
        rows = rows.filter(target_type=query.target_type.value)
    if query.target_id is not None:
        rows = rows.filter(target_id=query.target_id)
    if query.target_user_id is not None:
        rows = rows.filter(target_user_id=query.target_user_id)
    if query.from_ is not None:
        rows = rows.filter(created_at__gte=query.from_)
    if query.to is not None:
        rows = rows.filter(created_at__lt=query.to)
    page, next_cursor = await id_page(rows, query.cursor, query.limit, newest_first=True)
    return AuditPage(items=[_out(entry) for entry in page], next_cursor=next_cursor)


async def platform_log(actor: Actor, query: AuditQuery) -> AuditPage:
    if not actor.is_admin:
        raise ConnectoError("ADMIN_REQUIRED")
    rows = AuditEntry.all()
    if query.travel_id is not None:
        rows = rows.filter(travel_id=query.travel_id)
    return await _page(rows, query)


async def travel_log(actor: Actor, travel_id: int, query: TravelAuditQuery) -> AuditPage:
    """The travel's entries: its host's (and admins') view of what was done in it."""
    from connecto.travels import service as travels

    access = await travels.load_travel(actor, travel_id)
    travels.require_member(access, Action.AUDIT_LOG_VIEW)
    return await _page(AuditEntry.filter(travel_id=travel_id), query)
