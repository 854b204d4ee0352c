from __future__ import annotations

from connecto.schemas import LowerEnum, UpperEnum


class UserRole(UpperEnum):
    ADMIN = "ADMIN"
    HOST = "HOST"
    USER = "USER"


class Gender(LowerEnum):
    FEMALE = "female"
    MALE = "male"
    NON_BINARY = "non_binary"
    OTHER = "other"
    PREFER_NOT_TO_SAY = "prefer_not_to_say"


class ProfileVisibility(LowerEnum):
    PUBLIC = "public"
    FRIENDS = "friends"
    PRIVATE = "private"
