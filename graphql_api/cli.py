"""The `vitrine` command: serve, migrate, demo, create-admin, export-schema, themes."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

import uvicorn

from graphql_api.auth.passwords import password_problem
from graphql_api.cli_imports import add_commands
from graphql_api.cli_support import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    CommandError,
    migrate,
    say,
    with_database,
)
from graphql_api.cli_themes import add_commands as add_theme_commands
from graphql_api.demo.load import load_demo
from graphql_api.logs import configure_logging
from graphql_api.models.enums import StaffRole
from graphql_api.notifications.worker import run_worker
from graphql_api.settings import Settings, SettingsError
from schema import export_sdl


async def _load_demo(settings: Settings) -> None:

    async def work() -> None:
        summary = await load_demo(settings)
        state = "Loaded" if summary.created else "Kept the existing"
        say(f"{state} demo data: {summary.companies} companies.")
        say("Demo accounts (demo mode only):")
        for email, password, role in summary.credentials:
            say(f"  {email} / {password}  ({role})")

    await with_database(settings, work)


def cmd_migrate(args: argparse.Namespace, settings: Settings) -> None:
    asyncio.run(migrate(settings))


def cmd_demo(args: argparse.Namespace, settings: Settings) -> None:
    asyncio.run(_load_demo(settings))


def cmd_create_admin(args: argparse.Namespace, settings: Settings) -> None:
    from graphql_api.services.staff import create_staff

    password = os.environ.get("VITRINE_ADMIN_PASSWORD") or ""
    if not password:
        if not sys.stdin.isatty():
            raise CommandError(
                "Set VITRINE_ADMIN_PASSWORD, or run in a terminal to be asked.", EXIT_USAGE
            )
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Again: "):
            raise CommandError("The passwords differ.", EXIT_USAGE)

    problem = password_problem(password)
    if problem:
        raise CommandError(problem, EXIT_USAGE)

    async def work() -> None:
        role = StaffRole.SALES_REP if args.sales_rep else StaffRole.ADMIN
        result = await create_staff(args.email, password, role, args.name or "")
        if not result.ok:
            raise CommandError("; ".join(e.message for e in result.errors), EXIT_USAGE)
        say(f"Created {role.value} {args.email}.")

    asyncio.run(with_database(settings, work))


def cmd_worker(args: argparse.Namespace, settings: Settings) -> None:

    async def work() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        say(f"Delivering notifications ({settings.mail_backend}); Ctrl+C stops.")
        await run_worker(settings, stop)

    asyncio.run(with_database(settings, work))


def cmd_export_schema(args: argparse.Namespace, settings: Settings | None) -> None:

    sdl = export_sdl()
    if args.output == "-":
        sys.stdout.write(sdl)
        return
    Path(args.output).write_text(sdl, encoding="utf-8")
    say(f"Wrote {args.output}")


def cmd_serve(args: argparse.Namespace, settings: Settings) -> None:

    if args.demo and settings.production:
        raise CommandError(
            "--demo creates accounts with published passwords: not in production mode.",
            EXIT_USAGE,
        )
    if args.demo:
        asyncio.run(_load_demo(settings))
    else:
        asyncio.run(migrate(settings))
    ide = "  (GraphiQL: /graphql)" if settings.graphiql else ""
    mode = " in production mode" if settings.production else ""
    say(f"Serving{mode} on http://{args.host}:{args.port}{ide}")
    uvicorn.run(
        "graphql_api.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_config=None,
        access_log=False,
        proxy_headers=True,
        # A worker that builds the app on a busy machine takes longer than uvicorn's default
        # 5 s to answer its first health check; it was killed and restarted over and over.
        timeout_worker_healthcheck=60,
    )


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"port must be 1-65535, got {value}")
    return value


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="vitrine", description="Vitrine B2B commerce back end.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = sub.add_parser("serve", help="migrate, then serve the API")
    serve.add_argument("--demo", action="store_true", help="load demo data and demo staff first")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=_port, default=8000, help="port (default 8000)")
    serve.add_argument("--workers", type=_positive, default=1, help="processes (default 1)")
    serve.add_argument(
        "--production",
        action="store_true",
        help="production mode, as VITRINE_ENV=production (needs VITRINE_SECRET_KEY)",
    )
    serve.set_defaults(handler=cmd_serve)

    sub.add_parser("migrate", help="apply pending migrations").set_defaults(handler=cmd_migrate)
    sub.add_parser(
        "worker", help="deliver queued notifications (serve also does, unless VITRINE_RUN_WORKER=0)"
    ).set_defaults(handler=cmd_worker)
    sub.add_parser("demo", help="load demo data once").set_defaults(handler=cmd_demo)

    admin = sub.add_parser(
        "create-admin", help="create a staff user (password from VITRINE_ADMIN_PASSWORD or asked)"
    )
    admin.add_argument("email", help="sign-in email")
    admin.add_argument("--name", help="full name")
    admin.add_argument("--sales-rep", action="store_true", help="create a SALES_REP instead")
    admin.set_defaults(handler=cmd_create_admin)

    export = sub.add_parser("export-schema", help="write the GraphQL SDL")
    export.add_argument("-o", "--output", default="schema.graphql", help="file, or - for stdout")
    export.set_defaults(handler=cmd_export_schema, needs_settings=False)

    add_commands(sub)
    add_theme_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "production", False):
        # Through the environment, so the uvicorn workers building the app see it too.
        os.environ["VITRINE_ENV"] = "production"
    try:
        settings = None
        if getattr(args, "needs_settings", True):
            settings = Settings.from_env()
            configure_logging(settings.log_level)
        args.handler(args, settings)
    except SettingsError as exc:
        print(f"vitrine: bad setting: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except CommandError as exc:
        print(f"vitrine: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        return EXIT_FAILED
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
