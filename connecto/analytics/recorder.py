"""Recording analytics events without slowing anyone down.

``record`` only appends to this process's buffer (no I/O, no task per event). A background
task writes the buffer every ``CONNECTO_ANALYTICS_FLUSH_SECONDS``, or as soon as a batch is
full, one INSERT per batch of ``CONNECTO_ANALYTICS_BATCH_SIZE``. The buffer is bounded
(``CONNECTO_ANALYTICS_BUFFER_MAX``): when the database cannot keep up, new events are dropped
and counted (``connecto_analytics_events_total{outcome="dropped"}``) rather than growing
memory. A failed write is kept for the next flush while there is room.

What the caller does not know is filled in at write time, in one query per batch (and cached):
the travel of a planet, and the platform and device type of the signed-in session, taken from
the sign-in's ``deviceInfo`` or else the User-Agent. The session is the one of the request being
served (``request.ctx.actor``) when the event is about that same user.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from dataclasses import dataclass, field
from datetime import date, datetime

from sanic import Request

from connecto.analytics import queries
from connecto.observability.metrics import ANALYTICS_EVENTS
from connecto.settings import Settings
from connecto.timeutil import utcnow

log = logging.getLogger("connecto.analytics")

CACHE_LIMIT = 10_000

_written = ANALYTICS_EVENTS.labels("written")
_dropped = ANALYTICS_EVENTS.labels("dropped")


@dataclass(slots=True)
class Event:
    name: str
    occurred_at: datetime
    source: str
    user_id: int | None
    travel_id: int | None
    planet_id: int | None
    session_id: str | None
    properties: dict = field(default_factory=dict)


def _session_of_request(user_id: int | None) -> str | None:
    request = Request._current.get(None)
    actor = getattr(request.ctx, "actor", None) if request is not None else None
    if actor is None or actor.user_id != user_id:
        return None
    return str(actor.session_id)


def classify_device(device: dict, user_agent: str | None) -> tuple[str | None, str | None]:
    """(platform, device type): ios | android | web, and phone | tablet | desktop."""
    platform = str(device.get("platform") or "").lower() or None
    text = f"{device.get('model') or ''} {user_agent or ''}".lower()
    if platform is None:
        if "iphone" in text or "ipad" in text or "ios" in text:
            platform = "ios"
        elif "android" in text:
            platform = "android"
        elif "mozilla" in text:
            platform = "web"
    if "ipad" in text or "tablet" in text:
        kind = "tablet"
    elif platform in ("ios", "android") or "mobi" in text or "iphone" in text:
        kind = "phone"
    elif platform == "web":
        kind = "desktop"
    else:
        kind = None
    return platform, kind


class Recorder:
    def __init__(self) -> None:
        self.settings: Settings | None = None
        self._buffer: list[Event] = []
        self._wake: asyncio.Event | None = None
        self._task: asyncio.Task | None = None
        self._lock: asyncio.Lock | None = None
        self._travel_of_planet: dict[int, int] = {}
        self._devices: dict[str, tuple[str | None, str | None]] = {}
        self._partitions: set[date] = set()

    # --- the cheap part, on the caller's path ---------------------------------------------

    def record(
        self,
        name: str,
        *,
        user_id: int | None = None,
        travel_id: int | None = None,
        planet_id: int | None = None,
        properties: dict | None = None,
        session_id: str | None = None,
        occurred_at: datetime | None = None,
        source: str = "server",
    ) -> None:
        settings = self.settings
        if settings is None:  # not started in this process (or stopped): nothing is kept
            return
        if len(self._buffer) >= settings.analytics_buffer_max:
            _dropped.inc()
            return
        self._buffer.append(
            Event(
                name,
                occurred_at or utcnow(),
                source,
                user_id,
                travel_id,
                planet_id,
                session_id or _session_of_request(user_id),
                properties or {},
            )
        )
        if len(self._buffer) >= settings.analytics_batch_size and self._wake is not None:
            self._wake.set()

    # --- the background part -------------------------------------------------------------------

    async def start(self, settings: Settings) -> None:
        if not settings.analytics_enabled or self._task is not None:
            return
        self.settings = settings
        self._wake, self._lock = asyncio.Event(), asyncio.Lock()
        self._task = asyncio.get_running_loop().create_task(self._run(), name="analytics-flush")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self.settings is not None:
            with contextlib.suppress(Exception):
                await self.flush()
        self.settings = None

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.settings.analytics_flush_seconds)
            self._wake.clear()
            try:
                await self.flush()
            except Exception:
                log.exception("writing analytics events failed; they are kept for the next try")

    async def flush(self) -> int:
        """Write everything buffered now. Returns how many events were written."""
        if self._lock is None:
            return 0
        written = 0
        async with self._lock:
            size = self.settings.analytics_batch_size if self.settings else 500
            while self._buffer:
                batch = self._buffer[:size]
                del self._buffer[:size]
                try:
                    await self._write(batch)
                except Exception:
                    room = (
                        self.settings.analytics_buffer_max - len(self._buffer)
                        if self.settings
                        else 0
                    )
                    kept = batch[: max(0, room)]
                    self._buffer[:0] = kept
                    _dropped.inc(len(batch) - len(kept))
                    raise
                written += len(batch)
                _written.inc(len(batch))
        return written

    async def _write(self, batch: list[Event]) -> None:
        await self._resolve_travels(batch)
        devices = await self._resolve_devices(batch)
        for month in {queries.month_start(event.occurred_at) for event in batch}:
            if month not in self._partitions:
                await queries.ensure_partition(month)
                self._partitions.add(month)
        platforms = [
            devices.get(e.session_id, (None, None)) if e.session_id else (None, None) for e in batch
        ]
        await queries.insert_events(
            [
                [e.occurred_at for e in batch],
                [e.name for e in batch],
                [e.source for e in batch],
                [e.user_id for e in batch],
                [e.travel_id for e in batch],
                [e.planet_id for e in batch],
                [e.session_id for e in batch],
                [platform for platform, _ in platforms],
                [kind for _, kind in platforms],
                [json.dumps(e.properties, separators=(",", ":"), default=str) for e in batch],
            ]
        )

    async def _resolve_travels(self, batch: list[Event]) -> None:
        from connecto.planets import service as planets

        unknown = sorted(
            {
                e.planet_id
                for e in batch
                if e.planet_id is not None
                and e.travel_id is None
                and e.planet_id not in self._travel_of_planet
            }
        )
        if unknown:
            if len(self._travel_of_planet) > CACHE_LIMIT:
                self._travel_of_planet.clear()
            self._travel_of_planet.update(await planets.travel_ids_of_planets(unknown))
        for event in batch:
            if event.travel_id is None and event.planet_id is not None:
                event.travel_id = self._travel_of_planet.get(event.planet_id)

    async def _resolve_devices(
        self, batch: list[Event]
    ) -> dict[str, tuple[str | None, str | None]]:
        from connecto.auth import service as auth

        unknown = sorted(
            {e.session_id for e in batch if e.session_id and e.session_id not in self._devices}
        )
        if unknown:
            if len(self._devices) > CACHE_LIMIT:
                self._devices.clear()
            found = await auth.session_devices(unknown)
            for session_id in unknown:
                info = found.get(session_id)
                self._devices[session_id] = (
                    classify_device(info["device"], info["userAgent"]) if info else (None, None)
                )
        return self._devices

    def forget_partitions(self) -> None:
        """After partitions were dropped: create them again when needed."""
        self._partitions.clear()


recorder = Recorder()
record = recorder.record


async def start(settings: Settings) -> None:
    await recorder.start(settings)


async def stop() -> None:
    await recorder.stop()


async def flush() -> int:
    return await recorder.flush()
