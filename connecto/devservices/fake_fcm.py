"""A stand-in for Google's OAuth token endpoint and FCM HTTP v1.

    python -m connecto.devservices.fake_fcm --port 9101 --service-account sa.json

It verifies the service-account JWT (signature with the account's key, issuer, audience,
scope, expiry), issues access tokens, checks every send carries one, validates the message
shape as FCM does (a target, string-only data), and records what it accepted.
Test controls: ``POST /_control {"unregistered": [tokens], "foreignProject": [tokens],
"failNext": n}``,
``GET /_messages``, ``DELETE /_messages``.
"""

from __future__ import annotations

import argparse
import json
import secrets
import time

import jwt
from cryptography.hazmat.primitives import serialization
from sanic import Request, Sanic
from sanic.response import json as json_response

SCOPE = "https://www.googleapis.com/auth/firebase.messaging"


def fcm_error(status: int, code: str, message: str):
    return json_response(
        {
            "error": {
                "code": status,
                "message": message,
                "status": code,
                "details": [
                    {
                        "@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError",
                        "errorCode": code,
                    }
                ],
            }
        },
        status=status,
    )


def create_app(service_account: dict, public_url: str) -> Sanic:
    app = Sanic("fake_fcm")
    private = serialization.load_pem_private_key(
        service_account["private_key"].encode(), password=None
    )
    public_key = private.public_key()
    state = {
        "tokens": set(),
        "messages": [],
        "unregistered": set(),
        "foreign": set(),
        "fail_next": 0,
        "counter": 0,
    }

    @app.post("/token")
    async def token(request: Request):
        if request.form.get("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer":
            return json_response({"error": "unsupported_grant_type"}, status=400)
        try:
            claims = jwt.decode(
                request.form.get("assertion", ""),
                public_key,
                algorithms=["RS256"],
                audience=f"{public_url}/token",
                issuer=service_account["client_email"],
            )
        except jwt.PyJWTError as exc:
            return json_response(
                {"error": "invalid_grant", "error_description": str(exc)}, status=400
            )
        if SCOPE not in claims.get("scope", "").split():
            return json_response({"error": "invalid_scope"}, status=400)
        access = secrets.token_urlsafe(24)
        state["tokens"].add(access)
        return json_response({"access_token": access, "expires_in": 3600, "token_type": "Bearer"})

    # Sanic's router does not take the ":" of "messages:send" in a static segment.
    @app.post("/v1/projects/<project:str>/<method:str>")
    async def send(request: Request, project: str, method: str):
        if method != "messages:send":
            return fcm_error(404, "NOT_FOUND", f"unknown method {method}")
        auth = request.headers.get("authorization", "")
        if not auth.startswith("Bearer ") or auth[7:] not in state["tokens"]:
            return json_response(
                {
                    "error": {
                        "code": 401,
                        "status": "UNAUTHENTICATED",
                        "message": "Request had invalid authentication credentials.",
                    }
                },
                status=401,
            )
        if project != service_account["project_id"]:
            return fcm_error(403, "SENDER_ID_MISMATCH", "project does not match the credentials")
        message = (request.json or {}).get("message")
        if not isinstance(message, dict) or not isinstance(message.get("token"), str):
            return fcm_error(400, "INVALID_ARGUMENT", "message.token is required")
        data = message.get("data", {})
        if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
            return fcm_error(400, "INVALID_ARGUMENT", "data values must be strings")
        if state["fail_next"] > 0:
            state["fail_next"] -= 1
            return fcm_error(503, "UNAVAILABLE", "The service is currently unavailable.")
        if message["token"] in state["unregistered"]:
            return fcm_error(404, "UNREGISTERED", "Requested entity was not found.")
        if message["token"] in state["foreign"]:
            return fcm_error(403, "SENDER_ID_MISMATCH", "SenderId mismatch")
        state["counter"] += 1
        name = f"projects/{project}/messages/{state['counter']}"
        state["messages"].append({"name": name, "receivedAt": time.time(), "message": message})
        return json_response({"name": name})

    @app.get("/_messages")
    async def messages(request: Request):
        return json_response(state["messages"])

    @app.delete("/_messages")
    async def clear(request: Request):
        state["messages"].clear()
        state["unregistered"].clear()
        state["foreign"].clear()
        state["fail_next"] = 0
        return json_response({"cleared": True})

    @app.post("/_control")
    async def control(request: Request):
        body = request.json or {}
        state["unregistered"] |= set(body.get("unregistered", []))
        # Tokens of another Firebase project: FCM answers SENDER_ID_MISMATCH.
        state["foreign"] |= set(body.get("foreignProject", []))
        state["fail_next"] = int(body.get("failNext", state["fail_next"]))
        return json_response(
            {"unregistered": sorted(state["unregistered"]), "failNext": state["fail_next"]}
        )

    return app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--service-account", required=True)
    args = parser.parse_args()
    with open(args.service_account, encoding="utf-8") as handle:
        account = json.load(handle)
    app = create_app(account, f"http://127.0.0.1:{args.port}")
    app.run(host="127.0.0.1", port=args.port, single_process=True, access_log=False, motd=False)


if __name__ == "__main__":
    main()
