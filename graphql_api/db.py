"""Database configuration and migrations (Tortoise ORM 1.x built-in migrations)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tortoise import Tortoise
from tortoise.migrations.api import migrate as tortoise_migrate

from graphql_api.settings import Settings

MODELS_MODULE = "graphql_api.models"
MIGRATIONS_MODULE = "migrations"


def connection_url(settings: Settings) -> str:
    url = settings.database_url
    if settings.is_sqlite:
        path = url.removeprefix("sqlite://").split("?", 1)[0]
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # Writers queue instead of failing at once when a second process holds the lock.
        if "busy_timeout" not in url:
            url += ("&" if "?" in url else "?") + "busy_timeout=5000"
    return url


def tortoise_config(settings: Settings) -> dict[str, Any]:
    return {
        "connections": {"default": connection_url(settings)},
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

    try:
        await tortoise_migrate(config=tortoise_config(settings), progress=progress)
    finally:
        await Tortoise.close_connections()
    return applied


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
