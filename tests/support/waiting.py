"""Waiting for something that happens in the background (a job, a delivery)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


async def eventually(
    probe: Callable[[], Awaitable[T]],
    until: Callable[[T], bool],
    timeout: float = 20.0,
    what: str = "condition",
) -> T:
    """Call ``probe`` until ``until(result)``; fail after ``timeout`` seconds with the last
    result. A bound on waiting, not a timing assertion."""
    deadline = asyncio.get_running_loop().time() + timeout
    result = await probe()
    while not until(result):
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"{what} not reached; last: {result!r}")
        await asyncio.sleep(0.1)
        result = await probe()
    return result
