from __future__ import annotations

from sanic import Blueprint, Request

from connecto.auth.guards import actor_of, authenticated
from connecto.http import doc, no_content, parse_body, parse_query, respond
from connecto.pagination import PageQuery
from connecto.planets import service
from connecto.planets.schemas import (
    ChangePlanetRole,
    ChatStatusOut,
    CreatePlanet,
    MutePlanetMember,
    PlanetListQuery,
    PlanetMemberOut,
    PlanetMemberPage,
    PlanetNotificationSettings,
    PlanetOut,
    PlanetPage,
    StartDirect,
    UpdatePlanet,
)

travel_planets_bp = Blueprint("travel_planets", url_prefix="/api/v1/travels/<travel_id:int>")
bp = Blueprint("planets", url_prefix="/api/v1/planets")


@travel_planets_bp.post("/planets")
@doc(
    "Create a GROUP or ANNOUNCEMENT planet (host, moderators)",
    tag="planets",
    body=CreatePlanet,
    response=PlanetOut,
    status=201,
    errors=("TRAVEL_NOT_FOUND", "FORBIDDEN", "NOT_TRAVEL_MEMBER"),
)
@authenticated
async def create_planet(request: Request, travel_id: int):
    body = parse_body(request, CreatePlanet)
    return respond(await service.create_planet(actor_of(request), travel_id, body), status=201)


@travel_planets_bp.get("/planets")
@doc(
    "Planets of a travel visible to me",
    tag="planets",
    query=PlanetListQuery,
    response=PlanetPage,
    errors=("TRAVEL_NOT_FOUND", "NOT_TRAVEL_MEMBER"),
)
@authenticated
async def list_planets(request: Request, travel_id: int):
    query = parse_query(request, PlanetListQuery)
    return respond(await service.list_planets(actor_of(request), travel_id, query))


@travel_planets_bp.post("/direct-planets")
@doc(
    "Open (or find: 200) my direct conversation with another member",
    tag="planets",
    body=StartDirect,
    responses={201: PlanetOut, 200: PlanetOut},
    errors=(
        "TRAVEL_NOT_FOUND",
        "NOT_TRAVEL_MEMBER",
        "MEMBER_NOT_FOUND",
        "FORBIDDEN",
        "DIRECT_MESSAGES_DISABLED",
        "PLANET_RULES",
    ),
)
@authenticated
async def start_direct(request: Request, travel_id: int):
    body = parse_body(request, StartDirect)
    planet, created = await service.start_direct(actor_of(request), travel_id, body.user_id)
    return respond(planet, status=201 if created else 200)


@bp.get("/<planet_id:int>")
@doc("A planet", tag="planets", response=PlanetOut, errors=("PLANET_NOT_FOUND",))
@authenticated
async def get_planet(request: Request, planet_id: int):
    return respond(await service.get_planet(actor_of(request), planet_id))


@bp.patch("/<planet_id:int>")
@doc(
    "Planet settings: name, description, status, time restriction",
    tag="planets",
    body=UpdatePlanet,
    response=PlanetOut,
    errors=("PLANET_NOT_FOUND", "FORBIDDEN", "PLANET_RULES"),
)
@authenticated
async def update_planet(request: Request, planet_id: int):
    body = parse_body(request, UpdatePlanet)
    return respond(await service.update_planet(actor_of(request), planet_id, body))


@bp.delete("/<planet_id:int>")
@doc(
    "Delete a planet (host)",
    tag="planets",
    errors=("PLANET_NOT_FOUND", "FORBIDDEN", "PLANET_RULES"),
)
@authenticated
async def delete_planet(request: Request, planet_id: int):
    await service.delete_planet(actor_of(request), planet_id)
    return no_content()


@bp.post("/<planet_id:int>/join")
@doc(
    "Join a GROUP planet of my travel",
    tag="planets",
    response=PlanetOut,
    errors=("PLANET_NOT_FOUND", "NOT_TRAVEL_MEMBER", "PLANET_RULES", "PLANET_INACTIVE"),
)
@authenticated
async def join_planet(request: Request, planet_id: int):
    return respond(await service.join_planet(actor_of(request), planet_id))


@bp.post("/<planet_id:int>/leave")
@doc(
    "Leave a GROUP planet",
    tag="planets",
    errors=("PLANET_NOT_FOUND", "NOT_PLANET_MEMBER", "PLANET_RULES"),
)
@authenticated
async def leave_planet(request: Request, planet_id: int):
    await service.leave_planet(actor_of(request), planet_id)
    return no_content()


@bp.get("/<planet_id:int>/members")
@doc(
    "Planet members",
    tag="planets",
    query=PageQuery,
    response=PlanetMemberPage,
    errors=("PLANET_NOT_FOUND", "NOT_PLANET_MEMBER"),
)
@authenticated
async def list_members(request: Request, planet_id: int):
    query = parse_query(request, PageQuery)
    return respond(
        await service.list_members(actor_of(request), planet_id, query.cursor, query.limit)
    )


@bp.patch("/<planet_id:int>/members/<user_id:int>")
@doc(
    "Make a member planet MODERATOR or MEMBER (host, travel moderators)",
    tag="planets",
    body=ChangePlanetRole,
    response=PlanetMemberOut,
    errors=("PLANET_NOT_FOUND", "FORBIDDEN", "MEMBER_NOT_FOUND", "PLANET_RULES"),
)
@authenticated
async def set_planet_role(request: Request, planet_id: int, user_id: int):
    body = parse_body(request, ChangePlanetRole)
    return respond(await service.set_planet_role(actor_of(request), planet_id, user_id, body.role))


@bp.post("/<planet_id:int>/members/<user_id:int>/mute")
@doc(
    "Mute a member in this planet for 1h, 24h or 7d",
    tag="planets",
    body=MutePlanetMember,
    response=PlanetMemberOut,
    errors=("PLANET_NOT_FOUND", "FORBIDDEN", "MEMBER_NOT_FOUND", "CONFLICT", "PLANET_RULES"),
)
@authenticated
async def mute_member(request: Request, planet_id: int, user_id: int):
    body = parse_body(request, MutePlanetMember)
    return respond(await service.mute_member(actor_of(request), planet_id, user_id, body))


@bp.post("/<planet_id:int>/members/<user_id:int>/unmute")
@doc(
    "Lift a planet mute",
    tag="planets",
    response=PlanetMemberOut,
    errors=("PLANET_NOT_FOUND", "FORBIDDEN", "MEMBER_NOT_FOUND"),
)
@authenticated
async def unmute_member(request: Request, planet_id: int, user_id: int):
    return respond(await service.unmute_member(actor_of(request), planet_id, user_id))


@bp.put("/<planet_id:int>/notification-settings")
@doc(
    "Silence this planet's notifications for me",
    tag="planets",
    body=PlanetNotificationSettings,
    response=PlanetOut,
    errors=("PLANET_NOT_FOUND", "NOT_PLANET_MEMBER"),
)
@authenticated
async def notification_settings(request: Request, planet_id: int):
    body = parse_body(request, PlanetNotificationSettings)
    return respond(
        await service.set_notifications_muted(
            actor_of(request), planet_id, body.notifications_muted
        )
    )


@bp.get("/<planet_id:int>/chat-status")
@doc(
    "Can I post here now? If not, why and when it opens",
    tag="planets",
    response=ChatStatusOut,
    errors=("PLANET_NOT_FOUND", "NOT_PLANET_MEMBER"),
)
@authenticated
async def chat_status(request: Request, planet_id: int):
    return respond(await service.chat_status(actor_of(request), planet_id))
