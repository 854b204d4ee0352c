"""How a delivery attempt can fail."""

from __future__ import annotations


class DeliveryError(Exception):
    """``permanent``: retrying cannot help (bad address, unknown device); otherwise the attempt
    is retried later with backoff. ``retry_after``: the provider asked for this delay (s)."""

    def __init__(self, reason: str, *, permanent: bool, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent
        self.retry_after = retry_after
