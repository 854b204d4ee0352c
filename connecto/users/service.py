"""Users, profiles, preferences and platform-level bans. No HTTP here."""

from __future__ import annotations

import json
from datetime import timedelta
from functools import lru_cache
from typing import Any

from pydantic import ValidationError
from tortoise import Tortoise
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from connecto import db, events, ratelimit
from connecto.audit import service as audit
from connecto.audit.enums import AuditAction, AuditTarget
from connecto.auth.context import Actor
from connecto.errors import ConnectoError, validation_details
from connecto.timeutil import age_on, iso, utcnow
from connecto.users import queries
from connecto.users.enums import ProfileVisibility, UserRole
from connecto.users.models import Profile, User
from connecto.users.schemas import (
    AdminUserOut,
    BanUser,
    MeOut,
    PenaltiesOut,
    Preferences,
    ProfileOut,
    PublicProfileOut,
    UpdateMe,
    UpdateProfile,
    UserOut,
)

# Fields that make a profile "complete"; each is worth an equal share of 100 %.
COMPLETION_FIELDS = ("nickname", "name", "gender", "birth_date", "occupation", "bio", "avatar_url")


def profile_completion(profile: Profile) -> int:
    filled = sum(1 for name in COMPLETION_FIELDS if getattr(profile, name) not in (None, ""))
    return round(100 * filled / len(COMPLETION_FIELDS))


def deep_merge(base: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def load_preferences(stored: dict | str | None) -> Preferences:
    """Stored preferences (a dict from the ORM, or the JSON text a raw query returns),
    validated through JSON so enum values stored as text parse under strict models."""
    if isinstance(stored, str):
        return Preferences.model_validate_json(stored)
    return Preferences.model_validate_json(json.dumps(stored or {}))


def merge_preferences(stored: dict | None, patch: dict) -> Preferences:
    """Deep-merge a partial update (camelCase keys, as sent) into stored preferences."""
    current = load_preferences(stored).model_dump(mode="json", by_alias=True)
    merged = deep_merge(current, patch)
    try:
        return Preferences.model_validate_json(json.dumps(merged))
    except ValidationError as exc:
        details = validation_details(exc)
        for item in details["fields"]:
            item["field"] = f"preferences.{item['field']}"
        raise ConnectoError("VALIDATION_ERROR", details=details) from None


# --- reading -----------------------------------------------------------------------------


def is_ban_active(user: User) -> bool:
    return user.is_banned and (user.banned_until is None or user.banned_until > utcnow())


async def get_user(user_id: int) -> User:
    user = await User.get_or_none(id=user_id)
    if user is None:
        raise ConnectoError("USER_NOT_FOUND")
    return user


def profile_out(profile: Profile) -> ProfileOut:
    return ProfileOut(
        nickname=profile.nickname,
        name=profile.name,
        gender=profile.gender,
        birth_date=profile.birth_date,
        age=age_on(profile.birth_date, utcnow().date()),
        occupation=profile.occupation,
        bio=profile.bio,
        avatar_url=profile.avatar_url,
        phone_number=profile.phone_number,
        profile_completion=profile.profile_completion,
        preferences=load_preferences(profile.preferences),
    )


class _RowFields:
    """Attribute access to a database row, so one serializer serves models and raw rows."""

    __slots__ = ("_row",)

    def __init__(self, row) -> None:
        self._row = row

    def __getattr__(self, name: str):
        try:
            return self._row[name]
        except KeyError:
            raise AttributeError(name) from None


async def _me_row(user_id: int):
    """The user with their profile, in one query."""
    row = await db.fetchrow(queries.ME, user_id)
    if row is None:
        raise ConnectoError("USER_NOT_FOUND")
    return row


async def me(user_id: int) -> MeOut:
    fields = _RowFields(await _me_row(user_id))
    return MeOut(**UserOut.model_validate(fields).model_dump(), profile=profile_out(fields))


async def get_me(actor: Actor) -> dict[str, Any]:
    """``GET /users/me``, the most frequent call of all: the same document as ``me()``, built
    as plain data (``test_profiles`` checks both agree), without pydantic on the hot path."""
    return me_payload(await _me_row(actor.user_id))


def me_payload(row) -> dict[str, Any]:
    birth_date = row["birth_date"]
    return {
        "id": row["id"],
        "email": row["email"],
        "role": row["role"],
        "timezone": row["timezone"],
        "locale": row["locale"],
        "isBanned": row["is_banned"],
        "lastLoginAt": iso(row["last_login_at"]),
        "createdAt": iso(row["created_at"]),
        "profile": {
            "nickname": row["nickname"],
            "name": row["name"],
            "gender": row["gender"],
            "birthDate": birth_date.isoformat() if birth_date else None,
            "age": age_on(birth_date, utcnow().date()),
            "occupation": row["occupation"],
            "bio": row["bio"],
            "avatarUrl": row["avatar_url"],
            "phoneNumber": row["phone_number"],
            "profileCompletion": row["profile_completion"],
            "preferences": _preferences_payload(row["preferences"]),
        },
    }


@lru_cache(maxsize=1024)
def _preferences_payload(stored: str | None) -> dict[str, Any]:
    """Stored preferences (JSON text) as the API writes them, defaults filled in. Most users
    share a handful of settings, so the validated form is cached by its text (read-only)."""
    return load_preferences(stored).model_dump(mode="json", by_alias=True)


async def get_profile(actor: Actor) -> ProfileOut:
    return profile_out(await Profile.get(user_id=actor.user_id))


async def get_preferences(user_id: int) -> Preferences:
    profile = await Profile.get_or_none(user_id=user_id).only("id", "preferences")
    return load_preferences(profile.preferences if profile else None)


async def get_public_profile(viewer: Actor, user_id: int) -> PublicProfileOut:
    user = await User.get_or_none(id=user_id)
    if user is None or user.deleted_at is not None or (is_ban_active(user) and not viewer.is_admin):
        raise ConnectoError("USER_NOT_FOUND")
    profile = await Profile.get(user_id=user_id)
    visibility = load_preferences(profile.preferences).privacy.profile_visibility
    out = PublicProfileOut(id=user.id, nickname=profile.nickname, avatar_url=profile.avatar_url)
    if (
        viewer.user_id == user_id
        or viewer.is_admin
        or await _may_see_details(viewer.user_id, user_id, visibility)
    ):
        out.bio = profile.bio
        out.occupation = profile.occupation
        out.gender = profile.gender
        out.age = age_on(profile.birth_date, utcnow().date())
    return out


async def _may_see_details(viewer_id: int, owner_id: int, visibility: ProfileVisibility) -> bool:
    if visibility is ProfileVisibility.PUBLIC:
        return True
    if visibility is ProfileVisibility.FRIENDS:
        # "Friends" are people travelling together: members of a common travel.
        from connecto.travels import service as travels

        return await travels.share_a_travel(viewer_id, owner_id)
    return False


# --- writing -----------------------------------------------------------------------------


async def create_user_with_profile(
    email: str | None, role: UserRole, connection: BaseDBAsyncClient
) -> User:
    user = await User.create(email=email, role=role, last_login_at=utcnow(), using_db=connection)
    profile = Profile(user=user, preferences=Preferences().model_dump(mode="json", by_alias=True))
    profile.profile_completion = profile_completion(profile)
    await profile.save(using_db=connection)
    return user


async def update_me(actor: Actor, body: UpdateMe) -> MeOut:
    user = await get_user(actor.user_id)
    changes = body.model_dump(exclude_unset=True)
    if any(value is None for value in changes.values()):
        raise ConnectoError("VALIDATION_ERROR", "timezone and locale cannot be null")
    if changes:
        for key, value in changes.items():
            setattr(user, key, value)
        await user.save(update_fields=[*changes, "updated_at"])
    return await me(user.id)


async def update_profile(actor: Actor, body: UpdateProfile) -> ProfileOut:
    changes = body.model_dump(exclude_unset=True)
    preferences_patch = changes.pop("preferences", None)
    async with in_transaction() as conn:
        profile = await Profile.select_for_update().using_db(conn).get(user_id=actor.user_id)
        for key, value in changes.items():
            setattr(profile, key, value)  # explicit null clears a field
        if preferences_patch is not None:
            profile.preferences = merge_preferences(
                profile.preferences, preferences_patch
            ).model_dump(mode="json", by_alias=True)
        profile.profile_completion = profile_completion(profile)
        await profile.save(using_db=conn)
    return profile_out(profile)


async def update_preferences(actor: Actor, patch: dict) -> Preferences:
    async with in_transaction() as conn:
        profile = await Profile.select_for_update().using_db(conn).get(user_id=actor.user_id)
        merged = merge_preferences(profile.preferences, patch)
        profile.preferences = merged.model_dump(mode="json", by_alias=True)
        await profile.save(using_db=conn, update_fields=["preferences", "updated_at"])
    return merged


# --- account deletion (the flow is in connecto.accounts) --------------------------------------


def cancel_deletion(user: User) -> bool:
    """Signing in during the grace period keeps the account; True if it was being deleted."""
    if user.deletion_due_at is None or user.deleted_at is not None:
        return False
    user.deletion_requested_at = None
    user.deletion_due_at = None
    return True


async def schedule_deletion(user_id: int, grace: timedelta, conn: BaseDBAsyncClient) -> User:
    """Mark the account for removal after ``grace`` (asking again keeps the first date)."""
    user = await User.select_for_update().using_db(conn).get(id=user_id)
    if user.deletion_due_at is None:
        user.deletion_requested_at = utcnow()
        user.deletion_due_at = user.deletion_requested_at + grace
        await user.save(
            using_db=conn, update_fields=["deletion_requested_at", "deletion_due_at", "updated_at"]
        )
    return user


async def due_for_removal(limit: int) -> list[int]:
    return await (
        User.filter(deletion_due_at__lte=utcnow(), deleted_at__isnull=True)
        .order_by("deletion_due_at")
        .limit(limit)
        .values_list("id", flat=True)
    )


async def lock_for_removal(user_id: int, conn: BaseDBAsyncClient) -> User | None:
    """The account, locked, if its removal is still due (not cancelled meanwhile, not taken
    by another run: those rows are skipped, not waited for)."""
    return (
        await User.filter(id=user_id, deletion_due_at__lte=utcnow(), deleted_at__isnull=True)
        .select_for_update(skip_locked=True)
        .using_db(conn)
        .first()
    )


async def erase(user: User, conn: BaseDBAsyncClient) -> None:
    """Remove the personal data of the users domain: the profile (with preferences and phone
    number) goes; the account row stays as a tombstone so messages keep an author."""
    await Profile.filter(user_id=user.id).using_db(conn).delete()
    user.email = None
    user.role = UserRole.USER
    user.is_banned = False
    user.banned_until = None
    user.ban_reason = None
    user.timezone = "UTC"
    user.locale = "en"
    user.last_login_at = None
    user.deleted_at = utcnow()
    await user.save(using_db=conn)


async def export_data(user_id: int) -> dict:
    user = await get_user(user_id)
    profile = await Profile.get(user_id=user_id)
    return {
        "account": UserOut.model_validate(user).model_dump(mode="json", by_alias=True),
        "profile": profile_out(profile).model_dump(mode="json", by_alias=True),
    }


# --- platform administration (ADMIN only) --------------------------------------------------


def ensure_admin(actor: Actor) -> None:
    if not actor.is_admin:
        raise ConnectoError("ADMIN_REQUIRED")


async def admin_get_user(actor: Actor, user_id: int) -> AdminUserOut:
    ensure_admin(actor)
    return AdminUserOut.model_validate(await get_user(user_id))


async def ban_user(actor: Actor, user_id: int, body: BanUser) -> AdminUserOut:
    ensure_admin(actor)
    if user_id == actor.user_id:
        raise ConnectoError("CONFLICT", "You cannot ban yourself")
    from connecto.auth import service as auth_service

    async with in_transaction() as conn:
        user = await User.select_for_update().using_db(conn).get_or_none(id=user_id)
        if user is None:
            raise ConnectoError("USER_NOT_FOUND")
        user.is_banned = True
        user.ban_reason = body.reason
        user.banned_until = (
            utcnow() + timedelta(seconds=body.duration_seconds) if body.duration_seconds else None
        )
        await user.save(using_db=conn)
        await auth_service.revoke_all_sessions(user_id, reason="banned", connection=conn)
        await audit.record(
            conn,
            actor,
            AuditAction.USER_BAN,
            AuditTarget.USER,
            user_id,
            target_user_id=user_id,
            details={
                "reason": body.reason,
                "until": user.banned_until.isoformat() if user.banned_until else None,
            },
        )
    await events.emit(
        "user.banned", {"userId": user_id, "byUserId": actor.user_id, "reason": body.reason}
    )
    return AdminUserOut.model_validate(user)


async def unban_user(actor: Actor, user_id: int) -> AdminUserOut:
    ensure_admin(actor)
    async with in_transaction() as conn:
        user = await User.select_for_update().using_db(conn).get_or_none(id=user_id)
        if user is None:
            raise ConnectoError("USER_NOT_FOUND")
        was = {"reason": user.ban_reason, "until": user.banned_until, "banned": user.is_banned}
        user.is_banned = False
        user.banned_until = None
        user.ban_reason = None
        await user.save(
            using_db=conn, update_fields=["is_banned", "banned_until", "ban_reason", "updated_at"]
        )
        await audit.record(
            conn,
            actor,
            AuditAction.USER_UNBAN,
            AuditTarget.USER,
            user_id,
            target_user_id=user_id,
            details={
                "wasBanned": was["banned"],
                "banReason": was["reason"],
                "bannedUntil": was["until"].isoformat() if was["until"] else None,
            },
        )
    await events.emit("user.unbanned", {"userId": user_id, "byUserId": actor.user_id})
    return AdminUserOut.model_validate(user)


LIFT_EXPIRED_BANS = """
UPDATE users SET is_banned = false, banned_until = NULL, ban_reason = NULL, updated_at = now()
WHERE is_banned AND banned_until IS NOT NULL AND banned_until <= now()
RETURNING id
"""


# The lift and its audit entry in one statement.
LIFT_EXPIRED_BANS_AUDITED = audit.system_entries_sql(
    LIFT_EXPIRED_BANS,
    AuditAction.USER_UNBAN,
    AuditTarget.USER,
    target_id="id",
    target_user_id="id",
    returning="id",
)


async def lift_expired_bans() -> int:
    """Time-limited platform bans that ran out are lifted (each by exactly one caller: the
    UPDATE returns a row to whoever changed it)."""
    rows = await Tortoise.get_connection("default").execute_query_dict(LIFT_EXPIRED_BANS_AUDITED)
    for row in rows:
        await events.emit("user.unbanned", {"userId": row["id"], "byUserId": None, "expired": True})
    return len(rows)


async def penalties(actor: Actor, user_id: int) -> PenaltiesOut:
    ensure_admin(actor)
    await get_user(user_id)
    return PenaltiesOut(user_id=user_id, penalties=await ratelimit.penalties_of(user_id))


async def lift_penalties(actor: Actor, user_id: int) -> PenaltiesOut:
    """Admin override of rate-limit penalties (spec 8.2)."""
    ensure_admin(actor)
    await get_user(user_id)
    lifted = await ratelimit.lift_penalties(user_id)
    # The penalties live in Redis, outside any transaction: recorded once they are lifted.
    async with in_transaction() as conn:
        await audit.record(
            conn,
            actor,
            AuditAction.USER_PENALTIES_LIFT,
            AuditTarget.USER,
            user_id,
            target_user_id=user_id,
            details={"lifted": lifted},
        )
    return PenaltiesOut(user_id=user_id, penalties={}, lifted=lifted)


async def change_role(actor: Actor, user_id: int, role: UserRole) -> AdminUserOut:
    ensure_admin(actor)
    if user_id == actor.user_id and role is not UserRole.ADMIN:
        raise ConnectoError("CONFLICT", "You cannot remove your own admin role")
    async with in_transaction() as conn:
        user = await User.select_for_update().using_db(conn).get_or_none(id=user_id)
        if user is None:
            raise ConnectoError("USER_NOT_FOUND")
        before = user.role
        user.role = role
        await user.save(using_db=conn, update_fields=["role", "updated_at"])
        await audit.record(
            conn,
            actor,
            AuditAction.USER_ROLE_CHANGE,
            AuditTarget.USER,
            user_id,
            target_user_id=user_id,
            details={"from": before.value, "to": role.value},
        )
    await events.emit(
        "user.role_changed", {"userId": user_id, "byUserId": actor.user_id, "role": role.value}
    )
    return AdminUserOut.model_validate(user)


DELETED_USER = "Deleted user"


async def summaries(user_ids: set[int] | list[int]) -> dict[int, dict]:
    """id, nickname and avatar of each user, for embedding in other resources. A removed
    account has no profile any more and shows as "Deleted user"."""
    if not user_ids:
        return {}
    rows = await Profile.filter(user_id__in=list(user_ids)).values(
        "user_id", "nickname", "avatar_url"
    )
    found = {
        row["user_id"]: {
            "id": row["user_id"],
            "nickname": row["nickname"],
            "avatar_url": row["avatar_url"],
            "deleted": False,
        }
        for row in rows
    }
    missing = set(user_ids) - set(found)
    if missing:
        for user_id in await User.filter(
            id__in=list(missing), deleted_at__isnull=False
        ).values_list("id", flat=True):
            found[user_id] = {
                "id": user_id,
                "nickname": DELETED_USER,
                "avatar_url": None,
                "deleted": True,
            }
    return found


async def contact(user_id: int) -> dict:
    """Where a notification can reach a user, and in which timezone they live."""
    user = await User.get_or_none(id=user_id).only(
        "id", "email", "timezone", "is_banned", "banned_until", "deletion_due_at", "deleted_at"
    )
    profile = await Profile.get_or_none(user_id=user_id).only("id", "phone_number")
    if user is None:
        return {
            "email": None,
            "phone_number": None,
            "timezone": "UTC",
            "banned": False,
            "closing": True,
        }
    return {
        "email": user.email,
        "phone_number": profile.phone_number if profile else None,
        "timezone": user.timezone,
        "banned": is_ban_active(user),
        # Being deleted (or gone): told nothing more.
        "closing": user.deletion_due_at is not None or user.deleted_at is not None,
    }


async def timezones_in_use() -> list[str]:
    return await (
        User.filter(deleted_at__isnull=True)
        .distinct()
        .order_by("timezone")
        .values_list("timezone", flat=True)
    )


async def timezones_of(user_ids: list[int]) -> dict[int, str]:
    return dict(await User.filter(id__in=user_ids).values_list("id", "timezone"))


def _notifiable():
    return User.filter(deleted_at__isnull=True, deletion_due_at__isnull=True).filter(
        Q(is_banned=False) | Q(banned_until__lt=utcnow())
    )


async def count_active() -> int:
    return await _notifiable().count()


async def active_user_ids(
    after_id: int, limit: int, timezones: list[str] | None = None
) -> list[int]:
    """A page of users who can be notified (not removed, not being deleted, not banned), by
    id; optionally only those living in ``timezones``."""
    query = _notifiable().filter(id__gt=after_id)
    if timezones is not None:
        query = query.filter(timezone__in=timezones)
    return await query.order_by("id").limit(limit).values_list("id", flat=True)
