"""Read receipts and unread counts (spec section 5).

Receipts and read positions live in PostgreSQL, the source of truth. Counts are served from
Redis counters (``counters.py``) and rebuilt from PostgreSQL on a miss; without Redis (or
while it is away) they come straight from PostgreSQL, and counters that missed updates during
an outage are dropped when Redis is back. This package is a read model over messages: its SQL
reads the messages table (it never writes it).

What counts as unread for a member: messages of the planet sent by someone else (not
SYSTEM), not deleted, sent after the member joined the planet, after their read-through
position, without a receipt from them.
"""

from __future__ import annotations

import contextlib
import json
from collections import defaultdict
from collections.abc import AsyncIterator
from datetime import datetime

from redis.exceptions import RedisError
from tortoise import Tortoise
from tortoise.transactions import in_transaction

from connecto import events, redis_client
from connecto.auth.context import Actor
from connecto.container import container
from connecto.errors import ConnectoError
from connecto.messages import service as messages
from connecto.observability.metrics import UNREAD_CACHE_HIT, UNREAD_CACHE_MISS
from connecto.planets import service as planets
from connecto.reads import counters as counters_module
from connecto.reads import queries
from connecto.reads.counters import RedisCounters
from connecto.reads.models import MessageReadReceipt, PlanetReadState
from connecto.reads.schemas import (
    AllUnreadCounts,
    ReadContext,
    ReaderOut,
    ReadersOut,
    ReadResult,
    UnreadCount,
)
from connecto.timeutil import utcnow
from connecto.travels import service as travels
from connecto.users import service as users

REDIS_ERRORS = (RedisError,)  # redis-py wraps socket errors in its own

# "Read by whom" is listed in message payloads for planets up to this size (spec 5: small groups).
SMALL_GROUP = 20

UNREAD_SQL = """
SELECT p.id AS planet_id, p.last_message_seq AS snapshot_seq,
  (SELECT count(*) FROM messages m
    WHERE m.planet_id = p.id
      AND m.seq > coalesce(s.read_through_seq, 0) AND m.seq <= p.last_message_seq
      AND m.deleted_at IS NULL AND m.type <> 'system'
      AND m.sender_id IS DISTINCT FROM $1
      AND m.created_at >= pu.joined_at
      AND NOT EXISTS (SELECT 1 FROM message_read_receipts r
                      WHERE r.message_id = m.id AND r.user_id = $1)) AS unread
FROM planets p
JOIN planet_users pu ON pu.planet_id = p.id AND pu.user_id = $1
LEFT JOIN planet_read_states s ON s.planet_id = p.id AND s.user_id = $1
WHERE p.id = ANY($2)
"""


# Unread counts of several members of one planet, for pushing them without Redis counters.
MEMBERS_UNREAD_SQL = """
SELECT pu.user_id,
  (SELECT count(*) FROM messages m
    WHERE m.planet_id = p.id
      AND m.seq > coalesce(s.read_through_seq, 0) AND m.seq <= p.last_message_seq
      AND m.deleted_at IS NULL AND m.type <> 'system'
      AND m.sender_id IS DISTINCT FROM pu.user_id
      AND m.created_at >= pu.joined_at
      AND NOT EXISTS (SELECT 1 FROM message_read_receipts r
                      WHERE r.message_id = m.id AND r.user_id = pu.user_id)) AS unread
FROM planets p
JOIN planet_users pu ON pu.planet_id = p.id AND pu.user_id = ANY($2)
LEFT JOIN planet_read_states s ON s.planet_id = p.id AND s.user_id = pu.user_id
WHERE p.id = $1
"""

# Set when this process changed counts while Redis was away (its counters missed those
# updates); the counters are dropped when Redis is back, and rebuilt from PostgreSQL.
_missed_updates = False


def _counters() -> RedisCounters | None:
    box = container()
    if box.redis is None:
        return None
    counters = box.extras.get("unread_counters")
    if counters is None or counters.redis is not box.redis:
        counters = box.extras["unread_counters"] = RedisCounters(box.redis)
    return counters


def _counters_to_update() -> RedisCounters | None:
    """The counters a change must update; None without Redis, noting a miss while it is
    away."""
    global _missed_updates
    counters = _counters()
    if counters is None and redis_client.in_outage():
        _missed_updates = True
    return counters


def _redis_failed(exc: BaseException) -> None:
    """A counter update or read failed half-way: counts are PostgreSQL's until Redis is back,
    and the counters are not trusted then."""
    global _missed_updates
    _missed_updates = True
    redis_client.mark_down(exc)


@redis_client.on_recovery
async def _drop_counters_that_missed_updates(redis) -> None:
    global _missed_updates
    if _missed_updates:
        await counters_module.forget_all(redis)
        _missed_updates = False


@contextlib.asynccontextmanager
async def _user_lock(user_id: int) -> AsyncIterator[None]:
    counters = _counters_to_update()
    if counters is None:  # counts come from PostgreSQL, which needs no extra ordering
        yield
        return
    async with counters.user_lock(user_id):
        yield


async def _db_unread(user_id: int, planet_ids: list[int]) -> dict[int, tuple[int, int]]:
    """planet id -> (unread count, the planet sequence it was computed at), one snapshot."""
    if not planet_ids:
        return {}
    rows = await Tortoise.get_connection("default").execute_query_dict(
        UNREAD_SQL, [user_id, planet_ids]
    )
    return {row["planet_id"]: (row["unread"], row["snapshot_seq"]) for row in rows}


async def _rebuild(counters: RedisCounters, user_id: int, planet_ids: list[int]) -> dict[int, int]:
    """Under the user's lock: recount from PostgreSQL and store. A rebuild invalidated while
    running (a message deleted meanwhile) still answers with the fresh database count."""
    tokens = {pid: await counters.begin_rebuild(user_id, pid) for pid in planet_ids}
    truth = await _db_unread(user_id, planet_ids)
    counts = {}
    for pid in planet_ids:
        count, snapshot = truth.get(pid, (0, 0))
        stored = await counters.finish_rebuild(user_id, pid, tokens[pid], count, snapshot)
        counts[pid] = stored if stored is not None else count
    return counts


async def unread_counts(user_id: int, planet_ids: list[int]) -> dict[int, int]:
    counters = _counters()
    if counters is not None:
        try:
            return await _cached_unread_counts(counters, user_id, planet_ids)
        except REDIS_ERRORS as exc:
            _redis_failed(exc)
    return {pid: count for pid, (count, _) in (await _db_unread(user_id, planet_ids)).items()}


async def _cached_unread_counts(
    counters: RedisCounters, user_id: int, planet_ids: list[int]
) -> dict[int, int]:
    cached = await counters.cached(user_id, planet_ids)
    missing = [pid for pid, value in cached.items() if value is None]
    UNREAD_CACHE_HIT.inc(len(cached) - len(missing))
    UNREAD_CACHE_MISS.inc(len(missing))
    if missing:
        async with counters.user_lock(user_id):
            recheck = await counters.cached(user_id, missing)
            still = [pid for pid, value in recheck.items() if value is None]
            cached.update({pid: v for pid, v in recheck.items() if v is not None})
            cached.update(await _rebuild(counters, user_id, still))
    return {pid: max(0, value) for pid, value in cached.items()}


async def total_unread(user_id: int, planet_ids: list[int] | None = None) -> int:
    if planet_ids is None:
        planet_ids = await planets.planet_ids_of(user_id)
    counters = _counters()
    if counters is not None:
        try:
            total = await counters.total(user_id)
            (UNREAD_CACHE_MISS if total is None else UNREAD_CACHE_HIT).inc()
            if total is not None:
                return max(0, total)
            await unread_counts(user_id, planet_ids)  # every planet's count cached
            async with counters.user_lock(user_id):
                total = await counters.sum_total(user_id, planet_ids)
            if total is not None:
                return max(0, total)
        except REDIS_ERRORS as exc:
            _redis_failed(exc)
    return sum((await unread_counts(user_id, planet_ids)).values())


# --- reading (the actions) -------------------------------------------------------------------


async def _planet_for_reading(actor: Actor, planet_id: int) -> planets.PlanetAccess:
    access = await planets.load_planet(actor, planet_id)
    if access.membership is None:
        raise ConnectoError("NOT_PLANET_MEMBER")
    return access


def _read_time(read_at: datetime | None) -> datetime:
    now = utcnow()
    if read_at is None or read_at.tzinfo is None or read_at > now:
        return now  # a client clock ahead of ours cannot date a receipt in the future
    return read_at


INSERT_RECEIPTS = """
WITH inserted AS (
  INSERT INTO message_read_receipts
    (message_id, user_id, planet_id, read_at, device_type, read_context)
  SELECT m.id, $1, m.planet_id, $3, $4, $5::jsonb FROM messages m
  WHERE m.planet_id = $2 AND {selection}
    AND m.deleted_at IS NULL AND m.type <> 'system' AND m.sender_id IS DISTINCT FROM $1
  ON CONFLICT (message_id, user_id) DO NOTHING
  RETURNING message_id
)
SELECT m.id, m.seq, m.sender_id, m.created_at, (m.seq > $6 AND m.created_at >= $7) AS counted
FROM inserted JOIN messages m ON m.id = inserted.message_id
"""


async def _record(
    actor: Actor,
    access: planets.PlanetAccess,
    *,
    message_ids: list[int] | None,
    read_at: datetime | None,
    device_type: str | None,
    context: ReadContext | None,
    ip_address: str | None,
) -> ReadResult:
    """Insert receipts (all unread ones when message_ids is None), move the read position,
    adjust the counters, tell the senders and the reader's other devices."""
    planet_id, user_id = access.planet.id, actor.user_id
    when = _read_time(read_at)
    ctx = {**(context.model_dump(mode="json", by_alias=True, exclude_none=True) if context else {})}
    if ip_address:
        ctx["ipAddress"] = ip_address
    async with _user_lock(user_id):
        async with in_transaction() as conn:
            state, _ = await PlanetReadState.get_or_create(
                user_id=user_id, planet_id=planet_id, using_db=conn
            )
            state = await PlanetReadState.select_for_update().using_db(conn).get(id=state.id)
            through = state.read_through_seq
            if message_ids is None:
                snapshot = await planets.current_seq(planet_id, conn)
                selection, extra = f"m.seq > {int(through)} AND m.seq <= {int(snapshot)}", []
            else:
                selection, extra = "m.id = ANY($8)", [message_ids]
            rows = await conn.execute_query_dict(
                INSERT_RECEIPTS.format(selection=selection),
                [
                    user_id,
                    planet_id,
                    when,
                    device_type,
                    json.dumps(ctx),
                    through,
                    access.membership.joined_at,
                    *extra,
                ],
            )
            newest = max(rows, key=lambda r: r["seq"], default=None)
            if message_ids is None:
                state.read_through_seq = snapshot
                newest_id = (
                    await messages.id_at_seq(planet_id, snapshot, conn) if snapshot else None
                )
                if newest_id is not None:
                    state.last_read_message_id, state.last_read_at = newest_id, when
            elif newest is not None and (
                state.last_read_message_id is None or newest["id"] > state.last_read_message_id
            ):
                state.last_read_message_id, state.last_read_at = newest["id"], when
            await state.save(using_db=conn)
        counted = sum(1 for row in rows if row["counted"])
        counters = _counters_to_update()
        # PostgreSQL has committed: Redis failing now must not fail the read.
        try:
            if counters is not None:
                await counters.decrement(user_id, planet_id, counted)
                if state.last_read_message_id is not None:
                    await counters.set_last_read(
                        user_id,
                        planet_id,
                        json.dumps(
                            {
                                "messageId": state.last_read_message_id,
                                "readAt": state.last_read_at.isoformat(),
                            }
                        ),
                    )
        except REDIS_ERRORS as exc:
            _redis_failed(exc)
    unread = (await unread_counts(user_id, [planet_id])).get(planet_id, 0)
    total = await total_unread(user_id)
    newly = sorted(row["id"] for row in rows)
    by_sender: dict[int, list[int]] = defaultdict(list)
    for row in rows:
        if row["sender_id"] is not None:
            by_sender[row["sender_id"]].append(row["id"])
    result = ReadResult(
        planet_id=planet_id,
        message_ids=newly,
        read_at=when,
        unread_count=unread,
        total_unread=total,
    )
    await events.emit(
        "messages.read",
        {
            "readerId": user_id,
            "planetId": planet_id,
            "messageIds": newly,
            "readAt": when.isoformat(),
            "bySender": {str(k): sorted(v) for k, v in by_sender.items()},
            "unreadCount": unread,
            "totalUnread": total,
            "deviceType": device_type,
            # How long the newly read messages waited for this reader, on average (analytics).
            "timeToReadMs": round(
                sum((when - row["created_at"]).total_seconds() for row in rows) * 1000 / len(rows)
            )
            if rows
            else None,
        },
    )
    return result


async def mark_read(
    actor: Actor, message_id: int, *, read_at=None, device_type=None, context=None, ip_address=None
) -> ReadResult:
    planet_id = await _planet_of_message(message_id)
    access = await _planet_for_reading(actor, planet_id)
    return await _record(
        actor,
        access,
        message_ids=[message_id],
        read_at=read_at,
        device_type=device_type,
        context=context,
        ip_address=ip_address,
    )


async def mark_many_read(
    actor: Actor,
    planet_id: int,
    message_ids: list[int],
    *,
    read_at=None,
    device_type=None,
    context=None,
    ip_address=None,
) -> ReadResult:
    access = await _planet_for_reading(actor, planet_id)
    known = await messages.ids_in_planet(planet_id, message_ids)
    strangers = sorted(set(message_ids) - known)
    if strangers:
        raise ConnectoError(
            "MESSAGE_NOT_FOUND",
            "Some messages are not in this planet",
            details={"messageIds": strangers},
        )
    return await _record(
        actor,
        access,
        message_ids=message_ids,
        read_at=read_at,
        device_type=device_type,
        context=context,
        ip_address=ip_address,
    )


async def mark_all_read(actor: Actor, planet_id: int) -> ReadResult:
    access = await _planet_for_reading(actor, planet_id)
    return await _record(
        actor,
        access,
        message_ids=None,
        read_at=None,
        device_type=None,
        context=None,
        ip_address=None,
    )


async def _planet_of_message(message_id: int) -> int:
    planet_id = await messages.planet_of_message(message_id)
    if planet_id is None:
        raise ConnectoError("MESSAGE_NOT_FOUND")
    return planet_id


# --- counts and readers ----------------------------------------------------------------------


async def planet_unread(actor: Actor, planet_id: int) -> UnreadCount:
    await _planet_for_reading(actor, planet_id)
    count = (await unread_counts(actor.user_id, [planet_id])).get(planet_id, 0)
    state = await PlanetReadState.get_or_none(user_id=actor.user_id, planet_id=planet_id)
    return UnreadCount(
        planet_id=planet_id,
        unread_count=count,
        last_read_message_id=state.last_read_message_id if state else None,
        last_read_at=state.last_read_at if state else None,
    )


async def all_unread(actor: Actor) -> AllUnreadCounts:
    planet_ids = sorted(await planets.planet_ids_of(actor.user_id))
    counts = await unread_counts(actor.user_id, planet_ids)
    states = {
        s.planet_id: s
        for s in await PlanetReadState.filter(user_id=actor.user_id, planet_id__in=planet_ids)
    }
    return AllUnreadCounts(
        planets=[
            UnreadCount(
                planet_id=pid,
                unread_count=counts.get(pid, 0),
                last_read_message_id=states[pid].last_read_message_id if pid in states else None,
                last_read_at=states[pid].last_read_at if pid in states else None,
            )
            for pid in planet_ids
        ],
        total_unread=await total_unread(actor.user_id, planet_ids),
    )


async def readers(actor: Actor, message_id: int) -> ReadersOut:
    planet_id = await _planet_of_message(message_id)
    await _planet_for_reading(actor, planet_id)
    rows = await Tortoise.get_connection("default").execute_query_dict(
        "SELECT user_id, read_at, device_type FROM message_read_receipts WHERE message_id = $1 "
        "ORDER BY read_at, id LIMIT 200",
        [message_id],
    )
    count = await Tortoise.get_connection("default").execute_query_dict(
        "SELECT count(*) AS n FROM message_read_receipts WHERE message_id = $1", [message_id]
    )
    people = await users.summaries({r["user_id"] for r in rows})
    return ReadersOut(
        message_id=message_id,
        read_count=count[0]["n"],
        readers=[
            ReaderOut(
                user_id=r["user_id"],
                nickname=people.get(r["user_id"], {}).get("nickname"),
                read_at=r["read_at"],
                device_type=r["device_type"],
            )
            for r in rows
        ],
    )


async def read_status(messages: list) -> dict[int, tuple[int, list[int] | None]]:
    """For message payloads: message id -> (read count, who read it when the planet is small)."""
    if not messages:
        return {}
    ids = [m.id for m in messages]
    small = {
        pid
        for pid, n in (await planets.member_counts(list({m.planet_id for m in messages}))).items()
        if n <= SMALL_GROUP
    }
    rows = await Tortoise.get_connection("default").execute_query_dict(
        "SELECT message_id, user_id FROM message_read_receipts WHERE message_id = ANY($1) "
        "ORDER BY read_at, id",
        [ids],
    )
    readers_of: dict[int, list[int]] = defaultdict(list)
    for row in rows:
        readers_of[row["message_id"]].append(row["user_id"])
    return {
        m.id: (
            len(readers_of.get(m.id, [])),
            readers_of.get(m.id, []) if m.planet_id in small else None,
        )
        for m in messages
    }


# --- keeping the counters right --------------------------------------------------------------


@events.subscribe("message.created")
async def _on_message_created(name: str, payload: dict) -> None:
    """Each other member has one more unread message (not for SYSTEM messages). Members whose
    count is known are told the new one (``unread.changed``): from the Redis counters, or
    without them (no Redis, or Redis away) from PostgreSQL for the members online here."""
    if payload.get("system"):
        return
    planet_id, sender_id = payload["planetId"], payload["senderId"]
    member_ids = payload.get("memberIds")  # read with the insert; older producers leave it out
    if member_ids is None:
        member_ids = await planets.member_user_ids(planet_id)
    members = [uid for uid in member_ids if uid != sender_id]
    counters = _counters_to_update()
    changed: dict[int, int] | None = None
    if counters is not None:
        try:
            new_counts = await counters.increment(planet_id, payload["message"]["seq"], members)
            changed = {uid: max(0, n) for uid, n in new_counts.items() if n is not None}
        except REDIS_ERRORS as exc:
            _redis_failed(exc)
    if changed is None:
        changed = await _counts_of_online(planet_id, members)
    if changed:
        await events.emit("unread.changed", {"planetId": planet_id, "counts": changed})


async def _counts_of_online(planet_id: int, member_ids: list[int]) -> dict[int, int]:
    """Unread counts, from PostgreSQL, of the members who have a socket to push them to."""
    from connecto.realtime import presence

    online = sorted(await presence.online_user_ids(member_ids))
    if not online:
        return {}
    rows = await Tortoise.get_connection("default").execute_query_dict(
        MEMBERS_UNREAD_SQL, [planet_id, online]
    )
    return {row["user_id"]: row["unread"] for row in rows}


@events.subscribe("message.deleted", "message.restored")
async def _on_message_visibility(name: str, payload: dict) -> None:
    """Deleting or restoring changes counts in ways the counters do not track: recount."""
    counters = _counters_to_update()
    if counters is None:
        return
    planet_id = payload["planetId"]
    member_ids = await planets.member_user_ids(planet_id)
    try:
        await counters.invalidate(member_ids, planet_id)
    except REDIS_ERRORS as exc:
        _redis_failed(exc)


@events.subscribe(
    "planet.member_joined",
    "planet.member_left",
    "planet.created",
    "planet.deleted",
    "planet.direct_created",
    "travel.member_joined",
    "travel.member_left",
    "travel.member_removed",
    "travel.member_banned",
    "travel.deleted",
)
async def _on_membership(name: str, payload: dict) -> None:
    """The set of a user's planets changed: their total is no longer a sum of the right keys.
    Someone who joins or leaves (and may come back later, with a new joinedAt) also loses the
    cached counts of the planets concerned, so they are rebuilt from their membership."""
    counters = _counters_to_update()
    if counters is None:
        return
    if "userIds" in payload:
        user_ids = payload["userIds"]
    elif name in ("planet.created", "planet.deleted", "travel.deleted"):
        user_ids = await travels.member_ids(payload["travelId"])
    else:
        user_ids = [payload["userId"]]
    planet_ids: list[int | None] = [None]
    if name in ("planet.member_joined", "planet.member_left"):
        planet_ids.append(payload["planetId"])
    elif name.startswith("travel.member_"):
        planet_ids += await planets.planet_ids_of_travel(payload["travelId"])
    try:
        for planet_id in planet_ids:
            await counters.invalidate(user_ids, planet_id)
    except REDIS_ERRORS as exc:
        _redis_failed(exc)


# --- jobs: digests, drift repair, cleanup ----------------------------------------------------


async def unread_by_travel(user_ids: list[int]) -> dict[int, list[dict]]:
    """user id -> [{travelId, unread, mentions}] for travels with unread messages, most
    unread first (the daily digest)."""
    if not user_ids:
        return {}
    rows = await Tortoise.get_connection("default").execute_query_dict(
        queries.UNREAD_BY_TRAVEL, [user_ids]
    )
    result: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        result[row["user_id"]].append(
            {"travelId": row["travel_id"], "unread": row["unread"], "mentions": row["mentions"]}
        )
    return dict(result)


REPAIR_SAMPLE = 200
REPAIR_CURSOR_KEY = "jobs:unread_repair:cursor"


async def repair_counters(sample: int = REPAIR_SAMPLE) -> dict:
    """Recount a sample of cached per-planet unread counters from PostgreSQL and rebuild the
    ones that differ. The sample walks the keyspace with a SCAN cursor kept between runs, so
    over time every counter is checked. A counter can differ for an instant without being
    wrong (an increment still on its way); rebuilding it is harmless either way, since a
    rebuild is exact under concurrency (counters.py)."""
    counters = _counters()
    if counters is None:
        return {"checked": 0, "drifted": 0, "note": "no Redis: counts come from PostgreSQL"}
    redis = counters.redis
    cursor = int(await redis.get(REPAIR_CURSOR_KEY) or 0)
    found: list[tuple[int, int]] = []
    while len(found) < sample:
        cursor, keys = await redis.scan(cursor, match="user:*:planet:*:unread", count=500)
        for key in keys:
            parts = key.split(":")
            if len(parts) == 5:  # user:{u}:planet:{p}:unread (not its :asof and friends)
                found.append((int(parts[1]), int(parts[3])))
        if cursor == 0:
            break
    await redis.set(REPAIR_CURSOR_KEY, cursor, ex=7 * 24 * 3600)
    checked = drifted = 0
    by_user: dict[int, list[int]] = defaultdict(list)
    for user_id, planet_id in found[:sample]:
        by_user[user_id].append(planet_id)
    for user_id, planet_ids in by_user.items():
        async with counters.user_lock(user_id):
            cached = await counters.cached(user_id, planet_ids)
            truth = await _db_unread(user_id, planet_ids)
            wrong = [
                pid
                for pid, value in cached.items()
                if value is not None and value != truth.get(pid, (0, 0))[0]
            ]
            checked += sum(1 for value in cached.values() if value is not None)
            if wrong:
                await _rebuild(counters, user_id, wrong)
                await counters.invalidate([user_id], None)  # the total was a sum of them
                drifted += len(wrong)
    return {"checked": checked, "drifted": drifted}


ORPHAN_BATCH = 5000


async def cleanup_orphaned_receipts() -> int:
    conn = Tortoise.get_connection("default")
    removed = 0
    while True:
        count, _ = await conn.execute_query(queries.DELETE_ORPHANED_RECEIPTS, [ORPHAN_BATCH])
        removed += count
        if count < ORPHAN_BATCH:
            return removed


async def forget_user(user_id: int, conn) -> None:
    """Account removal: what the person read, and when, is theirs."""
    await MessageReadReceipt.filter(user_id=user_id).using_db(conn).delete()
    await PlanetReadState.filter(user_id=user_id).using_db(conn).delete()
