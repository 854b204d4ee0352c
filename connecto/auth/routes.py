from __future__ import annotations

from sanic import Blueprint, Request

from connecto.auth import service
from connecto.auth.guards import actor_of, authenticated
from connecto.auth.schemas import (
    LogoutRequest,
    LogoutResponse,
    RefreshRequest,
    SignInResponse,
    SocialSignIn,
    TokenPair,
)
from connecto.http import doc, parse_body, respond
from connecto.requestlimits import refresh_token_session, strict

bp = Blueprint("auth", url_prefix="/api/v1/auth")


def client_info(request: Request) -> service.ClientInfo:
    return service.ClientInfo(
        ip_address=request.remote_addr or request.ip, user_agent=request.headers.get("user-agent")
    )


@bp.post("/sign/social")
@doc(
    "Sign in with a Google or Apple ID token",
    tag="auth",
    body=SocialSignIn,
    responses={201: SignInResponse, 200: SignInResponse},
    description="201 for a new account, 200 for a returning user.",
    errors=(
        "UNSUPPORTED_PROVIDER",
        "ID_TOKEN_INVALID",
        "ID_TOKEN_EXPIRED",
        "ID_TOKEN_EMAIL_UNVERIFIED",
        "USER_BANNED",
        "IDP_UNAVAILABLE",
    ),
)
@strict()  # per client IP
async def sign_in_social(request: Request):
    body = parse_body(request, SocialSignIn)
    result = await service.sign_in_social(body, client_info(request))
    return respond(result, status=201 if result.is_new_user else 200)


@bp.post("/refresh")
@doc(
    "Rotate a refresh token",
    tag="auth",
    body=RefreshRequest,
    response=TokenPair,
    description="Each refresh token is good once. Presented again within a few seconds of its "
    "rotation (CONNECTO_REFRESH_REUSE_GRACE_SECONDS, 10 by default) it gets the session's "
    "current refresh token and a new access token; later, REFRESH_TOKEN_REUSED revokes the "
    "session.",
    errors=(
        "REFRESH_TOKEN_INVALID",
        "REFRESH_TOKEN_EXPIRED",
        "REFRESH_TOKEN_REVOKED",
        "REFRESH_TOKEN_REUSED",
        "USER_BANNED",
    ),
)
@strict(refresh_token_session)
async def refresh(request: Request):
    body = parse_body(request, RefreshRequest)
    return respond(await service.refresh(body.refresh_token))


@bp.post("/logout")
@doc(
    "Sign out this device or every device", tag="auth", body=LogoutRequest, response=LogoutResponse
)
@authenticated
async def logout(request: Request):
    body = parse_body(request, LogoutRequest)
    revoked = await service.logout(actor_of(request), body.all_devices)
    return respond(LogoutResponse(revoked_sessions=revoked))
