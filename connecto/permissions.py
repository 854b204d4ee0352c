"""The permission matrix (spec 7.2) in one place.

Every action a user can take on a travel, its planets or their messages is listed in
``MATRIX`` with the roles allowed to do it. Services build a ``Roles`` for the caller (their
platform role, travel role and planet role) and call ``require(action, roles)``. Rules that
depend on the *target* (a moderator may act on participants but not on the host or other
moderators; authors act on their own messages) are in ``outranks`` and the services.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from connecto.errors import ConnectoError
from connecto.planets.enums import PlanetRole
from connecto.travels.enums import TravelRole


class Role(StrEnum):
    ADMIN = "platform admin"
    HOST = "travel host"
    TRAVEL_MODERATOR = "travel moderator"
    PLANET_MODERATOR = "planet moderator"
    MEMBER = "member"  # an active member of the travel (and of the planet, for planet actions)


class Action(StrEnum):
    # travel
    TRAVEL_VIEW = "travel.view"
    TRAVEL_UPDATE = "travel.update"
    TRAVEL_DELETE = "travel.delete"
    TRAVEL_INVITE = "travel.invite"  # see and regenerate the invite code
    TRAVEL_TRANSFER_HOST = "travel.transfer_host"
    TRAVEL_LEAVE = "travel.leave"
    TRAVEL_ANALYTICS = "travel.analytics"  # the travel's daily analytics
    MEMBER_LIST = "member.list"
    MEMBER_REMOVE = "member.remove"
    MEMBER_BAN = "member.ban"
    MEMBER_APPROVE = "member.approve"  # decide join requests
    MODERATOR_ASSIGN = "moderator.assign"
    # planets
    PLANET_CREATE = "planet.create"
    PLANET_DELETE = "planet.delete"
    PLANET_UPDATE = "planet.update"  # planet settings, time restriction, status
    PLANET_VIEW = "planet.view"
    PLANET_LEAVE = "planet.leave"
    PLANET_MODERATOR_ASSIGN = "planet.moderator_assign"
    PLANET_MUTE = "planet.mute"
    DIRECT_START = "direct.start"
    # messages
    MESSAGE_SEND = "message.send"
    MESSAGE_ANNOUNCE = "message.announce"  # post in an ANNOUNCEMENT planet
    MESSAGE_REACT = "message.react"
    MESSAGE_REPLY = "message.reply"
    MESSAGE_EDIT_OWN = "message.edit_own"
    MESSAGE_DELETE_OWN = "message.delete_own"
    MESSAGE_DELETE_ANY = "message.delete_any"  # moderation
    MESSAGE_RESTORE_ANY = "message.restore_any"  # beyond the author's 24 h window
    MESSAGE_PIN = "message.pin"
    REPORT_HANDLE = "report.handle"
    AUDIT_LOG_VIEW = "travel.audit_log"  # the travel's moderation history


A, H, TM, PM, M = (Role.ADMIN, Role.HOST, Role.TRAVEL_MODERATOR, Role.PLANET_MODERATOR, Role.MEMBER)

MATRIX: dict[Action, frozenset[Role]] = {
    Action.TRAVEL_VIEW: frozenset({A, H, TM, M}),
    Action.TRAVEL_UPDATE: frozenset({A, H}),
    Action.TRAVEL_DELETE: frozenset({A, H}),
    Action.TRAVEL_INVITE: frozenset({A, H, TM}),
    Action.TRAVEL_TRANSFER_HOST: frozenset({A, H}),
    Action.TRAVEL_LEAVE: frozenset({H, TM, M}),
    Action.TRAVEL_ANALYTICS: frozenset({A, H}),
    Action.MEMBER_LIST: frozenset({A, H, TM, M}),
    Action.MEMBER_REMOVE: frozenset({A, H, TM}),
    Action.MEMBER_BAN: frozenset({A, H, TM}),
    Action.MEMBER_APPROVE: frozenset({A, H, TM}),
    Action.MODERATOR_ASSIGN: frozenset({A, H}),
    Action.PLANET_CREATE: frozenset({A, H, TM}),
    Action.PLANET_DELETE: frozenset({A, H}),
    Action.PLANET_UPDATE: frozenset({A, H, TM, PM}),
    Action.PLANET_VIEW: frozenset({A, H, TM, PM, M}),
    Action.PLANET_LEAVE: frozenset({H, TM, PM, M}),
    Action.PLANET_MODERATOR_ASSIGN: frozenset({A, H, TM}),
    Action.PLANET_MUTE: frozenset({A, H, TM, PM}),
    Action.DIRECT_START: frozenset({H, TM, M}),
    Action.MESSAGE_SEND: frozenset({H, TM, PM, M}),
    Action.MESSAGE_ANNOUNCE: frozenset({H, TM}),
    Action.MESSAGE_REACT: frozenset({H, TM, PM, M}),
    Action.MESSAGE_REPLY: frozenset({H, TM, PM, M}),
    Action.MESSAGE_EDIT_OWN: frozenset({H, TM, PM, M}),
    Action.MESSAGE_DELETE_OWN: frozenset({A, H, TM, PM, M}),
    Action.MESSAGE_DELETE_ANY: frozenset({A, H, TM, PM}),
    Action.MESSAGE_RESTORE_ANY: frozenset({A}),
    Action.MESSAGE_PIN: frozenset({A, H, TM, PM}),
    Action.REPORT_HANDLE: frozenset({A, H, TM}),
    Action.AUDIT_LOG_VIEW: frozenset({A, H}),
}


@dataclass(frozen=True)
class Roles:
    """Everything the caller is, for one travel (and optionally one planet of it)."""

    is_admin: bool = False
    travel_role: TravelRole | None = None  # None: not an active member of the travel
    planet_role: PlanetRole | None = None  # None: not a member of the planet (or no planet)

    def held(self) -> set[Role]:
        roles: set[Role] = set()
        if self.is_admin:
            roles.add(Role.ADMIN)
        if self.travel_role is TravelRole.HOST:
            roles.add(Role.HOST)
        if self.travel_role is TravelRole.MODERATOR:
            roles.add(Role.TRAVEL_MODERATOR)
        if self.travel_role is not None:
            roles.add(Role.MEMBER)
        if self.planet_role is PlanetRole.MODERATOR and self.travel_role is not None:
            roles.add(Role.PLANET_MODERATOR)
        return roles


def allowed(action: Action, roles: Roles) -> bool:
    return bool(MATRIX[action] & roles.held())


def require(action: Action, roles: Roles) -> None:
    if not allowed(action, roles):
        raise ConnectoError("FORBIDDEN", details={"action": action.value})


# Rank within a travel, for actions on another member.
RANK = {TravelRole.PARTICIPANT: 1, TravelRole.MODERATOR: 2, TravelRole.HOST: 3}


def outranks(roles: Roles, target_role: TravelRole) -> bool:
    """May the caller remove/ban/mute a member with ``target_role``? Admins always; otherwise
    only someone of strictly higher rank (a moderator acts on participants, the host on
    everyone else)."""
    if roles.is_admin:
        return True
    return roles.travel_role is not None and RANK[roles.travel_role] > RANK[target_role]
