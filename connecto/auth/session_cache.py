"""What ``authenticate`` needs to know about a session, cached per process.

Every request proves who it is with a signed access token, and the server must still refuse
a signed-out session or a banned user at once. Reading that state from PostgreSQL on every
request was most of the cost of a cheap request, so each process keeps it here:

* verified access tokens (the signature check and JSON parsing are paid once per token);
* per session: its user, role, ban and whether it is revoked.

Entries are dropped when their user is signed out, banned, unbanned or changes role: the
process that made the change drops them before it answers, and the real-time bus tells every
other process (``connecto.realtime.subscribers``). An entry also expires after
``SESSION_TTL_SECONDS``, which bounds staleness when a change bypasses the services (an
operator's SQL, ``promote-admin``) or a broadcast is lost while Redis is down.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from connecto.users.enums import UserRole

SESSION_TTL_SECONDS = 30.0
MAX_ENTRIES = 20_000


@dataclass(frozen=True, slots=True)
class SessionState:
    user_id: int
    role: UserRole
    is_banned: bool
    banned_until: datetime | None
    revoked: bool
    loaded_at: float


_sessions: dict[UUID, SessionState] = {}
# Bumped by every forget: a load that started before a forget must not store what it read
# (it may be the state from just before the sign-out or ban).
_epoch = 0
# access token -> (user id, session id, expires at); verified tokens only.
_tokens: dict[str, tuple[int, UUID, datetime]] = {}


def _bounded_put(table: dict, key, value) -> None:
    if len(table) >= MAX_ENTRIES:
        # Oldest first: dicts keep insertion order, so this drops the least recently added.
        for stale in list(table)[: MAX_ENTRIES // 10]:
            del table[stale]
    table[key] = value


def token(access_token: str) -> tuple[int, UUID, datetime] | None:
    return _tokens.get(access_token)


def remember_token(access_token: str, user_id: int, session_id: UUID, expires_at: datetime) -> None:
    _bounded_put(_tokens, access_token, (user_id, session_id, expires_at))


def epoch() -> int:
    return _epoch


def session(session_id: UUID) -> SessionState | None:
    state = _sessions.get(session_id)
    if state is None or time.monotonic() - state.loaded_at > SESSION_TTL_SECONDS:
        return None
    return state


def remember_session(
    session_id: UUID,
    loaded_in_epoch: int,
    *,
    user_id: int,
    role: UserRole,
    is_banned: bool,
    banned_until: datetime | None,
    revoked: bool,
) -> SessionState:
    state = SessionState(user_id, role, is_banned, banned_until, revoked, time.monotonic())
    if loaded_in_epoch == _epoch:
        _bounded_put(_sessions, session_id, state)
    return state


def forget_user(user_id: int) -> None:
    global _epoch
    _epoch += 1
    for session_id in [sid for sid, s in _sessions.items() if s.user_id == user_id]:
        _sessions.pop(session_id, None)


def clear() -> None:
    _sessions.clear()
    _tokens.clear()
