"""Verification of Google and Apple ID tokens against the provider's JWKS.

Checks: the signing key comes from the provider's JWKS (by ``kid``), the algorithm is an
asymmetric one we expect, ``iss``, ``aud`` (our client ids), ``exp``/``iat``, and, when the
token carries an email, that the provider verified it. There is no way to skip any of this.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import jwt
from jwt import PyJWKClient

from connecto.auth.enums import AuthProvider
from connecto.errors import ConnectoError
from connecto.settings import APPLE_ISSUER, GOOGLE_ISSUERS, Settings

ALLOWED_ALGORITHMS = ("RS256", "ES256")
CLOCK_SKEW_SECONDS = 30


@dataclass(frozen=True)
class VerifiedIdentity:
    provider: AuthProvider
    subject: str
    email: str | None
    name: str | None
    picture: str | None
    # When the provider issued the token (the user signed in then): "fresh" confirmations.
    issued_at: int = 0


@dataclass(frozen=True)
class ProviderConfig:
    jwks_url: str
    issuers: tuple[str, ...]
    audiences: tuple[str, ...]


class IdentityVerifier:
    def __init__(self, settings: Settings) -> None:
        self._providers = {
            AuthProvider.GOOGLE: ProviderConfig(
                settings.resolved_google_jwks_url, GOOGLE_ISSUERS, tuple(settings.google_client_ids)
            ),
            AuthProvider.APPLE: ProviderConfig(
                settings.resolved_apple_jwks_url, (APPLE_ISSUER,), tuple(settings.apple_client_ids)
            ),
        }
        # PyJWKClient caches the key set and refetches once when it meets an unknown kid
        # (key rotation).
        self._clients = {
            provider: PyJWKClient(cfg.jwks_url, cache_jwk_set=True, lifespan=300, timeout=5)
            for provider, cfg in self._providers.items()
        }

    async def verify(self, provider: AuthProvider, id_token: str) -> VerifiedIdentity:
        cfg = self._providers[provider]
        try:
            header = jwt.get_unverified_header(id_token)
        except jwt.PyJWTError as exc:
            raise ConnectoError("ID_TOKEN_INVALID", details={"reason": str(exc)}) from None
        algorithm = header.get("alg")
        if algorithm not in ALLOWED_ALGORITHMS:
            raise ConnectoError(
                "ID_TOKEN_INVALID", details={"reason": f"algorithm {algorithm!r} is not accepted"}
            )
        if not header.get("kid"):
            raise ConnectoError("ID_TOKEN_INVALID", details={"reason": "token has no key id"})
        signing_key = await self._signing_key(provider, id_token)
        try:
            claims = jwt.decode(
                id_token,
                signing_key,
                algorithms=[algorithm],
                audience=list(cfg.audiences),
                issuer=list(cfg.issuers),
                leeway=CLOCK_SKEW_SECONDS,
                options={"require": ["iss", "aud", "exp", "iat", "sub"]},
            )
        except jwt.ExpiredSignatureError:
            raise ConnectoError("ID_TOKEN_EXPIRED") from None
        except jwt.PyJWTError as exc:
            raise ConnectoError("ID_TOKEN_INVALID", details={"reason": str(exc)}) from None

        email = claims.get("email")
        if email is not None:
            # Google sends a boolean, Apple the string "true".
            if str(claims.get("email_verified", "false")).lower() != "true":
                raise ConnectoError("ID_TOKEN_EMAIL_UNVERIFIED")
            if not isinstance(email, str) or "@" not in email or len(email) > 320:
                raise ConnectoError("ID_TOKEN_INVALID", details={"reason": "malformed email"})
            email = email.lower()
        subject = claims["sub"]
        if not isinstance(subject, str) or not subject or len(subject) > 255:
            raise ConnectoError("ID_TOKEN_INVALID", details={"reason": "malformed subject"})
        return VerifiedIdentity(
            provider=provider,
            subject=subject,
            email=email,
            name=claims.get("name") if isinstance(claims.get("name"), str) else None,
            picture=claims.get("picture") if isinstance(claims.get("picture"), str) else None,
            issued_at=int(claims["iat"]) if isinstance(claims["iat"], int | float) else 0,
        )

    async def _signing_key(self, provider: AuthProvider, id_token: str):
        client = self._clients[provider]
        try:
            # PyJWKClient does blocking HTTP; keep it off the event loop (the dev provider
            # may be served by this very process).
            return (await asyncio.to_thread(client.get_signing_key_from_jwt, id_token)).key
        except jwt.PyJWKClientConnectionError as exc:
            raise ConnectoError("IDP_UNAVAILABLE", details={"reason": str(exc)}) from None
        except jwt.PyJWKClientError as exc:
            raise ConnectoError("ID_TOKEN_INVALID", details={"reason": str(exc)}) from None
        except jwt.PyJWTError as exc:
            raise ConnectoError("ID_TOKEN_INVALID", details={"reason": str(exc)}) from None
