"""Hostile WebSocket input: every registered event (``connecto.realtime.registry.HANDLERS``)
with wrong types, out-of-range integers, NUL characters and deep JSON, and frames that are not
frames at all. Each gets an error in the envelope (never INTERNAL_ERROR), and the socket keeps
working. New events are covered without touching this file."""

from __future__ import annotations

import json
from typing import Any

from connecto.realtime.registry import HANDLERS
from connecto.realtime.setup import load_handlers
from connecto.schemas import INT64_MAX
from tests.support.world import make_travel
from tests.support.ws import WsClient

load_handlers()

# Deep, but within the parser's nesting limit: the frame parses, the payload is refused.
DEEP = json.loads("[" * 150 + "]" * 150)
HUGE = 2**64
HOSTILE_VALUES: list[Any] = [HUGE, -HUGE, "a\u0000b", DEEP, {"deep": DEEP}, [1, "x", None], True]


def _value_for(schema: dict, defs: dict) -> Any:
    """A plausible value of a field's JSON schema (ids that exist nowhere)."""
    if "$ref" in schema:
        return _value_for(defs[schema["$ref"].rsplit("/", 1)[1]], defs)
    if "anyOf" in schema:
        return _value_for(schema["anyOf"][0], defs)
    if "enum" in schema:
        return schema["enum"][0]
    return {
        "integer": INT64_MAX,
        "string": "x",
        "boolean": True,
        "array": [],
        "object": {},
        "number": 1,
    }.get(schema.get("type"), None)


def payloads(model) -> list[tuple[str, Any]]:
    """(label, data) pairs: a plausible base with one field made hostile, plus bad shapes."""
    schema = model.model_json_schema(by_alias=True)
    defs = schema.get("$defs", {})
    props = schema.get("properties", {})
    base = {name: _value_for(prop, defs) for name, prop in props.items()}
    cases: list[tuple[str, Any]] = [
        ("not an object", [base]),
        ("a string", "a\u0000b"),
        ("unknown field", {**base, "zzUnknown": 1}),
        ("deep", DEEP),
    ]
    for name in props:
        for value in HOSTILE_VALUES:
            cases.append((f"{name}={str(value)[:20]!r}", {**base, name: value}))
    return cases


async def _assert_error(reply: dict, label: str) -> None:
    assert reply["ok"] is False, (label, reply)
    error = reply["error"]
    assert set(error) == {"code", "reason", "details"}, (label, reply)
    assert error["code"] != "INTERNAL_ERROR", (label, reply)


async def test_every_event_refuses_hostile_data_and_the_socket_stays_usable(api, server):
    host = await api.sign_in()
    await make_travel(host)
    ws = await WsClient.connect(server.url, host.access_token)
    try:
        assert HANDLERS, "no WebSocket events registered"
        for event, registration in sorted(HANDLERS.items()):
            for label, data in payloads(registration.model):
                try:
                    reply = await ws.call(event, data)
                except TimeoutError:
                    raise AssertionError(f"no answer to {event} {label}") from None
                # Huge values with a plausible rest may pass validation only where a field
                # takes any JSON; an ok answer is fine, a crash is not.
                if reply["ok"]:
                    continue
                await _assert_error(reply, f"{event} {label}")
            await ws.settle()  # still answering
        # Nested beyond the parser's limit, the frame itself is refused: no ack id can be read,
        # so the answer is an error event.
        too_deep = json.dumps({"event": "message:send", "data": json.loads("[" * 400 + "]" * 400)})
        await ws.send_raw(too_deep)
        error = await ws.expect("error")
        assert error["code"] == "INVALID_JSON", error
        await ws.settle()
        assert not ws.closed.done(), ws.closed.result()
    finally:
        await ws.close()


async def test_frames_that_are_not_frames(api, server):
    host = await api.sign_in()
    ws = await WsClient.connect(server.url, host.access_token)
    try:
        raw_frames: list[str | bytes] = [
            "",
            "not json",
            "[" * 100_000,
            json.dumps([1, 2, 3]),
            json.dumps("text"),
            json.dumps({"event": 5}),
            json.dumps({"event": "ping", "ack": HUGE}),
            json.dumps({"event": "ping", "ack": "1"}),
            json.dumps({"event": "message:send", "ack": 1.5}),
            json.dumps({"event": "x" * 5000, "ack": 7}),
            json.dumps({"event": "nope\u0000", "data": {}, "ack": 8}),
            '{"event": "ping", "data": NaN, "ack": 9}',
            b"\xff\xfe\x00binary",
            bytes(range(256)),
        ]
        for raw in raw_frames:
            await ws.send_raw(raw)
        await ws.settle()
        errors = ws.seen("error")
        replies_with_acks = len(raw_frames) - len(errors)
        assert errors, "bad frames must be answered"
        for error in errors:
            assert set(error) == {"code", "reason", "details"}, error
            assert error["code"] != "INTERNAL_ERROR", error
        assert replies_with_acks >= 0
        assert not ws.closed.done(), ws.closed.result()
        assert (await ws.ok("ping"))["pong"] is True
    finally:
        await ws.close()
