"""Who is calling: resolved once per request or WebSocket connection, passed to services."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from connecto.users.enums import UserRole


@dataclass(frozen=True, slots=True)
class Actor:
    user_id: int
    role: UserRole
    session_id: UUID

    @property
    def is_admin(self) -> bool:
        return self.role is UserRole.ADMIN
