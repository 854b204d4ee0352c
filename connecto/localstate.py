"""Small files under ``data_dir`` that every process of one deployment must agree on
(the development JWT secret, the dev identity provider's keys)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path


def read_or_create(path: Path, make: Callable[[], bytes]) -> bytes:
    """Return the file's content, creating it with ``make()`` if absent. Safe when several
    processes start at once: exactly one creates it, the others read what it wrote."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(make())
        tmp.chmod(0o600)
        try:
            os.link(tmp, path)  # atomic; fails if another process already created it
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
    for _ in range(100):
        data = path.read_bytes()
        if data:
            return data
        time.sleep(0.01)
    raise RuntimeError(f"{path} is empty")
