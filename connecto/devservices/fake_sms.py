"""A stand-in for a Twilio-compatible SMS API.

    python -m connecto.devservices.fake_sms --port 9102 --account-sid AC123 --auth-token secret

``POST /2010-04-01/Accounts/{sid}/Messages.json`` (basic auth, form fields To/From/Body)
answers 201 with a message sid, 400 for a number that is not E.164, 401 for bad credentials.
Test controls: ``POST /_control {"failNext": n}``, ``GET /_messages``, ``DELETE /_messages``.
"""

from __future__ import annotations

import argparse
import base64
import re
import secrets
import time

from sanic import Request, Sanic
from sanic.response import json as json_response

E164 = re.compile(r"^\+[1-9]\d{6,14}$")


def create_app(account_sid: str, auth_token: str) -> Sanic:
    app = Sanic("fake_sms")
    state = {"messages": [], "fail_next": 0}
    expected = "Basic " + base64.b64encode(f"{account_sid}:{auth_token}".encode()).decode()

    @app.post("/2010-04-01/Accounts/<sid:str>/Messages.json")
    async def send(request: Request, sid: str):
        if sid != account_sid or request.headers.get("authorization") != expected:
            return json_response(
                {"code": 20003, "message": "Authenticate", "status": 401}, status=401
            )
        to, sender, body = (request.form.get(k) for k in ("To", "From", "Body"))
        if not to or not E164.match(to):
            return json_response(
                {"code": 21211, "message": f"The 'To' number {to} is not valid.", "status": 400},
                status=400,
            )
        if not sender or not body:
            return json_response(
                {"code": 21602, "message": "Message body and From are required", "status": 400},
                status=400,
            )
        if state["fail_next"] > 0:
            state["fail_next"] -= 1
            return json_response(
                {"code": 20500, "message": "Internal Server Error", "status": 503}, status=503
            )
        message = {
            "sid": "SM" + secrets.token_hex(16),
            "to": to,
            "from": sender,
            "body": body,
            "status": "queued",
            "receivedAt": time.time(),
        }
        state["messages"].append(message)
        return json_response(message, status=201)

    @app.get("/_messages")
    async def messages(request: Request):
        return json_response(state["messages"])

    @app.delete("/_messages")
    async def clear(request: Request):
        state["messages"].clear()
        state["fail_next"] = 0
        return json_response({"cleared": True})

    @app.post("/_control")
    async def control(request: Request):
        state["fail_next"] = int((request.json or {}).get("failNext", state["fail_next"]))
        return json_response({"failNext": state["fail_next"]})

    return app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--account-sid", required=True)
    parser.add_argument("--auth-token", required=True)
    args = parser.parse_args()
    create_app(args.account_sid, args.auth_token).run(
        host="127.0.0.1", port=args.port, single_process=True, access_log=False, motd=False
    )


if __name__ == "__main__":
    main()
