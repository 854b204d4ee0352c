"""Development identity provider: Google- and Apple-shaped ID tokens signed by local keys.

It serves a JWKS per provider (``GET /dev/idp/{google|apple}/jwks``) and mints ID tokens
(``POST /dev/idp/token``). Outside production the verifier's JWKS URLs point here, so a dev
token goes through exactly the same verification as a real one. The routes are not
registered when ``CONNECTO_ENV=production``, and production verifies against the real
providers' keys, where these tokens fail.
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from functools import lru_cache
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from pydantic import Field
from sanic import Blueprint, Request
from sanic.response import json as json_response

from connecto.auth.enums import AuthProvider
from connecto.errors import ConnectoError
from connecto.http import doc, parse_body, respond
from connecto.localstate import read_or_create
from connecto.schemas import RequestModel, ResponseModel
from connecto.settings import APPLE_ISSUER, GOOGLE_ISSUERS, Settings


class DevKey:
    def __init__(self, private_key: rsa.RSAPrivateKey) -> None:
        self.private_key = private_key
        public_der = private_key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        self.kid = hashlib.sha256(public_der).hexdigest()[:16]

    def jwk(self) -> dict:
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.private_key.public_key()))
        return {**jwk, "kid": self.kid, "use": "sig", "alg": "RS256"}


def _new_private_key_pem() -> bytes:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


@lru_cache(maxsize=8)
def dev_key(key_dir: str, provider: AuthProvider) -> DevKey:
    """One RSA key per provider, created once and shared by every process using ``data_dir``."""
    pem = read_or_create(Path(key_dir) / f"{provider.value.lower()}.pem", _new_private_key_pem)
    return DevKey(serialization.load_pem_private_key(pem, password=None))


def key_dir(settings: Settings) -> str:
    return str((settings.data_dir / "dev_idp").resolve())


def mint_id_token(
    settings: Settings,
    provider: AuthProvider,
    subject: str,
    *,
    email: str | None = None,
    email_verified: bool = True,
    name: str | None = None,
    lifetime_seconds: int = 3600,
    audience: str | None = None,
    issuer: str | None = None,
    issued_seconds_ago: int = 0,
) -> str:
    """An ID token shaped like the provider's, signed with the dev key. ``audience`` and
    ``issuer`` override the right ones (tests of tokens that must be refused)."""
    key = dev_key(key_dir(settings), provider)
    now = int(time.time()) - issued_seconds_ago
    if provider is AuthProvider.GOOGLE:
        claims = {
            "iss": issuer or GOOGLE_ISSUERS[0],
            "aud": audience or settings.google_client_ids[0],
            "azp": audience or settings.google_client_ids[0],
        }
        verified: object = email_verified
    else:
        claims = {
            "iss": issuer or APPLE_ISSUER,
            "aud": audience or settings.apple_client_ids[0],
            "auth_time": now,
            "nonce_supported": True,
        }
        verified = "true" if email_verified else "false"
    claims.update(
        {"sub": subject, "iat": now, "exp": now + lifetime_seconds, "jti": uuid.uuid4().hex}
    )
    if email is not None:
        claims["email"] = email
        claims["email_verified"] = verified
    if name is not None and provider is AuthProvider.GOOGLE:
        claims["name"] = name
    return jwt.encode(claims, key.private_key, algorithm="RS256", headers={"kid": key.kid})


class MintRequest(RequestModel):
    provider: AuthProvider
    # Stable per person; defaults to one derived from the email.
    sub: str | None = Field(default=None, min_length=1, max_length=255)
    email: str | None = Field(default=None, max_length=320, pattern=r"^[^@\s]+@[^@\s]+$")
    email_verified: bool = True
    name: str | None = Field(default=None, max_length=100)
    lifetime_seconds: int = Field(default=3600, ge=-86400, le=86400)
    # A token issued this long ago (a stale sign-in, for confirmation checks).
    issued_seconds_ago: int = Field(default=0, ge=0, le=86400)


class Jwks(ResponseModel):
    keys: list[dict[str, str]]


class MintResponse(ResponseModel):
    id_token: str
    provider: AuthProvider
    sub: str


def blueprint(settings: Settings) -> Blueprint:
    bp = Blueprint("dev_idp", url_prefix="/dev/idp")

    @bp.get("/<provider:str>/jwks")
    @doc("Dev identity provider JWKS", tag="dev", response=Jwks, errors=("UNSUPPORTED_PROVIDER",))
    async def jwks(request: Request, provider: str):
        try:
            chosen = AuthProvider(provider)
        except ValueError:
            raise ConnectoError("UNSUPPORTED_PROVIDER") from None
        return json_response({"keys": [dev_key(key_dir(settings), chosen).jwk()]})

    @bp.post("/token")
    @doc("Mint a dev ID token", tag="dev", body=MintRequest, response=MintResponse)
    async def mint(request: Request):
        body = parse_body(request, MintRequest)
        subject = body.sub or (
            "dev-" + hashlib.sha256(body.email.encode()).hexdigest()[:20]
            if body.email
            else "dev-" + uuid.uuid4().hex[:20]
        )
        token = mint_id_token(
            settings,
            body.provider,
            subject,
            email=body.email,
            email_verified=body.email_verified,
            name=body.name,
            lifetime_seconds=body.lifetime_seconds,
            issued_seconds_ago=body.issued_seconds_ago,
        )
        return respond(MintResponse(id_token=token, provider=body.provider, sub=subject))

    return bp
