"""Test harness: a real database (a fresh SQLite file, or PostgreSQL when DATABASE_URL is set),
migrated once per run with the real migrations, emptied after every test; requests go through
the real ASGI app over HTTP (httpx)."""

from __future__ import annotations

import dataclasses
import logging
import os
import tempfile
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cache
from graphlib import TopologicalSorter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from argon2 import PasswordHasher
from starlette.applications import Starlette
from tortoise import Tortoise, connections

from graphql_api import db
from graphql_api.app import create_app
from graphql_api.auth import passwords
from graphql_api.models.enums import StaffRole
from graphql_api.services import background
from graphql_api.services.staff import create_staff
from graphql_api.services.storefronts import ensure_default_storefront
from graphql_api.settings import Settings

PASSWORD = "correct-horse-battery"
WORKER = os.environ.get("PYTEST_XDIST_WORKER")  # gw0, gw1, ... when pytest-xdist runs the suite

# Argon2id at its smallest cost for the whole suite: every staff fixture hashes and verifies, and
# the cost is not under test (test_cli checks what the app itself stores). Hashes stay real.
passwords.use_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


def _settings() -> Settings:
    data_dir = Path(tempfile.mkdtemp(prefix="vitrine-test-"))
    env = {
        "VITRINE_DATA_DIR": str(data_dir),
        "VITRINE_SECRET_KEY": "test-secret-key-that-is-long-enough-for-hs256-signing",
        "VITRINE_LOG_LEVEL": "WARNING",
        # A sign-in delay no slow test run outlasts, so "throttled" is never a race with time.
        "VITRINE_LOGIN_BACKOFF_BASE": "60",
        # Tests fill pages of 50 rows through the API: the per-minute cost budget is the subject
        # of tests/test_query_cost.py, which sets its own.
        "VITRINE_COST_BUDGET": "1000000",
    }
    # Without DATABASE_URL: SQLite in that directory, with no fsync at each commit (they cost
    # ~0.1 s a test on this disk), as a test database need not survive a power cut.
    env["DATABASE_URL"] = os.environ.get("DATABASE_URL") or (
        f"sqlite://{data_dir / 'vitrine.sqlite3'}?synchronous=OFF"
    )
    settings = Settings.from_env(env)
    # Each worker has its own SQLite file (in its data_dir) and its own PostgreSQL database; a
    # DATABASE_URL naming a SQLite file would be shared, so run that with TEST_WORKERS=0.
    if WORKER and not settings.is_sqlite:
        settings = _on_database(settings, f"{_database_name(settings)}_{WORKER}")
    return settings


def _database_name(settings: Settings) -> str:
    return urlsplit(settings.database_url).path.lstrip("/")


def _on_database(settings: Settings, name: str) -> Settings:
    url = urlsplit(settings.database_url)._replace(path=f"/{name}").geturl()
    return replace(settings, database_url=url)


async def _reset_postgres(settings: Settings) -> None:
    if WORKER:
        # The worker's database (test_gw0 for DATABASE_URL .../test) is made on first use, from
        # the database DATABASE_URL names, as CREATE DATABASE needs a connection elsewhere.
        name = _database_name(settings)
        given = _on_database(settings, name.removesuffix(f"_{WORKER}"))
        await Tortoise.init(config=db.tortoise_config(given))
        conn = connections.get("default")
        _, rows = await conn.execute_query("SELECT 1 FROM pg_database WHERE datname = $1", [name])
        if not rows:
            await conn.execute_script(f'CREATE DATABASE "{name}"')
        await Tortoise.close_connections()
    await Tortoise.init(config=db.tortoise_config(settings))
    conn = connections.get("default")
    # No wait for the WAL flush at each commit, from the next connection on (as with SQLite's
    # synchronous=OFF above): a test database need not survive a crash.
    await conn.execute_script(
        f'ALTER DATABASE "{_database_name(settings)}" SET synchronous_commit = off;'
        "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"
    )
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


@cache
def _emptying_script(dialect: str) -> str:
    """DELETE from every table, referencing tables first, then ids back to 1. (TRUNCATE took
    75 ms a test on PostgreSQL, ~3 ms a table even when empty.)"""
    models = [model for app in Tortoise.apps.values() for model in app.values()]
    parents = {
        m._meta.db_table: {
            m._meta.fields_map[name].related_model._meta.db_table
            for name in m._meta.fk_fields | m._meta.o2o_fields
        }
        - {m._meta.db_table}
        for m in models
    }
    parents_first = list(TopologicalSorter(parents).static_order())
    script = "".join(f'DELETE FROM "{table}";' for table in reversed(parents_first))
    if dialect != "postgres":
        # SQLite checks RESTRICT row by row, so deleting a category tree needs the checks off.
        off, on = "PRAGMA foreign_keys = OFF;", "PRAGMA foreign_keys = ON;"
        return f"{off}{script}DELETE FROM sqlite_sequence;{on}"
    serials = ", ".join(
        f"('\"{m._meta.db_table}\"', '{m._meta.pk.source_field or m._meta.pk_attr}')"
        for m in models
        if m._meta.pk.generated
    )
    return script + (
        "SELECT setval(pg_get_serial_sequence(t, c), 1, false)"
        f" FROM (VALUES {serials}) AS serials (t, c);"
    )


async def _empty_tables() -> None:
    conn = connections.get("default")
    await conn.execute_script(_emptying_script(conn.capabilities.dialect))


@pytest.fixture(autouse=True)
async def clean_database(database: Settings) -> AsyncIterator[None]:
    """Every test starts with one storefront and nothing else."""
    await ensure_default_storefront()
    yield
    # Link mails a test asked for may still be being queued (services/background.py).
    await background.settle()
    await _empty_tables()


@pytest.fixture(scope="session")
def app(database: Settings) -> Starlette:
    """One app for the run: it keeps no state between requests (that lives in the database)."""
    return create_app(database, manage_database=False)


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    # The app is shared by the run; the cost budgets it keeps per caller are not.
    app.state.shared.clear_local()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


@pytest.fixture
async def uncapped_client(database: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """A client of an app without the query cost limit, for tests of large pages' SQL."""
    unlimited = dataclasses.replace(database, max_query_cost=10**9, cost_budget=10**9)
    transport = httpx.ASGITransport(app=create_app(unlimited, manage_database=False))
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
