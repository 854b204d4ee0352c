"""``make notebooks``: JupyterLab on ``notebooks/`` with the project's kernel, next to a
Connecto server the notebooks talk to.

A server already answering at ``CONNECTO_URL`` (default http://127.0.0.1:8000) is used as it
is. Otherwise this starts one the way ``make run`` does (embedded PostgreSQL under
``.connecto/`` unless ``CONNECTO_DATABASE_URL`` is set), with the local FCM/SMS/SMTP stand-ins
so that notebook 04 can show pushes and emails, and stops them when JupyterLab exits.
Kernels inherit ``CONNECTO_URL`` (and the stand-ins' addresses) from JupyterLab.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.devservices import DevServices  # noqa: E402
from tests.support.server import free_port  # noqa: E402


def answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/health", timeout=2).status_code in (200, 503)
    except httpx.HTTPError:
        return False


def port_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def start_server(env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    port = 8000 if port_free(8000) else free_port()
    url = f"http://127.0.0.1:{port}"
    log = open(ROOT / ".connecto" / "notebooks-server.log", "ab")
    process = subprocess.Popen(
        [sys.executable, "-m", "connecto", "run"],
        cwd=ROOT,
        env={**env, "CONNECTO_HOST": "127.0.0.1", "CONNECTO_PORT": str(port)},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 180
    while not answers(url):
        if process.poll() is not None or time.monotonic() > deadline:
            sys.exit(f"the server did not start; see {log.name}")
        time.sleep(0.5)
    return process, url


def main() -> int:
    env = dict(os.environ)
    url = env.get("CONNECTO_URL", "http://127.0.0.1:8000").rstrip("/")
    server = standins = None
    if answers(url):
        print(f"Using the server running at {url}")
    else:
        (ROOT / ".connecto").mkdir(exist_ok=True)
        standins = DevServices(ROOT / ".connecto" / "standins").start()
        env.update(standins.server_env())
        server, url = start_server(env)
        env.update(standins.kernel_env())
        print(f"Started a server for the notebooks at {url} (log: .connecto/notebooks-server.log)")
    env["CONNECTO_URL"] = url
    lab = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={ROOT / 'notebooks'}"],
        cwd=ROOT / "notebooks",
        env=env,
    )
    try:
        return lab.wait()
    except KeyboardInterrupt:
        lab.send_signal(signal.SIGINT)
        return lab.wait()
    finally:
        if server is not None and server.poll() is None:
            server.send_signal(signal.SIGINT)
            server.wait(20)
        if standins is not None:
            standins.stop()


if __name__ == "__main__":
    sys.exit(main())
