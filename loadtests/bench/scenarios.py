"""The standard scenarios, run against one production-shape stack with one population:

- ``users_me``: authenticated ``GET /api/v1/users/me`` (wrk, tokens of many users);
- ``send_10`` / ``send_100``: messages to planets of 10 / 100 members who all listen on
  sockets: accepted messages/s, deliveries/s, fan-out latency (send -> receipt), closed loop
  (a fixed number of senders, each waits for its ack) and open loop (a fixed offered rate);
- ``senders_64`` / ``senders_256``: that many concurrent REST senders: zero 5xx, every
  accepted message delivered exactly once to every listening member;
- ``history``: a page of 50 messages (wrk), then the same at half that rate (open loop) for p99;
- ``search``: message search (wrk);
- ``idle_sockets``: many authenticated sockets held open: time to open, memory per socket,
  none dropped.

Realistic load, not a single user with limits off: traffic is spread over many users, each
paced under the spec's 100 messages a minute (at most 90), so the server's rate limits stay
as shipped.
"""

from __future__ import annotations

import asyncio
import heapq
import random
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import redis.asyncio as aioredis

from loadtests.bench.measure import Usage, load_average, own_cpu, percentiles, wrk
from simulation.chat import Sent
from simulation.check import socket_deliveries
from simulation.client import ApiError, Http, Member, Recorder, Socket
from simulation.population import World, bounded, create_travel, sign_in_many
from simulation.stack import Stack

# Each user sends at most 90 messages in any minute (the server's limit is 100).
MIN_SEND_INTERVAL = 60 / 90
SERVER_ERRORS = {"INTERNAL_ERROR", "SERVICE_UNAVAILABLE"}


@dataclass
class Sizes:
    small_planets: int = 100  # planets of 10 members (1,000 users)
    big_members: int = 100  # one planet of 100 members
    seconds: float = 15.0  # per measured run
    open_rates: tuple[int, ...] = (200, 500)
    big_open_rate: int = 100
    idle_sockets: int = 10_000
    idle_hold: float = 60.0
    locust_users: int = 200
    locust_seconds: float = 45.0

    @classmethod
    def quick(cls) -> Sizes:
        return cls(
            small_planets=20,
            big_members=50,
            seconds=6.0,
            open_rates=(100, 200),
            big_open_rate=50,
            idle_sockets=2_000,
            idle_hold=10.0,
            locust_users=50,
            locust_seconds=30.0,
        )


@dataclass
class Population:
    members: list[Member]
    small: list[int]  # planet ids of 10 members
    big: int  # planet id of the large planet
    world: World
    sockets: list[Socket] = field(default_factory=list)
    ready_at: dict[int, float] = field(default_factory=dict)  # user -> earliest next send


class Bench:
    def __init__(self, stack: Stack, sizes: Sizes, seed: int = 1) -> None:
        self.stack, self.sizes = stack, sizes
        self.recorder = Recorder()
        self.http = Http(stack.url, self.recorder, connections=600)
        self.rng = random.Random(seed)
        self.population: Population | None = None
        self._counter = 0

    async def close(self) -> None:
        if self.population:
            await asyncio.gather(
                *(s.close() for s in self.population.sockets), return_exceptions=True
            )
        await self.http.close()

    def usage(self) -> Usage:
        pids = self.stack.pids()
        return Usage({"server": pids["server"], "jobs": pids["jobs"], "redis": pids["redis"]})

    # --- population ----------------------------------------------------------------------

    async def populate(self) -> dict:
        started = time.monotonic()
        sizes = self.sizes
        users = sizes.small_planets * 10
        members = await sign_in_many(self.http, users, run_id=f"bench{int(time.time())}")
        world = World(members, {m.user_id: m for m in members}, [], {}, {})
        now = datetime.now(UTC)
        body = {
            "startDate": (now - timedelta(days=1)).isoformat(),
            "endDate": (now + timedelta(days=30)).isoformat(),
            "visibility": "INVITE_ONLY",
        }
        groups = [members[i : i + 10] for i in range(0, users, 10)]
        travels = await bounded(
            8,
            (
                lambda g=g, i=i: create_travel(
                    world, g[0], g[1:], {**body, "name": f"Crew {i + 1}"}
                )
                for i, g in enumerate(groups)
            ),
        )
        small = [next(p["id"] for p in t["planets"] if p["isDefault"]) for t in travels]
        crowd = members[: sizes.big_members]
        big_travel = await create_travel(
            world, crowd[0], crowd[1:], {**body, "name": "Festival crowd"}, concurrency=16
        )
        big = next(p["id"] for p in big_travel["planets"] if p["isDefault"])
        population = Population(members, small, big, world)
        population.sockets = await bounded(
            64, (lambda m=m: m.connect(self.recorder) for m in members)
        )
        self.population = population
        return {
            "users": users,
            "planets_of_10": len(small),
            "planet_of_100": sizes.big_members,
            "listening_sockets": len(population.sockets),
            "setup_seconds": round(time.monotonic() - started, 1),
        }

    async def fresh_tokens(self, seconds_needed: float) -> None:
        """Refresh access tokens that would expire during the next measurement."""
        members = self.population.members
        await bounded(
            32, (lambda m=m: m.fresh_token(min_left=seconds_needed + 60) for m in members)
        )

    async def reopen_listeners(self) -> None:
        """A listener the server closed (say, a slow consumer in an earlier overload) gets a
        new socket, so that every member listens again."""
        population = self.population
        for member in population.members:
            dead = [s for s in member.sockets if s.closed]
            if not dead:
                continue
            member.sockets = [s for s in member.sockets if not s.closed]
            population.sockets = [s for s in population.sockets if s not in dead]
            population.sockets.append(await member.connect(self.recorder))
            member.sockets.insert(0, member.sockets.pop())

    # --- sending ---------------------------------------------------------------------------

    def _senders(self, planets: list[int]) -> list[tuple[Member, int]]:
        world = self.population.world
        return [
            (world.by_id[user], planet)
            for planet in planets
            for user in sorted(world.planets[planet].members)
        ]

    async def _send_one(
        self, member: Member, planet: int, records: list[Sent], *, rest: bool
    ) -> None:
        self._counter += 1
        cmid = f"bench-{self._counter}"
        record = Sent(cmid, planet, member.user_id, self.recorder.now())
        records.append(record)
        self.recorder.sent_at[cmid] = record.sent_at
        self.population.ready_at[member.user_id] = time.monotonic() + MIN_SEND_INTERVAL
        body = {"content": f"benchmark message {self._counter}", "clientMessageId": cmid}
        try:
            if rest:
                message = await member.api(
                    "POST",
                    f"/api/v1/planets/{planet}/messages",
                    op="rest:POST message",
                    json_body=body,
                )
            else:
                sock = member.sockets[0]
                message = (await sock.call("message:send", {**body, "planetId": planet}))["message"]
        except ApiError as exc:
            record.outcome = "refused" if exc.answered else "unknown"
            return
        record.message_id, record.acked_at, record.outcome = (
            message["id"],
            self.recorder.now(),
            "acked",
        )

    async def send(
        self,
        name: str,
        planets: list[int],
        *,
        concurrency: int | None = None,
        rate: float | None = None,
        rest: bool = False,
    ) -> dict:
        """Closed loop with ``concurrency`` senders, or open loop at ``rate`` messages/s."""
        seconds = self.sizes.seconds
        await self.fresh_tokens(seconds + 60)
        await self.reopen_listeners()
        senders = self._senders(planets)
        # One message in flight per user: no more senders than users.
        concurrency = min(concurrency or 64, len(senders))
        ready = self.population.ready_at
        records: list[Sent] = []
        first_delivery = len(self.recorder.deliveries)
        first_sample = len(self.recorder.samples)
        cpu_before, load_before = own_cpu(), load_average()
        with self.usage() as usage:
            started = time.monotonic()
            end = started + seconds
            if rate is None:
                queue = [(ready.get(m.user_id, 0.0), i) for i, (m, _) in enumerate(senders)]
                heapq.heapify(queue)

                async def worker() -> None:
                    while True:
                        at, index = heapq.heappop(queue)
                        if at > end:
                            heapq.heappush(queue, (at, index))
                            return
                        await asyncio.sleep(max(0.0, at - time.monotonic()))
                        if time.monotonic() >= end:
                            return
                        member, planet = senders[index]
                        await self._send_one(member, planet, records, rest=rest)
                        heapq.heappush(queue, (ready[member.user_id], index))

                await asyncio.gather(*(worker() for _ in range(concurrency)))
            else:
                pending: list[asyncio.Task] = []
                order = list(range(len(senders)))
                self.rng.shuffle(order)
                total = int(rate * seconds)
                for k in range(total):
                    await asyncio.sleep(max(0.0, started + k / rate - time.monotonic()))
                    member, planet = senders[order[k % len(order)]]
                    pending.append(
                        asyncio.ensure_future(self._send_one(member, planet, records, rest=rest))
                    )
                await asyncio.wait(pending, timeout=60)
            sent_for = time.monotonic() - started
            await self._drain(records)
        finished = time.monotonic() - started
        generator = (own_cpu() - cpu_before) / finished
        return self._send_result(
            name,
            records,
            self.recorder.deliveries[first_delivery:],
            self.recorder.samples[first_sample:],
            sent_for=sent_for,
            usage=usage,
            generator=generator,
            load=(load_before, load_average()),
            mode=f"open loop, {rate:g} msgs/s offered"
            if rate
            else f"closed loop, {concurrency} senders",
            members=len(self.population.world.planets[planets[0]].members),
            transport="REST" if rest else "WebSocket",
        )

    async def _drain(self, records: list[Sent], timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        sockets = self.population.sockets
        planets_of = self.population.world.planets_of
        while time.monotonic() < deadline:
            if not socket_deliveries(records, sockets, planets_of)[1]:
                return
            await asyncio.sleep(0.25)

    def _send_result(self, name, records, deliveries, samples, **info) -> dict:
        acked = [r for r in records if r.outcome == "acked"]
        by_cmid = {r.client_message_id: r for r in records}
        delays = [
            (d.at - by_cmid[d.client_message_id].sent_at) * 1000
            for d in deliveries
            if d.client_message_id in by_cmid
        ]
        acks = [s.ms for s in samples if s.op in ("ws:message:send", "rest:POST message") and s.ok]
        errors: dict[str, int] = {}
        for s in samples:
            if not s.ok and s.op in ("ws:message:send", "rest:POST message"):
                errors[s.code] = errors.get(s.code, 0) + 1
        server_errors = sum(
            n for c, n in errors.items() if c in SERVER_ERRORS or (c.isdigit() and int(c) >= 500)
        )
        required, lost, duplicated, examples = socket_deliveries(
            records, self.population.sockets, self.population.world.planets_of
        )
        sent_for = info.pop("sent_for")
        usage: Usage = info.pop("usage")
        generator, load = info.pop("generator"), info.pop("load")
        closed: dict[str, int] = {}
        for sock in self.population.sockets:
            if sock.closed:
                closed[str(sock.close_code)] = closed.get(str(sock.close_code), 0) + 1
        ack_window = max((r.acked_at for r in acked), default=0) - min(
            (r.sent_at for r in records), default=0
        )
        return {
            "name": name,
            **info,
            "seconds": round(sent_for, 1),
            "sent": len(records),
            "accepted": len(acked),
            "accepted_per_second": round(len(acked) / max(ack_window, sent_for, 1e-9), 1),
            "deliveries": len(delays),
            "deliveries_per_second": round(len(delays) / max(ack_window, sent_for, 1e-9), 1),
            "ack": percentiles(acks),
            "fanout": percentiles(delays),
            "errors": errors,
            "server_errors": server_errors,
            "required_deliveries": required,
            "lost": lost,
            "duplicated": duplicated,
            "examples": examples[:5],
            "server_cores": usage.cores(),
            "server_peak_rss_mib": {k: round(v) for k, v in usage.peak_rss_mib.items()},
            "listeners_closed": closed,
            "generator_cores": round(generator, 2),
            "load_average": load,
        }

    # --- plain GETs ------------------------------------------------------------------------

    def _wrk(self, name: str, requests: list[tuple[str, str]], **extra) -> dict:
        load_before = load_average()
        with self.usage() as usage:
            result = wrk(
                self.stack.url + requests[0][0], duration=self.sizes.seconds, requests=requests
            )
        return {
            "name": name,
            "mode": "closed loop, wrk -t2 -c64",
            "rps": round(result.rps, 1),
            "requests": result.requests,
            "p50_ms": result.p50_ms,
            "p95_ms": result.p95_ms,
            "p99_ms": result.p99_ms,
            "max_ms": result.max_ms,
            "errors": result.errors,
            "server_cores": usage.cores(),
            "server_peak_rss_mib": {k: round(v) for k, v in usage.peak_rss_mib.items()},
            "generator_cores": result.generator_cores,
            "load_average": (load_before, load_average()),
            **extra,
        }

    async def users_me(self) -> dict:
        await self.fresh_tokens(self.sizes.seconds + 60)
        requests = [("/api/v1/users/me", m.access_token) for m in self.population.members]
        return await asyncio.to_thread(self._wrk, "users_me", requests)

    def _history_requests(self) -> list[tuple[str, str]]:
        world = self.population.world
        return [
            (f"/api/v1/planets/{p}/messages?limit=50", world.by_id[user].access_token)
            for p in self.population.small
            for user in sorted(world.planets[p].members)[:3]
        ]

    async def fill_planets(self, messages: int) -> None:
        """Top up each 10-member planet to at least ``messages`` messages (members take turns,
        paced like every sender here), so that a history page is a full page."""
        world = self.population.world

        async def fill(planet: int) -> None:
            members = [world.by_id[u] for u in sorted(world.planets[planet].members)]
            page = await members[0].api(
                "GET",
                f"/api/v1/planets/{planet}/messages",
                op="setup:history",
                params={"limit": 100},
            )
            records: list[Sent] = []
            for k in range(max(0, messages - len(page["items"]))):
                member = members[k % len(members)]
                wait = self.population.ready_at.get(member.user_id, 0.0) - time.monotonic()
                await asyncio.sleep(max(0.0, wait))
                await self._send_one(member, planet, records, rest=True)

        await bounded(16, (lambda p=p: fill(p) for p in self.population.small))

    async def history(self) -> list[dict]:
        await self.fresh_tokens(3 * self.sizes.seconds + 120)
        await self.fill_planets(60)
        requests = self._history_requests()
        sizes = []
        for path, token in requests[:: max(1, len(requests) // 10)]:
            page = await self.http.request("GET", path, token=token, op="check:history")
            sizes.append(len(page["items"]))
        closed = await asyncio.to_thread(
            self._wrk, "history", requests, page_sizes=sorted(set(sizes))
        )
        half = max(1.0, closed["rps"] / 2)
        return [closed, await self.fixed_rate_get("history_half_rate", requests, half)]

    async def fixed_rate_get(self, name: str, requests: list[tuple[str, str]], rate: float) -> dict:
        """Open loop: requests at ``rate`` per second regardless of answers; latency of each."""
        seconds = self.sizes.seconds
        first = len(self.recorder.samples)
        cpu_before, load_before = own_cpu(), load_average()
        with self.usage() as usage:
            started = time.monotonic()
            tasks = []
            for k in range(int(rate * seconds)):
                await asyncio.sleep(max(0.0, started + k / rate - time.monotonic()))
                path, token = requests[k % len(requests)]
                tasks.append(
                    asyncio.ensure_future(
                        self.http.request("GET", path, token=token, op=f"fixed:{name}")
                    )
                )
            await asyncio.gather(*tasks, return_exceptions=True)
            took = time.monotonic() - started
        samples = [s for s in self.recorder.samples[first:] if s.op == f"fixed:{name}"]
        return {
            "name": name,
            "mode": f"open loop, {rate:.0f} requests/s offered",
            "rps": round(sum(s.ok for s in samples) / took, 1),
            "requests": len(samples),
            **percentiles([s.ms for s in samples if s.ok]),
            "errors": sum(not s.ok for s in samples),
            "server_cores": usage.cores(),
            "server_peak_rss_mib": {k: round(v) for k, v in usage.peak_rss_mib.items()},
            "generator_cores": round((own_cpu() - cpu_before) / took, 2),
            "load_average": (load_before, load_average()),
        }

    async def search(self) -> dict:
        await self.fresh_tokens(self.sizes.seconds + 60)
        words = ("benchmark", "message", "benchmark message", "1", "ferry")
        members = self.population.members
        requests = [
            (f"/api/v1/messages/search?q={words[i % len(words)].replace(' ', '+')}", m.access_token)
            for i, m in enumerate(members)
        ]
        return await asyncio.to_thread(self._wrk, "search", requests)

    # --- idle sockets ----------------------------------------------------------------------

    async def _sockets_per_process(self) -> dict[str, int]:
        client = aioredis.Redis.from_url(self.stack.redis_url, decode_responses=True)
        counts: dict[str, int] = {}
        try:
            async for key in client.scan_iter("rt:online:*", count=1000):
                for process, n in (await client.hgetall(key)).items():
                    counts[process] = counts.get(process, 0) + int(n)
        finally:
            await client.aclose()
        return counts

    async def idle_sockets(self) -> dict:
        count, hold = self.sizes.idle_sockets, self.sizes.idle_hold
        await self.fresh_tokens(hold + 120)
        members = self.population.members
        worker_pids = self.stack.pids()["server"][1:]
        load_before = load_average()
        with self.usage() as usage:
            rss_before = usage.rss_mib["server"]
            started = time.monotonic()
            cpu_before = own_cpu()
            opened: list[Socket | BaseException] = await bounded(
                200,
                (lambda m=members[i % len(members)]: self._open_quiet(m) for i in range(count)),
            )
            open_seconds = time.monotonic() - started
            generator = (own_cpu() - cpu_before) / max(open_seconds, 1e-9)
            sockets = [s for s in opened if isinstance(s, Socket)]
            failures = len(opened) - len(sockets)
            failure_codes: dict[str, int] = {}
            for failure in opened:
                if isinstance(failure, ApiError):
                    failure_codes[failure.code] = failure_codes.get(failure.code, 0) + 1
            await asyncio.sleep(2)  # let the servers settle their buffers before measuring
            usage._sample_memory()
            rss_after = usage.rss_mib["server"]
            per_process = await self._sockets_per_process()
            await asyncio.sleep(hold)
            dropped = sum(1 for s in sockets if s.closed)
        await asyncio.gather(*(s.close() for s in sockets), return_exceptions=True)
        return {
            "name": "idle_sockets",
            "mode": f"{count:,} sockets of {len(members):,} users, held {hold:.0f} s",
            "sockets": count,
            "opened": len(sockets),
            "failed_to_open": failures,
            "failure_codes": failure_codes,
            "open_seconds": round(open_seconds, 1),
            "opened_per_second": round(len(sockets) / max(open_seconds, 1e-9)),
            "dropped_while_held": dropped,
            "server_rss_mib_before": round(rss_before),
            "server_rss_mib_after": round(rss_after),
            "kib_per_socket": round((rss_after - rss_before) * 1024 / max(len(sockets), 1), 1),
            "workers": len(worker_pids),
            "sockets_per_process": sorted(per_process.values(), reverse=True),
            "server_cores": usage.cores(),
            "generator_cores": round(generator, 2),
            "load_average": (load_before, load_average()),
        }

    async def _open_quiet(self, member: Member) -> Socket | BaseException:
        try:
            sock = await Socket.open(
                self.http, self.recorder, member, member.access_token, record_deliveries=False
            )
        except ApiError as exc:
            return exc
        return sock
