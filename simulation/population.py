"""A synthetic population built through the public API: users signed in with dev identity
tokens, travels of realistic sizes (one or two large groups, many small ones, a long tail),
planets of each type and direct conversations.

Everything random comes from one ``random.Random(seed)``, so a seed gives the same shape.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from simulation.client import Http, Member

T = TypeVar("T")

FIRST_NAMES = (
    "Hana Jun Minji Seo Yuna Tae Ji-ho Mina Daniel Sofia Lucas Emma Noah Mia Leo Ava Kai "
    "Lena Omar Sara Ravi Aiko Chen Lia Tomas Ines Pablo Nora Felix Zoe"
).split()
PLACES = (
    "Jeju Busan Kyoto Lisbon Hanoi Oaxaca Reykjavik Tbilisi Cusco Bali Porto Seoul Taipei "
    "Marrakesh Hallstatt Lofoten Patagonia Sapporo Naples Queenstown"
).split()


@dataclass
class PlanetInfo:
    id: int
    travel_id: int
    type: str  # group | announcement | direct
    members: set[int] = field(default_factory=set)
    writers: set[int] | None = None  # None: every member may post


@dataclass
class World:
    members: list[Member]
    by_id: dict[int, Member]
    travels: list[dict]
    planets: dict[int, PlanetInfo]
    planets_of: dict[int, set[int]]  # user id -> planet ids

    def add_member(self, planet_id: int, user_id: int) -> None:
        self.planets[planet_id].members.add(user_id)
        self.planets_of.setdefault(user_id, set()).add(planet_id)

    def postable(self, user_id: int) -> list[int]:
        """Planets this user may post in."""
        return sorted(
            p
            for p in self.planets_of.get(user_id, ())
            if self.planets[p].writers is None or user_id in self.planets[p].writers
        )


def travel_sizes(rng: random.Random, users: int) -> list[int]:
    """Group sizes covering ``users`` people: about a quarter of them in one or two large
    travels, the rest in small groups with a long tail (Pareto)."""
    sizes: list[int] = []
    remaining = users
    large = max(2, min(200, users // 4))
    if users >= 8:
        sizes.append(large)
        remaining -= large
    while remaining > 0:
        size = max(2, min(60, int(rng.paretovariate(1.4) * 3)))
        size = min(size, remaining) if remaining >= 2 else 2
        sizes.append(size)
        remaining -= size
    return sizes


async def bounded(concurrency: int, jobs: Iterable[Callable[[], Awaitable[T]]]) -> list[T]:
    """Run the jobs with at most ``concurrency`` at a time, results in order."""
    gate = asyncio.Semaphore(concurrency)

    async def run(job: Callable[[], Awaitable[T]]) -> T:
        async with gate:
            return await job()

    return await asyncio.gather(*(run(job) for job in jobs))


async def sign_in_many(
    http: Http, count: int, *, run_id: str, concurrency: int = 16, first: int = 0
) -> list[Member]:
    """Sign in ``count`` users through the dev identity provider; each has a device push
    token, so an offline user gets pushes."""

    def job(i: int) -> Callable[[], Awaitable[Member]]:
        name = f"{FIRST_NAMES[i % len(FIRST_NAMES)]} {i}"
        email = f"sim-{run_id}-{i}@example.com"
        return lambda: Member.sign_in(http, email, name=name, push_token=f"sim-{run_id}-device-{i}")

    return await bounded(concurrency, (job(i) for i in range(first, first + count)))


def travel_body(rng: random.Random, name: str, *, public: bool = False) -> dict:
    now = datetime.now(UTC)
    return {
        "name": name,
        "description": f"{name}: itinerary, rides and photos",
        "startDate": (now - timedelta(days=rng.randint(0, 3))).isoformat(),
        "endDate": (now + timedelta(days=rng.randint(3, 20))).isoformat(),
        "visibility": "PUBLIC" if public else "INVITE_ONLY",
    }


async def create_travel(
    world: World, host: Member, guests: list[Member], body: dict, *, concurrency: int = 8
) -> dict:
    """A travel hosted by ``host`` that ``guests`` join (by invite code when it has one)."""
    travel = await host.api("POST", "/api/v1/travels", op="setup:travel", json_body=body)
    world.travels.append(travel)
    general = next(p for p in travel["planets"] if p["isDefault"])
    world.planets[general["id"]] = PlanetInfo(general["id"], travel["id"], "group")
    world.add_member(general["id"], host.user_id)
    join_body = {"inviteCode": travel["inviteCode"]} if travel.get("inviteCode") else {}

    def joiner(guest: Member) -> Callable[[], Awaitable[None]]:
        async def join() -> None:
            await guest.api(
                "POST", f"/api/v1/travels/{travel['id']}/join", op="setup:join", json_body=join_body
            )
            world.add_member(general["id"], guest.user_id)

        return join

    await bounded(concurrency, (joiner(g) for g in guests))
    travel["memberIds"] = [host.user_id, *(g.user_id for g in guests)]
    return travel


async def add_planet(
    world: World, host: Member, travel: dict, name: str, kind: str, joiners: list[Member]
) -> PlanetInfo:
    """A GROUP planet members join themselves, or an ANNOUNCEMENT planet everyone is in."""
    announcement = kind == "announcement"
    planet = await host.api(
        "POST",
        f"/api/v1/travels/{travel['id']}/planets",
        op="setup:planet",
        json_body={
            "name": name,
            "type": "announcement" if announcement else "group",
            "autoJoin": announcement,
        },
    )
    info = PlanetInfo(
        planet["id"], travel["id"], kind, writers={host.user_id} if announcement else None
    )
    world.planets[info.id] = info
    if announcement:
        for user_id in travel["memberIds"]:
            world.add_member(info.id, user_id)
        return info
    world.add_member(info.id, host.user_id)
    for member in joiners:
        await member.api("POST", f"/api/v1/planets/{info.id}/join", op="setup:planet-join")
        world.add_member(info.id, member.user_id)
    return info


async def add_direct(world: World, a: Member, b: Member, travel: dict) -> PlanetInfo:
    planet = await a.api(
        "POST",
        f"/api/v1/travels/{travel['id']}/direct-planets",
        op="setup:direct",
        json_body={"userId": b.user_id},
    )
    info = world.planets.get(planet["id"]) or PlanetInfo(planet["id"], travel["id"], "direct")
    world.planets[info.id] = info
    world.add_member(info.id, a.user_id)
    world.add_member(info.id, b.user_id)
    return info


@dataclass
class TravelPlan:
    group: list[int]  # member indices, host first
    body: dict
    announcement: bool
    topic_joiners: list[int] | None  # a GROUP planet members join themselves, and who joins
    directs: list[tuple[int, int]]


def plan_travels(rng: random.Random, users: int) -> list[TravelPlan]:
    """Who travels with whom, drawn up front so that a seed gives the same world however the
    concurrent API calls interleave."""
    order = list(range(users))
    rng.shuffle(order)
    groups: list[list[int]] = []
    start = 0
    for size in travel_sizes(rng, users):
        groups.append(order[start : start + size])
        start += size
    # Some people travel twice: a fifth of them also join a second group.
    for person in order:
        if len(groups) > 1 and rng.random() < 0.2:
            group = rng.choice(groups)
            if person not in group:
                group.append(person)
    plans = []
    for index, group in enumerate(groups):
        place = PLACES[index % len(PLACES)]
        body = travel_body(rng, f"{place} trip {index + 1}", public=rng.random() < 0.2)
        guests = group[1:]
        topic = rng.sample(guests, k=len(guests) // 2) if len(group) >= 8 else None
        directs = [tuple(rng.sample(group, 2)) for _ in range(min(3, len(group) // 3))]
        plans.append(TravelPlan(group, body, len(group) >= 5, topic, directs))
    return plans


async def build_population(
    http: Http, rng: random.Random, *, users: int, run_id: str, concurrency: int = 16
) -> World:
    """Users, travels, planets of each type and direct conversations, through the API."""
    plans = plan_travels(rng, users)
    members = await sign_in_many(http, users, run_id=run_id, concurrency=concurrency)
    world = World(members, {m.user_id: m for m in members}, [], {}, {})

    async def one_travel(plan: TravelPlan) -> None:
        host, guests = members[plan.group[0]], [members[i] for i in plan.group[1:]]
        travel = await create_travel(world, host, guests, plan.body)
        if plan.announcement:
            await add_planet(world, host, travel, "Announcements", "announcement", [])
        if plan.topic_joiners is not None:
            joiners = [members[i] for i in plan.topic_joiners]
            await add_planet(world, host, travel, "Food spots", "group", joiners)
        for a, b in plan.directs:
            await add_direct(world, members[a], members[b], travel)

    await bounded(4, (lambda p=p: one_travel(p) for p in plans))
    return world
