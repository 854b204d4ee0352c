"""This machine's ceilings, measured in the same run as the scenarios and with the same
generators: a bare Sanic JSON route (wrk), PostgreSQL single-row inserts (pgbench), Redis
PUBLISH (redis-benchmark)."""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time

import httpx

from connecto.db import credentials_from_url
from loadtests.bench.measure import wrk
from tests.support.server import ROOT, free_port


def bare_sanic(workers: int, *, duration: float, connections: int = 64) -> dict:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "loadtests.bench.bare_sanic", str(port), str(workers)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("the bare Sanic server did not start")
            time.sleep(0.1)
        result = wrk(f"http://127.0.0.1:{port}/", duration=duration, connections=connections)
    finally:
        process.terminate()
        process.wait(15)
    return {**result.__dict__, "rps": round(result.rps)}


def postgres_inserts(database_url: str, *, duration: float, clients: int = 16) -> dict:
    """Single-row INSERT transactions per second (autocommit, ``clients`` connections)."""
    creds = credentials_from_url(database_url)
    env_args = ["-h", creds["host"], "-p", str(creds["port"]), "-U", creds["user"]]
    psql = ["psql", *env_args, "-d", creds["database"], "-q", "-c"]
    subprocess.run(
        [
            *psql,
            "CREATE TABLE IF NOT EXISTS bench_ceiling (id bigserial PRIMARY KEY, "
            "planet_id int, body text, created_at timestamptz DEFAULT now())",
        ],
        check=True,
    )
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as script:
        script.write("INSERT INTO bench_ceiling (planet_id, body) VALUES (1, 'a ceiling row');\n")
    try:
        output = subprocess.run(
            [
                "pgbench",
                *env_args,
                "-n",
                "-c",
                str(clients),
                "-j",
                "2",
                "-T",
                str(max(1, round(duration))),
                "-f",
                script.name,
                creds["database"],
            ],
            capture_output=True,
            text=True,
        )
    finally:
        subprocess.run([*psql, "DROP TABLE IF EXISTS bench_ceiling"], check=False)
    if output.returncode != 0 or "aborted" in output.stderr:
        raise RuntimeError(f"pgbench failed: {output.stderr.strip()[-500:]}")
    output = output.stdout
    tps = float(re.search(r"tps = ([\d.]+)", output)[1])
    latency = re.search(r"latency average = ([\d.]+) ms", output)
    return {
        "inserts_per_second": round(tps),
        "clients": clients,
        "latency_ms": float(latency[1]) if latency else None,
    }


def redis_publish(port: int, *, requests: int = 200_000, clients: int = 64) -> dict:
    """PUBLISH commands per second with ``clients`` connections and no pipelining (as the
    server publishes: one command per round trip)."""
    output = subprocess.run(
        [
            "redis-benchmark",
            "-p",
            str(port),
            "-c",
            str(clients),
            "-n",
            str(requests),
            "-q",
            "PUBLISH",
            "bench:ceiling",
            "a" * 600,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.findall(r"([\d.]+) requests per second", output)[-1])
    return {"publishes_per_second": round(rps), "clients": clients, "payload_bytes": 600}
