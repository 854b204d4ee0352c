"""Starts the provider stand-ins (FCM, SMS, SMTP) as real servers and talks to them."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.support.server import ROOT, free_port

PROJECT = "connecto-test"
SMS_SID, SMS_TOKEN, SMS_FROM = "ACtest000000000000000000000000000", "sms-secret", "+15005550006"


def _wait_for_port(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"stand-in on port {port} exited early")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"stand-in on port {port} did not start")


@dataclass
class DevServices:
    directory: Path
    processes: list[subprocess.Popen] = field(default_factory=list)
    fcm_port: int = 0
    sms_port: int = 0
    smtp_port: int = 0

    @property
    def mailbox(self) -> Path:
        return self.directory / "mailbox.jsonl"

    @property
    def fcm_url(self) -> str:
        return f"http://127.0.0.1:{self.fcm_port}"

    @property
    def sms_url(self) -> str:
        return f"http://127.0.0.1:{self.sms_port}"

    def start(self) -> DevServices:
        self.directory.mkdir(parents=True, exist_ok=True)
        account = self.directory / "service-account.json"
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.fcm_port, self.sms_port, self.smtp_port = free_port(), free_port(), free_port()
        account.write_text(
            json.dumps(
                {
                    "type": "service_account",
                    "project_id": PROJECT,
                    "private_key_id": "test-key-1",
                    "private_key": key.private_bytes(
                        serialization.Encoding.PEM,
                        serialization.PrivateFormat.PKCS8,
                        serialization.NoEncryption(),
                    ).decode(),
                    "client_email": f"push@{PROJECT}.iam.gserviceaccount.com",
                    "token_uri": f"{self.fcm_url}/token",
                }
            )
        )
        self.mailbox.write_text("")
        commands = [
            (
                [
                    sys.executable,
                    "-m",
                    "connecto.devservices.fake_fcm",
                    "--port",
                    str(self.fcm_port),
                    "--service-account",
                    str(account),
                ],
                self.fcm_port,
            ),
            (
                [
                    sys.executable,
                    "-m",
                    "connecto.devservices.fake_sms",
                    "--port",
                    str(self.sms_port),
                    "--account-sid",
                    SMS_SID,
                    "--auth-token",
                    SMS_TOKEN,
                ],
                self.sms_port,
            ),
            (
                [
                    sys.executable,
                    "-m",
                    "connecto.devservices.fake_smtp",
                    "--port",
                    str(self.smtp_port),
                    "--mailbox",
                    str(self.mailbox),
                ],
                self.smtp_port,
            ),
        ]
        for command, port in commands:
            log = open(self.directory / f"standin-{port}.log", "wb")
            process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
            self.processes.append(process)
            _wait_for_port(port, process)
        self._account = account
        return self

    def server_env(self) -> dict[str, str]:
        """Settings pointing a Connecto server at these stand-ins."""
        return {
            "CONNECTO_FCM_PROJECT_ID": PROJECT,
            "CONNECTO_FCM_CREDENTIALS_FILE": str(self._account),
            "CONNECTO_FCM_API_URL": self.fcm_url,
            "CONNECTO_SMTP_HOST": "127.0.0.1",
            "CONNECTO_SMTP_PORT": str(self.smtp_port),
            "CONNECTO_SMTP_SECURITY": "none",
            "CONNECTO_EMAIL_FROM": "Connecto <noreply@connecto.test>",
            "CONNECTO_SMS_API_URL": self.sms_url,
            "CONNECTO_SMS_ACCOUNT_SID": SMS_SID,
            "CONNECTO_SMS_AUTH_TOKEN": SMS_TOKEN,
            "CONNECTO_SMS_FROM": SMS_FROM,
        }

    def kernel_env(self) -> dict[str, str]:
        """What a notebook needs to look at the stand-ins."""
        return {
            "CONNECTO_FAKE_FCM_URL": self.fcm_url,
            "CONNECTO_FAKE_SMS_URL": self.sms_url,
            "CONNECTO_FAKE_MAILBOX": str(self.mailbox),
        }

    def reset(self) -> None:
        httpx.delete(f"{self.fcm_url}/_messages")
        httpx.delete(f"{self.sms_url}/_messages")
        self.mailbox.write_text("")

    def pushes(self) -> list[dict]:
        return httpx.get(f"{self.fcm_url}/_messages").json()

    def texts(self) -> list[dict]:
        return httpx.get(f"{self.sms_url}/_messages").json()

    def emails(self) -> list[dict]:
        return [json.loads(line) for line in self.mailbox.read_text().splitlines() if line.strip()]

    def fcm_control(self, **body) -> None:
        httpx.post(f"{self.fcm_url}/_control", json=body).raise_for_status()

    def sms_control(self, **body) -> None:
        httpx.post(f"{self.sms_url}/_control", json=body).raise_for_status()

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
