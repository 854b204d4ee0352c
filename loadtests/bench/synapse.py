"""Matrix Synapse measured the same way as Connecto's 10-member planet, for scale
(``make bench SYNAPSE=1``).

Synapse is installed with pip into a throwaway virtualenv under ``.bench/`` (not in the
project's lock), runs as one process on the same PostgreSQL (its own database, C collation as
it requires), with its rate limits raised out of the way and no federation. Ten users join one
room; each listens with a ``/sync`` long-poll loop, as Matrix clients do; messages are sent
with ``PUT /rooms/{room}/send/m.room.message/{txn}``. Delivery latency is from the send to the
moment a listener's ``/sync`` returns the event.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import subprocess
import sys
import time
from pathlib import Path

import aiohttp

from loadtests.bench.measure import Usage, load_average, own_cpu, percentiles
from tests.support.server import ROOT, free_port
from tests.support.services import connect_db

VENV = ROOT / ".bench" / "synapse-venv"
SECRET = "bench-registration-secret"
MEMBERS = 10
RATE_LIMITS_OFF = {"per_second": 100000, "burst_count": 100000}


def install() -> Path:
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    probe = subprocess.run([python, "-c", "import synapse, psycopg2"], capture_output=True)
    if probe.returncode != 0:
        subprocess.run(
            [python, "-m", "pip", "install", "--quiet", "matrix-synapse[postgres]"], check=True
        )
    return python


def configure(python: Path, directory: Path, port: int, database: str) -> Path:
    import yaml  # PyYAML comes with the project's dependencies

    directory.mkdir(parents=True, exist_ok=True)
    config = directory / "homeserver.yaml"
    subprocess.run(
        [python, "-m", "synapse.app.homeserver", "--server-name", "bench.local",
         "--config-path", str(config), "--generate-config", "--report-stats=no",
         "--data-directory", str(directory)],
        check=True, capture_output=True,
    )  # fmt: skip
    settings = yaml.safe_load(config.read_text())
    settings.update(
        {
            "listeners": [
                {
                    "port": port,
                    "bind_addresses": ["127.0.0.1"],
                    "type": "http",
                    "tls": False,
                    "x_forwarded": False,
                    "resources": [{"names": ["client"], "compress": False}],
                }
            ],
            "database": {
                "name": "psycopg2",
                "args": {
                    "user": "postgres",
                    "host": "127.0.0.1",
                    "port": 5432,
                    "database": database,
                    "cp_min": 5,
                    "cp_max": 20,
                },
            },
            "registration_shared_secret": SECRET,
            "enable_registration": False,
            "trusted_key_servers": [],
            "suppress_key_server_warning": True,
            "federation_domain_whitelist": [],
            "presence": {"enabled": False},
            "rc_message": RATE_LIMITS_OFF,
            "rc_registration": RATE_LIMITS_OFF,
            "rc_login": {k: RATE_LIMITS_OFF for k in ("address", "account", "failed_attempts")},
            "rc_joins": {"local": RATE_LIMITS_OFF, "remote": RATE_LIMITS_OFF},
            "rc_invites": {k: RATE_LIMITS_OFF for k in ("per_room", "per_user", "per_issuer")},
            "log_config": None,
        }
    )
    settings.pop("log_config")
    config.write_text(yaml.safe_dump(settings))
    return config


class Homeserver:
    def __init__(self, sizes) -> None:
        self.sizes = sizes
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.directory = ROOT / ".bench" / "synapse-data"
        self.process: subprocess.Popen | None = None

    def start(self) -> Homeserver:
        import shutil

        python = install()
        shutil.rmtree(self.directory, ignore_errors=True)
        database = "connecto_bench_synapse"
        asyncio.run(self._create_database(database))
        config = configure(python, self.directory, self.port, database)
        log = open(self.directory / "synapse.log", "wb")
        self.process = subprocess.Popen(
            [python, "-m", "synapse.app.homeserver", "-c", str(config)],
            cwd=self.directory,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 180
        import httpx

        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"synapse exited; see {self.directory / 'synapse.log'}")
            try:
                if httpx.get(f"{self.url}/_matrix/client/versions", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise RuntimeError("synapse did not start")

    async def _create_database(self, name: str) -> None:
        conn = await connect_db("postgres://postgres@127.0.0.1:5432/postgres")
        try:  # Synapse insists on C collation
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await conn.execute(
                f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' "
                "TEMPLATE template0"
            )
        finally:
            await conn.close()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()


class Run:
    def __init__(self, server: Homeserver) -> None:
        self.server = server
        self.http = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=0), timeout=aiohttp.ClientTimeout(total=90)
        )
        self.tokens: list[str] = []
        self.room = ""
        self.sent_at: dict[str, float] = {}
        self.acked: dict[str, float] = {}
        self.received: list[dict[str, int]] = []  # per listener: cmid -> times
        self.delays: list[float] = []
        self.errors: dict[str, int] = {}
        self.counter = 0
        self.stop = asyncio.Event()

    async def call(self, method: str, path: str, token: str | None = None, **kwargs) -> dict:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        async with self.http.request(
            method, self.server.url + path, headers=headers, **kwargs
        ) as response:
            body = await response.json(content_type=None)
            if response.status != 200:
                raise RuntimeError(f"{method} {path}: {response.status} {body}")
            return body

    async def register(self, name: str) -> str:
        nonce = (await self.call("GET", "/_synapse/admin/v1/register"))["nonce"]
        mac = hmac.new(SECRET.encode(), digestmod=hashlib.sha1)
        mac.update(b"\x00".join([nonce.encode(), name.encode(), b"secret-pass-1", b"notadmin"]))
        body = await self.call(
            "POST",
            "/_synapse/admin/v1/register",
            json={"nonce": nonce, "username": name, "password": "secret-pass-1",
                  "admin": False, "mac": mac.hexdigest()},
        )  # fmt: skip
        return body["access_token"]

    async def setup(self) -> None:
        stamp = int(time.time())
        self.tokens = [await self.register(f"bench{stamp}u{i}") for i in range(MEMBERS)]
        room = await self.call(
            "POST", "/_matrix/client/v3/createRoom", self.tokens[0],
            json={"preset": "public_chat", "name": "Crew"},
        )  # fmt: skip
        self.room = room["room_id"]
        for token in self.tokens[1:]:
            await self.call("POST", f"/_matrix/client/v3/join/{self.room}", token, json={})

    async def listen(self, index: int) -> None:
        token, got = self.tokens[index], self.received[index]
        # Every new event in one response (the default timeline limit of 10 would leave gaps
        # a client has to backfill).
        sync_filter = json.dumps({"room": {"timeline": {"limit": 1000}}})
        since = (
            await self.call(
                "GET",
                "/_matrix/client/v3/sync",
                token,
                params={"timeout": "0", "filter": sync_filter},
            )
        )["next_batch"]
        while not self.stop.is_set():
            try:
                body = await self.call(
                    "GET",
                    "/_matrix/client/v3/sync",
                    token,
                    params={"since": since, "timeout": "5000", "filter": sync_filter},
                )
            except Exception as exc:
                self.errors[f"sync {type(exc).__name__}"] = (
                    self.errors.get(f"sync {type(exc).__name__}", 0) + 1
                )
                continue
            now = time.monotonic()
            since = body["next_batch"]
            joined = body.get("rooms", {}).get("join", {}).get(self.room, {})
            for event in joined.get("timeline", {}).get("events", []):
                cmid = event.get("content", {}).get("cmid")
                if cmid in self.sent_at:
                    got[cmid] = got.get(cmid, 0) + 1
                    self.delays.append((now - self.sent_at[cmid]) * 1000)

    async def send_one(self, index: int) -> None:
        self.counter += 1
        cmid = f"s{self.counter}"
        self.sent_at[cmid] = time.monotonic()
        try:
            await self.call(
                "PUT",
                f"/_matrix/client/v3/rooms/{self.room}/send/m.room.message/{cmid}",
                self.tokens[index % MEMBERS],
                json={"msgtype": "m.text", "body": f"benchmark message {cmid}", "cmid": cmid},
            )
        except Exception as exc:
            key = type(exc).__name__
            self.errors[key] = self.errors.get(key, 0) + 1
            return
        self.acked[cmid] = time.monotonic()

    async def measure(self, name: str, seconds: float, *, rate: float | None, pids) -> dict:
        self.sent_at, self.acked, self.delays, self.errors = {}, {}, [], {}
        self.received = [{} for _ in range(MEMBERS)]
        self.stop.clear()
        listeners = [asyncio.ensure_future(self.listen(i)) for i in range(MEMBERS)]
        await asyncio.sleep(1)
        cpu_before, load_before = own_cpu(), load_average()
        with Usage({"synapse": pids}) as usage:
            started = time.monotonic()
            if rate is None:  # closed loop: each member sends, waits for the answer, repeats

                async def sender(i: int) -> None:
                    while time.monotonic() < started + seconds:
                        await self.send_one(i)

                await asyncio.gather(*(sender(i) for i in range(MEMBERS)))
            else:
                tasks = []
                for k in range(int(rate * seconds)):
                    await asyncio.sleep(max(0.0, started + k / rate - time.monotonic()))
                    tasks.append(asyncio.ensure_future(self.send_one(k)))
                await asyncio.wait(tasks, timeout=120)
            sent_for = time.monotonic() - started
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                if all(cmid in got for got in self.received for cmid in self.acked):
                    break
                await asyncio.sleep(0.25)
        self.stop.set()
        await asyncio.gather(*listeners, return_exceptions=True)
        took = time.monotonic() - started
        last_ack = max(self.acked.values(), default=started)
        lost = sum(1 for got in self.received for cmid in self.acked if cmid not in got)
        duplicated = sum(n - 1 for got in self.received for n in got.values() if n > 1)
        return {
            "name": name,
            "mode": f"open loop, {rate:g} msgs/s offered" if rate else "closed loop, 10 senders",
            "sent": len(self.sent_at),
            "accepted": len(self.acked),
            "accepted_per_second": round(len(self.acked) / max(last_ack - started, sent_for), 1),
            "fanout": percentiles(self.delays),
            "lost": lost,
            "duplicated": duplicated,
            "errors": self.errors,
            "server_cores": usage.cores(),
            "generator_cores": round((own_cpu() - cpu_before) / took, 2),
            "load_average": (load_before, load_average()),
        }


def measure(sizes) -> dict:
    server = Homeserver(sizes).start()
    try:

        async def go() -> list[dict]:
            run = Run(server)
            try:
                await run.setup()
                results = [
                    await run.measure(
                        "synapse_10_closed", sizes.seconds, rate=None, pids=[server.process.pid]
                    )
                ]
                results.append(
                    await run.measure(
                        f"synapse_10_open_{sizes.open_rates[0]}",
                        sizes.seconds,
                        rate=sizes.open_rates[0],
                        pids=[server.process.pid],
                    )
                )
                return results
            finally:
                await run.http.close()

        results = asyncio.run(go())
    finally:
        server.stop()
    version = subprocess.run(
        [VENV / "bin" / "python", "-c", "import synapse; print(synapse.__version__)"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return {
        "version": version,
        "results": results,
        "note": (
            f"Synapse {version}, one process (its default shape), on the same PostgreSQL, rate "
            "limits raised out of the way, presence off, no federation: a room of 10 members, "
            "each listening with `/sync` long-polls; sends are "
            "`PUT /rooms/{room}/send/m.room.message/{txn}`. Compare with `send_10_closed` and "
            "`send_10_open_*` above.\n"
        ),
    }
