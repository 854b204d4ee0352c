"""Our own JWTs: short-lived access tokens and rotating refresh tokens (HS256)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

import jwt

from connecto.errors import ConnectoError
from connecto.timeutil import utcnow

ISSUER = "connecto"
ALGORITHM = "HS256"
TokenType = Literal["access", "refresh"]


@dataclass(frozen=True)
class TokenClaims:
    user_id: int
    session_id: uuid.UUID
    jti: uuid.UUID
    type: TokenType
    expires_at: datetime


class TokenCodec:
    def __init__(self, secret: str, access_ttl: int, refresh_ttl: int) -> None:
        self._secret = secret
        self.access_ttl = timedelta(seconds=access_ttl)
        self.refresh_ttl = timedelta(seconds=refresh_ttl)

    def _encode(
        self,
        token_type: TokenType,
        user_id: int,
        session_id: uuid.UUID,
        jti: uuid.UUID,
        ttl: timedelta,
        expires_at: datetime | None = None,
    ) -> tuple[str, datetime]:
        if expires_at is None:
            now = utcnow()
            expires_at = now + ttl
        else:  # the token issued then, again: the same claims give the same signed string
            now = expires_at - ttl
        claims = {
            "iss": ISSUER,
            "sub": str(user_id),
            "sid": str(session_id),
            "jti": str(jti),
            "typ": token_type,
            "iat": int(now.timestamp()),
            "exp": int(expires_at.timestamp()),
        }
        return jwt.encode(claims, self._secret, algorithm=ALGORITHM), expires_at

    def access_token(self, user_id: int, session_id: uuid.UUID) -> tuple[str, datetime]:
        return self._encode("access", user_id, session_id, uuid.uuid4(), self.access_ttl)

    def refresh_token(
        self,
        user_id: int,
        session_id: uuid.UUID,
        jti: uuid.UUID,
        expires_at: datetime | None = None,
    ) -> tuple[str, datetime]:
        """A new refresh token; with ``expires_at``, the one issued with that expiry again."""
        return self._encode("refresh", user_id, session_id, jti, self.refresh_ttl, expires_at)

    def decode(self, token: str, expected: TokenType) -> TokenClaims:
        """Verify signature, issuer, expiry and type. Only HS256 is accepted, so ``alg: none``
        and algorithm-confusion tokens fail the signature check."""
        prefix = "TOKEN" if expected == "access" else "REFRESH_TOKEN"
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=[ALGORITHM],
                issuer=ISSUER,
                options={"require": ["exp", "iat", "sub", "sid", "jti", "typ", "iss"]},
            )
        except jwt.ExpiredSignatureError:
            raise ConnectoError(f"{prefix}_EXPIRED") from None
        except jwt.PyJWTError as exc:
            raise ConnectoError(f"{prefix}_INVALID", details={"reason": str(exc)}) from None
        if claims.get("typ") != expected:
            raise ConnectoError(
                f"{prefix}_INVALID", details={"reason": f"expected a {expected} token"}
            )
        try:
            return TokenClaims(
                user_id=int(claims["sub"]),
                session_id=uuid.UUID(claims["sid"]),
                jti=uuid.UUID(claims["jti"]),
                type=expected,
                expires_at=datetime.fromtimestamp(claims["exp"], UTC),
            )
        except (ValueError, TypeError):
            raise ConnectoError(
                f"{prefix}_INVALID", details={"reason": "malformed claims"}
            ) from None
