"""Account deletion (spec USER_DATA_DELETE).

1. ``DELETE /api/v1/users/me`` with a sign-in confirmation (a fresh ID token of the account's
   own provider): refused while the user hosts a travel that is not over (hand it over
   first); otherwise every session is revoked and every socket closed at once, and the
   account is due for removal after the grace period (30 days).
2. Signing in again during the grace period cancels the deletion (``auth.sign_in_social``).
3. The ``user.delete`` job then removes the personal data in one transaction: profile
   (preferences, phone number), email, sign-in identities, sessions, devices, notifications,
   read receipts, memberships, join requests, exports. Messages and reactions stay for the
   other members; their author shows as "Deleted user".
"""

from __future__ import annotations

from datetime import timedelta

from tortoise.transactions import in_transaction

from connecto import events
from connecto.accounts import export
from connecto.accounts.schemas import DeleteAccount, DeletionOut
from connecto.auth import service as auth
from connecto.auth.context import Actor
from connecto.container import container
from connecto.errors import ConnectoError
from connecto.notifications import service as notifications
from connecto.reads import service as reads
from connecto.travels import service as travels
from connecto.users import service as users

PURGE_BATCH = 100


async def request_deletion(actor: Actor, body: DeleteAccount) -> DeletionOut:
    await auth.confirm_sign_in(actor, body.provider, body.id_token)
    hosted = await travels.hosted_live_travel_ids(actor.user_id)
    if hosted:
        raise ConnectoError(
            "HOST_MUST_TRANSFER",
            "Hand over (or cancel) the travels you host before deleting your account",
            details={"travelIds": hosted},
        )
    grace = timedelta(days=container().settings.account_deletion_grace_days)
    async with in_transaction() as conn:
        user = await users.schedule_deletion(actor.user_id, grace, conn)
    revoked = await auth.sign_out_everywhere(actor.user_id, reason="account_deleted")
    await events.emit(
        "user.deletion_requested",
        {"userId": actor.user_id, "dueAt": user.deletion_due_at.isoformat()},
    )
    return DeletionOut(
        deletion_requested_at=user.deletion_requested_at,
        deletion_due_at=user.deletion_due_at,
        revoked_sessions=revoked,
    )


async def purge_due() -> dict:
    """Remove every account whose grace period is over. Safe to run twice at once: each
    account is locked with SKIP LOCKED and re-checked inside its transaction."""
    purged = 0
    while True:
        due = await users.due_for_removal(PURGE_BATCH)
        done = [user_id for user_id in due if await purge(user_id)]
        purged += len(done)
        if len(due) < PURGE_BATCH or not done:
            return {"purged": purged}


async def purge(user_id: int) -> bool:
    async with in_transaction() as conn:
        user = await users.lock_for_removal(user_id, conn)
        if user is None:
            return False  # cancelled by a sign-in, or being removed by another run
        left = await travels.remove_user_everywhere(user_id, conn)
        await auth.forget_user(user_id, conn)
        await notifications.forget_user(user_id, conn)
        await reads.forget_user(user_id, conn)
        files = await export.forget_user(user_id, conn)
        await users.erase(user, conn)
    await export.delete_files(files)
    for travel_id in left:
        await events.emit("travel.member_left", {"travelId": travel_id, "userId": user_id})
    await events.emit("user.deleted", {"userId": user_id})
    return True
