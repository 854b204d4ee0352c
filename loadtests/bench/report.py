"""``docs/benchmarks.md`` and its JSON twin from one bench run: each figure next to the
machine's ceiling measured in the same run, as a ratio, with the spec's target beside it."""

from __future__ import annotations

import json
from pathlib import Path

from simulation.report import markdown_table

INTRO = """\
Measured by `make bench` (`loadtests/bench/`): Connecto in its production shape (Sanic
workers: {workers}; Redis, PostgreSQL, a Taskiq job worker) on the machine below, the load generator
on the same machine. Absolute numbers move with the machine and with whatever else runs on it
(see the load average beside each figure); **the ratios to the ceilings measured in the same
run are what to compare** between runs and machines. Re-run with `make bench` (about 10-15
minutes) or `make bench QUICK=1` (a smaller, shorter smoke run); the raw figures are in
[`benchmarks.json`](benchmarks.json).
"""

HOW = """\
## How it is measured

- **Ceilings**: a bare Sanic JSON route served with the same worker count, measured by the
  same wrk command as the GET scenarios; PostgreSQL single-row `INSERT` transactions with
  `pgbench` (16 clients) on the same server; Redis `PUBLISH` of a 600-byte payload with
  `redis-benchmark` (64 clients, no pipelining) against the bench's Redis.
- **GET scenarios** (`users/me`, history, search): `wrk -t2 -c64` closed loop, rotating over
  the tokens of many users (and over planets). History is measured again in open loop at half
  the closed-loop rate with the Python client, for its p99 at a sustainable load.
- **Sends**: the Python client (asyncio + aiohttp, one process) sends `message:send` frames
  over each sender's own socket (REST `POST /planets/{id}/messages` for the concurrent-sender
  runs); every member of the planet listens on a socket. Closed loop: N senders, each waits
  for its ack. Open loop: a fixed offered rate regardless of answers. Fan-out latency is from
  the moment a send leaves the client to the moment a listening socket has the `message:new`
  (every listener, the sender's own socket included). *Accepted* counts acknowledged messages
  over the time from the first send to the last ack.
- **Exactly once**: after each send run the client waits for outstanding deliveries, then
  checks that every listening socket got every accepted message of its planets once; `lost`
  and `duplicated` must be 0.
- **Realistic limits**: the server runs with its shipped per-action rate limits (spec 8.2: 100
  messages a minute per user, REST and socket). Load is spread over many users, none sending
  more than 90 messages a minute, so the benchmark never trips one. The API-wide request budget
  (spec 12.2: 1,000 requests per user per 15 minutes, 30 sign-ins per IP) is raised, as in the
  tests: a few hundred synthetic users on one IP issue thousands of requests a second, which a
  real population spreads over many thousands of users and addresses.
- **Server CPU** is the average number of cores used by each process group during the run
  (`server`: the Sanic processes, `jobs`: the Taskiq worker, `redis`); PostgreSQL is shared
  with the rest of the machine and not attributed. **Generator CPU** is the cores the load
  generator itself used (wrk, the Python client or Locust): on a 2-core machine whatever it uses
  is taken from the server, so it is reported beside every figure.
"""


def _fmt(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.1f}" if abs(value) < 100 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, dict):
        return ", ".join(f"{k} {_fmt(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return " / ".join(_fmt(v) for v in value)
    return str(value)


def _pct(part: float | None, whole: float | None) -> str:
    if not part or not whole:
        return "-"
    return f"{100 * part / whole:.1f}%"


def _load(entry: dict) -> str:
    before, after = entry.get("load_average", ([], []))
    return f"{before[0] if before else '-'} → {after[0] if after else '-'}"


def write(path: Path, data: dict) -> None:
    path.with_suffix(".json").write_text(json.dumps(data, indent=2, default=str) + "\n")
    ceilings, results = data["ceilings"], {r["name"]: r for r in data["results"]}
    bare = ceilings["bare_sanic"].get("rps")
    inserts = ceilings["postgres_inserts"].get("inserts_per_second")
    publishes = ceilings["redis_publish"].get("publishes_per_second")
    parts = [f"# Benchmarks\n\n{INTRO.format(workers=data['workers'])}"]
    parts.append(f"Run: {data['started']} ({data['mode']}), {data['seconds']:.0f} s in all.\n")
    parts.append(
        markdown_table(["machine", ""], [(k, _fmt(v)) for k, v in data["machine"].items()])
    )
    parts.append("\n## Ceilings (same run)\n")
    parts.append(
        markdown_table(
            ["ceiling", "rate", "p50 / p99 ms", "generator cores"],
            [
                (
                    f"bare Sanic JSON route, {data['workers']} workers (wrk -t2 -c64)",
                    f"{bare:,} rps",
                    f"{ceilings['bare_sanic']['p50_ms']} / {ceilings['bare_sanic']['p99_ms']}",
                    ceilings["bare_sanic"]["generator_cores"],
                ),
                (
                    "PostgreSQL single-row INSERT (pgbench, 16 clients)",
                    f"{inserts:,} /s",
                    f"avg {ceilings['postgres_inserts']['latency_ms']}",
                    "-",
                ),
                (
                    "Redis PUBLISH 600 B (redis-benchmark, 64 clients)",
                    f"{publishes:,} /s",
                    "-",
                    "-",
                ),
            ],
        )
    )
    parts.append("\n## Requests\n")
    rows = []
    for name, label, target in (
        ("users_me", "`GET /api/v1/users/me`", "≥ 35% of bare Sanic; spec p95 < 200 ms"),
        ("history", "history page (50 messages)", "≥ 15% of bare Sanic"),
        ("history_half_rate", "history page at half that rate", "p99 < 50 ms"),
        ("search", "`GET /api/v1/messages/search`", "spec p95 < 200 ms"),
    ):
        r = results.get(name)
        if r:
            rows.append(
                (
                    label,
                    r["mode"],
                    f"{r['rps']:,.0f}",
                    _pct(r["rps"], bare),
                    f"{_fmt(r['p50_ms'])} / {_fmt(r['p95_ms'])} / {_fmt(r['p99_ms'])}",
                    r["errors"],
                    _fmt(r["server_cores"]),
                    r["generator_cores"],
                    _load(r),
                    target,
                )
            )
    parts.append(
        markdown_table(
            [
                "scenario",
                "load",
                "rps",
                "of bare Sanic",
                "p50 / p95 / p99 ms",
                "errors",
                "server cores",
                "generator cores",
                "load avg",
                "target",
            ],
            rows,
        )
    )
    parts.append("\n## Messages and fan-out\n")
    rows = []
    for r in data["results"]:
        if "accepted_per_second" not in r:
            continue
        target = {
            "send_10_closed": "≥ 1,000 msgs/s accepted (spec)",
            "send_10_open_500": "fan-out p99 < 100 ms",
            "senders_256": "zero 5xx, zero lost or duplicated",
            "senders_64": "zero 5xx, zero lost or duplicated",
        }.get(r["name"], "")
        rows.append(
            (
                r["name"],
                f"{r['members']} members, {r['mode']}, {r['transport']}",
                f"{r['accepted_per_second']:,.0f}",
                _pct(r["accepted_per_second"], inserts),
                f"{r['deliveries_per_second']:,.0f}",
                _pct(r["deliveries_per_second"], publishes),
                f"{_fmt(r['ack']['p50_ms'])} / {_fmt(r['ack']['p99_ms'])}",
                f"{_fmt(r['fanout']['p50_ms'])} / {_fmt(r['fanout']['p95_ms'])} / "
                f"{_fmt(r['fanout']['p99_ms'])}",
                f"{r['server_errors']} ({sum(r['errors'].values())})",
                f"{r['lost']} / {r['duplicated']}",
                _fmt(r["server_cores"]),
                r["generator_cores"],
                _load(r),
                target,
            )
        )
    parts.append(
        markdown_table(
            [
                "scenario",
                "load",
                "accepted msgs/s",
                "of PG inserts",
                "deliveries/s",
                "of Redis PUBLISH",
                "ack p50 / p99 ms",
                "fan-out p50 / p95 / p99 ms",
                "5xx (all errors)",
                "lost / dup",
                "server cores",
                "generator cores",
                "load avg",
                "target",
            ],
            rows,
        )
    )
    idle = results.get("idle_sockets")
    if idle:
        parts.append("\n## Idle authenticated sockets\n")
        parts.append(
            markdown_table(
                ["measure", "value", "target"],
                [
                    ("sockets", f"{idle['mode']}", "> 10,000 (spec)"),
                    ("opened / failed", f"{idle['opened']:,} / {idle['failed_to_open']}", ""),
                    (
                        "time to open",
                        f"{idle['open_seconds']} s ({idle['opened_per_second']:,}/s)",
                        "10,000 in < 10 s",
                    ),
                    ("memory per socket", f"{idle['kib_per_socket']} KiB", "≤ 40 KiB"),
                    (
                        "server RSS before → after",
                        f"{idle['server_rss_mib_before']} → {idle['server_rss_mib_after']} MiB",
                        "",
                    ),
                    ("sockets per worker", _fmt(idle["sockets_per_process"]), "even"),
                    ("dropped while held", idle["dropped_while_held"], "0"),
                    ("generator cores (opening)", idle["generator_cores"], ""),
                    ("load avg", _load(idle), ""),
                ],
            )
        )
    mixed = results.get("mixed_locust")
    if mixed:
        parts.append("\n## Mixed traffic (Locust)\n")
        parts.append(
            markdown_table(
                ["measure", "value"],
                [(k, _fmt(v)) for k, v in mixed.items() if k not in ("name", "by_request")],
            )
        )
        if mixed.get("by_request"):
            parts.append("")
            parts.append(
                markdown_table(
                    ["request", "count", "failures", "p50 ms", "p95 ms", "p99 ms", "rps"],
                    mixed["by_request"],
                )
            )
    synapse = data.get("synapse")
    if synapse:
        parts.append("\n## Matrix Synapse, measured the same way\n")
        parts.append(synapse.get("note", ""))
        rows = []
        for r in synapse.get("results", []):
            rows.append(
                (
                    r["name"],
                    r["mode"],
                    f"{r['accepted_per_second']:,.1f}",
                    f"{_fmt(r['fanout']['p50_ms'])} / {_fmt(r['fanout']['p99_ms'])}",
                    f"{r['lost']} / {r['duplicated']}",
                    sum(r["errors"].values()),
                    _fmt(r["server_cores"]),
                    r["generator_cores"],
                )
            )
        parts.append(
            markdown_table(
                [
                    "scenario",
                    "load",
                    "accepted msgs/s",
                    "delivery p50 / p99 ms",
                    "not delivered within 60 s / dup",
                    "errors",
                    "server cores",
                    "generator cores",
                ],
                rows,
            )
        )
    parts.append("\n" + HOW)
    if data.get("population"):
        parts.append("Population of this run: " + _fmt(data["population"]) + ".\n")
    if data.get("notes"):
        parts.append("\n## Notes\n\n" + "\n".join(f"- {n}" for n in data["notes"]) + "\n")
    existing = path.read_text() if path.exists() else ""
    path.write_text("\n".join(parts).rstrip() + "\n" + kept_sections(existing))


# Sections of docs/benchmarks.md other tools and people write: a bench run keeps them.
KEPT_SECTIONS = ("Performance work", "Files", "History")


def kept_sections(existing: str) -> str:
    """The ``## ...`` sections of the current file that this report does not own."""
    kept = []
    for section in ("\n" + existing).split("\n## ")[1:]:
        if section.startswith(KEPT_SECTIONS):
            kept.append("\n## " + section.rstrip() + "\n")
    return "".join(kept)
