"""The bus between processes: an envelope is applied once per process, also when a publish
reports failure although Redis took it (then it was applied locally already)."""

from __future__ import annotations

import asyncio

from redis.asyncio import Redis

from connecto.realtime import bus as bus_module
from tests.support.services import REDIS_URL


class PublishesThenFails(Redis):
    """A real Redis client whose PUBLISH reaches Redis, then reports a timeout (as when the
    reply is lost)."""

    async def publish(self, channel, message, **kwargs):
        await super().publish(channel, message, **kwargs)
        raise TimeoutError("reply lost")


MARK = -7_301  # a user id no server uses: other processes share the channel


async def _applied_while(bus: bus_module.Bus, monkeypatch, action) -> list[int]:
    applied: list[dict] = []
    monkeypatch.setattr(bus_module, "apply", applied.append)
    await action()
    await asyncio.sleep(0.3)  # let the echo (if any) arrive through Redis
    return [e["user"] for e in applied if e.get("k") == "auth" and e["user"] <= MARK]


async def test_an_envelope_is_applied_once_when_the_publish_reply_is_lost(
    required_services, monkeypatch
):
    bus = bus_module.Bus()
    await bus.start(REDIS_URL)
    try:
        ok = await _applied_while(bus, monkeypatch, lambda: bus.send({"k": "auth", "user": MARK}))
        assert ok == [MARK]  # the normal way: back through Redis, once
        await bus._publisher.aclose()
        bus._publisher = PublishesThenFails.from_url(REDIS_URL, single_connection_client=True)
        lost = await _applied_while(
            bus, monkeypatch, lambda: bus.send({"k": "auth", "user": MARK - 1})
        )
        assert lost == [MARK - 1]  # locally at once; its echo is skipped
    finally:
        await bus.stop()
