"""``python -m simulation``: a synthetic population chatting against a server (``--url``), or
against a production-shape stack it starts itself (several workers, Redis, PostgreSQL, a job
worker). Writes the report and exits 1 when the correctness check fails."""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
from dataclasses import fields
from datetime import datetime
from pathlib import Path

from simulation import simulate
from simulation.chat import ChatConfig


def seconds(text: str) -> float:
    """``90``, ``90s``, ``15m``, ``1h``."""
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([smh]?)", text.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"not a duration: {text!r}")
    return float(match[1]) * {"": 1, "s": 1, "m": 60, "h": 3600}[match[2]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m simulation", description=__doc__)
    parser.add_argument("--url", help="a running server; default: start a production-shape stack")
    parser.add_argument("--workers", type=int, default=2, help="Sanic workers of the own stack")
    parser.add_argument("--users", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duration", type=seconds, default=30.0, help="e.g. 30s, 15m, 1h")
    parser.add_argument("--out", type=Path, help="report folder (default results/simulation-…)")
    defaults = ChatConfig()
    for f in fields(ChatConfig):
        if f.name != "duration":
            flag = "--" + f.name.replace("_", "-")
            parser.add_argument(flag, type=type(getattr(defaults, f.name)), default=None)
    args = parser.parse_args(argv)
    config = ChatConfig(
        duration=args.duration,
        **{
            f.name: getattr(args, f.name)
            for f in fields(ChatConfig)
            if f.name != "duration" and getattr(args, f.name) is not None
        },
    )
    out = args.out or Path("results") / f"simulation-{datetime.now():%Y%m%d-%H%M%S}"

    def go(url: str):
        return asyncio.run(simulate(url, users=args.users, seed=args.seed, config=config, out=out))

    if args.url:
        outcome = go(args.url)
    else:
        from simulation.stack import Stack, raise_file_limit

        raise_file_limit()
        with Stack(workers=args.workers) as stack:
            print(f"stack up at {stack.url} (logs in {stack.data_dir})", flush=True)
            outcome = go(stack.url)
    verdict = "passed" if outcome.check.ok else "FAILED"
    print(f"correctness check {verdict}: {outcome.check.as_dict()}")
    print(f"report: {outcome.report}")
    return 0 if outcome.check.ok else 1


if __name__ == "__main__":
    sys.exit(main())
