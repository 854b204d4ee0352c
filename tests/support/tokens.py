"""Hand-made tokens for the negative tests: valid and invalid ID tokens, forged JWTs."""

from __future__ import annotations

import base64
import json
import time
import uuid

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from connecto.auth.dev_idp import dev_key, key_dir, mint_id_token
from connecto.auth.enums import AuthProvider
from connecto.settings import Settings
from tests.support.server import JWT_SECRET


def settings_for(data_dir) -> Settings:
    return Settings(data_dir=data_dir, env="test")


def id_token(data_dir, provider: str = "GOOGLE", subject: str | None = None, **kwargs) -> str:
    return mint_id_token(
        settings_for(data_dir),
        AuthProvider(provider),
        subject or f"sub-{uuid.uuid4().hex[:12]}",
        **kwargs,
    )


def id_token_signed_by_stranger(data_dir, provider: str = "GOOGLE") -> str:
    """Right shape, right kid, wrong key."""
    settings = settings_for(data_dir)
    real = dev_key(key_dir(settings), AuthProvider(provider))
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = int(time.time())
    claims = {
        "iss": "https://accounts.google.com",
        "aud": settings.google_client_ids[0],
        "sub": "attacker",
        "iat": now,
        "exp": now + 600,
    }
    return jwt.encode(claims, stranger, algorithm="RS256", headers={"kid": real.kid})


def unsigned_token(claims: dict, kid: str | None = None) -> str:
    """An ``alg: none`` JWT."""
    header = {"alg": "none", "typ": "JWT", **({"kid": kid} if kid else {})}

    def b64(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{b64(header)}.{b64(claims)}."


def our_token(
    *,
    user_id: int,
    session_id: str,
    typ: str = "access",
    secret: str = JWT_SECRET,
    expires_in: int = 600,
    **overrides,
) -> str:
    now = int(time.time())
    claims = {
        "iss": "connecto",
        "sub": str(user_id),
        "sid": session_id,
        "jti": str(uuid.uuid4()),
        "typ": typ,
        "iat": now,
        "exp": now + expires_in,
        **overrides,
    }
    return jwt.encode(claims, secret, algorithm="HS256")


def claims_of(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})
