"""The production shape: several Sanic workers (CONNECTO_WORKERS=2) and a Taskiq job worker on
Redis, started as `make run` / `make worker` start them. It serves as one node (sign-in,
messages across workers, shared unread counts and rate limits) and one metrics scrape counts
all of it. Also: error reports reaching Sentry, observability without Redis."""

from __future__ import annotations

import asyncio
import gzip
import http.server
import json
import subprocess
import threading
import zlib

import brotli
import httpx
import pytest
import redis.asyncio as aioredis
from prometheus_client.mmap_dict import MmapedDict, mmap_key

from connecto.jobs.queues import Priority
from tests.support import services
from tests.support.api import Api
from tests.support.metrics import MONITORING, MONITORING_TOKEN, scrape
from tests.support.server import ADMIN_EMAIL, ServerProcess, WorkerProcess, temp_data_dir
from tests.support.standalone import standalone
from tests.support.waiting import eventually
from tests.support.world import default_planet, join, make_travel
from tests.support.ws import WsClient

CLEANUP = "maintenance.expired_data_cleanup"


def _stale_metrics_file(directory) -> object:
    """A counter file of a process that no longer exists."""
    process = subprocess.Popen(["true"])
    process.wait()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"counter_{process.pid}.db"
    stale = MmapedDict(str(path))
    stale.write_value(mmap_key("stale", "stale_total", [], [], "left behind"), 7.0, 0.0)
    stale.close()
    return path


@pytest.fixture(scope="module")
async def cluster(required_services):
    """Two Sanic workers (CONNECTO_WORKERS=2) and a job worker, on Redis; started once for the
    tests of this module (the scrape test counts requests from the start: it comes first)."""
    data_dir = temp_data_dir("connecto-cluster-")
    stale = _stale_metrics_file(data_dir / "metrics")
    async with services.ScratchDatabase("obs_cluster") as database_url:
        server = ServerProcess(
            database_url=database_url,
            redis_url=services.REDIS_URL,
            data_dir=data_dir,
            name="obs-cluster",
            env={
                "CONNECTO_REQUIRE_SERVICES": "1",
                "CONNECTO_WORKERS": "2",
                "CONNECTO_BROKER_URL": services.REDIS_URL,
                "CONNECTO_MONITORING_TOKEN": MONITORING_TOKEN,
                "CONNECTO_METRICS_SAMPLE_SECONDS": "0.5",
            },
        ).start()
        worker = WorkerProcess(server).start()
        try:
            yield server, stale
        finally:
            worker.stop()
            server.stop()


async def test_one_scrape_counts_every_worker(cluster):
    server, stale = cluster
    assert not stale.exists()  # the node started by removing what dead processes left
    # No keep-alive: each request is a new connection, which either worker may accept.
    fresh = httpx.Limits(max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=server.url, timeout=30, limits=fresh) as http:
        pids: list[int] = []
        while len(set(pids)) < 2:
            assert len(pids) < 300, f"one worker served everything: {set(pids)}"
            r = await http.get("/health/detailed", headers=MONITORING)
            assert r.status_code == 200, r.text
            pids.append(r.json()["process"]["pid"])
        # Whichever worker serves the scrape, it counts the requests both of them served.
        for _ in range(4):
            counted = (await scrape(http)).value(
                "connecto_http_request_duration_seconds_count",
                route="/health/detailed",
                status="200",
            )
            assert counted == len(pids)
        assert (await scrape(http)).value("stale_total") == 0

        # Sockets on both workers: the node's gauge and the cluster-wide count agree.
        api = Api(http)
        ann = await api.sign_in()
        sockets = [await WsClient.connect(server.url, ann.access_token) for _ in range(6)]
        assert (await scrape(http)).value("connecto_ws_connections") == 6
        body = (await http.get("/health/detailed", headers=MONITORING)).json()
        assert body["services"]["websocket"]["connections"]["cluster"] == 6
        assert body["services"]["jobBroker"]["mode"] == "redis"
        queues = body["services"]["jobBroker"]["queues"]
        assert set(queues) == {p.queue for p in Priority}  # one stream per priority
        assert all(queue["depth"] >= 0 for queue in queues.values())
        for socket in sockets:
            await socket.close()

        # A job run by the job worker process shows in the web node's scrape (same host).
        admin = await api.sign_in(ADMIN_EMAIL)
        r = await admin.post(f"/api/v1/admin/jobs/{CLEANUP}/run")
        assert r.status_code == 202 and r.json()["queued"] is True

        async def runs() -> float:
            return (await scrape(http)).value(
                "connecto_job_runs_total", job=CLEANUP, outcome="success"
            )

        # (The job worker may still be starting: it imports the whole service too.)
        await eventually(
            runs, lambda n: n == 1, timeout=120, what="the job worker's run in the scrape"
        )

        # Concurrent requests open more pooled connections than each process starts with.
        await asyncio.gather(*(ann.get("/api/v1/users/me") for _ in range(40)))

        async def pools() -> tuple[float, float]:
            now = await scrape(http)
            return (
                now.value("connecto_db_pool_connections", state="open"),
                now.value("connecto_db_pool_connections", state="max"),
            )

        # Three processes (two web workers, the job worker), each with a pool of 20 that
        # starts with one connection.
        await eventually(pools, lambda p: p[0] > 3 and p[1] == 3 * 20, what="the pools grew")


# --- one node, two workers -------------------------------------------------------------------

FRESH = httpx.Limits(max_keepalive_connections=0)  # each request may land on either worker


async def sockets_per_worker(http: httpx.AsyncClient) -> dict[int, int]:
    """Worker pid -> its open WebSockets, asking /health/detailed on new connections until
    both workers have answered."""
    counts: dict[int, int] = {}
    for _ in range(300):
        body = (await http.get("/health/detailed", headers=MONITORING)).json()
        counts[body["process"]["pid"]] = body["services"]["websocket"]["connections"]["process"]
        if len(counts) == 2:
            return counts
    raise AssertionError(f"one worker answered everything: {counts}")


class Placement:
    """Opens sockets and says which worker each landed on (the worker whose count grew)."""

    def __init__(self, server, http: httpx.AsyncClient) -> None:
        self.server, self.http = server, http
        self.counts: dict[int, int] = {}
        self.sockets: list[WsClient] = []

    async def start(self) -> Placement:
        # What earlier tests opened and closed is gone: counts only grow from here on.
        last: dict[int, int] = {}

        async def settled() -> bool:
            nonlocal last
            previous, last = last, await sockets_per_worker(self.http)
            return last == previous

        await eventually(settled, bool, what="socket counts settled")
        self.counts = last
        return self

    async def open(self, token: str) -> tuple[WsClient, int]:
        ws = await WsClient.connect(self.server.url, token)
        await ws.expect("connected")
        self.sockets.append(ws)
        now = await sockets_per_worker(self.http)
        [pid] = [pid for pid in now if now[pid] == self.counts[pid] + 1]
        self.counts = now
        return ws, pid

    async def open_on(self, token: str, pid: int) -> WsClient:
        """A socket of this user on worker ``pid`` (others it opened on the way stay open)."""
        for _ in range(30):
            ws, landed = await self.open(token)
            if landed == pid:
                return ws
        raise AssertionError(f"no socket landed on worker {pid}")

    async def close(self) -> None:
        for ws in self.sockets:
            await ws.close()


async def test_several_workers_serve_as_one_node(cluster):
    """Issue 8: CONNECTO_WORKERS=2 with Redis and the job worker. A message sent through one
    worker reaches a socket on the other; unread counts and rate limits are the node's, not a
    worker's."""
    server, _ = cluster
    async with httpx.AsyncClient(base_url=server.url, timeout=30, limits=FRESH) as http:
        api = Api(http)
        ann, bob = await api.sign_in(), await api.sign_in()
        travel = await make_travel(ann)
        await join(bob, travel)
        planet_id = default_planet(travel)["id"]
        # Each worker is ready (PostgreSQL, migrations, Redis).
        ready = set()
        for _ in range(300):
            r = await http.get("/health/ready")
            assert r.status_code == 200, r.text
            ready.add((await http.get("/health/live")).json()["pid"])
            if len(ready) == 2:
                break
        assert len(ready) == 2

        placement = await Placement(server, http).start()
        try:
            wa, one = await placement.open(ann.access_token)
            [two] = set(placement.counts) - {one}
            wb = await placement.open_on(bob.access_token, two)
            wb_one = await placement.open_on(bob.access_token, one)
            assert (await wb.ok("planet:get_unread_count", {"planetId": planet_id}))[
                "unreadCount"
            ] == 0

            # Sent through worker one, delivered by worker two.
            sent = await wa.ok("message:send", {"planetId": planet_id, "content": "across"})
            assert (await wb.expect("message:new"))["id"] == sent["message"]["id"]
            # The count worker one's send incremented is the one both workers read.
            assert (await wb.expect("unread_count_updated"))["unreadCount"] == 1
            for i in range(2):
                await wa.ok("message:send", {"planetId": planet_id, "content": f"more {i}"})
            await wb.expect("unread_count_updated", lambda d: d["unreadCount"] == 3)
            for ws in (wb, wb_one):
                count = await ws.ok("planet:get_unread_count", {"planetId": planet_id})
                assert count["unreadCount"] == 3
            read = await wb.ok("message:read", {"messageId": sent["message"]["id"]})
            assert read["unreadCount"] == 2
            count = await wb_one.ok("planet:get_unread_count", {"planetId": planet_id})
            assert count["unreadCount"] == 2
            for _ in range(6):  # over REST too, whichever worker answers
                r = await bob.get(f"/api/v1/planets/{planet_id}/unread-count")
                assert r.status_code == 200 and r.json()["unreadCount"] == 2

            # Rate limits: 20 room joins in 5 minutes per user, whichever worker counts them.
            wa_two = await placement.open_on(ann.access_token, two)
            room = {"planetId": planet_id, "kind": "typing"}
            for i in range(20):
                await (wa if i % 2 else wa_two).ok("room:join", room)
            for ws in (wa, wa_two):
                refused = await ws.call("room:join", room)
                assert refused["ok"] is False
                assert refused["error"]["code"] == "RATE_LIMITED"
                assert refused["error"]["details"]["retryAfterSeconds"] > 0
        finally:
            await placement.close()


class _Ingest(http.server.BaseHTTPRequestHandler):
    """Stands in for Sentry's ingest endpoint: keeps every envelope it is sent."""

    received: list[str] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        encoding = self.headers.get("content-encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "deflate":
            body = zlib.decompress(body)
        elif encoding == "br":  # sentry-sdk prefers brotli when the module is installed
            body = brotli.decompress(body)
        self.received.append(body.decode(errors="replace"))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


async def test_errors_reach_sentry_when_a_dsn_is_set(required_services):
    ingest = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Ingest)
    threading.Thread(target=ingest.serve_forever, daemon=True).start()
    dsn = f"http://public-key@127.0.0.1:{ingest.server_address[1]}/42"
    try:
        async with standalone("sentry", env={"CONNECTO_SENTRY_DSN": dsn}) as stack:
            # An error the server logs: a malformed real-time envelope on its Redis channel.
            client = aioredis.Redis.from_url(services.REDIS_URL)
            try:
                await client.publish("connecto:realtime", json.dumps({"no-kind": True}))
            finally:
                await client.aclose()

            async def reports() -> list[str]:
                return [body for body in _Ingest.received if "bad realtime envelope" in body]

            [report] = await eventually(reports, bool, what="the error reported to Sentry")
            assert "KeyError" in report and '"environment":"test"' in report.replace(" ", "")
            assert (await stack.api.http.get("/health")).status_code == 200
    finally:
        ingest.shutdown()


async def test_without_redis_everything_is_this_process(required_services):
    """In-process fallbacks (no Redis): health, metrics and analytics work on one process."""
    env = {"CONNECTO_MONITORING_TOKEN": MONITORING_TOKEN}
    async with standalone("obs_noredis", redis=False, env=env) as stack:
        http = stack.api.http
        ann = await stack.api.sign_in()
        ws = await WsClient.connect(stack.server.url, ann.access_token)
        body = (await http.get("/health/detailed", headers=MONITORING)).json()
        assert body["status"] == "healthy"
        assert body["services"]["redis"]["status"] == "disabled"
        assert body["services"]["websocket"]["connections"] == {"process": 1, "cluster": 1}
        assert (await scrape(http)).value("connecto_ws_connections") == 1
        await ws.close()
        assert (await http.post("/dev/jobs/drain")).status_code == 200  # events written
        db = await services.connect_db(stack.database_url)
        try:
            names = await db.fetch("SELECT name FROM analytics_events")
        finally:
            await db.close()
        assert "user.signup" in {row["name"] for row in names}
