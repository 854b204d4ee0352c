"""Measuring instruments shared by the scenarios: the machine, CPU and memory of process
trees, wrk for plain GETs (with the generator's own CPU), percentiles."""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

WRK_DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "JSON {\\"requests\\": %d, \\"duration_us\\": %d, \\"status_errors\\": %d, "
    .. "\\"socket_errors\\": %d, \\"p50\\": %d, \\"p95\\": %d, \\"p99\\": %d, \\"max\\": %d, "
    .. "\\"mean\\": %f}\\n",
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    latency.mean))
end
"""


def machine() -> dict:
    """What the numbers were measured on."""
    freq = psutil.cpu_freq()
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": model or platform.processor(),
        "cores": psutil.cpu_count(),
        "cpu_mhz": round(freq.current) if freq else None,
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
    }


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


@dataclass
class Usage:
    """CPU seconds and peak memory of groups of processes over one measurement."""

    groups: dict[str, list[int]]
    interval: float = 0.5
    cpu: dict[str, float] = field(default_factory=dict)
    peak_rss_mib: dict[str, float] = field(default_factory=dict)
    rss_mib: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0
    _start: dict[int, float] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def _processes(self, pids: list[int]) -> list[psutil.Process]:
        found = []
        for pid in pids:
            try:
                found.append(psutil.Process(pid))
            except psutil.NoSuchProcess:
                pass
        return found

    @staticmethod
    def _cpu(process: psutil.Process) -> float:
        try:
            times = process.cpu_times()
            return times.user + times.system
        except psutil.NoSuchProcess:
            return 0.0

    def _sample_memory(self) -> None:
        for name, pids in self.groups.items():
            total = 0
            for process in self._processes(pids):
                try:
                    total += process.memory_info().rss
                except psutil.NoSuchProcess:
                    pass
            self.rss_mib[name] = total / 2**20
            self.peak_rss_mib[name] = max(self.peak_rss_mib.get(name, 0.0), total / 2**20)

    def __enter__(self) -> Usage:
        self._began = time.monotonic()
        for pids in self.groups.values():
            for process in self._processes(pids):
                self._start[process.pid] = self._cpu(process)

        def watch() -> None:
            while not self._stop.wait(self.interval):
                self._sample_memory()

        self._sample_memory()
        self._thread = threading.Thread(target=watch, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join()
        self.seconds = time.monotonic() - self._began
        self._sample_memory()
        for name, pids in self.groups.items():
            used = 0.0
            for process in self._processes(pids):
                used += self._cpu(process) - self._start.get(process.pid, 0.0)
            self.cpu[name] = used

    def cores(self) -> dict[str, float]:
        """Average cores busy per group during the measurement."""
        return {k: round(v / max(self.seconds, 1e-9), 2) for k, v in self.cpu.items()}


def own_cpu() -> float:
    """CPU seconds of this process (the Python load generator)."""
    times = psutil.Process().cpu_times()
    return times.user + times.system


@dataclass
class WrkResult:
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    errors: int  # non-2xx/3xx answers plus socket errors
    generator_cores: float


def wrk(
    url: str,
    *,
    duration: float,
    connections: int = 64,
    threads: int = 2,
    requests: list[tuple[str, str | None]] | None = None,
) -> WrkResult:
    """Run wrk against ``url`` (closed loop, ``connections`` in flight). ``requests``: (path,
    bearer token) pairs to cycle through; without, ``url`` itself is requested."""
    script = WRK_DONE
    if requests:
        entries = ",\n".join(
            "{" + json.dumps(path) + ", " + json.dumps(f"Bearer {token}" if token else "") + "}"
            for path, token in requests
        )
        script = (
            "local reqs = {\n" + entries + "\n}\n"
            "local i = 0\n"
            "function setup(thread) thread:set('offset', math.random(#reqs)) end\n"
            "function init(args) i = offset or 0 end\n"
            "request = function()\n"
            "  i = (i % #reqs) + 1\n"
            "  local r = reqs[i]\n"
            "  if r[2] == '' then return wrk.format('GET', r[1]) end\n"
            "  return wrk.format('GET', r[1], {['Authorization'] = r[2]})\n"
            "end\n" + WRK_DONE
        )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    try:
        process = subprocess.Popen(
            [
                "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{max(1, round(duration))}s",
                "--timeout",
                "10s",
                "-s",
                handle.name,
                url,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        output = process.stdout.read()
        _, status, rusage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    finally:
        os.unlink(handle.name)
    match = re.search(r"^JSON (.*)$", output, re.MULTILINE)
    if process.returncode != 0 or not match:
        raise RuntimeError(f"wrk failed ({process.returncode}):\n{output}")
    data = json.loads(match[1])
    seconds = data["duration_us"] / 1e6
    return WrkResult(
        requests=data["requests"],
        seconds=seconds,
        rps=data["requests"] / seconds,
        p50_ms=data["p50"] / 1000,
        p95_ms=data["p95"] / 1000,
        p99_ms=data["p99"] / 1000,
        max_ms=data["max"] / 1000,
        errors=data["status_errors"] + data["socket_errors"],
        generator_cores=round((rusage.ru_utime + rusage.ru_stime) / seconds, 2),
    )


def percentiles(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"p50_ms": None, "p95_ms": None, "p99_ms": None, "max_ms": None}
    ordered = sorted(values)

    def at(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2)

    return {"p50_ms": at(0.50), "p95_ms": at(0.95), "p99_ms": at(0.99), "max_ms": at(1.0)}
