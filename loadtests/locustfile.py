"""Locust scenarios for Connecto: people using the app at human rates over REST and WebSocket.

``make loadtest USERS=200 SPAWN=20 DURATION=2m`` runs it headless (against a stack it starts,
or ``URL=...``). Two kinds of users, weighted like the simulation's traffic:

- ``AppUser`` (REST): signs in, browses travels, opens history pages, sends, reacts, reads,
  searches, checks unread counts;
- ``SocketUser`` (REST + WebSocket): signs in, holds a socket, sends ``message:send`` and other
  frames, and reconnects now and then to catch up with ``messages:sync``. Each ack is a Locust
  request (type ``WS``) with its round-trip time; each ``message:new`` it receives is a request
  of type ``WSR`` named ``message:new`` whose time is the fan-out delay from the sender (the
  send time travels in the ``clientMessageId``; both ends share this machine's clock).

Before the users start, a host creates a handful of travels of different sizes (one large
group, several small ones); every user joins one of them with its invite code.
"""

from __future__ import annotations

import itertools
import json
import random
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta

import gevent
import requests
import websocket
from locust import FastHttpUser, between, events, task
from locust.exception import StopUser

TRAVELS = 8
_travels: list[dict] = []  # {"id", "inviteCode", "planets": [ids]}
_setup_lock = threading.Lock()
_serial = itertools.count(1)
WORDS = "sunrise ferry ramen museum ticket taxi beach rain map lobby".split()
EMOJI = ("👍", "❤️", "😂", "🎉")


def _sign_in_body(host: str, email: str) -> dict:
    minted = requests.post(
        f"{host}/dev/idp/token", json={"provider": "GOOGLE", "email": email}, timeout=30
    )
    minted.raise_for_status()
    return {"provider": "GOOGLE", "idToken": minted.json()["idToken"]}


@events.test_start.add_listener
def create_travels(environment, **_kwargs) -> None:
    """A host and a few travels for everybody to join: one large, the rest small."""
    host = environment.host.rstrip("/")
    with _setup_lock:
        if _travels:
            return
        signed = requests.post(
            f"{host}/api/v1/auth/sign/social",
            json=_sign_in_body(host, f"locust-host-{uuid.uuid4().hex[:8]}@example.com"),
            timeout=30,
        )
        signed.raise_for_status()
        headers = {"Authorization": f"Bearer {signed.json()['accessToken']}"}
        now = datetime.now(UTC)
        for i in range(TRAVELS):
            travel = requests.post(
                f"{host}/api/v1/travels",
                headers=headers,
                json={
                    "name": f"Load trip {i + 1}",
                    "startDate": (now - timedelta(days=1)).isoformat(),
                    "endDate": (now + timedelta(days=10)).isoformat(),
                    "visibility": "INVITE_ONLY",
                },
                timeout=30,
            )
            travel.raise_for_status()
            body = travel.json()
            _travels.append(
                {
                    "id": body["id"],
                    "inviteCode": body["inviteCode"],
                    "planets": [p["id"] for p in body["planets"]],
                }
            )


class Person(FastHttpUser):
    """What every simulated person does: sign in, join a travel, use the REST API."""

    abstract = True

    def on_start(self) -> None:
        self.email = f"locust-{uuid.uuid4().hex[:12]}@example.com"
        with self.client.post(
            "/api/v1/auth/sign/social",
            json=_sign_in_body(self.host.rstrip("/"), self.email),
            name="/auth/sign/social",
            catch_response=True,
        ) as response:
            if response.status_code not in (200, 201):
                response.failure(f"sign-in {response.status_code}")
                raise StopUser()
            data = response.json()
        self.user_id = data["user"]["id"]
        self.token = data["accessToken"]
        self.refresh_token = data["refreshToken"]
        self.token_at = time.time()
        # One large travel (the first) and several small ones.
        self.travel = random.choices(_travels, weights=[8] + [1] * (len(_travels) - 1))[0]
        self.client.post(
            f"/api/v1/travels/{self.travel['id']}/join",
            json={"inviteCode": self.travel["inviteCode"]},
            headers=self.auth(),
            name="/travels/{id}/join",
        )
        self.planet = self.travel["planets"][0]
        self.seen: list[int] = []  # recent message ids of the planet

    def auth(self) -> dict:
        if time.time() - self.token_at > 600:  # access tokens live 15 minutes
            response = self.client.post(
                "/api/v1/auth/refresh",
                json={"refreshToken": self.refresh_token},
                name="/auth/refresh",
            )
            if response.status_code == 200:
                body = response.json()
                self.token, self.refresh_token = body["accessToken"], body["refreshToken"]
                self.token_at = time.time()
                self.token_refreshed()
        return {"Authorization": f"Bearer {self.token}"}

    def token_refreshed(self) -> None:
        """Hook: a socket hands the new token to the server."""

    def text(self) -> str:
        return " ".join(random.choices(WORDS, k=random.randint(1, 12)))

    def client_message_id(self) -> str:
        # The send time rides along so that receivers can time the fan-out.
        return f"lc-{self.user_id}-{next(_serial)}-{int(time.time() * 1000)}"

    @task(3)
    def browse_travels(self) -> None:
        self.client.get("/api/v1/travels?limit=20", headers=self.auth(), name="/travels")

    @task(5)
    def history_page(self) -> None:
        response = self.client.get(
            f"/api/v1/planets/{self.planet}/messages?limit=50",
            headers=self.auth(),
            name="/planets/{id}/messages",
        )
        if response.status_code == 200:
            # System messages ("Ann joined") take no reactions.
            items = response.json()["items"]
            self.seen = [m["id"] for m in items if m["type"].lower() != "system"][-20:]

    @task(2)
    def profile(self) -> None:
        self.client.get("/api/v1/users/me", headers=self.auth(), name="/users/me")

    @task(1)
    def unread(self) -> None:
        self.client.get(
            "/api/v1/users/me/unread-counts", headers=self.auth(), name="/users/me/unread-counts"
        )

    @task(1)
    def search(self) -> None:
        self.client.get(
            f"/api/v1/messages/search?q={random.choice(WORDS)}",
            headers=self.auth(),
            name="/messages/search",
        )

    @task(2)
    def read_all(self) -> None:
        self.client.post(
            f"/api/v1/planets/{self.planet}/read-all",
            headers=self.auth(),
            name="/planets/{id}/read-all",
        )


class AppUser(Person):
    """A person on the REST API only (an app in the background, a web client)."""

    weight = 1
    wait_time = between(2, 8)

    @task(3)
    def send(self) -> None:
        self.client.post(
            f"/api/v1/planets/{self.planet}/messages",
            json={"content": self.text(), "clientMessageId": self.client_message_id()},
            headers=self.auth(),
            name="/planets/{id}/messages POST",
        )

    @task(1)
    def react(self) -> None:
        if self.seen:
            self.client.post(
                f"/api/v1/messages/{random.choice(self.seen)}/reactions",
                json={"emoji": random.choice(EMOJI)},
                headers=self.auth(),
                name="/messages/{id}/reactions",
            )


class SocketUser(Person):
    """A person with the app open: a socket for sending and receiving, REST for the rest."""

    weight = 2
    wait_time = between(2, 8)

    def on_start(self) -> None:
        super().on_start()
        self.acks: dict[int, tuple[str, float]] = {}
        self.ack_ids = itertools.count(1)
        self.last_seen: dict[int, int] = {}
        self.reactable: dict[int, int] = {}  # newest message per planet that takes reactions
        self.ws: websocket.WebSocket | None = None
        self.connect()

    def on_stop(self) -> None:
        if getattr(self, "ws", None) is not None:
            self.ws.close()

    def token_refreshed(self) -> None:
        if getattr(self, "ws", None) is not None:
            self.call("auth", {"token": self.token})

    def fire(self, kind: str, name: str, ms: float, error: str | None = None, size: int = 0):
        self.environment.events.request.fire(
            request_type=kind,
            name=name,
            response_time=ms,
            response_length=size,
            exception=Exception(error) if error else None,
            context={},
        )

    def connect(self) -> None:
        url = self.host.replace("http", "ws", 1).rstrip("/") + f"/ws?token={self.token}"
        started = time.perf_counter()
        try:
            self.ws = websocket.create_connection(url, timeout=30)
            # ``connected`` (or the refusal); pushes from the rooms it joins may come first.
            first: dict = {}
            while first.get("event") not in ("connected", "error"):
                first = json.loads(self.ws.recv())
        except Exception as exc:
            self.fire("WS", "connect", (time.perf_counter() - started) * 1000, repr(exc))
            self.ws = None
            return
        error = None if first.get("event") == "connected" else str(first)
        self.fire("WS", "connect", (time.perf_counter() - started) * 1000, error)
        self.ws.settimeout(None)
        gevent.spawn(self.read, self.ws)

    def read(self, ws: websocket.WebSocket) -> None:
        while True:
            try:
                raw = ws.recv()
            except Exception:
                return
            if not raw:
                return
            frame = json.loads(raw)
            if "event" not in frame:
                name, sent = self.acks.pop(frame.get("ack"), ("?", time.perf_counter()))
                error = None if frame.get("ok") else frame.get("error", {}).get("code")
                self.fire("WS", name, (time.perf_counter() - sent) * 1000, error, len(raw))
            elif frame["event"] == "message:new":
                data = frame["data"]
                self.last_seen[data["planetId"]] = max(
                    data["id"], self.last_seen.get(data["planetId"], 0)
                )
                if data["type"].lower() != "system":
                    self.reactable[data["planetId"]] = data["id"]
                cmid = data.get("clientMessageId") or ""
                if cmid.startswith("lc-"):
                    delay = time.time() * 1000 - int(cmid.rsplit("-", 1)[1])
                    self.fire("WSR", "message:new", max(0.0, delay), size=len(raw))

    def call(self, event: str, data: dict) -> None:
        if self.ws is None:
            self.connect()
            if self.ws is None:
                return
        ack = next(self.ack_ids)
        self.acks[ack] = (event, time.perf_counter())
        try:
            self.ws.send(json.dumps({"event": event, "data": data, "ack": ack}))
        except Exception as exc:
            self.acks.pop(ack, None)
            self.fire("WS", event, 0, repr(exc))
            self.ws = None

    @task(6)
    def send(self) -> None:
        if random.random() < 0.5:
            self.call("typing:advanced_start", {"planetId": self.planet, "messageLength": 12})
        self.call(
            "message:send",
            {
                "planetId": self.planet,
                "content": self.text(),
                "clientMessageId": self.client_message_id(),
            },
        )

    @task(2)
    def react(self) -> None:
        newest = self.reactable.get(self.planet)
        if newest:
            self.call("message:react", {"messageId": newest, "emoji": random.choice(EMOJI)})

    @task(2)
    def read_socket(self) -> None:
        self.call("planet:read_all", {"planetId": self.planet})

    @task(1)
    def reconnect_and_catch_up(self) -> None:
        if self.ws is not None:
            self.ws.close()
            self.ws = None
        gevent.sleep(random.uniform(0.5, 2))
        self.auth()
        self.connect()
        self.call(
            "messages:sync",
            {"lastSeen": {str(self.planet): self.last_seen.get(self.planet, 0)}},
        )
