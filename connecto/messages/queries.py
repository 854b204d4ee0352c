"""Hand-written SQL for the messages' hot paths, and the one builder of message payloads.

A message as clients see it gathers its sender's name, the message it replies to, its reply
count, reactions and read receipts. ``ENRICHED`` fetches all of that for a set of messages in
one statement (it reads the profiles, reactions and read-receipt tables for this purpose
only), and ``message_payload`` turns a row into the JSON-ready dict documented as
``MessageOut``, without building pydantic models on the hot path.
"""

from __future__ import annotations

import orjson

from connecto.timeutil import iso
from connecto.users.service import DELETED_USER

# "Read by whom" is listed in message payloads for planets up to this size (spec 5: small
# groups); larger planets get the count only.
READERS_LISTED_UP_TO = 20
REACTION_USERS_SHOWN = 10
REPLY_PREVIEW_CHARS = 200

_COLUMNS = """id, planet_id, seq, type, sender_id, content, attachment_file_id, reply_to_id,
  thread_root_id, mentions, metadata, client_message_id, edit_count, edited_at, deleted_at,
  pinned_at, pinned_by_id, created_at"""

# Everything a payload needs, for the messages the CTE ``chosen`` picked: each related table
# is read once for the whole set (grouped), not once per message. ``{extra}`` adds columns
# computed once per statement.
_ENRICH = f"""
, ids AS (SELECT array_agg(id) AS ids FROM chosen)
, reactions AS (
  SELECT message_id,
         json_agg(json_build_array(emoji, user_ids) ORDER BY first_at, first_id)::text AS list
  FROM (SELECT message_id, emoji, array_agg(user_id ORDER BY created_at, id) AS user_ids,
               min(created_at) AS first_at, (array_agg(id ORDER BY created_at, id))[1] AS first_id
        FROM message_reactions, ids WHERE message_id = ANY(ids.ids)
        GROUP BY message_id, emoji) by_emoji
  GROUP BY message_id)
, receipts AS (
  SELECT message_id, count(*) AS n, array_agg(user_id ORDER BY read_at, id) AS readers
  FROM message_read_receipts, ids WHERE message_id = ANY(ids.ids) GROUP BY message_id)
, replies AS (
  SELECT thread_root_id, count(*) AS n FROM messages, ids
  WHERE thread_root_id = ANY(ids.ids) AND deleted_at IS NULL GROUP BY thread_root_id)
, planet_sizes AS (
  SELECT planet_id, count(*) AS n FROM planet_users
  WHERE planet_id IN (SELECT DISTINCT planet_id FROM chosen) GROUP BY planet_id)
SELECT m.id, m.planet_id, m.seq, m.type, m.sender_id, m.content, m.attachment_file_id,
       m.thread_root_id, m.mentions::text AS mentions, m.metadata::text AS metadata,
       m.client_message_id, m.edit_count, m.edited_at, m.deleted_at, m.pinned_at,
       m.pinned_by_id, m.created_at,
       pr.user_id AS sender_profile_id, pr.nickname AS sender_nickname,
       pr.avatar_url AS sender_avatar_url, su.deleted_at AS sender_deleted_at,
       pa.id AS parent_id, pa.sender_id AS parent_sender_id,
       left(pa.content, {REPLY_PREVIEW_CHARS}) AS parent_content,
       pa.deleted_at AS parent_deleted_at,
       coalesce(replies.n, 0) AS reply_count,
       CASE WHEN m.deleted_at IS NULL THEN reactions.list END AS reactions,
       coalesce(receipts.n, 0) AS read_count,
       CASE WHEN coalesce(planet_sizes.n, 0) <= {READERS_LISTED_UP_TO}
            THEN coalesce(receipts.readers, '{{{{}}}}') END AS read_by
       {{extra}}
FROM chosen m
LEFT JOIN profiles pr ON pr.user_id = m.sender_id
LEFT JOIN users su ON su.id = m.sender_id
LEFT JOIN messages pa ON pa.id = m.reply_to_id
LEFT JOIN reactions ON reactions.message_id = m.id
LEFT JOIN receipts ON receipts.message_id = m.id
LEFT JOIN replies ON replies.thread_root_id = m.id
LEFT JOIN planet_sizes ON planet_sizes.planet_id = m.planet_id
ORDER BY m.seq, m.id
"""

# The messages with these ids ($1 bigint[]).
BY_IDS = (
    f"WITH chosen AS (SELECT {_COLUMNS} FROM messages WHERE id = ANY($1::bigint[]))"
    + _ENRICH.format(extra="")
)

# A history page of planet $1: the $3 messages just beyond seq $2 (NULL: from the newest),
# and whether more exist on either side. $4/$5 are the bounds an empty page reports (see
# messages.service.history).
_PAGE = """
WITH chosen AS (
  SELECT {columns} FROM messages
  WHERE planet_id = $1 AND ($2::bigint IS NULL OR seq {op} $2)
  ORDER BY seq {direction} LIMIT $3
), bounds AS (
  SELECT coalesce(min(seq), $4::bigint) AS lo, coalesce(max(seq), $5::bigint) AS hi FROM chosen
)"""
_HAS_MORE = """,
       (SELECT EXISTS (SELECT 1 FROM messages x, bounds b
                       WHERE x.planet_id = $1 AND x.seq < b.lo)) AS has_more_before,
       (SELECT EXISTS (SELECT 1 FROM messages x, bounds b
                       WHERE x.planet_id = $1 AND x.seq > b.hi)) AS has_more_after"""
PAGE_BEFORE = _PAGE.format(columns=_COLUMNS, op="<", direction="DESC") + _ENRICH.format(
    extra=_HAS_MORE
)
PAGE_AFTER = _PAGE.format(columns=_COLUMNS, op=">", direction="ASC") + _ENRICH.format(
    extra=_HAS_MORE
)


def message_payload(row, viewer_id: int | None, files: dict[int, dict]) -> dict:
    """``MessageOut`` as a JSON-ready dict (camelCase). Deleted messages keep their place in
    the timeline but carry no content, file, mentions or reactions."""
    deleted = row["deleted_at"] is not None
    sender_id = row["sender_id"]
    if sender_id is None:
        sender = None
    elif row["sender_profile_id"] is not None:
        sender = {
            "id": sender_id,
            "nickname": row["sender_nickname"],
            "avatarUrl": row["sender_avatar_url"],
            "deleted": False,
        }
    elif row["sender_deleted_at"] is not None:  # a removed account keeps its place
        sender = {"id": sender_id, "nickname": DELETED_USER, "avatarUrl": None, "deleted": True}
    else:
        sender = None
    reactions = []
    if not deleted and row["reactions"]:
        for emoji, user_ids in orjson.loads(row["reactions"]):
            reactions.append(
                {
                    "emoji": emoji,
                    "count": len(user_ids),
                    "reactedByMe": viewer_id in user_ids,
                    "userIds": user_ids[:REACTION_USERS_SHOWN],
                }
            )
    reply_to = None
    if row["parent_id"] is not None:
        parent_deleted = row["parent_deleted_at"] is not None
        reply_to = {
            "id": row["parent_id"],
            "senderId": row["parent_sender_id"],
            "content": None if parent_deleted else (row["parent_content"] or ""),
            "isDeleted": parent_deleted,
        }
    read_by = row["read_by"]
    return {
        "id": row["id"],
        "planetId": row["planet_id"],
        "seq": row["seq"],
        "type": row["type"],
        "sender": sender,
        "content": None if deleted else row["content"],
        "fileId": None if deleted else row["attachment_file_id"],
        # The attached file's summary (metadata, variants), from ``files``: id -> FileOut.
        "file": None if deleted else files.get(row["attachment_file_id"]),
        "replyTo": reply_to,
        "threadRootId": row["thread_root_id"],
        "replyCount": row["reply_count"],
        "mentions": [] if deleted else orjson.loads(row["mentions"] or "[]"),
        "reactions": reactions,
        "metadata": orjson.loads(row["metadata"] or "{}"),
        "clientMessageId": row["client_message_id"],
        "isEdited": row["edit_count"] > 0,
        "editedAt": iso(row["edited_at"]),
        "isDeleted": deleted,
        "deletedAt": iso(row["deleted_at"]),
        "pinnedAt": iso(row["pinned_at"]),
        "pinnedBy": row["pinned_by_id"],
        "readCount": row["read_count"],
        "readBy": list(read_by) if read_by is not None else None,
        "createdAt": iso(row["created_at"]),
    }


# has_more_* of an empty page (its bounds $2/$3 come from the paging boundary).
HAS_MORE = """
SELECT EXISTS (SELECT 1 FROM messages WHERE planet_id = $1 AND seq < $2) AS has_more_before,
       EXISTS (SELECT 1 FROM messages WHERE planet_id = $1 AND seq > $3) AS has_more_after
"""


# Post a message in one statement: take the planet's next sequence number (the UPDATE locks
# the planet row until this statement commits, so messages of a planet commit in sequence
# order), insert, and return the payload columns plus the planet's members at that moment
# (who gets an unread count and maybe a notification).
# $1 planet, $2 sender, $3 type, $4 content, $5 searchable text, $6 clientMessageId,
# $7 reply-to id, $8 thread root id, $9 file id, $10 mentions (jsonb text), $11 metadata.
SEND = f"""
WITH next AS (
  UPDATE planets SET last_message_seq = last_message_seq + 1, last_message_at = now()
  WHERE id = $1 RETURNING last_message_seq
), chosen AS (
  INSERT INTO messages (planet_id, seq, sender_id, type, content, searchable_text,
                        client_message_id, reply_to_id, thread_root_id, attachment_file_id,
                        mentions, metadata, edit_count, created_at, updated_at)
  SELECT $1, next.last_message_seq, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11::jsonb, 0,
         now(), now()
  FROM next
  RETURNING {_COLUMNS}
)
SELECT m.id, m.planet_id, m.seq, m.type, m.sender_id, m.content, m.attachment_file_id,
       m.thread_root_id, m.mentions::text AS mentions, m.metadata::text AS metadata,
       m.client_message_id, m.edit_count, m.edited_at, m.deleted_at, m.pinned_at,
       m.pinned_by_id, m.created_at,
       pr.user_id AS sender_profile_id, pr.nickname AS sender_nickname,
       pr.avatar_url AS sender_avatar_url, su.deleted_at AS sender_deleted_at,
       pa.id AS parent_id, pa.sender_id AS parent_sender_id,
       left(pa.content, {REPLY_PREVIEW_CHARS}) AS parent_content,
       pa.deleted_at AS parent_deleted_at,
       0::bigint AS reply_count, NULL::text AS reactions, 0::bigint AS read_count,
       CASE WHEN coalesce(array_length(members.ids, 1), 0) <= {READERS_LISTED_UP_TO}
            THEN '{{}}'::bigint[] END AS read_by,
       members.ids AS member_ids
FROM chosen m
CROSS JOIN (SELECT coalesce(array_agg(user_id), '{{}}') AS ids FROM planet_users
            WHERE planet_id = $1) members
LEFT JOIN profiles pr ON pr.user_id = m.sender_id
LEFT JOIN users su ON su.id = m.sender_id
LEFT JOIN messages pa ON pa.id = m.reply_to_id
"""
