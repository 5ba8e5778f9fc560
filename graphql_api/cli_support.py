"""What every `vitrine` command shares: exit codes, the error a command stops with, and running
work against a migrated database."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from graphql_api import db
from graphql_api.services.storefronts import ensure_default_storefront
from graphql_api.settings import Settings

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_DATABASE = 0, 1, 2, 3


class CommandError(Exception):
    def __init__(self, message: str, code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.code = code


def say(message: str) -> None:
    print(message, flush=True)


async def migrate(settings: Settings) -> None:
    try:
        applied = await db.migrate(settings)
    except Exception as exc:
        raise CommandError(
            f"Could not migrate {db.describe(settings)}: {exc}", EXIT_DATABASE
        ) from exc
    if applied:
        say(f"Applied migrations: {', '.join(applied)}")
    else:
        say(f"Database {db.describe(settings)} is up to date.")
    await ensure_storefront(settings)


async def ensure_storefront(settings: Settings) -> None:
    """Every installation has at least one storefront to scope customers to."""

    await db.init(settings)
    try:
        await ensure_default_storefront()
    finally:
        await db.close()


async def with_database(settings: Settings, work: Callable[[], Awaitable[None]]) -> None:
    await migrate(settings)
    try:
        await db.init(settings)
    except Exception as exc:
        raise CommandError(f"Could not open {db.describe(settings)}: {exc}", EXIT_DATABASE) from exc
    try:
        await work()
    finally:
        await db.close()
