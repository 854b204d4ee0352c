"""Observability in the production shape: several Sanic workers and a Taskiq job worker on
Redis, one metrics scrape for all of them; error reports reaching Sentry."""

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


@pytest.fixture
async def cluster(required_services):
    """Two Sanic workers (CONNECTO_WORKERS=2) and a job worker, on Redis."""
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
