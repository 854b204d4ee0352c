"""Real-time delivery: the WebSocket gateway, rooms, typing and presence.

Domain code sends to sockets only through these functions."""

from connecto.realtime.bus import (
    add_user_to_room,
    disconnect_user,
    publish,
    publish_to_user,
    remove_user_from_rooms,
)

__all__ = [
    "add_user_to_room",
    "disconnect_user",
    "publish",
    "publish_to_user",
    "remove_user_from_rooms",
]
