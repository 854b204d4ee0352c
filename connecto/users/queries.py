"""Hand-written SQL for the users' hot paths."""

# A user with their profile: GET /users/me and every answer that returns "me".
ME = """
SELECT u.id, u.email, u.role, u.timezone, u.locale, u.is_banned, u.last_login_at, u.created_at,
       p.nickname, p.name, p.gender, p.birth_date, p.occupation, p.bio, p.avatar_url,
       p.phone_number, p.profile_completion, p.preferences
FROM users u JOIN profiles p ON p.user_id = u.id
WHERE u.id = $1
"""
