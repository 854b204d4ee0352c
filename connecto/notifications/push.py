"""FCM HTTP v1 push (spec 6.3).

Authentication is the service-account flow: a JWT signed with the account's private key is
exchanged at the token URL for an access token (cached until shortly before it expires).
Messages go to ``{api}/v1/projects/{project}/messages:send``, one request per device token.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass

import httpx
import jwt

from connecto.notifications.delivery_errors import DeliveryError
from connecto.settings import Settings

SCOPE = "https://www.googleapis.com/auth/firebase.messaging"
TRANSIENT_STATUSES = {429, 500, 502, 503, 504}
# FCM error codes meaning "this registration token will never work again" (for us: a token
# of another Firebase project is as dead as an uninstalled app's).
DEAD_TOKEN_CODES = {"UNREGISTERED", "SENDER_ID_MISMATCH"}


@dataclass(frozen=True)
class ServiceAccount:
    client_email: str
    private_key: str
    private_key_id: str
    token_uri: str

    @classmethod
    def load(cls, path) -> ServiceAccount:
        raw = json.loads(open(path, encoding="utf-8").read())
        return cls(
            raw["client_email"], raw["private_key"], raw.get("private_key_id", ""), raw["token_uri"]
        )


class DeadToken(DeliveryError):
    """FCM says the device token is gone; the caller removes it."""


class FcmClient:
    def __init__(self, settings: Settings) -> None:
        self.project = settings.fcm_project_id
        self.account = ServiceAccount.load(settings.fcm_credentials_file)
        self.token_url = settings.fcm_token_url or self.account.token_uri
        self.send_url = (
            f"{settings.fcm_api_url.rstrip('/')}/v1/projects/{self.project}/messages:send"
        )
        self.http = httpx.AsyncClient(timeout=10)
        self._token: tuple[str, float] | None = None
        self._lock = asyncio.Lock()

    async def aclose(self) -> None:
        await self.http.aclose()

    async def _access_token(self, refresh: bool = False) -> str:
        async with self._lock:
            if not refresh and self._token and self._token[1] > time.time() + 60:
                return self._token[0]
            now = int(time.time())
            assertion = jwt.encode(
                {
                    "iss": self.account.client_email,
                    "scope": SCOPE,
                    "aud": self.token_url,
                    "iat": now,
                    "exp": now + 3600,
                },
                self.account.private_key,
                algorithm="RS256",
                headers={"kid": self.account.private_key_id}
                if self.account.private_key_id
                else None,
            )
            try:
                response = await self.http.post(
                    self.token_url,
                    data={
                        "grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer",
                        "assertion": assertion,
                    },
                )
            except httpx.HTTPError as exc:
                raise DeliveryError(
                    f"FCM token endpoint unreachable: {exc}", permanent=False
                ) from None
            if response.status_code != 200:
                raise DeliveryError(
                    f"FCM token endpoint answered {response.status_code}: {response.text[:200]}",
                    permanent=response.status_code not in TRANSIENT_STATUSES,
                )
            body = response.json()
            self._token = (body["access_token"], time.time() + int(body.get("expires_in", 3600)))
            return self._token[0]

    async def send(self, message: dict) -> str:
        """Send one message (``{"token": ..., ...}``); returns FCM's message name."""
        for attempt in range(2):
            token = await self._access_token(refresh=attempt > 0)
            try:
                response = await self.http.post(
                    self.send_url,
                    json={"message": message},
                    headers={"Authorization": f"Bearer {token}"},
                )
            except httpx.HTTPError as exc:
                raise DeliveryError(f"FCM unreachable: {exc}", permanent=False) from None
            if response.status_code == 401 and attempt == 0:
                continue  # access token expired early: refresh once
            break
        if response.status_code == 200:
            return response.json().get("name", "")
        error = _fcm_error(response)
        if error in DEAD_TOKEN_CODES or (
            error == "INVALID_ARGUMENT" and "registration token" in response.text
        ):
            raise DeadToken(f"device token rejected: {error}", permanent=True)
        retry_after = response.headers.get("retry-after")
        raise DeliveryError(
            f"FCM {response.status_code} {error}",
            permanent=response.status_code not in TRANSIENT_STATUSES,
            retry_after=float(retry_after) if retry_after and retry_after.isdigit() else None,
        )


def _fcm_error(response: httpx.Response) -> str:
    try:
        error = response.json()["error"]
    except (ValueError, KeyError, TypeError):
        return "UNKNOWN"
    for detail in error.get("details", []):
        if isinstance(detail, dict) and detail.get("errorCode"):
            return detail["errorCode"]
    return error.get("status", "UNKNOWN")


def build_message(
    token: str,
    *,
    title: str,
    body: str,
    data: dict[str, str],
    badge: int,
    category: str,
    thread: str | None,
) -> dict:
    """The FCM v1 message for one device: notification, deep-link data (strings only, as FCM
    requires), badge and sound for iOS and Android."""
    return {
        "token": token,
        "notification": {"title": title, "body": body},
        "data": data,
        "android": {
            "priority": "high",
            "notification": {
                "sound": "default",
                "channel_id": "connecto",
                "notification_count": badge,
                **({"tag": thread} if thread else {}),
            },
        },
        "apns": {
            "headers": {"apns-priority": "10"},
            "payload": {
                "aps": {
                    "badge": badge,
                    "sound": "default",
                    "category": category,
                    **({"thread-id": thread} if thread else {}),
                }
            },
        },
    }
