"""Command line: ``python -m connecto run | worker | scheduler | migrate | check-migrations |
promote-admin``."""

from __future__ import annotations

import argparse
import asyncio
import atexit
import logging
import os
import sys
from urllib.parse import urlparse

from connecto.settings import Settings

log = logging.getLogger("connecto")
WORKER_START_TIMEOUT_SECONDS = 120


def _settings_with_database(settings: Settings) -> tuple[Settings, object | None]:
    if settings.database_url:
        return settings, None
    if settings.require_services:
        sys.exit("CONNECTO_REQUIRE_SERVICES is set but CONNECTO_DATABASE_URL is empty")
    from connecto.embedded import start_postgres

    url, handle = start_postgres(settings.data_dir)
    # Worker processes read their settings from the environment.
    os.environ["CONNECTO_DATABASE_URL"] = url
    return settings.model_copy(update={"database_url": url}), handle


def _launch_storage(settings: Settings):
    """No bucket configured (never in production): start the embedded S3 server, shared by
    every worker process. It starts while the database is prepared."""
    if not settings.uploads_enabled or settings.s3_bucket:
        return None
    from connecto.files.embedded_s3 import EmbeddedS3

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    s3 = EmbeddedS3(host=settings.host, log_path=settings.data_dir / "embedded-s3.log").launch()
    atexit.register(s3.stop)
    return s3


def _settings_with_storage(settings: Settings, s3) -> Settings:
    """Point the settings (and worker processes' environment) at the embedded S3 server."""
    if s3 is None:
        return settings
    s3.wait_ready()
    env = s3.settings_env()
    if settings.public_url:
        # Clients reach this machine by the public host; the store listens on its own port.
        public = urlparse(settings.public_url)
        env["CONNECTO_S3_PUBLIC_ENDPOINT_URL"] = f"{public.scheme}://{public.hostname}:{s3.port}"
    os.environ.update(env)  # worker processes read their settings from the environment
    log.warning(
        "No CONNECTO_S3_BUCKET: embedded S3 server at %s (objects live in memory until it stops)",
        s3.endpoint_url,
    )
    return settings.model_copy(
        update={key.removeprefix("CONNECTO_").lower(): value for key, value in env.items()}
    )


def _migrate(settings: Settings) -> None:
    from connecto.db import connection_options, run_migrations

    applied = asyncio.run(
        run_migrations(settings.database_url, **connection_options(settings, web=False))
    )
    log.info("migrations: %s", ", ".join(applied) if applied else "up to date")


def cmd_run(settings: Settings) -> None:
    embedded_s3 = _launch_storage(settings)
    settings, _embedded = _settings_with_database(settings)
    if settings.run_migrations:
        _migrate(settings)
    settings = _settings_with_storage(settings, embedded_s3)
    if settings.uploads_enabled and not settings.clamd_url:
        log.warning("No CONNECTO_CLAMD_URL: uploads are not virus-scanned (scan NOT_SCANNED)")
    settings.signing_secret  # create the dev secret before workers race for it  # noqa: B018
    # Before any worker starts: the metrics directory (exported to the workers through the
    # environment) without the files of processes that are gone.
    from connecto.observability import metrics

    metrics.prune_dead_processes()
    from sanic import Sanic
    from sanic.worker.loader import AppLoader
    from sanic.worker.manager import WorkerManager

    if settings.workers > 1 and not settings.redis_url:
        sys.exit("CONNECTO_WORKERS > 1 needs CONNECTO_REDIS_URL: in-process state is per process")
    print(
        f"Connecto {settings.env} listening on {settings.base_url}  (API docs: "
        f"{settings.base_url}/docs)",
        flush=True,
    )
    if settings.workers == 1:
        from connecto.app import create_app

        app = create_app(settings)
        app.run(
            host=settings.host,
            port=settings.port,
            single_process=True,
            access_log=False,
            motd=False,
        )
        return
    # The factory must be importable by name: Sanic pickles it into each worker process,
    # where this module is not ``__main__``.
    from connecto import listening
    from connecto.app import create_app_from_env

    # Sanic stops everything when a worker has not reported its start within 30 s; a busy
    # machine importing the app in several processes at once can take longer than that.
    WorkerManager.THRESHOLD = WORKER_START_TIMEOUT_SECONDS * 10  # in tenths of a second
    loader = AppLoader(factory=create_app_from_env)
    app = loader.load()
    sock = listening.manager_socket(settings.host, settings.port)
    app.prepare(
        **({"sock": sock} if sock else {"host": settings.host, "port": settings.port}),
        workers=settings.workers,
        access_log=False,
        motd=False,
    )
    Sanic.serve(primary=app, app_loader=loader)


def cmd_migrate(settings: Settings) -> None:
    settings, _embedded = _settings_with_database(settings)
    _migrate(settings)


def cmd_check_migrations(settings: Settings) -> None:
    from connecto.db import pending_model_changes

    changes = asyncio.run(pending_model_changes())
    if changes:
        print("Models differ from migrations; run `make migration name=...`:", file=sys.stderr)
        for sql in changes:
            print("  " + sql, file=sys.stderr)
        sys.exit(1)
    print("models and migrations agree")


def cmd_promote_admin(settings: Settings, who: str) -> None:
    settings, _embedded = _settings_with_database(settings)

    async def promote() -> None:
        from tortoise.transactions import in_transaction

        from connecto.audit import service as audit
        from connecto.audit.enums import AuditAction, AuditTarget
        from connecto.db import close_orm, connection_options, init_orm
        from connecto.users.enums import UserRole
        from connecto.users.models import User

        await init_orm(settings.database_url, 2, **connection_options(settings, web=False))
        try:
            query = User.filter(id=int(who)) if who.isdigit() else User.filter(email=who.lower())
            async with in_transaction() as conn:
                user = await query.using_db(conn).select_for_update().first()
                if user is not None:
                    before = user.role
                    user.role = UserRole.ADMIN
                    await user.save(using_db=conn, update_fields=["role", "updated_at"])
                    # The system (an operator at the console) changed a platform role.
                    await audit.record(
                        conn,
                        None,
                        AuditAction.USER_ROLE_CHANGE,
                        AuditTarget.USER,
                        user.id,
                        target_user_id=user.id,
                        details={"from": before.value, "to": "ADMIN", "via": "promote-admin"},
                    )
        finally:
            await close_orm()
        if user is None:
            sys.exit(f"no user {who!r}")
        print(f"{who} is now ADMIN")

    asyncio.run(promote())


def cmd_worker(settings: Settings, queues: str) -> None:
    from connecto.jobs import worker
    from connecto.jobs.queues import Priority

    try:
        chosen = [Priority.of_queue(q) for q in queues.split(",") if q.strip()]
    except ValueError as exc:
        sys.exit(str(exc))
    sys.exit(worker.run(settings, chosen or list(Priority)))


def cmd_scheduler(settings: Settings) -> None:
    """Exactly one per deployment: sends the periodic jobs and the retries that are due."""
    if not settings.broker_url:
        sys.exit("CONNECTO_BROKER_URL is not set: the web process runs the schedule (make run)")
    os.execv(
        sys.executable,
        [
            sys.executable,
            "-m",
            "taskiq",
            "scheduler",
            "connecto.jobs.broker:scheduler",
            "connecto.jobs.tasks",
            "--skip-first-run",
        ],
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m connecto")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="migrate, then serve HTTP + WebSocket")
    worker = sub.add_parser("worker", help="run the job workers, one process per priority queue")
    worker.add_argument("--queues", default="", help="comma-separated queues to run (default: all)")
    sub.add_parser("scheduler", help="send periodic jobs and due retries (run exactly one)")
    sub.add_parser("migrate", help="apply pending migrations")
    sub.add_parser("check-migrations", help="fail if models and migrations differ")
    promote = sub.add_parser("promote-admin", help="give a user (id or email) the ADMIN role")
    promote.add_argument("who")
    args = parser.parse_args(argv)

    settings = Settings()
    from connecto.observability import logs

    logs.configure(settings)
    if args.command == "run":
        cmd_run(settings)
    elif args.command == "worker":
        cmd_worker(settings, args.queues)
    elif args.command == "scheduler":
        cmd_scheduler(settings)
    elif args.command == "migrate":
        cmd_migrate(settings)
    elif args.command == "check-migrations":
        cmd_check_migrations(settings)
    else:
        cmd_promote_admin(settings, args.who)


if __name__ == "__main__":
    main()
