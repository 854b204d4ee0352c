from __future__ import annotations

from sanic import Blueprint, Request

from connecto.auth.guards import actor_of, admin_only, authenticated
from connecto.http import doc, parse_body, parse_json_object, respond
from connecto.users import service
from connecto.users.schemas import (
    AdminUserOut,
    BanUser,
    ChangeRole,
    MeOut,
    PenaltiesOut,
    Preferences,
    ProfileOut,
    PublicProfileOut,
    UpdateMe,
    UpdateProfile,
)

bp = Blueprint("users", url_prefix="/api/v1/users")
admin_bp = Blueprint("admin_users", url_prefix="/api/v1/admin/users")


@bp.get("/me")
@doc("The signed-in user with profile", tag="users", response=MeOut)
@authenticated
async def get_me(request: Request):
    return respond(await service.get_me(actor_of(request)))


@bp.patch("/me")
@doc("Update account settings (timezone, locale)", tag="users", body=UpdateMe, response=MeOut)
@authenticated
async def patch_me(request: Request):
    return respond(await service.update_me(actor_of(request), parse_body(request, UpdateMe)))


@bp.get("/me/profile")
@doc("My profile", tag="users", response=ProfileOut)
@authenticated
async def get_profile(request: Request):
    return respond(await service.get_profile(actor_of(request)))


@bp.patch("/me/profile")
@doc(
    "Update my profile; completion is recomputed",
    tag="users",
    body=UpdateProfile,
    response=ProfileOut,
)
@authenticated
async def patch_profile(request: Request):
    body = parse_body(request, UpdateProfile)
    return respond(await service.update_profile(actor_of(request), body))


@bp.get("/me/preferences")
@doc("My notification and privacy preferences", tag="users", response=Preferences)
@authenticated
async def get_preferences(request: Request):
    return respond(await service.get_preferences(actor_of(request).user_id))


@bp.patch("/me/preferences")
@doc(
    "Partially update preferences (deep merge)", tag="users", body=Preferences, response=Preferences
)
@authenticated
async def patch_preferences(request: Request):
    patch = parse_json_object(request)  # any subset of Preferences, deep-merged
    return respond(await service.update_preferences(actor_of(request), patch))


@bp.get("/<user_id:int>")
@doc(
    "Another user's public profile",
    tag="users",
    response=PublicProfileOut,
    errors=("USER_NOT_FOUND",),
)
@authenticated
async def get_user(request: Request, user_id: int):
    return respond(await service.get_public_profile(actor_of(request), user_id))


@admin_bp.get("/<user_id:int>")
@doc("A user's account (admin)", tag="admin", response=AdminUserOut, errors=("USER_NOT_FOUND",))
@admin_only
async def admin_get_user(request: Request, user_id: int):
    return respond(await service.admin_get_user(actor_of(request), user_id))


@admin_bp.post("/<user_id:int>/ban")
@doc(
    "Ban a user from the platform (admin)",
    tag="admin",
    body=BanUser,
    response=AdminUserOut,
    errors=("USER_NOT_FOUND", "CONFLICT"),
)
@admin_only
async def ban_user(request: Request, user_id: int):
    body = parse_body(request, BanUser)
    return respond(await service.ban_user(actor_of(request), user_id, body))


@admin_bp.post("/<user_id:int>/unban")
@doc("Lift a platform ban (admin)", tag="admin", response=AdminUserOut, errors=("USER_NOT_FOUND",))
@admin_only
async def unban_user(request: Request, user_id: int):
    return respond(await service.unban_user(actor_of(request), user_id))


@admin_bp.get("/<user_id:int>/penalties")
@doc(
    "Rate-limit penalties running for a user (admin)",
    tag="admin",
    response=PenaltiesOut,
    errors=("USER_NOT_FOUND",),
)
@admin_only
async def penalties(request: Request, user_id: int):
    return respond(await service.penalties(actor_of(request), user_id))


@admin_bp.delete("/<user_id:int>/penalties")
@doc(
    "Lift a user's rate-limit penalties (admin)",
    tag="admin",
    response=PenaltiesOut,
    errors=("USER_NOT_FOUND",),
)
@admin_only
async def lift_penalties(request: Request, user_id: int):
    return respond(await service.lift_penalties(actor_of(request), user_id))


@admin_bp.patch("/<user_id:int>/role")
@doc(
    "Change a user's platform role (admin)",
    tag="admin",
    body=ChangeRole,
    response=AdminUserOut,
    errors=("USER_NOT_FOUND", "CONFLICT"),
)
@admin_only
async def change_role(request: Request, user_id: int):
    body = parse_body(request, ChangeRole)
    return respond(await service.change_role(actor_of(request), user_id, body.role))
