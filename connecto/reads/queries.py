"""Hand-written SQL of the reads domain that is not on the request path."""

from __future__ import annotations

# Unread messages and unread mentions per (user, travel) for a batch of users: the same rule
# as reads.service.UNREAD_SQL (from someone else, not SYSTEM, not deleted, after joining the
# planet, past the read position, no receipt), grouped for the daily digest.
UNREAD_BY_TRAVEL = """
SELECT pu.user_id, p.travel_id,
       count(*) AS unread,
       count(*) FILTER (WHERE m.mentions @> jsonb_build_array(pu.user_id)) AS mentions
FROM planet_users pu
JOIN planets p ON p.id = pu.planet_id AND p.deleted_at IS NULL
JOIN travels t ON t.id = p.travel_id AND t.deleted_at IS NULL
LEFT JOIN planet_read_states s ON s.planet_id = p.id AND s.user_id = pu.user_id
JOIN messages m ON m.planet_id = p.id
  AND m.seq > coalesce(s.read_through_seq, 0)
  AND m.deleted_at IS NULL AND m.type <> 'system'
  AND m.sender_id IS DISTINCT FROM pu.user_id
  AND m.created_at >= pu.joined_at
  AND NOT EXISTS (SELECT 1 FROM message_read_receipts r
                  WHERE r.message_id = m.id AND r.user_id = pu.user_id)
WHERE pu.user_id = ANY($1)
GROUP BY pu.user_id, p.travel_id
ORDER BY pu.user_id, unread DESC, p.travel_id
"""

# Receipts nobody sees any more: those of messages deleted a month ago (a deleted message
# shows no readers, and only an admin could still restore it). In batches.
DELETE_ORPHANED_RECEIPTS = """
DELETE FROM message_read_receipts WHERE id IN (
  SELECT r.id FROM message_read_receipts r
  JOIN messages m ON m.id = r.message_id
  WHERE m.deleted_at IS NOT NULL AND m.deleted_at < now() - interval '30 days'
  LIMIT $1
)
"""
