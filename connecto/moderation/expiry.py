"""Penalties end by themselves (spec 8.2 "automatic penalty removal after timeout"): the
``moderation.lift_expired`` job lifts time-limited platform bans, travel bans and planet mutes
whose time ran out. Each lift emits the same event as a manual one, so the member is told
(notification triggers) and live clients update (planet:member_unmuted)."""

from __future__ import annotations

from connecto.planets import service as planets
from connecto.travels import service as travels
from connecto.users import service as users


async def lift_expired() -> dict:
    return {
        "platformBans": await users.lift_expired_bans(),
        "travelBans": await travels.lift_expired_bans(),
        "planetMutes": await planets.lift_expired_mutes(),
    }
