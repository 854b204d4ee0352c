"""The chat model: what simulated people do once the population exists.

Each online person holds a socket and acts at their own pace: a personal message rate
(log-normal: most people chat a little, a few a lot), shaped by the time of day (quiet hours)
and by conversation bursts (a message they receive may get a quick reply). Messages have
realistic lengths, some reply to a recent message, some mention someone; people react, type
before they send, read what arrived with a lag, open history pages, search, and now and then
drop off and reconnect (catching up with ``messages:sync``). Offline people only receive
(pushes and unread counts). A few bad actors flood a planet and hit the message rate limit.

Every random choice of a person comes from their own ``random.Random(seed, index)``: the same
seed gives each person the same schedule; what they react to depends on arrival order.
"""

from __future__ import annotations

import asyncio
import math
import random
import time
from dataclasses import dataclass, field

from simulation import check
from simulation.client import ApiError, Http, Member, Recorder, Socket
from simulation.population import World

WORDS = (
    "sunrise hike bus ferry museum dinner ramen beach rain umbrella ticket hostel airport "
    "market coffee photos sunset temple train map meet lobby tomorrow tonight early late "
    "waterfall snacks cash taxi booking check-in view crowd tired amazing lost found"
).split()
EMOJI = ("👍", "❤️", "😂", "🌅", "🎉", "😮", "🙏")
SEARCH_TERMS = ("sunrise", "ferry", "ramen", "museum", "ticket", "taxi")
# People send at most this many messages a minute (the server allows 100; a bad actor wants more).
HUMAN_CAP_PER_MINUTE = 60


@dataclass
class ChatConfig:
    duration: float = 30.0  # seconds of chatting
    day_length: float = 0.0  # seconds in one simulated day (quiet hours); 0 = the duration
    online_fraction: float = 0.8
    messages_per_minute: float = 3.0  # median rate of an online person while active
    reply_probability: float = 0.2
    mention_probability: float = 0.1
    react_probability: float = 0.05
    typing_probability: float = 0.5
    edit_probability: float = 0.02
    rest_fraction: float = 0.15  # sends over REST instead of the socket
    read_lag: float = 4.0  # mean seconds before someone reads what arrived
    reconnects_per_minute: float = 0.5
    history_per_minute: float = 0.5
    search_per_minute: float = 0.2
    bad_actors: int = 1
    drain_timeout: float = 20.0  # seconds to wait for outstanding deliveries at the end


@dataclass
class Sent:
    client_message_id: str
    planet: int
    sender: int
    sent_at: float
    message_id: int | None = None
    acked_at: float | None = None
    outcome: str = "pending"  # pending | acked | refused | unknown


@dataclass
class Person:
    member: Member
    index: int
    rng: random.Random
    online: bool
    bad_actor: bool = False
    rate: float = 0.0  # messages per second while active
    socket: Socket | None = None
    first_connected: float | None = None
    synced: set[int] = field(default_factory=set)  # message ids learned by catch-up
    last_seen: dict[int, int] = field(default_factory=dict)  # planet -> newest message id
    read: set[int] = field(default_factory=set)  # message ids this person has read
    inbox: list[tuple[int, int, int]] = field(default_factory=list)  # (planet, id, sender)
    send_times: list[float] = field(default_factory=list)
    muted_until: float = 0.0


class ChatRun:
    def __init__(
        self, http: Http, recorder: Recorder, world: World, config: ChatConfig, seed: int
    ) -> None:
        self.http, self.recorder, self.world, self.config = http, recorder, world, config
        self.seed = seed
        self.sent: dict[str, Sent] = {}
        self.sockets: list[Socket] = []
        self.people: list[Person] = []
        self._counter = 0
        self._end = 0.0
        self.finished_at: float | None = None  # when the run (and its drain) ended
        rng = random.Random(seed)
        everyone = len(world.members)
        bad = set(rng.sample(range(everyone), k=min(config.bad_actors, everyone)))
        for index, member in enumerate(world.members):
            own = random.Random(f"{seed}:{index}")
            online = index in bad or own.random() < config.online_fraction
            person = Person(member, index, own, online, bad_actor=index in bad)
            # Log-normal rates: median messages_per_minute, a few people chat far more.
            person.rate = config.messages_per_minute * math.exp(own.gauss(0, 0.8)) / 60
            self.people.append(person)

    # --- the run ---------------------------------------------------------------------------

    async def run(self) -> None:
        online = [p for p in self.people if p.online]
        await asyncio.gather(*(self._connect(p) for p in online))
        self._end = self.recorder.now() + self.config.duration
        await asyncio.gather(*(self._live(p) for p in online))
        await self._resolve_unknown()
        await self._drain()
        self.finished_at = self.recorder.now()

    def _day_factor(self, at: float) -> float:
        """Activity by time of day: quiet at night (0.1), busiest in the evening (1.0)."""
        day = self.config.day_length or self.config.duration or 1.0
        phase = (at % day) / day  # 0 = 06:00
        return 0.1 + 0.9 * max(0.0, math.sin(math.pi * phase)) ** 2

    async def _connect(self, person: Person) -> None:
        sock = await person.member.connect(self.recorder)
        sock.on_message = lambda s, data, p=person: self._arrived(p, data)
        self.sockets.append(sock)
        person.socket = sock
        if person.first_connected is None:
            person.first_connected = sock.connected_at

    def _arrived(self, person: Person, data: dict) -> None:
        planet = data["planetId"]
        if data["id"] > person.last_seen.get(planet, 0):
            person.last_seen[planet] = data["id"]
        sender = (data.get("sender") or {}).get("id")
        if sender is not None and sender != person.member.user_id:
            person.inbox.append((data["planetId"], data["id"], sender))

    async def _live(self, person: Person) -> None:
        if person.bad_actor:
            await self._flood(person)
            return
        cfg, rng = self.config, person.rng
        next_read = self.recorder.now() + rng.expovariate(1 / cfg.read_lag)
        while self.recorder.now() < self._end:
            activity = self._day_factor(self.recorder.now())
            # Conversation bursts: something arrived, maybe answer it soon.
            burst = 4.0 if person.inbox and rng.random() < cfg.reply_probability else 1.0
            rate = person.rate * activity * burst
            others = (
                cfg.history_per_minute + cfg.search_per_minute + cfg.reconnects_per_minute
            ) / 60
            wait = min(rng.expovariate(rate + others + 1e-9), 2.0)
            await asyncio.sleep(wait)
            if self.recorder.now() >= self._end:
                break
            try:
                if person.socket is None:  # a reconnect that failed: try again
                    await self._come_back(person)
                if self.recorder.now() >= next_read:
                    await self._read(person)
                    next_read = self.recorder.now() + rng.expovariate(1 / cfg.read_lag)
                roll = rng.random() * (rate + others)
                if roll < rate:
                    await self._send(person)
                elif roll < rate + cfg.history_per_minute / 60:
                    await self._history(person)
                elif roll < rate + (cfg.history_per_minute + cfg.search_per_minute) / 60:
                    await self._search(person)
                else:
                    await self._reconnect(person)
                await self._maybe_react(person)
            except ApiError:
                pass  # recorded as a failed sample; people carry on

    # --- actions ---------------------------------------------------------------------------

    def _next_id(self, person: Person) -> str:
        self._counter += 1
        return f"sim-{self.seed}-{person.index}-{self._counter}"

    def _text(self, rng: random.Random) -> str:
        words = max(1, min(400, int(rng.lognormvariate(1.8, 0.9))))
        return " ".join(rng.choice(WORDS) for _ in range(words))[:4000]

    def _under_cap(self, person: Person) -> bool:
        now = self.recorder.now()
        person.send_times = [t for t in person.send_times if t > now - 60]
        return len(person.send_times) < HUMAN_CAP_PER_MINUTE and now >= person.muted_until

    async def _send(self, person: Person, planet: int | None = None) -> None:
        rng = person.rng
        planets = self.world.postable(person.member.user_id)
        if not planets or not self._under_cap(person):
            return
        reply_to = None
        if person.inbox and rng.random() < self.config.reply_probability * 2:
            last_planet, last_id, _sender = person.inbox[-1]
            if last_planet in planets:
                planet, reply_to = last_planet, last_id
        planet = planet or rng.choice(planets)
        body: dict = {"planetId": planet, "content": self._text(rng)}
        if reply_to:
            body["replyToId"] = reply_to
        if rng.random() < self.config.mention_probability:
            others = sorted(self.world.planets[planet].members - {person.member.user_id})
            if others:
                body["mentions"] = [rng.choice(others)]
        if person.socket and rng.random() < self.config.typing_probability:
            await person.socket.call(
                "typing:advanced_start",
                {"planetId": planet, "messageLength": len(body["content"]), "language": "en"},
            )
            await asyncio.sleep(min(3.0, 0.02 * len(body["content"])) * rng.random())
        over_rest = rng.random() < self.config.rest_fraction or person.socket is None
        message = await self._deliver(person, body, over_rest=over_rest)
        if message and rng.random() < self.config.edit_probability and person.socket:
            await person.socket.call(
                "message:edit", {"messageId": message["id"], "content": body["content"] + " (edit)"}
            )

    async def _deliver(self, person: Person, body: dict, *, over_rest: bool) -> dict | None:
        """Send one message and remember what happened to it."""
        cmid = self._next_id(person)
        body = {**body, "clientMessageId": cmid}
        record = Sent(cmid, body["planetId"], person.member.user_id, self.recorder.now())
        self.sent[cmid] = record
        person.send_times.append(record.sent_at)
        self.recorder.sent_at[cmid] = record.sent_at
        try:
            if over_rest:
                planet = body.pop("planetId")
                message = await person.member.api(
                    "POST",
                    f"/api/v1/planets/{planet}/messages",
                    op="rest:POST message",
                    json_body=body,
                )
            else:
                message = (await person.socket.call("message:send", body))["message"]
        except ApiError as exc:
            record.outcome = "refused" if exc.answered else "unknown"
            if exc.code == "RATE_LIMITED":
                details = (exc.body or {}).get("error", {}).get("details", {})
                person.muted_until = self.recorder.now() + details.get("retryAfterSeconds", 60)
            return None
        record.message_id, record.acked_at, record.outcome = (
            message["id"],
            self.recorder.now(),
            "acked",
        )
        return message

    async def _flood(self, person: Person) -> None:
        """A bad actor: as many messages as the socket takes, until the rate limit stops it."""
        planets = self.world.postable(person.member.user_id)
        if not planets:
            return
        planet = person.rng.choice(planets)
        for i in range(120):
            if self.recorder.now() >= self._end:
                return
            body = {"planetId": planet, "content": f"BUY NOW {i} " + "!" * 20}
            if await self._deliver(person, body, over_rest=False) is None:
                return  # muted: the limit works; the rest of the run is quiet
            await asyncio.sleep(0.01)

    async def _read(self, person: Person) -> None:
        """Read what arrived: the messages themselves (most of the time) or a whole planet."""
        if not person.inbox or person.socket is None:
            return
        by_planet: dict[int, list[int]] = {}
        for planet, message_id, _ in person.inbox:
            if message_id not in person.read:
                by_planet.setdefault(planet, []).append(message_id)
        person.inbox.clear()
        for planet, ids in sorted(by_planet.items()):
            if person.rng.random() < 0.2:
                reply = await person.socket.call("planet:read_all", {"planetId": planet})
            else:
                reply = await person.socket.call(
                    "messages:read_multiple", {"planetId": planet, "messageIds": ids[:100]}
                )
            person.read.update(reply["messageIds"])

    async def _maybe_react(self, person: Person) -> None:
        if (
            person.inbox
            and person.socket is not None
            and person.rng.random() < self.config.react_probability * 4
        ):
            _, message_id, _ = person.rng.choice(person.inbox)
            await person.socket.call(
                "message:react", {"messageId": message_id, "emoji": person.rng.choice(EMOJI)}
            )

    async def _history(self, person: Person) -> None:
        planets = sorted(self.world.planets_of.get(person.member.user_id, ()))
        if planets:
            planet = person.rng.choice(planets)
            await person.member.api(
                "GET",
                f"/api/v1/planets/{planet}/messages",
                op="rest:GET history",
                params={"limit": 50},
            )

    async def _search(self, person: Person) -> None:
        await person.member.api(
            "GET",
            "/api/v1/messages/search",
            op="rest:GET search",
            params={"q": person.rng.choice(SEARCH_TERMS)},
        )

    async def _reconnect(self, person: Person) -> None:
        """Drop off for a moment, come back and catch up on what was missed."""
        old = person.socket
        if old is None:
            return
        person.socket = None
        await old.close()
        await asyncio.sleep(person.rng.uniform(0.5, 3.0))
        await self._come_back(person)

    async def _come_back(self, person: Person) -> None:
        """A new socket, then ``messages:sync`` for what arrived while away."""
        await self._connect(person)
        # The newest message seen per planet (0: nothing yet, from the start).
        last_seen = {
            str(planet): person.last_seen.get(planet, 0)
            for planet in sorted(self.world.planets_of.get(person.member.user_id, ()))
        }
        reply = await person.socket.call("messages:sync", {"lastSeen": last_seen})
        for entry in reply["planets"]:
            for message in entry["messages"]:
                self._caught_up(person, message)
            if entry.get("truncated") and entry["messages"]:
                await self._page_after(person, entry["planetId"], entry["messages"][-1]["id"])

    def _caught_up(self, person: Person, message: dict) -> None:
        person.synced.add(message["id"])
        self._arrived(person, message)

    async def _page_after(self, person: Person, planet: int, after: int) -> None:
        while True:
            page = await person.member.api(
                "GET",
                f"/api/v1/planets/{planet}/messages",
                op="rest:GET history",
                params={"after": after, "limit": 100},
            )
            items = page["items"]
            for message in items:
                self._caught_up(person, message)
            if not items or not page.get("hasMoreAfter"):
                return
            after = items[-1]["id"]

    async def _resolve_unknown(self) -> None:
        """A send whose answer never came is sent again with the same clientMessageId: the
        server answers with the first result (or stores it now), so every outcome is known."""
        for record in [s for s in self.sent.values() if s.outcome == "unknown"]:
            sender = self.world.by_id[record.sender]
            try:
                message = await sender.api(
                    "POST",
                    f"/api/v1/planets/{record.planet}/messages",
                    op="rest:POST message (retry)",
                    json_body={"content": "retry", "clientMessageId": record.client_message_id},
                )
            except ApiError:
                record.outcome = "refused"
                continue
            record.message_id, record.acked_at, record.outcome = (
                message["id"],
                self.recorder.now(),
                "acked",
            )

    async def _drain(self) -> None:
        """Wait until every listening socket has what it should, or the drain timeout."""
        deadline = time.monotonic() + self.config.drain_timeout
        while time.monotonic() < deadline:
            if not check.missing_on_open_sockets(self):
                return
            await asyncio.sleep(0.2)

    async def close(self) -> None:
        await asyncio.gather(*(s.close() for s in self.sockets if not s.closed))
