"""Hand-written SQL for the authentication hot path."""

# The state of one session and its user that every authenticated request depends on.
SESSION_STATE = """
SELECT s.revoked_at, u.role, u.is_banned, u.banned_until
FROM auth_sessions s JOIN users u ON u.id = s.user_id
WHERE s.id = $1 AND s.user_id = $2
"""
