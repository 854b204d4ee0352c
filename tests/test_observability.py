"""Detailed health, Prometheus metrics (each one moved by what causes it), request ids and the
structured access log, on the session's single-process server."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from prometheus_client.mmap_dict import MmapedDict, mmap_key

from tests.support.api import error_code
from tests.support.metrics import MONITORING, scrape
from tests.support.server import ADMIN_EMAIL
from tests.support.waiting import eventually
from tests.support.world import default_planet, join, make_travel
from tests.support.ws import WsClient

COUNT = "connecto_http_request_duration_seconds_count"
SEND = "/api/v1/admin/notifications"
CLEANUP = "/api/v1/admin/jobs/maintenance.expired_data_cleanup/run"


def log_lines(server, request_id: str) -> list[dict]:
    """The server's JSON log lines carrying ``request_id``."""
    found = []
    for line in server.log_path.read_text(errors="replace").splitlines():
        if line.startswith("{") and request_id in line:
            entry = json.loads(line)
            if entry.get("requestId") == request_id:
                found.append(entry)
    return found


async def wait_for_log(server, request_id: str, logger: str) -> list[dict]:
    async def probe() -> list[dict]:
        return log_lines(server, request_id)

    return await eventually(
        probe, lambda lines: any(e["logger"] == logger for e in lines), what=f"{logger} line"
    )


# --- health ------------------------------------------------------------------------------------


async def test_health_stays_public(api):
    r = await api.http.get("/health")
    assert r.status_code == 200
    assert set(r.json()) == {"status", "timestamp", "version", "services"}
    assert set(r.json()["services"]) == {"database", "redis"}


@pytest.mark.parametrize("path", ["/health/detailed", "/health/metrics"])
async def test_detailed_health_and_metrics_are_for_admins_and_monitoring(api, path):
    r = await api.http.get(path)
    assert r.status_code == 401 and error_code(r) == "AUTH_REQUIRED"
    r = await api.http.get(path, headers={"Authorization": "Bearer not-the-monitoring-token"})
    assert r.status_code == 401 and error_code(r) == "TOKEN_INVALID"
    user = await api.sign_in()
    r = await user.get(path)
    assert r.status_code == 403 and error_code(r) == "ADMIN_REQUIRED"
    admin = await api.sign_in(ADMIN_EMAIL)
    assert (await admin.get(path)).status_code == 200
    assert (await api.http.get(path, headers=MONITORING)).status_code == 200


async def test_detailed_health_reports_every_service(api, server):
    async def detailed() -> dict:
        r = await api.http.get("/health/detailed", headers=MONITORING)
        assert r.status_code == 200, r.text
        return r.json()

    before = await detailed()
    ann = await api.sign_in()
    ws = await WsClient.connect(server.url, ann.access_token)
    body = await detailed()
    assert body["status"] == "healthy" and body["environment"] == "test"
    assert body["version"] and body["process"]["pid"] > 0 and body["process"]["uptimeSeconds"] > 0
    assert body["process"]["memory"]["rssBytes"] > 0
    services = body["services"]
    database = services["database"]
    assert database["status"] == "up" and database["latencyMs"] >= 0
    assert database["migrations"]["pending"] == [] and database["migrations"]["applied"] > 10
    pool = database["connectionPool"]
    assert pool["max"] == 20 and pool["open"] >= 1 and pool["inUse"] == pool["open"] - pool["idle"]
    redis = services["redis"]
    assert redis["status"] == "up" and redis["connections"]["clients"] >= 1
    assert redis["memory"]["used"] and redis["keyspaceHits"] >= 0
    assert services["jobBroker"] == {"status": "up", "mode": "in-process", "running": 0}
    assert services["storage"]["status"] == "disabled"
    assert set(services["notifications"]["channels"]) >= {"in_app", "push", "email", "sms"}
    sockets = services["websocket"]["connections"]
    assert sockets["process"] == before["services"]["websocket"]["connections"]["process"] + 1
    assert sockets["cluster"] >= 1
    assert body["metrics"]["requests"] > before["metrics"]["requests"]
    await ws.close()

    async def sockets_now() -> int:
        return (await detailed())["services"]["websocket"]["connections"]["process"]

    await eventually(
        sockets_now,
        lambda n: n == before["services"]["websocket"]["connections"]["process"],
        what="the socket no longer counted",
    )


# --- request ids and logs ------------------------------------------------------------------------


async def test_request_id_is_taken_or_made_and_returned(api):
    ann = await api.sign_in()
    r = await ann.get("/api/v1/users/me", headers={"X-Request-ID": "client-req.42:a-b_c"})
    assert r.status_code == 200 and r.headers["x-request-id"] == "client-req.42:a-b_c"
    made = (await ann.get("/api/v1/users/me")).headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", made)
    assert made != (await ann.get("/api/v1/users/me")).headers["x-request-id"]
    # Ids that do not belong in a log line or a header are replaced, not echoed.
    for bad in ("two words", "x" * 129, '"quoted"', "tab\there", "ünïcode".encode()):
        given = await ann.get("/api/v1/users/me", headers={"X-Request-ID": bad})
        assert re.fullmatch(r"[0-9a-f]{32}", given.headers["x-request-id"]), bad


async def test_error_bodies_carry_the_request_id(api):
    ann = await api.sign_in()
    r = await ann.get("/api/v1/travels/987654", headers={"X-Request-ID": "req-missing-travel"})
    assert r.status_code == 404 and error_code(r) == "TRAVEL_NOT_FOUND"
    assert r.json()["error"]["requestId"] == "req-missing-travel"
    r = await api.http.get("/api/v1/no-such-endpoint")
    assert r.status_code == 404
    assert r.json()["error"]["requestId"] == r.headers["x-request-id"]
    r = await ann.post("/api/v1/travels", content=b"{not json", headers={"X-Request-ID": "req-bad"})
    assert r.status_code == 400 and r.json()["error"]["requestId"] == "req-bad"


async def test_access_log_line_per_request(api, server):
    ann = await api.sign_in()
    travel = await make_travel(ann)
    r = await ann.get(f"/api/v1/travels/{travel['id']}", headers={"X-Request-ID": "req-access-1"})
    assert r.status_code == 200
    [line] = [
        e
        for e in await wait_for_log(server, "req-access-1", "connecto.access")
        if e["logger"] == "connecto.access"
    ]
    assert line["level"] == "INFO" and line["ts"]
    assert {k: line[k] for k in ("method", "route", "path", "status", "userId")} == {
        "method": "GET",
        "route": "/api/v1/travels/<travel_id:int>",
        "path": f"/api/v1/travels/{travel['id']}",
        "status": 200,
        "userId": ann.user_id,
    }
    assert isinstance(line["durationMs"], int | float) and line["durationMs"] >= 0
    # Unauthenticated and failed requests are logged too, without a user.
    await api.http.get("/api/v1/users/me", headers={"X-Request-ID": "req-access-2"})
    [line] = await wait_for_log(server, "req-access-2", "connecto.access")
    assert line["status"] == 401 and line["userId"] is None


async def test_every_log_line_written_while_serving_carries_the_request_id(api, server):
    """The job runs in-process while the request waits for it: its lines (ours and Taskiq's)
    carry the id of the request that started it."""
    admin = await api.sign_in(ADMIN_EMAIL)
    r = await admin.post(CLEANUP, headers={"X-Request-ID": "req-run-cleanup"})
    assert r.status_code == 202, r.text
    lines = await wait_for_log(server, "req-run-cleanup", "connecto.access")
    loggers = {e["logger"] for e in lines}
    assert {"connecto.jobs", "connecto.access"} <= loggers, loggers
    [job] = [e for e in lines if e["logger"] == "connecto.jobs"]
    assert job["job"] == "maintenance.expired_data_cleanup" and job["outcome"] == "success"


async def test_a_websocket_connection_is_logged_when_it_ends(api, server):
    ann = await api.sign_in()
    ws = await WsClient.connect(
        server.url, ann.access_token, additional_headers={"X-Request-ID": "req-socket-1"}
    )
    await ws.settle()
    await ws.close()
    [line] = await wait_for_log(server, "req-socket-1", "connecto.access")
    assert line["route"] == "/ws" and line["status"] == 101 and line["userId"] == ann.user_id


# --- metrics: each moves when its cause happens ---------------------------------------------------


async def test_http_latency_by_route_template_and_status(api):
    ann = await api.sign_in()
    before = await scrape(api.http)
    for _ in range(3):
        assert (await ann.get("/api/v1/users/me")).status_code == 200
    assert (await ann.get("/api/v1/travels/987654")).status_code == 404
    assert (await api.http.get("/no/such/path/123456")).status_code == 404
    after = await scrape(api.http)

    def moved(**labels) -> float:
        return after.value(COUNT, **labels) - before.value(COUNT, **labels)

    assert moved(method="GET", route="/api/v1/users/me", status="200") == 3
    assert moved(method="GET", route="/api/v1/travels/<travel_id:int>", status="404") == 1
    assert moved(method="GET", route="unmatched", status="404") == 1
    # Raw paths never become label values (bounded cardinality).
    routes = after.label_values(COUNT, "route")
    assert not any("987654" in route or "123456" in route for route in routes)
    # A histogram: every request falls in the +Inf bucket, and the time adds up.
    labels = {"method": "GET", "route": "/api/v1/users/me", "status": "200"}
    assert after.value("connecto_http_request_duration_seconds_bucket", le="+Inf", **labels) == (
        after.value(COUNT, **labels)
    )
    assert after.value("connecto_http_request_duration_seconds_sum", **labels) > before.value(
        "connecto_http_request_duration_seconds_sum", **labels
    )


async def test_websocket_connections_and_frames(api, server):
    ann = await api.sign_in()
    before = await scrape(api.http)
    ws = await WsClient.connect(server.url, ann.access_token)
    await ws.ok("ping")
    during = await scrape(api.http)
    assert during.value("connecto_ws_connections") == before.value("connecto_ws_connections") + 1
    frames = "connecto_ws_frames_total"
    assert during.value(frames, direction="in") - before.value(frames, direction="in") == 1
    # connected, pong and the ack
    assert during.value(frames, direction="out") - before.value(frames, direction="out") >= 3
    await ws.close()

    async def connections() -> float:
        return (await scrape(api.http)).value("connecto_ws_connections")

    await eventually(connections, lambda n: n == before.value("connecto_ws_connections"))


async def test_messages_sent_and_fan_out_latency(api, server):
    ann, bob = await api.sign_in(), await api.sign_in()
    travel = await make_travel(ann)
    await join(bob, travel)
    planet_id = default_planet(travel)["id"]
    wb = await WsClient.connect(server.url, bob.access_token)
    before = await scrape(api.http)
    for text in ("one", "two"):
        r = await ann.post(f"/api/v1/planets/{planet_id}/messages", json={"content": text})
        assert r.status_code == 201
        await wb.expect("message:new", lambda m, t=text: m["content"] == t)
    after = await scrape(api.http)
    sent = "connecto_messages_sent_total"
    assert after.value(sent, type="text") - before.value(sent, type="text") == 2
    fanout = "connecto_fanout_latency_seconds_count"
    assert after.value(fanout) - before.value(fanout) >= 2
    await wb.close()


async def test_job_runs_by_name_outcome_and_duration(api):
    admin = await api.sign_in(ADMIN_EMAIL)
    before = await scrape(api.http)
    assert (await admin.post(CLEANUP)).status_code == 202
    after = await scrape(api.http)
    job = "maintenance.expired_data_cleanup"
    runs = "connecto_job_runs_total"
    assert (
        after.value(runs, job=job, outcome="success")
        - before.value(runs, job=job, outcome="success")
        == 1
    )
    assert after.value(runs, job=job, outcome="error") == before.value(
        runs, job=job, outcome="error"
    )
    seconds = "connecto_job_duration_seconds_count"
    assert after.value(seconds, job=job) - before.value(seconds, job=job) == 1


async def test_notification_deliveries_by_channel_and_outcome(api, outbox):
    admin = await api.sign_in(ADMIN_EMAIL)
    mina = await api.sign_in(push_token="fcm-metrics-phone", device={"platform": "ANDROID"})
    before = await scrape(api.http)
    r = await admin.post(SEND, json={"userId": mina.user_id, "title": "Hi", "body": "Metrics"})
    assert r.status_code == 201 and {"in_app", "push"} <= set(r.json()["channels"])

    async def deliveries():
        return await scrape(api.http)

    name = "connecto_notification_deliveries_total"
    after = await eventually(
        deliveries,
        lambda s: (
            s.value(name, channel="push", outcome="sent")
            > before.value(name, channel="push", outcome="sent")
        ),
        what="the push counted",
    )
    for channel, outcome in (("in_app", "delivered"), ("push", "sent")):
        assert (
            after.value(name, channel=channel, outcome=outcome)
            - before.value(name, channel=channel, outcome=outcome)
            == 1
        ), (channel, outcome)
    health = (await api.http.get("/health/detailed", headers=MONITORING)).json()
    push = health["services"]["notifications"]["deliveries"]["push"]
    assert push["sent"] >= after.value(name, channel="push", outcome="sent") >= 1
    assert 0 < push["successRate"] <= 1


async def test_rate_limit_refusals(api):
    ann = await api.sign_in()
    before = await scrape(api.http)
    batch = {"events": [{"name": "app.opened"}]}
    for _ in range(30):
        assert (await ann.post("/api/v1/analytics/events", json=batch)).status_code == 202
    r = await ann.post("/api/v1/analytics/events", json=batch)
    assert r.status_code == 429 and error_code(r) == "RATE_LIMITED"
    after = await scrape(api.http)
    refusals = "connecto_rate_limit_refusals_total"
    assert (
        after.value(refusals, limit="analytics_events")
        - before.value(refusals, limit="analytics_events")
        == 1
    )


async def test_unread_counter_cache_hits_and_misses(api):
    ann, bob = await api.sign_in(), await api.sign_in()
    travel = await make_travel(ann)
    await join(bob, travel)
    planet_id = default_planet(travel)["id"]
    await ann.post(f"/api/v1/planets/{planet_id}/messages", json={"content": "count me"})
    lookups = "connecto_unread_cache_lookups_total"
    first = await scrape(api.http)
    assert (await bob.get(f"/api/v1/planets/{planet_id}/unread-count")).json()["unreadCount"] == 1
    second = await scrape(api.http)
    assert (await bob.get(f"/api/v1/planets/{planet_id}/unread-count")).json()["unreadCount"] == 1
    third = await scrape(api.http)
    assert second.value(lookups, result="miss") > first.value(lookups, result="miss")  # rebuilt
    assert third.value(lookups, result="hit") > second.value(lookups, result="hit")  # cached
    assert third.value(lookups, result="miss") == second.value(lookups, result="miss")
    ratio = (await api.http.get("/health/detailed", headers=MONITORING)).json()["metrics"]
    assert 0 < ratio["unreadCacheHitRatio"] <= 1


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def _plant_dead_process_files(directory: Path, help_of: dict[str, str]) -> list[Path]:
    """Files as a worker that died without cleaning up leaves them: 3 ghost messages counted,
    5 sockets still "open"."""
    pid = _dead_pid()
    counter_file, gauge_file = (
        directory / f"counter_{pid}.db",
        directory / f"gauge_livesum_{pid}.db",
    )
    counter = MmapedDict(str(counter_file))
    name = "connecto_messages_sent_total"
    key = mmap_key("connecto_messages_sent", name, ["type"], ["ghost"], help_of[name])
    counter.write_value(key, 3.0, 0.0)
    counter.close()
    gauge = MmapedDict(str(gauge_file))
    name = "connecto_ws_connections"
    gauge.write_value(mmap_key(name, name, [], [], help_of[name]), 5.0, 0.0)
    gauge.close()
    return [counter_file, gauge_file]


async def test_a_dead_process_keeps_its_counts_but_not_its_live_gauges(api, server):
    before = await scrape(api.http)
    help_of = dict(re.findall(r"^# HELP (\S+) (.*)$", before.text, re.M))
    files = _plant_dead_process_files(server.data_dir / "metrics", help_of)
    try:
        after = await scrape(api.http)
        assert after.value("connecto_messages_sent_total", type="ghost") == 3
        assert after.value("connecto_ws_connections") == before.value("connecto_ws_connections")
    finally:
        for path in files:
            path.unlink(missing_ok=True)
