"""The file stack the tests, notebooks and file benchmark run against: the embedded S3 server
(moto behind real presigned-URL checks) and a real ClamAV daemon with a one-signature
database (the EICAR test file; no signature download is possible or needed)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

from connecto.files.embedded_s3 import EmbeddedS3, stop_process

# The standard anti-virus test file, kept in two pieces so that no scanner flags this source.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
EICAR_SIGNATURE = "Connecto.Test.EICAR"

INSTALL_HINT = "Install it with: apt-get install -y clamav-daemon ffmpeg (make test does)"


class Clamd:
    """``clamd`` in the foreground on a Unix socket, limits raised to our largest upload."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.socket_path = directory / "clamd.sock"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"unix://{self.socket_path}"

    def start(self, timeout: float = 120) -> Clamd:
        binary = shutil.which("clamd") or (
            "/usr/sbin/clamd" if Path("/usr/sbin/clamd").exists() else None
        )
        if binary is None:
            raise RuntimeError(f"clamd is not installed. {INSTALL_HINT}")
        database = self.directory / "db"
        database.mkdir(parents=True, exist_ok=True)
        # An extended (.ndb) signature: any target type, anywhere in the file.
        (database / "connecto-test.ndb").write_text(f"{EICAR_SIGNATURE}:0:*:{EICAR.hex()}\n")
        config = self.directory / "clamd.conf"
        config.write_text(
            "\n".join(
                [
                    f"LocalSocket {self.socket_path}",
                    f"DatabaseDirectory {database}",
                    f"LogFile {self.directory / 'clamd.log'}",
                    "Foreground yes",
                    "StreamMaxLength 600M",
                    "MaxFileSize 600M",
                    "MaxScanSize 600M",
                    "",
                ]
            )
        )
        log = open(self.directory / "clamd.out", "wb")
        self.process = subprocess.Popen(
            [binary, "-c", str(config)], stdout=log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    "clamd exited: " + (self.directory / "clamd.out").read_text(errors="replace")
                )
            if self._pong():
                return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"clamd did not answer within {timeout}s")

    def _pong(self) -> bool:
        if not self.socket_path.exists():
            return False
        try:
            with socket.socket(socket.AF_UNIX) as sock:
                sock.settimeout(2)
                sock.connect(str(self.socket_path))
                sock.sendall(b"zPING\0")
                return sock.recv(16).startswith(b"PONG")
        except OSError:
            return False

    def server_env(self) -> dict[str, str]:
        return {"CONNECTO_CLAMD_URL": self.url}

    def stop(self) -> None:
        stop_process(self.process)


class FileStack:
    def __init__(self, directory: Path, *, scanner: bool = True) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.s3 = EmbeddedS3(log_path=directory / "embedded-s3.log")
        self.clamd = Clamd(directory / "clamd") if scanner else None

    def start(self) -> FileStack:
        if shutil.which("ffprobe") is None or shutil.which("ffmpeg") is None:
            raise RuntimeError(f"ffmpeg is not installed. {INSTALL_HINT}")
        self.s3.start()
        if self.clamd is not None:
            self.clamd.start()
        return self

    def server_env(self) -> dict[str, str]:
        env = self.s3.settings_env()
        if self.clamd is not None:
            env.update(self.clamd.server_env())
        return env

    async def object_keys(self, prefix: str) -> list[str]:
        """Keys stored under ``prefix`` in the bucket, read over the S3 API."""
        from aiobotocore.session import get_session

        s3 = self.s3
        async with get_session().create_client(
            "s3",
            endpoint_url=s3.endpoint_url,
            region_name=s3.region,
            aws_access_key_id=s3.access_key,
            aws_secret_access_key=s3.secret_key,
        ) as client:
            listed = await client.list_objects_v2(Bucket=s3.bucket, Prefix=prefix)
        return sorted(item["Key"] for item in listed.get("Contents", []))

    def stop(self) -> None:
        if self.clamd is not None:
            self.clamd.stop()
        self.s3.stop()
