"""One listening socket per Sanic worker, so the kernel spreads connections evenly.

Sanic's manager binds one socket and every worker accepts from it. Linux then hands new
connections to whichever worker is waiting (the most recently idle one first), so sockets
pile up on one worker: 40 opened in a row landed 32/8. With ``SO_REUSEPORT`` each worker
listens on a socket of its own bound to the same address, and the kernel balances new
connections across them by their address hash.

The manager still binds its socket (with ``SO_REUSEPORT``), but never listens on it: each
worker, before its server starts, replaces the inherited descriptor with a socket of its own
(``dup2``), and starts listening on that. Where the platform has no ``SO_REUSEPORT`` the
shared socket is kept.
"""

from __future__ import annotations

import logging
import os
import socket

from sanic import Sanic

log = logging.getLogger("connecto")

SUPPORTED = hasattr(socket, "SO_REUSEPORT")


def _bound(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return sock


def manager_socket(host: str, port: int) -> socket.socket | None:
    """The socket the manager hands to its workers (bound, not listening); None where each
    worker cannot have its own, which leaves Sanic's shared socket."""
    if not SUPPORTED:
        return None
    sock = _bound(host, port)
    sock.set_inheritable(True)
    return sock


def use_own_socket(app: Sanic) -> None:
    """In a worker, before its server starts: listen on a socket of its own instead of the
    shared one."""
    shared = app.state.server_info[0].settings.get("sock") if app.state.server_info else None
    if (
        not SUPPORTED
        or shared is None
        or shared.family not in (socket.AF_INET, socket.AF_INET6)
        or not shared.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT)
    ):
        return  # not our manager's socket: keep sharing it
    host, port = shared.getsockname()[:2]
    own = _bound(host, port)
    os.dup2(own.fileno(), shared.fileno())
    own.close()
    log.debug("worker %s listens on its own socket for %s:%s", os.getpid(), host, port)
