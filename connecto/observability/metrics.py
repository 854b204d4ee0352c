"""Prometheus metrics of every process of a node, scraped at ``GET /health/metrics``.

A node runs several Sanic workers (``CONNECTO_WORKERS``) and, on the same host, Taskiq job
workers; each counts in its own process. prometheus-client's multiprocess mode keeps every
process's values in small memory-mapped files named after its pid in one directory
(``PROMETHEUS_MULTIPROC_DIR``), and a scrape, whichever worker serves it, merges the files of
all of them. So that this works:

* the directory is chosen here, before ``prometheus_client`` is imported (it picks its value
  storage at import time), and inherited by worker processes through the environment;
* ``python -m connecto run`` (and each job worker at start) deletes the files of processes that
  no longer exist, so a restart starts from zero and a recycled pid does not resume a dead
  process's numbers;
* live gauges ("connections now") of a process that died without cleaning up are left out of
  every scrape, so a crashed worker's sockets stop counting at once.

Give each node on a host its own directory (``CONNECTO_METRICS_DIR``). Job workers on another
host write to their own directory; set ``CONNECTO_WORKER_METRICS_PORT`` there and Prometheus
scrapes them directly.

Recording is cheap: an increment is a locked write into the process's own mapped file, label
values are bounded (route templates, never raw paths) and hot label children are cached.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
from pathlib import Path

from connecto import events
from connecto.settings import Settings

log = logging.getLogger("connecto.metrics")


def _prepare_directory() -> Path:
    path = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not path:
        path = str(Settings().resolved_metrics_dir.resolve())
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = path
    Path(path).mkdir(parents=True, exist_ok=True)
    return Path(path)


METRICS_DIR = _prepare_directory()

# Imported only now: the environment decides prometheus_client's storage.
from prometheus_client import (  # noqa: E402
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector  # noqa: E402

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1.0, 2.5, 5.0, 10.0)
FAST_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0)
JOB_BUCKETS = (0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0, 30.0, 60.0, 300.0)

HTTP_REQUEST_SECONDS = Histogram(
    "connecto_http_request_duration_seconds",
    "HTTP requests by method, route template and status, with their duration",
    ["method", "route", "status"],
    buckets=LATENCY_BUCKETS,
)
WS_CONNECTIONS = Gauge(
    "connecto_ws_connections",
    "Open WebSocket connections (live processes of this node)",
    multiprocess_mode="livesum",
)
WS_FRAMES = Counter("connecto_ws_frames", "WebSocket frames received and sent", ["direction"])
WS_FRAMES_IN = WS_FRAMES.labels("in")
WS_FRAMES_OUT = WS_FRAMES.labels("out")
MESSAGES_SENT = Counter("connecto_messages_sent", "Messages stored, by type", ["type"])
FANOUT_SECONDS = Histogram(
    "connecto_fanout_latency_seconds",
    "From publishing a room event to handing its frame to this process's sockets",
    buckets=FAST_BUCKETS,
)
JOB_RUNS = Counter(
    "connecto_job_runs", "Background job runs by job and outcome", ["job", "outcome"]
)
JOB_SECONDS = Histogram(
    "connecto_job_duration_seconds", "Background job run time", ["job"], buckets=JOB_BUCKETS
)
NOTIFICATION_DELIVERIES = Counter(
    "connecto_notification_deliveries",
    "Notification delivery outcomes by channel (sent, delivered, retry, failed)",
    ["channel", "outcome"],
)
RATE_LIMIT_REFUSALS = Counter(
    "connecto_rate_limit_refusals", "Actions refused by a rate limit or its penalty", ["limit"]
)
UNREAD_CACHE = Counter(
    "connecto_unread_cache_lookups",
    "Unread-counter lookups answered by Redis (hit) or not",
    ["result"],
)
UNREAD_CACHE_HIT = UNREAD_CACHE.labels("hit")
UNREAD_CACHE_MISS = UNREAD_CACHE.labels("miss")
DB_POOL = Gauge(
    "connecto_db_pool_connections",
    "PostgreSQL pool connections: open, in use and the configured maximum (sum over processes)",
    ["state"],
    multiprocess_mode="livesum",
)
ANALYTICS_EVENTS = Counter(
    "connecto_analytics_events",
    "Analytics events written, or dropped because the buffer was full or the write failed",
    ["outcome"],
)

_http_children: dict[tuple[str, str, int], object] = {}


@events.subscribe("message.created")
async def _count_message(name: str, payload: dict) -> None:
    MESSAGES_SENT.labels(payload["message"].get("type") or "unknown").inc()


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    key = (method, route, status)
    child = _http_children.get(key)
    if child is None:
        child = _http_children[key] = HTTP_REQUEST_SECONDS.labels(method, route, str(status))
    child.observe(seconds)


# --- files of processes that are gone -------------------------------------------------------

_FILE_PID = re.compile(r"_(\d+)\.db$")


def _pid_of(path: Path) -> int | None:
    match = _FILE_PID.search(path.name)
    return int(match.group(1)) if match else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def prune_dead_processes(directory: Path = METRICS_DIR) -> int:
    """Delete the files of processes that no longer run (at a node's or job worker's start).
    Returns how many were deleted."""
    removed = 0
    for path in directory.glob("*.db"):
        pid = _pid_of(path)
        if pid is not None and pid != os.getpid() and not _alive(pid):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed += 1
    return removed


class _NodeCollector:
    """Every process's files, less the live gauges of processes that died."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def collect(self):
        files = []
        for path in self.directory.glob("*.db"):
            if path.name.startswith("gauge_live"):
                pid = _pid_of(path)
                if pid is not None and not _alive(pid):
                    continue
            files.append(str(path))
        return MultiProcessCollector.merge(files, accumulate=True)


def families():
    """The merged metric families of the node (for /health/detailed)."""
    return list(_NodeCollector(METRICS_DIR).collect())


def node_registry() -> CollectorRegistry:
    registry = CollectorRegistry()
    registry.register(_NodeCollector(METRICS_DIR))
    return registry


def exposition() -> tuple[bytes, str]:
    """The Prometheus text format of the node's metrics (file reads: call it off the loop)."""
    return generate_latest(node_registry()), CONTENT_TYPE_LATEST


def serve_for_job_workers(port: int) -> bool:
    """A job worker host without a web node: serve this directory's metrics on ``port``.
    Of several job worker processes the first to bind it serves all of them."""
    from prometheus_client import start_http_server

    try:
        start_http_server(port, registry=node_registry())
    except OSError:
        return False
    return True


def total(families_: list, name: str, **labels: str) -> float:
    """Sum of a metric's samples (``name`` as exposed, e.g. ``connecto_ws_frames_total``)
    whose labels include ``labels``."""
    value = 0.0
    for family in families_:
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                value += sample.value
    return value


# --- gauges sampled per process --------------------------------------------------------------


def sample_process_gauges() -> None:
    from tortoise import Tortoise

    try:
        pool = getattr(Tortoise.get_connection("default"), "_pool", None)
    except Exception:  # no ORM in this process (yet)
        pool = None
    if pool is None:
        return
    size, idle = pool.get_size(), pool.get_idle_size()
    DB_POOL.labels("open").set(size)
    DB_POOL.labels("in_use").set(size - idle)
    DB_POOL.labels("max").set(pool.get_max_size())


_sampler: asyncio.Task | None = None


async def start_sampler(interval: float) -> None:
    global _sampler

    async def run() -> None:
        while True:
            with contextlib.suppress(Exception):
                sample_process_gauges()
            await asyncio.sleep(interval)

    if _sampler is None:
        _sampler = asyncio.get_running_loop().create_task(run(), name="metrics-sampler")


async def stop_sampler() -> None:
    global _sampler
    if _sampler is not None:
        _sampler.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await _sampler
        _sampler = None
