"""Wire model of ``GET /health``."""

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
