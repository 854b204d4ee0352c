"""Job priorities (spec 10.2) and the queue each one runs on.

Every priority is its own queue (a Redis stream, or a slot pool in-process) with its own
worker concurrency, so a flood of BULK exports or LOW maintenance never delays a CRITICAL push
delivery: a job only ever waits for jobs of its own priority.
"""

from __future__ import annotations

from enum import IntEnum


class Priority(IntEnum):
    CRITICAL = 1  # user-facing: notification delivery, triggers, ban enforcement
    HIGH = 2  # real-time features: chat windows, notification retries
    NORMAL = 3  # reminders, digests, optimisation
    LOW = 4  # cleanup, maintenance
    BULK = 5  # mass operations and exports

    @property
    def queue(self) -> str:
        return self.name.lower()

    @property
    def stream(self) -> str:
        """The Redis stream this priority's jobs travel on."""
        return f"connecto:jobs:{self.queue}"

    @classmethod
    def of_queue(cls, queue: str) -> Priority:
        try:
            return cls[queue.strip().upper()]
        except KeyError:
            raise ValueError(
                f"unknown job queue {queue!r}; one of {', '.join(p.queue for p in cls)}"
            ) from None


# Jobs run at once per priority, per worker process (or in the web process, embedded).
DEFAULT_CONCURRENCY = {
    Priority.CRITICAL: 16,
    Priority.HIGH: 8,
    Priority.NORMAL: 4,
    Priority.LOW: 2,
    Priority.BULK: 1,
}


def parse_concurrency(text: str) -> dict[Priority, int]:
    """``"critical=16,low=1"`` -> concurrency per priority, the defaults for the rest."""
    result = dict(DEFAULT_CONCURRENCY)
    for part in text.split(","):
        if not part.strip():
            continue
        name, _, value = part.partition("=")
        count = int(value)
        if count < 1:
            raise ValueError(f"job concurrency of {name.strip()} must be at least 1")
        result[Priority.of_queue(name)] = count
    return result
