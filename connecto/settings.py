"""Configuration, read from the environment (prefix ``CONNECTO_``) and an optional ``.env``.

Every setting is documented in ``.env.example``. Unset service URLs mean "embedded":
an embedded PostgreSQL, in-process fallbacks instead of Redis, the development
identity provider (outside production only).
"""

from __future__ import annotations

import re
import secrets
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from connecto.localstate import read_or_create

GOOGLE_ISSUERS = ("https://accounts.google.com", "accounts.google.com")
APPLE_ISSUER = "https://appleid.apple.com"

CommaList = Annotated[list[str], NoDecode]


# The development identity provider's audiences; refused in production.
DEV_GOOGLE_CLIENT_ID = "connecto-dev-google"
DEV_APPLE_CLIENT_ID = "app.connecto.dev"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="CONNECTO_", env_file=".env", extra="ignore", frozen=False
    )

    env: Literal["development", "test", "production"] = "development"
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    # URL clients and the dev identity provider use to reach this server; derived from host/port
    # when empty.
    public_url: str = ""
    data_dir: Path = Path(".connecto")
    log_level: str = "INFO"
    # A missing PostgreSQL/Redis is a startup failure instead of an embedded fallback (CI).
    require_services: bool = False

    database_url: str | None = None
    # Connections each process keeps at most (web worker or job worker): the total over every
    # process must stay under PostgreSQL's max_connections.
    database_pool_size: int = Field(default=20, ge=1)
    # TLS to a managed PostgreSQL: ``sslmode`` goes in the URL (?sslmode=verify-full), this is
    # the CA certificate the server's certificate is checked against (verify-ca/verify-full).
    database_ssl_ca_file: Path | None = None
    # Longest a statement may run in the web processes (seconds, 0: no limit); job workers are
    # not limited (VACUUM, exports and aggregations run long).
    database_statement_timeout_seconds: float = Field(default=0, ge=0)
    # How long opening one connection may take before the request answers 503.
    database_connect_timeout_seconds: float = Field(default=5, gt=0)
    redis_url: str | None = None
    # Connections each process keeps to Redis at most; a burst beyond waits up to
    # redis_pool_timeout_seconds for a free one (then 503) instead of failing at once.
    redis_max_connections: int = Field(default=50, ge=1)
    redis_pool_timeout_seconds: float = Field(default=5, gt=0)
    # One command's reply, and opening a connection (seconds).
    redis_socket_timeout_seconds: float = Field(default=5, gt=0)
    redis_connect_timeout_seconds: float = Field(default=2, gt=0)
    # Taskiq broker; empty -> in-process broker (tasks run inside the web process).
    broker_url: str | None = None
    # Jobs run at once per priority queue and process: "critical=16,high=8,normal=4,low=2,bulk=1"
    # (unnamed queues keep these defaults).
    job_concurrency: str = ""
    # The queue one `taskiq worker` process consumes; `python -m connecto worker` starts one
    # process per queue and sets it.
    worker_queue: str = "critical"
    # The first retry delay of every failed job (seconds; default: each job's own, 30 s). It
    # doubles per attempt up to an hour.
    job_retry_base_seconds: float | None = Field(default=None, gt=0, le=3600)
    run_migrations: bool = True

    jwt_secret: str = ""
    access_token_ttl_seconds: int = 15 * 60
    refresh_token_ttl_seconds: int = 7 * 24 * 3600
    # A rotated refresh token presented again this soon after its rotation gets the session's
    # current pair instead of revoking the session (two requests of one app refreshing at once,
    # or an answer lost on a flaky network). Later reuse still revokes it. 0: no grace.
    refresh_reuse_grace_seconds: float = Field(default=10, ge=0, le=300)
    max_body_bytes: int = 1024 * 1024

    google_client_ids: CommaList = Field(default_factory=lambda: [DEV_GOOGLE_CLIENT_ID])
    apple_client_ids: CommaList = Field(default_factory=lambda: [DEV_APPLE_CLIENT_ID])
    # Empty -> the real provider URL in production, the dev identity provider elsewhere.
    google_jwks_url: str = ""
    apple_jwks_url: str = ""
    # WebSocket: largest frame handled, per-connection send queue (frames) and kernel send
    # buffer (bytes) before a client that does not read is dropped, ping interval.
    ws_max_frame_bytes: int = 64 * 1024
    ws_send_queue: int = 256
    ws_send_buffer_bytes: int = 256 * 1024
    ws_ping_interval_seconds: int = 20
    # Notifications. A channel whose provider is not configured is not used.
    notification_max_attempts: int = 5
    # First retry delay; it doubles per attempt up to an hour.
    notification_retry_base_seconds: float = 30
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_security: Literal["starttls", "tls", "none"] = "starttls"
    email_from: str = "Connecto <noreply@connecto.app>"
    fcm_project_id: str = ""
    fcm_credentials_file: Path | None = None
    fcm_api_url: str = "https://fcm.googleapis.com"
    # Empty: the token_uri of the service-account file.
    fcm_token_url: str = ""
    sms_api_url: str = "https://api.twilio.com"
    sms_account_sid: str = ""
    sms_auth_token: str = ""
    sms_from: str = ""
    # Daily activity digest: sent at this hour of each user's local time.
    digest_hour: int = Field(default=9, ge=0, le=23)
    # Account deletion: personal data is removed this many days after the request, unless the
    # user signs in again meanwhile.
    account_deletion_grace_days: int = Field(default=30, ge=0, le=365)
    # Data exports: a download link lives this long; a ready export is kept this many days.
    export_link_ttl_seconds: int = Field(default=600, ge=10, le=86400)
    export_retention_days: int = Field(default=7, ge=1, le=90)
    # Users signing in with one of these verified emails become platform ADMINs.
    admin_emails: CommaList = Field(default_factory=list)
    # File uploads (spec 4.3) go straight from clients to an S3-compatible object store
    # (AWS S3, Cloudflare R2, MinIO). No bucket outside production: an embedded S3 server.
    uploads_enabled: bool = True
    s3_bucket: str = ""
    # Empty: AWS S3 itself. R2: https://<account>.r2.cloudflarestorage.com
    s3_endpoint_url: str = ""
    # The endpoint clients reach the store by, when it differs from the API's own route to
    # it (presigned URLs are signed for one host). Empty: s3_endpoint_url.
    s3_public_endpoint_url: str = ""
    s3_region: str = "us-east-1"
    s3_access_key_id: str = ""
    s3_secret_access_key: str = ""
    # Presigned URLs: upload parts, and downloads for readers.
    upload_url_ttl_seconds: int = Field(default=3600, ge=1, le=7 * 24 * 3600)
    download_url_ttl_seconds: int = Field(default=300, ge=1, le=7 * 24 * 3600)
    # ClamAV daemon: unix:///run/clamav/clamd.ctl or tcp://host:3310. Empty: files are marked
    # NOT_SCANNED (outside production; production refuses unless virus_scan_disabled).
    clamd_url: str = ""
    clamd_timeout_seconds: float = 300
    virus_scan_disabled: bool = False
    # Processing attempts (transient failures: store or scanner unreachable) before REJECTED;
    # ffprobe/ffmpeg run with this time limit.
    file_processing_max_attempts: int = 5
    media_tool_timeout_seconds: float = 60
    # Observability. Logs: one JSON object per line (or plain text), the access log on/off.
    log_format: Literal["json", "text"] = "json"
    access_log: bool = True
    # Bearer token that opens /health/detailed and /health/metrics to a monitoring system
    # (admins' access tokens work too). Empty: admins only.
    monitoring_token: str = ""
    # Prometheus multiprocess files of this node's processes (web workers and job workers on
    # the same host). Empty: DATA_DIR/metrics.
    metrics_dir: Path | None = None
    # Job workers on a host without a web node serve their metrics on this port (0: off).
    worker_metrics_port: int = 0
    # How often each process refreshes its sampled gauges (database pool).
    metrics_sample_seconds: float = 5.0
    # Error reporting to Sentry; empty: off.
    sentry_dsn: str = ""
    sentry_traces_sample_rate: float = Field(default=0.0, ge=0.0, le=1.0)
    # Browser origins allowed to call the API (CORS), comma separated: exact origins
    # ("https://app.connecto.com") or "*". Unset: http://localhost and http://127.0.0.1 on any
    # port in development (a web client on a dev server works out of the box), none in test
    # and production. Empty: CORS off (mobile apps need none).
    cors_origins: CommaList | None = None
    # How long a browser may cache a preflight answer (seconds).
    cors_max_age_seconds: int = Field(default=600, ge=0, le=86400)
    # API-wide request budget (spec 12.2): requests per sliding window, per signed-in user,
    # per client IP otherwise. 0 turns the API-wide budgets off.
    rate_limit_max: int = Field(default=1000, ge=0)
    rate_limit_window_ms: int = Field(default=900_000, ge=1000)
    # Stricter budget for sign-in (per IP) and refresh (per session, per IP for a bad token).
    auth_rate_limit_max: int = Field(default=30, ge=1)
    auth_rate_limit_window_ms: int = Field(default=900_000, ge=1000)
    # Per-action limits of spec 8.2 over their defaults, e.g. "message_send=100/60,typing=50/60"
    # (name=COUNT/WINDOW_SECONDS; names: message_send, room_join, typing, file_upload,
    # analytics_events). Penalties keep their lengths.
    action_rate_limits: str = ""
    # Reverse proxies / load balancers in front of the server that append to X-Forwarded-For;
    # the client IP (rate limits, sessions, logs) is read from there. 0: the peer address.
    proxies_count: int = Field(default=0, ge=0, le=10)
    # Analytics events: buffered per process and written in batches.
    analytics_enabled: bool = True
    analytics_flush_seconds: float = Field(default=2.0, gt=0)
    analytics_batch_size: int = Field(default=500, ge=1)
    analytics_buffer_max: int = Field(default=20_000, ge=1)
    # Monthly partitions of analytics_events older than this many months are dropped.
    analytics_retention_months: int = Field(default=13, ge=1)

    @field_validator(
        "google_client_ids", "apple_client_ids", "admin_emails", "cors_origins", mode="before"
    )
    @classmethod
    def _split_commas(cls, value: object) -> object:
        if isinstance(value, str):
            return [item.strip() for item in value.split(",") if item.strip()]
        return value

    @field_validator("job_concurrency")
    @classmethod
    def _concurrency(cls, value: str) -> str:
        from connecto.jobs.queues import parse_concurrency

        parse_concurrency(value)  # raises on a bad value
        return value

    @field_validator("action_rate_limits")
    @classmethod
    def _action_limits(cls, value: str) -> str:
        # The names are checked when the limits are applied (connecto.ratelimit.configure).
        for item in filter(None, (part.strip() for part in value.split(","))):
            if not re.fullmatch(r"[a-z_]+\s*=\s*[1-9][0-9]*\s*/\s*[1-9][0-9]*", item):
                raise ValueError(f"rate limit {item!r} must be name=COUNT/WINDOW_SECONDS")
        return value

    @field_validator("worker_queue")
    @classmethod
    def _queue(cls, value: str) -> str:
        from connecto.jobs.queues import Priority

        return Priority.of_queue(value).queue

    @field_validator("admin_emails")
    @classmethod
    def _lower_emails(cls, value: list[str]) -> list[str]:
        # Identity providers' emails are compared lower-cased.
        return [email.lower() for email in value]

    @model_validator(mode="after")
    def _check_production(self) -> Settings:
        if self.env == "production":
            if len(self.jwt_secret) < 32:
                raise ValueError("CONNECTO_JWT_SECRET must be at least 32 characters in production")
            if not self.database_url:
                raise ValueError("CONNECTO_DATABASE_URL is required in production")
            # ID tokens must be for our real apps, not the development ones.
            if {DEV_GOOGLE_CLIENT_ID, DEV_APPLE_CLIENT_ID} & {
                *self.google_client_ids,
                *self.apple_client_ids,
            }:
                raise ValueError(
                    "set CONNECTO_GOOGLE_CLIENT_IDS and CONNECTO_APPLE_CLIENT_IDS to your apps' "
                    "client ids in production"
                )
            if self.uploads_enabled and not self.s3_bucket:
                raise ValueError(
                    "file uploads need an object store in production: set CONNECTO_S3_BUCKET "
                    "(and CONNECTO_S3_*), or CONNECTO_UPLOADS_ENABLED=false"
                )
            if self.uploads_enabled and not self.clamd_url and not self.virus_scan_disabled:
                raise ValueError(
                    "file uploads need a virus scanner in production: set CONNECTO_CLAMD_URL, "
                    "or CONNECTO_VIRUS_SCAN_DISABLED=true to accept unscanned files"
                )
        return self

    @field_validator("cors_origins")
    @classmethod
    def _origins(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return None
        # Browsers send the Origin header without a trailing slash, in lower case.
        value = [origin.rstrip("/").lower() for origin in value]
        for origin in value:
            if origin != "*" and not re.fullmatch(r"https?://[^/\s]+", origin):
                raise ValueError(
                    f"CORS origin {origin!r} must be scheme://host[:port] (no path) or *"
                )
        return value

    @property
    def resolved_cors_origins(self) -> list[str | re.Pattern]:
        """What sanic-ext matches the Origin header against (empty: CORS off)."""
        if self.cors_origins is not None:
            return list(self.cors_origins)
        if self.env == "development":
            return [re.compile(r"http://(localhost|127\.0\.0\.1)(:\d+)?$")]
        return []

    @property
    def dev_idp_enabled(self) -> bool:
        return self.env != "production"

    @property
    def base_url(self) -> str:
        if self.public_url:
            return self.public_url.rstrip("/")
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::") else self.host
        return f"http://{host}:{self.port}"

    @property
    def resolved_google_jwks_url(self) -> str:
        if self.google_jwks_url:
            return self.google_jwks_url
        if self.dev_idp_enabled:
            return f"{self.base_url}/dev/idp/google/jwks"
        return "https://www.googleapis.com/oauth2/v3/certs"

    @property
    def resolved_apple_jwks_url(self) -> str:
        if self.apple_jwks_url:
            return self.apple_jwks_url
        if self.dev_idp_enabled:
            return f"{self.base_url}/dev/idp/apple/jwks"
        return "https://appleid.apple.com/auth/keys"

    @property
    def concurrency(self) -> dict:
        """Priority -> jobs run at once, per process."""
        from connecto.jobs.queues import parse_concurrency

        return parse_concurrency(self.job_concurrency)

    @property
    def resolved_metrics_dir(self) -> Path:
        return self.metrics_dir or self.data_dir / "metrics"

    @cached_property
    def signing_secret(self) -> str:
        """The JWT secret; outside production a random one is generated once and kept on disk
        so tokens survive restarts and every worker process agrees on it."""
        if self.jwt_secret:
            return self.jwt_secret
        secret = read_or_create(
            self.data_dir / "jwt_secret", lambda: secrets.token_urlsafe(48).encode()
        )
        return secret.decode().strip()
