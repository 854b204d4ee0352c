"""``make loadtest``: Locust headless against ``--url`` or a production-shape stack started
here (several workers, Redis, PostgreSQL, a job worker); Locust's CSV and HTML report go to
``results/loadtest-<time>/``. ``run_locust`` is also the bench's mixed scenario."""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from loadtests.bench.measure import Usage, load_average
from simulation.__main__ import seconds as parse_seconds
from tests.support.server import ROOT

LOCUSTFILE = Path(__file__).with_name("locustfile.py")


def run_locust(
    url: str,
    *,
    users: int,
    spawn_rate: float,
    seconds: float,
    out: Path,
    usage_pids: dict[str, list[int]] | None = None,
) -> dict:
    """Run Locust headless; return the aggregate figures (and write CSV + HTML into ``out``)."""
    out.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
        "--host", url, "--users", str(users), "--spawn-rate", str(spawn_rate),
        "--run-time", f"{max(1, round(seconds))}s", "--stop-timeout", "10",
        "--csv", str(out / "locust"), "--html", str(out / "locust.html"),
        "--only-summary", "--loglevel", "WARNING",
    ]  # fmt: skip
    load_before = load_average()
    usage = Usage(usage_pids or {})
    with usage, open(out / "locust.log", "wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        _, status, rusage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    # Locust exits 1 when any request failed; the figures say how many.
    if process.returncode not in (0, 1):
        raise RuntimeError(f"locust exited {process.returncode}; see {out / 'locust.log'}")
    with open(out / "locust_stats.csv") as handle:
        rows = list(csv.DictReader(handle))
    total = next(r for r in rows if r["Name"] == "Aggregated")

    def number(value: str) -> float | None:
        return None if value in ("N/A", "") else float(value)

    requests = int(total["Request Count"])
    failures = int(total["Failure Count"])
    wall = usage.seconds or seconds
    return {
        "name": "mixed_locust",
        "mode": f"{users} users (REST and WebSocket, 2-8 s between actions), {seconds:.0f} s",
        "requests": requests,
        "failures": failures,
        "error_rate": f"{100 * failures / max(requests, 1):.3f}%",
        "rps": round(float(total["Requests/s"]), 1),
        "p50_ms": number(total["50%"]),
        "p95_ms": number(total["95%"]),
        "p99_ms": number(total["99%"]),
        "server_cores": usage.cores(),
        "generator_cores": round((rusage.ru_utime + rusage.ru_stime) / wall, 2),
        "load_average": (load_before, load_average()),
        "report": str(out.relative_to(ROOT) if out.is_relative_to(ROOT) else out),
        "by_request": [
            (
                f"{r['Type']} {r['Name']}",
                int(r["Request Count"]),
                int(r["Failure Count"]),
                r["50%"],
                r["95%"],
                r["99%"],
                round(float(r["Requests/s"]), 1),
            )
            for r in rows
            if r["Name"] != "Aggregated"
        ],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loadtests.run", description=__doc__)
    parser.add_argument("--url", help="a running server; default: start a production-shape stack")
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--spawn-rate", type=float, default=20)
    parser.add_argument("--duration", type=parse_seconds, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    out = args.out or ROOT / "results" / f"loadtest-{datetime.now():%Y%m%d-%H%M%S}"

    def go(url: str, pids: dict | None) -> dict:
        started = time.monotonic()
        result = run_locust(
            url,
            users=args.users,
            spawn_rate=args.spawn_rate,
            seconds=args.duration,
            out=out,
            usage_pids=pids,
        )
        print(f"ran {time.monotonic() - started:.0f} s")
        return result

    if args.url:
        result = go(args.url, None)
    else:
        from simulation.stack import Stack, raise_file_limit

        raise_file_limit()
        with Stack(workers=args.workers) as stack:
            print(f"stack up at {stack.url} (logs in {stack.data_dir})", flush=True)
            result = go(stack.url, stack.pids())
    for key, value in result.items():
        if key != "by_request":
            print(f"{key}: {value}")
    print(f"Locust CSV and HTML report: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
