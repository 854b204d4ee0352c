"""An S3 server for ``make run``, the tests and the notebooks: moto's S3 in server mode.

It runs in its own process (``python -m connecto.files.embedded_s3``) so that several Sanic
workers share it and large uploads do not compete with the API for the GIL. Objects live in
that process's memory (moto spills large ones to temporary files): they are gone when it
stops. Production uses a real store (``CONNECTO_S3_*``).

moto accepts any request, so a thin layer in front of it does what a real store does with
presigned URLs: a SigV4 query signature must be valid for this server's secret and not
expired (403 ``AccessDenied`` "Request has expired", ``SignatureDoesNotMatch``), and a
request with no signature at all is refused. Requests signed in the ``Authorization`` header
(the API server's own calls) go straight through. Responses expose ``ETag`` to browsers.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import os
import secrets
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qsl

SIGNING_ALGORITHM = "AWS4-HMAC-SHA256"
READY_PREFIX = "embedded-s3 listening on "
MISMATCH = "The request signature we calculated does not match the signature you provided"


def _error(start_response, status: str, code: str, message: str) -> list[bytes]:
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Error><Code>{code}</Code><Message>{message}</Message></Error>"
    ).encode()
    start_response(
        status, [("Content-Type", "application/xml"), ("Content-Length", str(len(body)))]
    )
    return [body]


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def verify_presigned(environ: dict, secrets_by_key: dict[str, str], now: float) -> str | None:
    """Check a SigV4 presigned (query-string) request. Returns a refusal, or None if valid."""
    raw_query = environ.get("QUERY_STRING", "")
    params = dict(parse_qsl(raw_query, keep_blank_values=True))
    if params.get("X-Amz-Algorithm") != SIGNING_ALGORITHM:
        return "SignatureDoesNotMatch"
    try:
        access_key, date, region, service, terminal = params["X-Amz-Credential"].split("/")
        signed_at = datetime.strptime(params["X-Amz-Date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        expires = int(params["X-Amz-Expires"])
        signed_headers = params["X-Amz-SignedHeaders"].split(";")
        signature = params["X-Amz-Signature"]
    except (KeyError, ValueError):
        return "AuthorizationQueryParametersError"
    secret = secrets_by_key.get(access_key)
    if secret is None:
        return "InvalidAccessKeyId"
    if now > signed_at.timestamp() + expires:
        return "Expired"
    # The canonical request exactly as the signer built it (botocore, S3 flavour: the path
    # as sent, the query pairs as sent and sorted, the payload unsigned).
    path = environ.get("RAW_URI") or environ.get("REQUEST_URI") or environ.get("PATH_INFO", "/")
    path = path.split("?", 1)[0]
    pairs = sorted(
        tuple(pair.partition("=")[::2])
        for pair in raw_query.split("&")
        if pair and pair.partition("=")[0] != "X-Amz-Signature"
    )
    headers = []
    for name in signed_headers:
        key = "HTTP_" + name.upper().replace("-", "_")
        if name == "content-type":
            key = "CONTENT_TYPE"
        elif name == "content-length":
            key = "CONTENT_LENGTH"
        headers.append(f"{name}:{' '.join(environ.get(key, '').split())}")
    canonical = "\n".join(
        [
            environ["REQUEST_METHOD"].upper(),
            path,
            "&".join(f"{k}={v}" for k, v in pairs),
            "\n".join(headers) + "\n",
            ";".join(signed_headers),
            "UNSIGNED-PAYLOAD",
        ]
    )
    scope = f"{date}/{region}/{service}/{terminal}"
    to_sign = "\n".join(
        [
            SIGNING_ALGORITHM,
            params["X-Amz-Date"],
            scope,
            hashlib.sha256(canonical.encode()).hexdigest(),
        ]
    )
    key = _hmac(_hmac(_hmac(_hmac(f"AWS4{secret}".encode(), date), region), service), terminal)
    expected = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature):
        return "SignatureDoesNotMatch"
    return None


class PresignedUrlCheck:
    """WSGI middleware in front of moto (see the module docstring)."""

    def __init__(self, app, secrets_by_key: dict[str, str]) -> None:
        self.app = app
        self.secrets_by_key = secrets_by_key

    def __call__(self, environ, start_response):
        query = environ.get("QUERY_STRING", "")
        if environ["REQUEST_METHOD"] != "OPTIONS":  # CORS preflights carry no signature
            if "X-Amz-Signature=" in query:
                refusal = verify_presigned(environ, self.secrets_by_key, time.time())
                if refusal == "Expired":
                    return _error(
                        start_response, "403 Forbidden", "AccessDenied", "Request has expired"
                    )
                if refusal:
                    return _error(
                        start_response,
                        "403 Forbidden",
                        refusal,
                        MISMATCH,
                    )
            elif "HTTP_AUTHORIZATION" not in environ:
                return _error(start_response, "403 Forbidden", "AccessDenied", "Access Denied")

        def start(status, headers, exc_info=None):
            headers = [h for h in headers if h[0].lower() != "access-control-expose-headers"]
            headers.append(("Access-Control-Expose-Headers", "ETag"))
            return start_response(status, headers, exc_info)

        return self.app(environ, start)


def _create_bucket(endpoint: str, bucket: str, access_key: str, secret_key: str, region: str):
    import boto3  # moto's own dependency; used once, synchronously, to set the bucket up

    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=region,
        aws_access_key_id=access_key,
        aws_secret_access_key=secret_key,
    )
    client.create_bucket(Bucket=bucket)
    client.put_bucket_cors(
        Bucket=bucket,
        CORSConfiguration={
            "CORSRules": [
                {
                    "AllowedMethods": ["GET", "PUT", "HEAD"],
                    "AllowedOrigins": ["*"],
                    "AllowedHeaders": ["*"],
                    "ExposeHeaders": ["ETag"],
                    "MaxAgeSeconds": 3600,
                }
            ]
        },
    )


def _watch_parent(parent_pid: int) -> None:
    """Exit when the process that started this one is gone (even if it was killed)."""
    while True:
        time.sleep(1)
        if os.getppid() != parent_pid:
            os._exit(0)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m connecto.files.embedded_s3")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--bucket", default="connecto")
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--access-key", default="connecto-dev")
    parser.add_argument("--secret-key", required=True)
    parser.add_argument("--parent-pid", type=int, default=0)
    args = parser.parse_args(argv)

    from moto.moto_server.werkzeug_app import MotoRequestHandler, create_backend_app
    from werkzeug.serving import make_server

    moto_app = create_backend_app("s3")
    app = PresignedUrlCheck(moto_app, {args.access_key: args.secret_key})
    server = make_server(
        args.host, args.port, app, threaded=True, request_handler=MotoRequestHandler
    )
    port = server.server_address[1]
    endpoint = f"http://{'127.0.0.1' if args.host in ('0.0.0.0', '::') else args.host}:{port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _create_bucket(endpoint, args.bucket, args.access_key, args.secret_key, args.region)
    if args.parent_pid:
        threading.Thread(target=_watch_parent, args=(args.parent_pid,), daemon=True).start()
    print(f"{READY_PREFIX}{port}", flush=True)
    try:
        thread.join()
    except KeyboardInterrupt:
        server.shutdown()


class EmbeddedS3:
    """Starts the server above as a child process and says how to reach it."""

    def __init__(self, host: str = "127.0.0.1", bucket: str = "connecto", log_path=None) -> None:
        self.host = host
        self.bucket = bucket
        self.region = "us-east-1"
        self.access_key = "connecto-dev"
        self.secret_key = secrets.token_urlsafe(24)
        self.log_path = log_path
        self.process: subprocess.Popen | None = None
        self.port = 0

    @property
    def endpoint_url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::") else self.host
        return f"http://{host}:{self.port}"

    def start(self, timeout: float = 60) -> EmbeddedS3:
        return self.launch().wait_ready(timeout)

    def launch(self) -> EmbeddedS3:
        """Start the process without waiting for it (it can start while other work goes on)."""
        stderr = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "connecto.files.embedded_s3",
                "--host",
                self.host,
                "--bucket",
                self.bucket,
                "--region",
                self.region,
                # "=" form: a random key may start with "-", which argparse would take for
                # an option.
                f"--access-key={self.access_key}",
                f"--secret-key={self.secret_key}",
                "--parent-pid",
                str(os.getpid()),
            ],
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
        return self

    def wait_ready(self, timeout: float = 60) -> EmbeddedS3:
        result: list[str] = []
        reader = threading.Thread(target=lambda: result.append(self.process.stdout.readline()))
        reader.start()
        reader.join(timeout)
        line = result[0] if result else ""
        if not line.startswith(READY_PREFIX):
            timed_out = reader.is_alive()  # else its output ended: it exited
            self.stop()
            why = f"no answer in {timeout}s" if timed_out else "it exited"
            raise RuntimeError(
                f"the embedded S3 server did not start ({why}; got {line!r}){self._log_tail()}"
            )
        self.port = int(line[len(READY_PREFIX) :])
        return self

    def _log_tail(self, lines: int = 20) -> str:
        if not self.log_path:
            return ""
        try:
            text = Path(self.log_path).read_text(errors="replace")
        except OSError:
            return ""
        return "\n" + "\n".join(text.splitlines()[-lines:])

    def settings_env(self) -> dict[str, str]:
        """CONNECTO_S3_* pointing a Connecto server at this store."""
        return {
            "CONNECTO_S3_BUCKET": self.bucket,
            "CONNECTO_S3_ENDPOINT_URL": self.endpoint_url,
            "CONNECTO_S3_REGION": self.region,
            "CONNECTO_S3_ACCESS_KEY_ID": self.access_key,
            "CONNECTO_S3_SECRET_ACCESS_KEY": self.secret_key,
        }

    def stop(self) -> None:
        stop_process(self.process)


def stop_process(process: subprocess.Popen | None) -> None:
    """Terminate a child process, killing it if it does not stop within 10 seconds."""
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


if __name__ == "__main__":
    main()
