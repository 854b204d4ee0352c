"""Social sign-in, token rotation, logout and per-request authentication."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from connecto import db, events
from connecto.auth import queries, session_cache
from connecto.auth.context import Actor
from connecto.auth.enums import AuthProvider
from connecto.auth.models import AuthSession, RefreshToken, SocialIdentity
from connecto.auth.schemas import SignInResponse, SocialSignIn, TokenPair
from connecto.container import container
from connecto.errors import ConnectoError
from connecto.notifications import service as notifications
from connecto.timeutil import utcnow
from connecto.users import service as users
from connecto.users.enums import UserRole
from connecto.users.models import User


@dataclass(frozen=True)
class ClientInfo:
    ip_address: str | None = None
    user_agent: str | None = None


def _check_not_banned(user: User) -> None:
    if users.is_ban_active(user):
        raise ConnectoError(
            "USER_BANNED",
            details={"until": user.banned_until.isoformat() if user.banned_until else None},
        )


async def _issue_tokens(user_id: int, session: AuthSession, conn: BaseDBAsyncClient) -> TokenPair:
    codec = container().tokens
    jti = uuid.uuid4()
    refresh, refresh_expires = codec.refresh_token(user_id, session.id, jti)
    await RefreshToken.create(id=jti, session=session, expires_at=refresh_expires, using_db=conn)
    access, access_expires = codec.access_token(user_id, session.id)
    return TokenPair(
        access_token=access,
        refresh_token=refresh,
        expires_in=int(codec.access_ttl.total_seconds()),
        access_token_expires_at=access_expires,
        refresh_token_expires_at=refresh_expires,
    )


async def sign_in_social(body: SocialSignIn, client: ClientInfo) -> SignInResponse:
    identity = await container().identity.verify(body.provider, body.id_token)
    admin_emails = set(container().settings.admin_emails)
    deletion_cancelled = False
    for attempt in range(2):
        try:
            async with in_transaction() as conn:
                link = (
                    await SocialIdentity.filter(
                        provider=identity.provider, subject=identity.subject
                    )
                    .using_db(conn)
                    .select_for_update()
                    .first()
                )
                is_new_user = link is None
                if link is None:
                    role = UserRole.ADMIN if identity.email in admin_emails else UserRole.USER
                    user = await users.create_user_with_profile(identity.email, role, conn)
                    await SocialIdentity.create(
                        user=user,
                        provider=identity.provider,
                        subject=identity.subject,
                        email=identity.email,
                        last_used_at=utcnow(),
                        using_db=conn,
                    )
                else:
                    user = await User.select_for_update().using_db(conn).get(id=link.user_id)
                    _check_not_banned(user)
                    user.last_login_at = utcnow()
                    if identity.email and not user.email:
                        user.email = identity.email
                    # Signing in during the grace period keeps the account.
                    deletion_cancelled = users.cancel_deletion(user)
                    await user.save(
                        using_db=conn,
                        update_fields=[
                            "last_login_at",
                            "email",
                            "deletion_requested_at",
                            "deletion_due_at",
                            "updated_at",
                        ],
                    )
                    link.last_used_at = utcnow()
                    link.email = identity.email or link.email
                    await link.save(using_db=conn, update_fields=["last_used_at", "email"])

                device = body.device_info
                session = await AuthSession.create(
                    id=uuid.uuid4(),
                    user=user,
                    device_id=device.device_id if device else None,
                    device_info=device.model_dump(mode="json", exclude_none=True) if device else {},
                    ip_address=client.ip_address,
                    user_agent=(client.user_agent or "")[:512] or None,
                    using_db=conn,
                )
                tokens = await _issue_tokens(user.id, session, conn)
                if body.push_token:
                    await notifications.register_push_token(
                        user.id,
                        body.push_token,
                        session.id,
                        conn,
                        platform=device.platform if device else None,
                        device_id=device.device_id if device else None,
                        device_model=device.model if device else None,
                        os_version=device.os_version if device else None,
                        app_version=device.app_version if device else None,
                    )
            break
        except IntegrityError:
            # Two first sign-ins of the same person raced; the loser retries and finds the user.
            if attempt == 1:
                raise
    await events.emit(
        "auth.signed_in",
        {
            "userId": user.id,
            "sessionId": str(session.id),
            "provider": identity.provider.value,
            "isNewUser": is_new_user,
        },
    )
    if deletion_cancelled:
        await events.emit("user.deletion_cancelled", {"userId": user.id})
    me = await users.me(user.id)
    return SignInResponse(
        **tokens.model_dump(),
        user=me,
        profile=me.profile,
        is_new_user=is_new_user,
        deletion_cancelled=deletion_cancelled,
    )


async def refresh(refresh_token: str) -> TokenPair:
    claims = container().tokens.decode(refresh_token, "refresh")
    async with in_transaction() as conn:
        token = (
            await RefreshToken.filter(id=claims.jti, session_id=claims.session_id)
            .using_db(conn)
            .select_for_update()
            .first()
        )
        if token is None:
            raise ConnectoError("REFRESH_TOKEN_INVALID")
        session = await AuthSession.select_for_update().using_db(conn).get(id=token.session_id)
        user = await User.get(id=session.user_id).using_db(conn)
        _check_not_banned(user)
        if session.revoked_at is not None:
            raise ConnectoError("REFRESH_TOKEN_REVOKED")
        if token.expires_at <= utcnow():
            raise ConnectoError("REFRESH_TOKEN_EXPIRED")
        if token.rotated_at is None:
            token.rotated_at = utcnow()
            await token.save(using_db=conn, update_fields=["rotated_at"])
            session.last_used_at = utcnow()
            await session.save(using_db=conn, update_fields=["last_used_at"])
            pair = await _issue_tokens(session.user_id, session, conn)
        else:
            pair = await _pair_within_grace(token, session, conn)
            if pair is None:
                # A rotated token came back: someone holds a copy. Revoke the whole family
                # (committed before refusing).
                revoked = await _revoke(conn, session_ids=[session.id], reason="refresh_reuse")
    if pair is None:
        await _announce_revoked(session.user_id, revoked, "refresh_reuse")
        raise ConnectoError("REFRESH_TOKEN_REUSED")
    await events.emit(
        "auth.token_refreshed", {"userId": session.user_id, "sessionId": str(session.id)}
    )
    return pair


async def _pair_within_grace(
    token: RefreshToken, session: AuthSession, conn: BaseDBAsyncClient
) -> TokenPair | None:
    """A token rotated moments ago and presented again is most likely the same app: two
    requests that hit 401 together and both refreshed, or a refresh whose answer the network
    lost. Within the grace window (``refresh_reuse_grace_seconds``) it gets the session's
    current refresh token (the very string its twin received; the session row is locked, so
    the chain cannot move meanwhile) and a new access token, and the session lives on. Later
    it is treated as a stolen copy."""
    grace = container().settings.refresh_reuse_grace_seconds
    if not grace or token.rotated_at < utcnow() - timedelta(seconds=grace):
        return None
    current = (
        await RefreshToken.filter(session_id=session.id, rotated_at__isnull=True)
        .using_db(conn)
        .order_by("-created_at")
        .first()
    )
    if current is None or current.expires_at <= utcnow():
        return None
    codec = container().tokens
    refresh, refresh_expires = codec.refresh_token(
        session.user_id, session.id, current.id, current.expires_at
    )
    access, access_expires = codec.access_token(session.user_id, session.id)
    return TokenPair(
        access_token=access,
        refresh_token=refresh,
        expires_in=int(codec.access_ttl.total_seconds()),
        access_token_expires_at=access_expires,
        refresh_token_expires_at=refresh_expires,
    )


async def _revoke(
    conn: BaseDBAsyncClient,
    *,
    session_ids: list[uuid.UUID] | None = None,
    user_id: int | None = None,
    reason: str,
) -> list[uuid.UUID]:
    query = AuthSession.filter(revoked_at__isnull=True).using_db(conn)
    if session_ids is not None:
        query = query.filter(id__in=session_ids)
    if user_id is not None:
        query = query.filter(user_id=user_id)
    ids = await query.values_list("id", flat=True)
    if not ids:
        return []
    await (
        AuthSession.filter(id__in=ids)
        .using_db(conn)
        .update(revoked_at=utcnow(), revoked_reason=reason)
    )
    # A signed-out device must not keep receiving pushes.
    await notifications.forget_push_tokens_of_sessions(list(ids), conn)
    return list(ids)


async def revoke_all_sessions(user_id: int, *, reason: str, connection: BaseDBAsyncClient) -> int:
    return len(await _revoke(connection, user_id=user_id, reason=reason))


async def sign_out_everywhere(user_id: int, reason: str) -> int:
    """Revoke every session of the user now and close their sockets."""
    async with in_transaction() as conn:
        revoked = await _revoke(conn, user_id=user_id, reason=reason)
    await _announce_revoked(user_id, revoked, reason)
    return len(revoked)


# A sign-in confirmation (before deleting the account) must be this recent.
CONFIRMATION_MAX_AGE_SECONDS = 600


async def confirm_sign_in(actor: Actor, provider: AuthProvider, id_token: str) -> None:
    """Proof that the account owner is at the keyboard: an ID token from one of the account's
    own sign-in providers, issued in the last 10 minutes (the app gets one by running the
    provider's sign-in again). A stolen access token alone cannot delete an account."""
    identity = await container().identity.verify(provider, id_token)
    age = utcnow().timestamp() - identity.issued_at
    if age > CONFIRMATION_MAX_AGE_SECONDS:
        raise ConnectoError(
            "SIGN_IN_CONFIRMATION_INVALID",
            "Sign in again: the confirmation must be less than 10 minutes old",
            details={"reason": "stale", "maxAgeSeconds": CONFIRMATION_MAX_AGE_SECONDS},
        )
    owner = await SocialIdentity.filter(
        provider=identity.provider, subject=identity.subject
    ).values_list("user_id", flat=True)
    if not owner or owner[0] != actor.user_id:
        raise ConnectoError(
            "SIGN_IN_CONFIRMATION_INVALID",
            "The confirmation is for another account",
            details={"reason": "other_account"},
        )


async def forget_user(user_id: int, conn: BaseDBAsyncClient) -> None:
    """Account removal: sign-in identities and sessions (and their refresh tokens) go."""
    await SocialIdentity.filter(user_id=user_id).using_db(conn).delete()
    await AuthSession.filter(user_id=user_id).using_db(conn).delete()


async def export_data(user_id: int) -> dict:
    identities = await SocialIdentity.filter(user_id=user_id).order_by("id")
    sessions = await AuthSession.filter(user_id=user_id).order_by("created_at")
    return {
        "identities": [
            {
                "provider": i.provider.value,
                "subject": i.subject,
                "email": i.email,
                "createdAt": i.created_at,
                "lastUsedAt": i.last_used_at,
            }
            for i in identities
        ],
        "sessions": [
            {
                "deviceId": s.device_id,
                "deviceInfo": s.device_info,
                "ipAddress": s.ip_address,
                "userAgent": s.user_agent,
                "createdAt": s.created_at,
                "lastUsedAt": s.last_used_at,
                "revokedAt": s.revoked_at,
            }
            for s in sessions
        ],
    }


async def logout(actor: Actor, all_devices: bool) -> int:
    reason = "logout_all" if all_devices else "logout"
    async with in_transaction() as conn:
        if all_devices:
            revoked = await _revoke(conn, user_id=actor.user_id, reason=reason)
        else:
            revoked = await _revoke(conn, session_ids=[actor.session_id], reason=reason)
    await _announce_revoked(actor.user_id, revoked, reason)
    return len(revoked)


async def _announce_revoked(user_id: int, session_ids: list[uuid.UUID], reason: str) -> None:
    # Open sockets of these sessions are closed by the real-time layer.
    if session_ids:
        await events.emit(
            "auth.sessions_revoked",
            {"userId": user_id, "sessionIds": [str(s) for s in session_ids], "reason": reason},
        )


def access_claims(access_token: str) -> tuple[int, uuid.UUID, datetime]:
    """User, session and expiry of a valid access token (not yet checked against the session
    state); the signature is checked once per token and process."""
    known = session_cache.token(access_token)
    if known is None:
        claims = container().tokens.decode(access_token, "access")
        known = (claims.user_id, claims.session_id, claims.expires_at)
        session_cache.remember_token(access_token, *known)
    elif known[2] <= utcnow():
        raise ConnectoError("TOKEN_EXPIRED")
    return known


async def _session_state(user_id: int, session_id: uuid.UUID) -> session_cache.SessionState:
    state = session_cache.session(session_id)
    if state is not None and state.user_id == user_id:
        return state
    epoch = session_cache.epoch()
    row = await db.fetchrow(queries.SESSION_STATE, session_id, user_id)
    if row is None:
        raise ConnectoError("TOKEN_REVOKED")
    return session_cache.remember_session(
        session_id,
        epoch,
        user_id=user_id,
        role=UserRole(row["role"]),
        is_banned=row["is_banned"],
        banned_until=row["banned_until"],
        revoked=row["revoked_at"] is not None,
    )


async def authenticate(access_token: str) -> Actor:
    """Resolve an access token to an Actor. Besides the JWT checks, the session must still be
    live and the user not banned, so logout and bans take effect on the next request (the
    state is cached per process and dropped on those events: ``session_cache``)."""
    user_id, session_id, _ = access_claims(access_token)
    state = await _session_state(user_id, session_id)
    # Ban first: a banned user's sessions are also revoked, and "banned" is the useful answer.
    if state.is_banned and (state.banned_until is None or state.banned_until > utcnow()):
        raise ConnectoError("USER_BANNED")
    if state.revoked:
        raise ConnectoError("TOKEN_REVOKED")
    return Actor(user_id=user_id, role=state.role, session_id=session_id)


# Sessions revoked longer ago than this, and their tokens, are deleted by the daily cleanup.
REVOKED_SESSION_RETENTION_DAYS = 30
# FCM treats a token unused for 270 days as stale; so do we.
STALE_PUSH_TOKEN_DAYS = 270


async def cleanup_expired() -> dict:
    now = utcnow()
    async with in_transaction() as conn:
        tokens = await RefreshToken.filter(expires_at__lt=now).using_db(conn).delete()
        dead_sessions = AuthSession.filter(
            revoked_at__lt=now - timedelta(days=REVOKED_SESSION_RETENTION_DAYS)
        ).using_db(conn)
        sessions = await dead_sessions.delete()
        push_tokens = await notifications.delete_stale_push_tokens(
            now - timedelta(days=STALE_PUSH_TOKEN_DAYS), conn
        )
    return {"refreshTokens": tokens, "sessions": sessions, "pushTokens": push_tokens}


async def session_devices(session_ids: list[str]) -> dict[str, dict]:
    """session id -> what the sign-in said about the device (``deviceInfo``) and the
    User-Agent it came with, for analytics."""
    if not session_ids:
        return {}
    rows = await AuthSession.filter(id__in=session_ids).values("id", "device_info", "user_agent")
    return {
        str(row["id"]): {"device": row["device_info"] or {}, "userAgent": row["user_agent"]}
        for row in rows
    }
