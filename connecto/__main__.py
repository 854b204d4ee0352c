"""Command line: ``python -m connecto run | migrate | check-migrations | promote-admin``."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys

from connecto.settings import Settings

log = logging.getLogger("connecto")


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


def _migrate(settings: Settings) -> None:
    from connecto.db import run_migrations

    applied = asyncio.run(run_migrations(settings.database_url))
    log.info("migrations: %s", ", ".join(applied) if applied else "up to date")


def cmd_run(settings: Settings) -> None:
    settings, _embedded = _settings_with_database(settings)
    if settings.run_migrations:
        _migrate(settings)
    settings.signing_secret  # create the dev secret before workers race for it  # noqa: B018
    # Before any worker starts: the metrics directory (exported to the workers through the
    # environment) without the files of processes that are gone.
    from connecto.observability import metrics

    metrics.prune_dead_processes()
    from sanic import Sanic
    from sanic.worker.loader import AppLoader

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
    from sanic.worker.manager import WorkerManager

    from connecto.app import create_app_from_env

    # Each worker imports and starts the whole app; on a busy host that can take longer than
    # Sanic's 30 s startup acknowledgement, after which it kills its whole process group.
    WorkerManager.THRESHOLD = 10 * 120  # tenths of a second
    loader = AppLoader(factory=create_app_from_env)
    app = loader.load()
    app.prepare(
        host=settings.host,
        port=settings.port,
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
        from connecto.db import close_orm, init_orm
        from connecto.users.enums import UserRole
        from connecto.users.models import User

        await init_orm(settings.database_url, 2)
        try:
            query = User.filter(id=int(who)) if who.isdigit() else User.filter(email=who.lower())
            updated = await query.update(role=UserRole.ADMIN)
        finally:
            await close_orm()
        if not updated:
            sys.exit(f"no user {who!r}")
        print(f"{who} is now ADMIN")

    asyncio.run(promote())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m connecto")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="migrate, then serve HTTP + WebSocket")
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
    elif args.command == "migrate":
        cmd_migrate(settings)
    elif args.command == "check-migrations":
        cmd_check_migrations(settings)
    else:
        cmd_promote_admin(settings, args.who)


if __name__ == "__main__":
    main()
