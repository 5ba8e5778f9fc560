"""Database configuration and migrations (Tortoise ORM 1.x built-in migrations)."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import asyncpg
from tortoise import Tortoise
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.exceptions import OperationalError
from tortoise.migrations.api import migrate as tortoise_migrate

from graphql_api.settings import Settings

MODELS_MODULE = "graphql_api.models"
MIGRATIONS_MODULE = "migrations"
SQLITE_ENGINE = "graphql_api.sqlite_engine"
# How long a SQLite statement waits for another process's write lock before it fails with
# "database is locked" (answered 503 with Retry-After). Import batches hold it far shorter.
SQLITE_BUSY_TIMEOUT_MS = 5000


def connection_url(settings: Settings) -> str:
    url = settings.database_url
    if settings.is_sqlite:
        path = url.removeprefix("sqlite://").split("?", 1)[0]
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # Writers queue instead of failing at once when a second process holds the lock.
        if "busy_timeout" not in url:
            url += ("&" if "?" in url else "?") + f"busy_timeout={SQLITE_BUSY_TIMEOUT_MS}"
    return url


def _connection(settings: Settings) -> str | dict[str, Any]:
    url = connection_url(settings)
    if not settings.is_sqlite:
        return url
    # Tortoise's defaults (WAL journal, foreign keys) with our client's BEGIN IMMEDIATE.
    config = expand_db_url(url)
    config["engine"] = SQLITE_ENGINE
    return config


# What a busy database raises, for exception handlers: Tortoise's OperationalError (SQLite),
# asyncpg's errors, which Tortoise passes through untranslated, and lost connections.
UNAVAILABLE_EXCEPTIONS: tuple[type[BaseException], ...] = (
    OperationalError,
    asyncpg.PostgresError,
    ConnectionError,
)
# Failures that say "not now" rather than "wrong": SQLite's lock timeout, and PostgreSQL's
# serialization failures and deadlocks (class 40), lock timeouts (55P03), too many connections
# (53300), a server starting or shutting down (57P03, 57P01) and lost connections (class 08).
_SQLITE_BUSY = ("database is locked", "database table is locked", "database is busy")
_PG_RETRYABLE_CLASSES = ("40", "08")
_PG_RETRYABLE_STATES = {"55P03", "53300", "57P03", "57P01"}


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """The exception, what it wraps (Tortoise passes the driver's error as its first argument)
    and its explicit causes (`raise ... from`). Not `__context__`: an error raised while
    another was being handled is not caused by it."""
    seen: set[int] = set()
    todo: list[BaseException] = [exc]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo.extend(a for a in current.args[:1] if isinstance(a, BaseException))
        if current.__cause__ is not None:
            todo.append(current.__cause__)


def is_unavailable(exc: BaseException | None) -> bool:
    """Whether the database refused for now and the same request may succeed in a moment, so
    the client gets 503 with Retry-After instead of an internal error."""
    if exc is None:
        return False
    for error in _causes(exc):
        if isinstance(error, sqlite3.OperationalError):
            if str(error).startswith(_SQLITE_BUSY):
                return True
        elif isinstance(error, ConnectionError):
            return True
        state = getattr(error, "sqlstate", None)
        if isinstance(state, str) and (
            state in _PG_RETRYABLE_STATES or state.startswith(_PG_RETRYABLE_CLASSES)
        ):
            return True
    return False


def tortoise_config(settings: Settings) -> dict[str, Any]:
    return {
        "connections": {"default": _connection(settings)},
        "apps": {
            "models": {
                "models": [MODELS_MODULE],
                "default_connection": "default",
                "migrations": MIGRATIONS_MODULE,
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


def describe(settings: Settings) -> str:
    """The database named without its password, for messages and logs."""
    parts = urlsplit(settings.database_url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return parts._replace(netloc=netloc).geturl()
    return settings.database_url


async def migrate(settings: Settings) -> list[str]:
    """Apply every pending migration; returns the names applied.

    The migration API initialises Tortoise without query builders, so it is closed afterwards
    and callers `init` again before running queries.
    """
    applied: list[str] = []

    def progress(event: str, app_label: str, name: str) -> None:
        if event == "apply_done":
            applied.append(f"{app_label}.{name}")

    async with _migration_lock(settings):
        try:
            await tortoise_migrate(config=tortoise_config(settings), progress=progress)
        finally:
            await Tortoise.close_connections()
    return applied


# pg_advisory_lock key of migrations: any constant the application uses for nothing else.
MIGRATION_LOCK_KEY = 0x76697472696E65  # "vitrine"


@contextlib.asynccontextmanager
async def _migration_lock(settings: Settings) -> AsyncIterator[None]:
    """On PostgreSQL, one migration at a time: several `vitrine serve` starting together (an
    upgrade of every machine at once) each migrate first, and two would otherwise both create
    the same tables. The lock ends with the connection that holds it."""
    if settings.is_sqlite:
        yield
        return
    # The URL's own parts, as Tortoise reads them: its query parameters (pool sizes) are not
    # server settings, which is what asyncpg would take them for.
    credentials = expand_db_url(settings.database_url)["credentials"]
    conn = await asyncpg.connect(
        host=credentials.get("host"),
        port=credentials.get("port"),
        user=credentials.get("user"),
        password=credentials.get("password"),
        database=credentials.get("database"),
        **({"ssl": credentials["ssl"]} if "ssl" in credentials else {}),
    )
    try:
        # Wait as long as the other's migration takes, whatever lock_timeout the database sets.
        await conn.execute("SET lock_timeout = 0")
        await conn.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK_KEY)
        yield
    finally:
        await conn.close()


async def init(settings: Settings) -> None:
    await Tortoise.init(config=tortoise_config(settings), _enable_global_fallback=True)


async def close() -> None:
    await Tortoise.close_connections()


# For `tortoise -c graphql_api.db.MIGRATIONS_CONFIG makemigrations` (`make migrations`): the
# autodetector compares the models with the files in migrations/, so no real database is needed.
MIGRATIONS_CONFIG: dict[str, Any] = {
    "connections": {"default": "sqlite://:memory:"},
    "apps": {
        "models": {
            "models": [MODELS_MODULE],
            "default_connection": "default",
            "migrations": MIGRATIONS_MODULE,
        }
    },
}
