"""A thin test client: speaks HTTP to the running server exactly as an app would."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

import httpx

_counter = itertools.count(1)


@dataclass
class Session:
    """A signed-in user."""

    api: Api
    user_id: int
    email: str
    access_token: str
    refresh_token: str
    body: dict = field(default_factory=dict)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}

    async def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return await self.api.http.request(method, path, headers=headers, **kwargs)

    async def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.request("GET", path, **kwargs)

    async def post(self, path: str, json: Any = None, **kwargs: Any) -> httpx.Response:
        return await self.request("POST", path, json=json, **kwargs)

    async def patch(self, path: str, json: Any = None, **kwargs: Any) -> httpx.Response:
        return await self.request("PATCH", path, json=json, **kwargs)

    async def put(self, path: str, json: Any = None, **kwargs: Any) -> httpx.Response:
        return await self.request("PUT", path, json=json, **kwargs)

    async def delete(self, path: str, json: Any = None, **kwargs: Any) -> httpx.Response:
        return await self.request("DELETE", path, json=json, **kwargs)


class Api:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def id_token(
        self, provider: str = "GOOGLE", email: str | None = None, **extra: Any
    ) -> str:
        response = await self.http.post(
            "/dev/idp/token", json={"provider": provider, "email": email, **extra}
        )
        assert response.status_code == 200, response.text
        return response.json()["idToken"]

    async def sign_in(
        self,
        email: str | None = None,
        *,
        provider: str = "GOOGLE",
        push_token: str | None = None,
        device: dict | None = None,
        expect: int | None = None,
    ) -> Session | dict:
        """Sign in through the dev identity provider. With ``expect`` set to an error status,
        returns the error body instead of a Session."""
        email = email or f"user{next(_counter)}@example.com"
        body: dict[str, Any] = {
            "provider": provider,
            "idToken": await self.id_token(provider, email),
        }
        if push_token:
            body["pushToken"] = push_token
        if device:
            body["deviceInfo"] = device
        response = await self.http.post("/api/v1/auth/sign/social", json=body)
        assert response.status_code in ((expect,) if expect else (200, 201)), response.text
        data = response.json()
        if response.status_code >= 400:
            return data
        return Session(
            self, data["user"]["id"], email, data["accessToken"], data["refreshToken"], data
        )


def error_code(response: httpx.Response) -> str:
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "details", "requestId"}, body
    return body["error"]["code"]
