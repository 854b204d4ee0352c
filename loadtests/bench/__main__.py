"""``make bench``: the standard scenarios against a production-shape stack this command starts,
next to the machine's ceilings measured in the same run -> ``docs/benchmarks.md`` + ``.json``.

``--quick`` runs smaller, shorter scenarios (a smoke test of the instrument, not figures to
publish); ``--synapse`` adds Matrix Synapse measured the same way; ``--only a,b`` runs some
scenarios (the ceilings always run)."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

from loadtests.bench import ceilings, report
from loadtests.bench.measure import load_average, machine
from loadtests.bench.scenarios import Bench, Sizes
from loadtests.run import run_locust
from simulation.stack import Stack, raise_file_limit
from tests.support.server import ROOT

SCENARIOS = (
    "users_me",
    "send_10",
    "send_100",
    "senders",
    "history",
    "search",
    "idle_sockets",
    "mixed",
)


async def run_scenarios(bench: Bench, only: set[str], notes: list[str]) -> list[dict]:
    sizes, results = bench.sizes, []

    async def attempt(name: str, step) -> None:
        print(f"[bench] {name} ...", flush=True)
        try:
            outcome = await step()
        except Exception:
            notes.append(f"scenario {name} failed: {traceback.format_exc(limit=3)}")
            print(traceback.format_exc(), flush=True)
            return
        for entry in outcome if isinstance(outcome, list) else [outcome]:
            results.append(entry)
            print(f"[bench]   {entry}", flush=True)

    pop = bench.population
    if "users_me" in only:
        await attempt("users_me", bench.users_me)
    if "send_10" in only:
        await attempt(
            "send_10_closed", lambda: bench.send("send_10_closed", pop.small, concurrency=64)
        )
        for rate in sizes.open_rates:
            await attempt(
                f"send_10_open_{rate}",
                lambda r=rate: bench.send(f"send_10_open_{r}", pop.small, rate=r),
            )
    if "send_100" in only:
        await attempt(
            "send_100_closed", lambda: bench.send("send_100_closed", [pop.big], concurrency=32)
        )
        await attempt(
            f"send_100_open_{sizes.big_open_rate}",
            lambda: bench.send(
                f"send_100_open_{sizes.big_open_rate}", [pop.big], rate=sizes.big_open_rate
            ),
        )
    if "senders" in only:
        for n in (64, 256):
            await attempt(
                f"senders_{n}",
                lambda n=n: bench.send(f"senders_{n}", pop.small, concurrency=n, rest=True),
            )
    if "history" in only:
        await attempt("history", bench.history)
    if "search" in only:
        await attempt("search", bench.search)
    if "idle_sockets" in only:
        await attempt("idle_sockets", bench.idle_sockets)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loadtests.bench", description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--synapse", action="store_true", help="also measure Matrix Synapse")
    parser.add_argument("--only", default="", help="comma-separated: " + ", ".join(SCENARIOS))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args(argv)
    only = set(args.only.split(",")) if args.only else set(SCENARIOS)
    unknown = only - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")
    raise_file_limit()
    sizes = Sizes.quick() if args.quick else Sizes()
    started, began = datetime.now(UTC), time.monotonic()
    notes: list[str] = []
    data: dict = {
        "started": started.strftime("%Y-%m-%d %H:%M UTC"),
        "mode": "quick" if args.quick else "full",
        "workers": args.workers,
        "machine": {**machine(), "load average at start": load_average()},
        "sizes": sizes.__dict__,
        "notes": notes,
    }
    with Stack(workers=args.workers) as stack:
        print(f"[bench] stack up at {stack.url} (logs in {stack.data_dir})", flush=True)
        print("[bench] ceilings ...", flush=True)
        redis_port = int(stack.redis_url.rsplit(":", 1)[1].split("/")[0])
        data["ceilings"] = {}
        for name, measure_ceiling in (
            ("bare_sanic", lambda: ceilings.bare_sanic(args.workers, duration=sizes.seconds)),
            (
                "postgres_inserts",
                lambda: ceilings.postgres_inserts(stack.database_url, duration=sizes.seconds),
            ),
            ("redis_publish", lambda: ceilings.redis_publish(redis_port)),
        ):
            try:
                data["ceilings"][name] = measure_ceiling()
            except Exception as exc:
                notes.append(f"ceiling {name} could not be measured: {exc}")
                data["ceilings"][name] = {}
        print(f"[bench]   {data['ceilings']}", flush=True)

        async def measure() -> list[dict]:
            bench = Bench(stack, sizes)
            try:
                print("[bench] population ...", flush=True)
                data["population"] = await bench.populate()
                print(f"[bench]   {data['population']}", flush=True)
                return await run_scenarios(bench, only, notes)
            finally:
                await bench.close()

        data["results"] = asyncio.run(measure())
        if "mixed" in only:
            print("[bench] mixed (Locust) ...", flush=True)
            try:
                data["results"].append(
                    run_locust(
                        stack.url,
                        users=sizes.locust_users,
                        spawn_rate=max(10, sizes.locust_users // 5),
                        seconds=sizes.locust_seconds,
                        out=ROOT / "results" / f"bench-locust-{started:%Y%m%d-%H%M%S}",
                        usage_pids=stack.pids(),
                    )
                )
            except Exception:
                notes.append(f"mixed Locust run failed: {traceback.format_exc(limit=3)}")
    if args.synapse:
        from loadtests.bench import synapse

        print("[bench] Matrix Synapse ...", flush=True)
        try:
            data["synapse"] = synapse.measure(sizes)
        except Exception:
            notes.append(f"Synapse comparison failed: {traceback.format_exc(limit=3)}")
            print(traceback.format_exc(), flush=True)
    data["machine"]["load average at end"] = load_average()
    data["seconds"] = time.monotonic() - began
    report.write(args.out, data)
    print(f"[bench] wrote {args.out} and {args.out.with_suffix('.json')}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
