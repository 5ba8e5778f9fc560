"""Test harness: a real database (a fresh SQLite file, or PostgreSQL when DATABASE_URL is set),
migrated once per run with the real migrations, emptied after every test; requests go through
the real ASGI app over HTTP (httpx)."""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from tortoise import Tortoise, connections

from graphql_api import db
from graphql_api.app import create_app
from graphql_api.models.enums import StaffRole
from graphql_api.services import background
from graphql_api.services.staff import create_staff
from graphql_api.services.storefronts import ensure_default_storefront
from graphql_api.settings import Settings

PASSWORD = "correct-horse-battery"


def _settings() -> Settings:
    data_dir = Path(tempfile.mkdtemp(prefix="vitrine-test-"))
    env = {
        "VITRINE_DATA_DIR": str(data_dir),
        "VITRINE_SECRET_KEY": "test-secret-key-that-is-long-enough-for-hs256-signing",
        "VITRINE_LOG_LEVEL": "WARNING",
        # A sign-in delay no slow test run outlasts, so "throttled" is never a race with time.
        "VITRINE_LOGIN_BACKOFF_BASE": "60",
    }
    if os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    return Settings.from_env(env)


async def _reset_postgres(settings: Settings) -> None:
    await Tortoise.init(config=db.tortoise_config(settings))
    conn = connections.get("default")
    await conn.execute_script("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    await Tortoise.close_connections()


@pytest.fixture(scope="session")
def settings() -> Settings:
    return _settings()


@pytest.fixture(scope="session")
async def database(settings: Settings) -> AsyncIterator[Settings]:
    if not settings.is_sqlite:
        await _reset_postgres(settings)
    await db.migrate(settings)
    await db.init(settings)
    yield settings
    await db.close()


async def _empty_tables() -> None:
    conn = connections.get("default")
    tables = [model._meta.db_table for app in Tortoise.apps.values() for model in app.values()]
    if conn.capabilities.dialect == "postgres":
        quoted = ", ".join(f'"{t}"' for t in tables)
        await conn.execute_script(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
    else:
        await conn.execute_script("PRAGMA foreign_keys = OFF;")
        for table in tables:
            await conn.execute_script(f'DELETE FROM "{table}";')
        await conn.execute_script("DELETE FROM sqlite_sequence; PRAGMA foreign_keys = ON;")


@pytest.fixture(autouse=True)
async def clean_database(database: Settings) -> AsyncIterator[None]:
    """Every test starts with one storefront and nothing else."""
    await ensure_default_storefront()
    yield
    # Link mails a test asked for may still be being queued (services/background.py).
    await background.settle()
    await _empty_tables()


@pytest.fixture
async def client(database: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(database, manage_database=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


@dataclass
class Api:
    """Posts GraphQL to /graphql and returns the decoded JSON body."""

    http: httpx.AsyncClient
    token: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    async def raw(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> httpx.Response:
        headers = dict(self.headers)
        bearer = token if token is not None else self.token
        if bearer:
            headers["Authorization"] = f"Bearer {bearer}"
        return await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )

    async def __call__(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> dict[str, Any]:
        response = await self.raw(query, variables, token)
        assert response.status_code == 200, response.text
        return response.json()

    async def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        body = await self(query, variables)
        assert not body.get("errors"), body["errors"]
        return body["data"]

    def as_(self, token: str | None) -> Api:
        return Api(self.http, token, dict(self.headers))


LOGIN = """mutation($email: String!, $password: String!) {
  staffLogin(input: {email: $email, password: $password}) {
    session { token staffUser { id } } userErrors { field message code } } }"""


async def staff_api(api: Api, email: str, role: StaffRole) -> Api:
    result = await create_staff(email, PASSWORD, role, email.split("@")[0])
    assert result.ok, result.errors
    body = await api.data(LOGIN, {"email": email, "password": PASSWORD})
    session = body["staffLogin"]["session"]
    signed_in = api.as_(session["token"])
    signed_in.staff_id = session["staffUser"]["id"]  # type: ignore[attr-defined]
    return signed_in


@pytest.fixture
def api(client: httpx.AsyncClient) -> Api:
    return Api(client)


@pytest.fixture
async def admin(api: Api) -> Api:
    return await staff_api(api, "admin@example.com", StaffRole.ADMIN)


@pytest.fixture
async def rep(api: Api) -> Api:
    return await staff_api(api, "rep@example.com", StaffRole.SALES_REP)


@pytest.fixture
async def other_rep(api: Api) -> Api:
    return await staff_api(api, "other.rep@example.com", StaffRole.SALES_REP)


class SqlCounter:
    """Counts the statements Tortoise sends to the database (its `tortoise.db_client` logger),
    so the figure is the driver's, not our own code's."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)


class _Capture(logging.Handler):
    def __init__(self, counter: SqlCounter) -> None:
        super().__init__(logging.DEBUG)
        self.counter = counter

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith(("Created connection", "Closed connection")):
            return
        self.counter.statements.append(message)


@pytest.fixture
def count_sql() -> Iterator[Any]:
    """`with count_sql() as counter: ...` then `counter.count`."""
    logger = logging.getLogger("tortoise.db_client")

    @contextmanager
    def counting() -> Iterator[SqlCounter]:
        counter = SqlCounter()
        handler = _Capture(counter)
        previous = logger.level
        logger.setLevel(logging.DEBUG)
        logger.addHandler(handler)
        try:
            yield counter
        finally:
            logger.removeHandler(handler)
            logger.setLevel(previous)

    yield counting
