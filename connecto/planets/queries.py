"""Hand-written SQL for the planets' hot paths."""

from __future__ import annotations

from functools import cache

from connecto.db import model_columns
from connecto.planets.models import Planet, PlanetUser


@cache
def access_sql() -> str:
    """A live planet of a live travel with the caller's travel role (active members only) and
    planet membership: everything ``load_planet`` decides on, in one statement.
    $1 planet id, $2 user id."""
    return f"""
SELECT {model_columns(Planet, "p", "p_")}, {model_columns(PlanetUser, "pu", "pu_")},
       tu.role AS travel_role
FROM planets p
JOIN travels t ON t.id = p.travel_id AND t.deleted_at IS NULL
LEFT JOIN travel_users tu ON tu.travel_id = p.travel_id AND tu.user_id = $2 AND tu.status = 'ACTIVE'
LEFT JOIN planet_users pu ON pu.planet_id = p.id AND pu.user_id = $2
WHERE p.id = $1 AND p.deleted_at IS NULL
"""


# The travels (active membership, live travel) and planets (live planet of a live travel) a
# user belongs to: a socket's automatic rooms, in one statement. $1 user id.
MEMBERSHIP_IDS = """
SELECT
  ARRAY(SELECT tu.travel_id FROM travel_users tu JOIN travels t ON t.id = tu.travel_id
        WHERE tu.user_id = $1 AND tu.status = 'ACTIVE' AND t.deleted_at IS NULL
        ORDER BY tu.travel_id) AS travel_ids,
  ARRAY(SELECT pu.planet_id FROM planet_users pu
        JOIN planets p ON p.id = pu.planet_id AND p.deleted_at IS NULL
        JOIN travels t ON t.id = p.travel_id AND t.deleted_at IS NULL
        WHERE pu.user_id = $1 ORDER BY pu.planet_id) AS planet_ids
"""
