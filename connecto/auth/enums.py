from __future__ import annotations

from connecto.schemas import UpperEnum


class AuthProvider(UpperEnum):
    GOOGLE = "GOOGLE"
    APPLE = "APPLE"
