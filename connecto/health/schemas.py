"""Wire models of ``GET /health``, ``/health/live``, ``/health/ready`` and ``/health/detailed``."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from connecto.schemas import ResponseModel


class HealthOut(ResponseModel):
    status: Literal["healthy", "degraded", "unhealthy"]
    timestamp: datetime
    version: str
    # Per backing service: {"status": "up"|"down"|"disabled", "latencyMs"?, "error"?, "mode"?}
    services: dict[str, dict[str, Any]]


class DetailedHealthOut(HealthOut):
    environment: str
    # pid, worker, uptime, memory, connections of the process that answered
    process: dict[str, Any]
    # node-wide numbers read from every process's metrics
    metrics: dict[str, Any]


class LiveOut(ResponseModel):
    status: Literal["alive"]
    pid: int
    uptime_seconds: int


class ReadyOut(ResponseModel):
    status: Literal["ready"]
    # database: {"status", "latencyMs", "pending": [migration files not applied]};
    # redis: {"status": "up"|"disabled", ...}
    checks: dict[str, dict[str, Any]]
