"""Correctness under load: every acknowledged message reached every listening member exactly
once, and every unread count the server reports is the one the simulation can compute from
what it sent and read.

Delivery rules (a message is "acknowledged" when its send answered with the stored message):
- a socket open from before a message was sent until the end of the run must receive it;
- a person who dropped off and came back must have it on one of their sockets or from the
  catch-up (``messages:sync`` and history pages), if it was sent after they first connected;
- no socket receives a message twice (a person may see one both live and in a catch-up:
  clients merge by id, so that is not a duplicate).
Messages sent while a socket was being opened (before its ``connected`` frame) are not
required on that socket.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from simulation.client import ApiError, Socket

if TYPE_CHECKING:
    from simulation.chat import ChatRun, Sent


@dataclass
class CheckResult:
    acknowledged: int = 0
    refused: int = 0
    unknown: int = 0  # outcome never learned (should be 0: unknowns are resent)
    expected_deliveries: int = 0  # live deliveries required on sockets that stayed open
    delivered: int = 0  # message:new frames of acknowledged messages received
    lost: int = 0  # required on an open socket but never received
    lost_after_reconnect: int = 0  # neither live nor in the catch-up of a reconnected person
    duplicated: int = 0  # extra copies of one message on one socket
    unknown_messages: int = 0  # message:new of a sim message the simulation never saw acked
    unread_checked: int = 0  # (person, planet) counts compared
    unread_wrong: int = 0
    total_unread_wrong: int = 0
    examples: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (
            self.lost
            or self.lost_after_reconnect
            or self.duplicated
            or self.unknown
            or self.unknown_messages
            or self.unread_wrong
            or self.total_unread_wrong
        )

    def as_dict(self) -> dict:
        return {**asdict(self), "ok": self.ok}

    def note(self, text: str) -> None:
        if len(self.examples) < 20:
            self.examples.append(text)


def acked_by_planet(sent: Iterable[Sent]) -> dict[int, list[tuple[float, int]]]:
    by_planet: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for record in sent:
        if record.outcome == "acked":
            by_planet[record.planet].append((record.sent_at, record.message_id))
    return by_planet


def missing_on_open_sockets(run: ChatRun) -> int:
    """Required deliveries not (yet) received by sockets still open."""
    return socket_deliveries(run.sent.values(), run.sockets, run.world.planets_of)[1]


def socket_deliveries(
    sent: Iterable[Sent], sockets: Iterable[Socket], planets_of: dict[int, set[int]]
) -> tuple[int, int, int, list[str]]:
    """(required, lost, duplicated, examples) over the sockets still open: each must have
    every acknowledged message of its user's planets sent after it connected, once."""
    by_planet = acked_by_planet(sent)
    required = lost = duplicated = 0
    examples: list[str] = []
    for sock in sockets:
        for message_id, times in sock.received.items():
            if times > 1:
                duplicated += times - 1
                examples.append(f"socket {sock.id} (user {sock.user}) got {message_id} x{times}")
        if sock.closed:
            continue
        for planet in planets_of.get(sock.user, ()):
            for sent_at, message_id in by_planet.get(planet, ()):
                if sent_at < sock.connected_at:
                    continue
                required += 1
                if message_id not in sock.received:
                    lost += 1
                    examples.append(f"socket {sock.id} (user {sock.user}) never got {message_id}")
    return required, lost, duplicated, examples


def check_deliveries(run: ChatRun, result: CheckResult) -> None:
    by_planet = acked_by_planet(run.sent.values())
    outcomes = [r.outcome for r in run.sent.values()]
    result.acknowledged = outcomes.count("acked")
    result.refused = outcomes.count("refused")
    result.unknown = outcomes.count("unknown")
    acked_ids = {r.message_id for r in run.sent.values() if r.outcome == "acked"}
    result.expected_deliveries, result.lost, result.duplicated, examples = socket_deliveries(
        run.sent.values(), run.sockets, run.world.planets_of
    )
    for line in examples:
        result.note(line)
    for sock in run.sockets:
        result.delivered += sum(t for m, t in sock.received.items() if m in acked_ids)
    sim_prefix = f"sim-{run.seed}-"
    for delivery in run.recorder.deliveries:
        cmid = delivery.client_message_id
        if cmid and cmid.startswith(sim_prefix) and delivery.message not in acked_ids:
            result.unknown_messages += 1
            result.note(f"message {delivery.message} ({cmid}) delivered but never acknowledged")
    for person in run.people:
        if person.first_connected is None or len(person.member.sockets) < 2:
            continue  # never online, or never reconnected (checked per socket above)
        seen = set(person.synced)
        for sock in person.member.sockets:
            seen.update(sock.received)
        for planet in run.world.planets_of.get(person.member.user_id, ()):
            for sent_at, message_id in by_planet.get(planet, ()):
                if sent_at >= person.first_connected and message_id not in seen:
                    result.lost_after_reconnect += 1
                    result.note(f"user {person.member.user_id} missed {message_id} (reconnected)")


async def check_unread(run: ChatRun, result: CheckResult) -> None:
    """Ask the server for everybody's unread counts and compare with what the simulation
    knows: messages from others in the person's planets that they have not read."""
    by_planet: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for record in run.sent.values():
        if record.outcome == "acked":
            by_planet[record.planet].append((record.message_id, record.sender))
    for person in run.people:
        # Counters follow a message through its after-commit events: once the run is quiet
        # they must agree; give a busy server a few seconds to get there.
        for _attempt in range(10):
            lines, wrong, total_wrong, checked = await _compare_unread(run, person, by_planet)
            if not (wrong or total_wrong):
                break
            await asyncio.sleep(0.5)
        result.unread_checked += checked
        result.unread_wrong += wrong
        result.total_unread_wrong += total_wrong
        for line in lines:
            result.note(line)


async def _compare_unread(
    run: ChatRun, person, by_planet: dict[int, list[tuple[int, int]]]
) -> tuple[list[str], int, int, int]:
    user_id = person.member.user_id
    try:
        counts = await person.member.api(
            "GET", "/api/v1/users/me/unread-counts", op="check:unread-counts"
        )
    except ApiError as exc:
        return [f"user {user_id}: unread counts unavailable ({exc.code})"], 1, 0, 0
    reported = {entry["planetId"]: entry["unreadCount"] for entry in counts["planets"]}
    lines, wrong, total, checked = [], 0, 0, 0
    for planet in sorted(run.world.planets_of.get(user_id, ())):
        expected = sum(
            1
            for message_id, sender in by_planet.get(planet, ())
            if sender != user_id and message_id not in person.read
        )
        total += expected
        checked += 1
        if reported.get(planet, 0) != expected:
            wrong += 1
            lines.append(
                f"user {user_id} planet {planet}: server says {reported.get(planet, 0)} "
                f"unread, expected {expected}"
            )
    total_wrong = int(counts["totalUnread"] != total)
    if total_wrong:
        lines.append(f"user {user_id}: total {counts['totalUnread']}, expected {total}")
    return lines, wrong, total_wrong, checked


async def check(run: ChatRun) -> CheckResult:
    result = CheckResult()
    check_deliveries(run, result)
    await check_unread(run, result)
    return result
