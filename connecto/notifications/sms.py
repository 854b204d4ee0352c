"""SMS through a provider. ``SmsProvider`` is the interface; ``TwilioSms`` speaks the
Twilio REST API (form-encoded POST, basic auth), which many gateways also accept."""

from __future__ import annotations

from typing import Protocol

import httpx

from connecto.notifications.delivery_errors import DeliveryError
from connecto.settings import Settings


class SmsProvider(Protocol):
    async def send(self, to: str, body: str) -> str:
        """Send; return the provider's message id, or raise DeliveryError."""


class TwilioSms:
    def __init__(self, settings: Settings) -> None:
        self.url = (
            f"{settings.sms_api_url.rstrip('/')}/2010-04-01/Accounts/"
            f"{settings.sms_account_sid}/Messages.json"
        )
        self.auth = (settings.sms_account_sid, settings.sms_auth_token)
        self.sender = settings.sms_from
        self.http = httpx.AsyncClient(timeout=10)

    async def aclose(self) -> None:
        await self.http.aclose()

    async def send(self, to: str, body: str) -> str:
        try:
            response = await self.http.post(
                self.url, auth=self.auth, data={"To": to, "From": self.sender, "Body": body[:1600]}
            )
        except httpx.HTTPError as exc:
            raise DeliveryError(f"SMS provider unreachable: {exc}", permanent=False) from None
        if response.status_code in (200, 201):
            return response.json().get("sid", "")
        try:
            detail = response.json().get("message", "")
        except ValueError:
            detail = response.text[:200]
        transient = response.status_code == 429 or response.status_code >= 500
        raise DeliveryError(f"SMS {response.status_code}: {detail}", permanent=not transient)
