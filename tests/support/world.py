"""Builders for travels, members and planets, through the public API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tests.support.api import Api, Session


def iso(dt: datetime) -> str:
    return dt.isoformat()


def travel_body(**overrides) -> dict:
    now = datetime.now(UTC)
    body = {
        "name": "Jeju Spring Trip",
        "description": "Hiking Hallasan",
        "startDate": iso(now - timedelta(days=1)),
        "endDate": iso(now + timedelta(days=6)),
        "visibility": "INVITE_ONLY",
    }
    body.update(overrides)
    return body


async def make_travel(host: Session, **overrides) -> dict:
    r = await host.post("/api/v1/travels", json=travel_body(**overrides))
    assert r.status_code == 201, r.text
    return r.json()


async def join(member: Session, travel: dict) -> dict:
    body = {"inviteCode": travel["inviteCode"]} if travel.get("inviteCode") else {}
    r = await member.post(f"/api/v1/travels/{travel['id']}/join", json=body)
    assert r.status_code in (200, 201), r.text
    return r.json()


async def membership_id(
    session: Session, travel_id: int, user_id: int, status: str = "ACTIVE"
) -> int:
    r = await session.get(
        f"/api/v1/travels/{travel_id}/members", params={"status": status, "limit": 100}
    )
    assert r.status_code == 200, r.text
    return next(m["id"] for m in r.json()["items"] if m["userId"] == user_id)


def default_planet(travel: dict) -> dict:
    return next(p for p in travel["planets"] if p["isDefault"])


@dataclass
class Cast:
    """One travel with somebody in every role of the permission matrix."""

    admin: Session
    host: Session
    travel_moderator: Session
    planet_moderator: Session  # a participant who moderates `planet`
    member: Session
    outsider: Session  # signed in, not in the travel
    travel: dict
    planet: dict  # a GROUP planet everyone is in

    def by_role(self, role: str) -> Session:
        return getattr(self, role)


ROLES = ("admin", "host", "travel_moderator", "planet_moderator", "member", "outsider")


async def make_cast(api: Api) -> Cast:
    admin = await api.sign_in("admin@connecto.test")
    host, tmod, pmod, member, outsider = [await api.sign_in() for _ in range(5)]
    travel = await make_travel(host)
    for person in (tmod, pmod, member):
        await join(person, travel)
    r = await host.patch(
        f"/api/v1/travel-users/{await membership_id(host, travel['id'], tmod.user_id)}",
        json={"role": "MODERATOR"},
    )
    assert r.status_code == 200, r.text
    r = await host.post(f"/api/v1/travels/{travel['id']}/planets", json={"name": "Food"})
    assert r.status_code == 201, r.text
    planet = r.json()
    r = await host.patch(
        f"/api/v1/planets/{planet['id']}/members/{pmod.user_id}", json={"role": "MODERATOR"}
    )
    assert r.status_code == 200, r.text
    r = await host.get(f"/api/v1/travels/{travel['id']}", params={"include": "planets"})
    return Cast(admin, host, tmod, pmod, member, outsider, r.json(), planet)
