"""What a run measured, as files: raw samples (CSV and Parquet), a pandas summary, matplotlib
charts and a Markdown report that links them."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from simulation.client import Recorder


def samples_frame(recorder: Recorder) -> pd.DataFrame:
    columns = ["at", "op", "ms", "ok", "code", "user"]
    return pd.DataFrame([asdict(s) for s in recorder.samples], columns=columns)


def deliveries_frame(recorder: Recorder) -> pd.DataFrame:
    """Every ``message:new`` received, with its delay from the moment the send left."""
    columns = ["at", "socket", "user", "planet", "message", "client_message_id"]
    frame = pd.DataFrame([asdict(d) for d in recorder.deliveries], columns=columns)
    sent = frame["client_message_id"].map(recorder.sent_at)
    frame["delay_ms"] = (frame["at"] - sent) * 1000
    return frame


def summary(samples: pd.DataFrame, duration: float | None = None) -> pd.DataFrame:
    """Per operation: count, errors, latency percentiles (ms) and rate (per second)."""
    if samples.empty:
        return pd.DataFrame(
            columns=["count", "errors", "p50", "p95", "p99", "max", "mean", "per_second"]
        )
    span = duration or max(samples["at"].max() - samples["at"].min(), 1e-9)
    grouped = samples.groupby("op")
    table = pd.DataFrame(
        {
            "count": grouped.size(),
            "errors": grouped["ok"].apply(lambda ok: int((~ok).sum())),
            "p50": grouped["ms"].quantile(0.50),
            "p95": grouped["ms"].quantile(0.95),
            "p99": grouped["ms"].quantile(0.99),
            "max": grouped["ms"].max(),
            "mean": grouped["ms"].mean(),
            "per_second": grouped.size() / span,
        }
    )
    return table.sort_values("count", ascending=False)


def error_codes(samples: pd.DataFrame) -> pd.DataFrame:
    failed = samples[~samples["ok"]]
    return failed.groupby(["op", "code"]).size().rename("count").reset_index()


def delivery_summary(deliveries: pd.DataFrame) -> dict:
    delays = deliveries["delay_ms"].dropna()
    if delays.empty:
        return {"deliveries": len(deliveries)}
    return {
        "deliveries": len(deliveries),
        "delay_p50_ms": float(delays.quantile(0.5)),
        "delay_p95_ms": float(delays.quantile(0.95)),
        "delay_p99_ms": float(delays.quantile(0.99)),
        "delay_max_ms": float(delays.max()),
    }


def markdown_table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    def cell(value: object) -> str:
        if isinstance(value, float):
            if value.is_integer() and abs(value) >= 1:
                return f"{value:,.0f}"
            return f"{value:,.1f}" if abs(value) >= 1 else f"{value:.3g}"
        return str(value)

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def frame_table(frame: pd.DataFrame, index_name: str = "") -> str:
    headers = [index_name or (frame.index.name or ""), *frame.columns]
    return markdown_table(headers, (list(row) for row in frame.itertuples()))


def chart_latency(samples: pd.DataFrame, path: Path, ops: Sequence[str] | None = None) -> None:
    """p50/p95/p99 per second of the run, for the busiest operations."""
    ops = list(ops or samples["op"].value_counts().index[:4])
    # Figure, not pyplot: no global backend, so a notebook keeps its inline plots.
    fig = Figure(figsize=(9, 2.4 * len(ops)))
    axes = fig.subplots(len(ops), 1, sharex=True, squeeze=False)
    for ax, op in zip(axes[:, 0], ops, strict=True):
        part = samples[samples["op"] == op]
        by_second = part.groupby(part["at"].astype(int))["ms"]
        for q, style in ((0.5, "-"), (0.95, "--"), (0.99, ":")):
            by_second.quantile(q).plot(ax=ax, style=style, label=f"p{int(q * 100)}")
        ax.set_title(op, fontsize=9)
        ax.set_ylabel("ms")
        ax.legend(fontsize=7, loc="upper left")
    axes[-1, 0].set_xlabel("seconds into the run")
    fig.tight_layout()
    fig.savefig(path, dpi=90)


def chart_throughput(samples: pd.DataFrame, deliveries: pd.DataFrame, path: Path) -> None:
    fig = Figure(figsize=(9, 3))
    ax = fig.subplots()
    if not samples.empty:
        samples.groupby(samples["at"].astype(int)).size().plot(ax=ax, label="requests/s")
        sends = samples[samples["op"].str.contains("message", case=False) & samples["ok"]]
        sends = sends[sends["op"].isin(["ws:message:send", "rest:POST message"])]
        if not sends.empty:
            sends.groupby(sends["at"].astype(int)).size().plot(ax=ax, label="messages sent/s")
    if not deliveries.empty:
        deliveries.groupby(deliveries["at"].astype(int)).size().plot(ax=ax, label="deliveries/s")
    ax.set_xlabel("seconds into the run")
    ax.set_ylabel("per second")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=90)


def chart_delivery_delay(deliveries: pd.DataFrame, path: Path) -> None:
    delays = deliveries["delay_ms"].dropna()
    fig = Figure(figsize=(9, 3))
    ax = fig.subplots()
    if not delays.empty:
        ax.hist(delays.clip(upper=delays.quantile(0.999)), bins=60)
        for q in (0.5, 0.95, 0.99):
            ax.axvline(delays.quantile(q), linestyle="--", linewidth=1)
    ax.set_xlabel("send -> receipt (ms); dashed: p50, p95, p99")
    ax.set_ylabel("deliveries")
    fig.tight_layout()
    fig.savefig(path, dpi=90)


def write(
    out: Path,
    recorder: Recorder,
    *,
    title: str,
    meta: dict,
    check: dict | None = None,
    duration: float | None = None,
) -> Path:
    """Write samples, deliveries, the summary, charts and ``report.md`` into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    samples, deliveries = samples_frame(recorder), deliveries_frame(recorder)
    samples.to_csv(out / "samples.csv", index=False)
    deliveries.to_csv(out / "deliveries.csv", index=False)
    samples.to_parquet(out / "samples.parquet", index=False)
    deliveries.to_parquet(out / "deliveries.parquet", index=False)
    table = summary(samples, duration)
    table.to_csv(out / "summary.csv")
    delivered = delivery_summary(deliveries)
    chart_latency(samples, out / "latency.png")
    chart_throughput(samples, deliveries, out / "throughput.png")
    chart_delivery_delay(deliveries, out / "delivery_delay.png")
    (out / "result.json").write_text(
        json.dumps({"meta": meta, "deliveries": delivered, "check": check}, indent=2) + "\n"
    )
    parts = [f"# {title}", ""]
    parts += [markdown_table(["setting", "value"], sorted(meta.items())), ""]
    if check is not None:
        verdict = "PASSED" if check.get("ok") else "FAILED"
        parts += [f"## Correctness: {verdict}", ""]
        shown = {k: v for k, v in check.items() if k not in ("examples", "ok")}
        parts += [markdown_table(["check", "value"], shown.items()), ""]
        parts += [f"- {line}" for line in check.get("examples", [])] + [""]
    parts += ["## Operations (latency in ms)", "", frame_table(table, "operation"), ""]
    errors = error_codes(samples)
    if not errors.empty:
        parts += ["## Refusals and errors", ""]
        parts += [markdown_table(["operation", "code", "count"], errors.values.tolist()), ""]
    parts += ["## Deliveries", "", markdown_table(["measure", "value"], delivered.items()), ""]
    parts += ["![latency](latency.png)", "", "![throughput](throughput.png)", ""]
    parts += ["![delivery delay](delivery_delay.png)", ""]
    report = out / "report.md"
    report.write_text("\n".join(parts))
    return report
