"""Synthetic travels and chats against a running Connecto, with a correctness check and a
report. ``python -m simulation --help``; the notebook ``08_simulation.ipynb`` walks through a
small run."""

from __future__ import annotations

import random
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

from simulation import check, report
from simulation.chat import ChatConfig, ChatRun
from simulation.client import Http, Recorder
from simulation.population import build_population


@dataclass
class Outcome:
    recorder: Recorder
    run: ChatRun
    check: check.CheckResult
    report: Path | None
    setup_seconds: float
    chat_seconds: float


async def simulate(
    url: str,
    *,
    users: int = 30,
    seed: int = 1,
    config: ChatConfig | None = None,
    out: Path | None = None,
) -> Outcome:
    """Build a population of ``users`` people, let them chat, check the result and (with
    ``out``) write the report there."""
    config = config or ChatConfig()
    recorder = Recorder()
    http = Http(url, recorder)
    run_id = f"{seed}-{uuid.uuid4().hex[:6]}"  # new accounts each run, same shape per seed
    try:
        started = time.monotonic()
        world = await build_population(http, random.Random(seed), users=users, run_id=run_id)
        setup_seconds = time.monotonic() - started
        run = ChatRun(http, recorder, world, config, seed)
        chat_started = time.monotonic()
        try:
            await run.run()
            chat_seconds = time.monotonic() - chat_started
            result = await check.check(run)
        finally:
            await run.close()
    finally:
        await http.close()
    path = None
    if out is not None:
        meta = {
            "server": url,
            "seed": seed,
            "users": users,
            "online": sum(p.online for p in run.people),
            "travels": len(world.travels),
            "planets": len(world.planets),
            "setup seconds": round(setup_seconds, 1),
            "chat seconds": round(chat_seconds, 1),
            **{f"config.{k}": v for k, v in asdict(config).items()},
        }
        path = report.write(
            out,
            recorder,
            title=f"Simulation: {users} people, seed {seed}",
            meta=meta,
            check=result.as_dict(),
        )
    return Outcome(recorder, run, result, path, setup_seconds, chat_seconds)
