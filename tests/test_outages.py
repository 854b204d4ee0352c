"""Outages (issue 8), with real servers this module starts and stops itself: a private Redis
and a private PostgreSQL cluster (TLS, certificate checked) under one app process.

Decided behaviour (docs/operations.md, "Outages"): while Redis is away the node keeps chatting
on in-process fallbacks, a request caught by the failure answers 503 SERVICE_UNAVAILABLE with
Retry-After, and /health/ready answers 503; once Redis is back the node recovers by itself and
unread counts are exact again (rebuilt from PostgreSQL). While PostgreSQL restarts, requests get
503, the pool reconnects without an app restart, and every acknowledged message is stored.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass

import asyncpg
import httpx
import pytest

from tests.support.api import Api, error_code
from tests.support.metrics import MONITORING, MONITORING_TOKEN
from tests.support.private import PrivatePostgres, PrivateRedis
from tests.support.server import ServerProcess, temp_data_dir
from tests.support.waiting import eventually
from tests.support.world import default_planet, join, make_travel
from tests.support.ws import WsClient


@dataclass
class Stack:
    server: ServerProcess
    postgres: PrivatePostgres
    redis: PrivateRedis


@pytest.fixture(scope="module")
async def stack(required_services):
    base = temp_data_dir("connecto-outages-")
    postgres = PrivatePostgres(base / "pg")
    redis = PrivateRedis(base / "redis")
    server = None
    try:
        await asyncio.to_thread(lambda: postgres.init().start().create_database())
        await asyncio.to_thread(redis.start)
        server = ServerProcess(
            database_url=postgres.url,  # sslmode=verify-full
            redis_url=redis.url(),
            data_dir=base,
            name="outages",
            env={
                "CONNECTO_DATABASE_SSL_CA_FILE": str(postgres.ca_file),
                "CONNECTO_DATABASE_STATEMENT_TIMEOUT_SECONDS": "30",
                "CONNECTO_UPLOADS_ENABLED": "0",
                "CONNECTO_MONITORING_TOKEN": MONITORING_TOKEN,
            },
        )
        await asyncio.to_thread(server.start)
        yield Stack(server, postgres, redis)
    finally:
        if server is not None:
            server.stop()
        redis.stop()
        postgres.remove()


def assert_unavailable(r: httpx.Response) -> None:
    assert r.status_code == 503, r.text
    assert error_code(r) == "SERVICE_UNAVAILABLE"
    assert int(r.headers["retry-after"]) > 0


async def count(items: list) -> int:
    return len(items)


async def unread(session, planet_id: int) -> int:
    r = await session.get(f"/api/v1/planets/{planet_id}/unread-count")
    assert r.status_code == 200, r.text
    return r.json()["unreadCount"]


async def test_redis_goes_away_mid_chat_and_comes_back(stack):
    async with httpx.AsyncClient(base_url=stack.server.url, timeout=30) as http:
        api = Api(http)
        ann, bob = await api.sign_in(), await api.sign_in()
        travel = await make_travel(ann)
        await join(bob, travel)
        planet_id = default_planet(travel)["id"]
        wa = await WsClient.connect(stack.server.url, ann.access_token)
        wb = await WsClient.connect(stack.server.url, bob.access_token)
        assert (await wb.ok("planet:get_unread_count", {"planetId": planet_id}))["unreadCount"] == 0
        await wa.ok("message:send", {"planetId": planet_id, "content": "before"})
        assert (await wb.expect("unread_count_updated"))["unreadCount"] == 1

        # SHUTDOWN SAVE: Redis will come back holding bob's count of 1 (stale by then).
        await asyncio.to_thread(stack.redis.stop)

        ready = await eventually(
            lambda: http.get("/health/ready"), lambda r: r.status_code == 503, what="not ready"
        )
        assert_unavailable(ready)
        assert ready.json()["error"]["details"]["checks"]["redis"]["status"] == "down"
        assert (await http.get("/health/live")).status_code == 200
        health = await http.get("/health")
        assert health.status_code == 200 and health.json()["status"] == "degraded"

        # Mid-chat: each send is stored (fallbacks) or answered 503 with Retry-After; never 500.
        stored = []
        for i in range(5):
            reply = await wa.call("message:send", {"planetId": planet_id, "content": f"ws {i}"})
            if reply["ok"]:
                stored.append(reply["data"]["message"]["id"])
            else:
                assert reply["error"]["code"] == "SERVICE_UNAVAILABLE", reply
            r = await ann.post(f"/api/v1/planets/{planet_id}/messages", json={"content": f"{i}"})
            if r.status_code == 201:
                stored.append(r.json()["id"])
            else:
                assert_unavailable(r)
        assert len(stored) >= 8  # the node went on (after at most the first of each kind)
        # Bob, on the same node, gets every one of them and his exact count (from PostgreSQL).
        for message_id in stored:
            await wb.expect("message:new", lambda m, i=message_id: m["id"] == i)
        expected = 1 + len(stored)
        await wb.expect("unread_count_updated", lambda d: d["unreadCount"] == expected)
        assert await unread(bob, planet_id) == expected
        # He reads one meanwhile (a change the Redis counter misses too) and opens a second
        # socket (counted in this process only, for now).
        r = await bob.post(f"/api/v1/messages/{stored[0]}/read")
        assert r.status_code == 200 and r.json()["unreadCount"] == expected - 1
        expected -= 1
        wb2 = await WsClient.connect(stack.server.url, bob.access_token)

        await asyncio.to_thread(stack.redis.start)
        r = await eventually(
            lambda: http.get("/health/ready"),
            lambda r: r.status_code == 200,
            timeout=30,
            what="ready again without a restart",
        )
        assert r.json()["checks"]["redis"]["status"] == "up"
        # Exact again: rebuilt from PostgreSQL, not the count Redis came back with.
        assert await unread(bob, planet_id) == expected
        totals = (await bob.get("/api/v1/users/me/unread-counts")).json()
        assert totals["totalUnread"] == expected
        # Through Redis again: a new message pushes the exact new count.
        await wa.ok("message:send", {"planetId": planet_id, "content": "after"})
        await wb.expect("unread_count_updated", lambda d: d["unreadCount"] == expected + 1)
        # This process's sockets are counted in Redis again, the one opened meanwhile too.
        detailed = (await http.get("/health/detailed", headers=MONITORING)).json()
        assert detailed["services"]["websocket"]["connections"]["cluster"] == 3
        for ws in (wa, wb, wb2):
            await ws.close()


async def test_postgres_restarts_under_the_chat(stack):
    async with httpx.AsyncClient(base_url=stack.server.url, timeout=30) as http:
        api = Api(http)
        ann, bob = await api.sign_in(), await api.sign_in()
        travel = await make_travel(ann)
        await join(bob, travel)
        planet_id = default_planet(travel)["id"]
        wa = await WsClient.connect(stack.server.url, ann.access_token)
        app_pid = (await http.get("/health/live")).json()["pid"]

        db = await asyncpg.connect(stack.postgres.plain_url)
        try:
            # The app's connections use TLS (sslmode=verify-full against the CA file).
            tls = await db.fetch(
                "SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) "
                "WHERE a.datname = 'connecto' AND a.pid <> pg_backend_pid()"
            )
            assert tls and all(row["ssl"] for row in tls)
            # A migration not applied: not ready.
            newest = await db.fetchrow("SELECT * FROM aerich ORDER BY id DESC LIMIT 1")
            await db.execute("DELETE FROM aerich WHERE id = $1", newest["id"])
            r = await http.get("/health/ready")
            assert_unavailable(r)
            pending = r.json()["error"]["details"]["checks"]["database"]["pending"]
            assert pending == [newest["version"]]
            await db.execute(
                "INSERT INTO aerich (id, version, app, content) VALUES ($1, $2, $3, $4)",
                newest["id"],
                newest["version"],
                newest["app"],
                newest["content"],
            )
            r = await http.get("/health/ready")
            assert r.status_code == 200, r.text
        finally:
            await db.close()

        acked: list[str] = []
        refused: list[str] = []
        stop = asyncio.Event()

        async def chat() -> None:
            # Under the limit of 100 messages a minute.
            for i in range(1000):
                if stop.is_set():
                    return
                cid = f"pg-restart-{i}"
                data = {"planetId": planet_id, "content": f"#{i}", "clientMessageId": cid}
                reply = await wa.call("message:send", data, timeout=30)
                if reply["ok"]:
                    acked.append(cid)
                else:
                    assert reply["error"]["code"] == "SERVICE_UNAVAILABLE", reply
                    assert reply["error"]["details"]["retryAfterSeconds"] > 0
                    refused.append(cid)
                await asyncio.sleep(0.3)

        chatting = asyncio.get_running_loop().create_task(chat())
        try:
            await eventually(lambda: count(acked), lambda n: n >= 3)
            await asyncio.to_thread(stack.postgres.stop)
            # During the outage: 503 with Retry-After, not 500; the process stays alive.
            assert_unavailable(await ann.get("/api/v1/users/me"))
            assert_unavailable(await http.get("/health/ready"))
            assert (await http.get("/health/live")).status_code == 200
            await eventually(lambda: count(refused), lambda n: n >= 2)
            before = len(acked)
            await asyncio.to_thread(stack.postgres.start)
            # The pool reconnects by itself: the same app process goes on storing messages.
            await eventually(
                lambda: count(acked),
                lambda n: n >= before + 3,
                timeout=60,
                what="sends stored again",
            )
        finally:
            stop.set()
            with contextlib.suppress(Exception):
                await chatting
        chatting.result()  # its assertions
        assert (await http.get("/health/live")).json()["pid"] == app_pid
        assert (await http.get("/health/ready")).status_code == 200
        assert (await ann.get("/api/v1/users/me")).status_code == 200

        # The refused ones, sent again with their clientMessageId, are stored once.
        for cid in refused:
            data = {"planetId": planet_id, "content": "again", "clientMessageId": cid}
            assert (await wa.call("message:send", data))["ok"]
        history: list[str] = []
        query: dict = {"limit": 100}
        while True:
            r = await bob.get(f"/api/v1/planets/{planet_id}/messages", params=query)
            assert r.status_code == 200, r.text
            page = r.json()
            history += [m["clientMessageId"] for m in page["items"] if m.get("clientMessageId")]
            if not page["hasMoreBefore"]:
                break
            query["before"] = page["items"][0]["id"]
        assert set(acked) <= set(history)  # no acknowledged message was lost
        assert set(refused) <= set(history)
        assert len(history) == len(set(history))
        await wa.close()
