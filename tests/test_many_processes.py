"""Several processes on one PostgreSQL (SPEC F7, issue 9 §3): three `vitrine serve` on one
database and one Redis, each with its own data directory and mail directory, so the database
and Redis are all they share.

The test makes its own database on the PostgreSQL server at 127.0.0.1:5432 (or the server of a
PostgreSQL DATABASE_URL, as `<that database>_procs`), so it runs in `make test` on SQLite too;
VITRINE_TEST_POSTGRES_URL names another database to create or empty. It is skipped, saying why, when
no PostgreSQL or no Redis answers.
"""

from __future__ import annotations

import asyncio
import os
import re
import socket
import threading
import time
import uuid
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import asyncpg
import httpx
import pytest

from tests import servers

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/vitrine_test_procs"
# One cluster of three servers at a time: its tests share it, so one xdist worker runs them all.
pytestmark = pytest.mark.xdist_group("many_processes")

REDIS = ("127.0.0.1", 6379)
DEMO_PASSWORD = "vitrine-demo"
MAX_FAILURES = 3
DELIVERY_SECONDS = 60

VIEWER = "{ viewer { kind } }"
LOGOUT = "mutation { logout(input: {}) { ok userErrors { code } } }"
CONTACT_LOGIN = """mutation($email: String!, $password: String!) {
  contactLogin(input: {email: $email, password: $password}) {
    session { token } userErrors { code message } } }"""
CONTACTS = """{ companies(first: 100) { nodes { contacts { id email accessState } } } }"""
INVITE = """mutation($id: ID!) { createContactAccess(input: {contactId: $id}) {
  grant { expiresAt } userErrors { code message } } }"""
OUTBOX = """query($after: String) { notifications(first: 100, after: $after) { totalCount
  nodes { id kind recipient state attempts } pageInfo { hasNextPage endCursor } } }"""
PENDING = """{ notifications(first: 1, state: [PENDING]) { totalCount } }"""
ADD_NOTE = """mutation($input: AddNoteInput!) { addNote(input: $input) {
  note { id } userErrors { code } } }"""
FIRST_COMPANY = "{ companies(first: 1) { nodes { id } } }"


def _database_url() -> str:
    explicit = os.environ.get("VITRINE_TEST_POSTGRES_URL")
    if explicit:
        return explicit
    suite = os.environ.get("DATABASE_URL", "")
    if suite.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(suite)
        worker = os.environ.get("PYTEST_XDIST_WORKER", "")
        return parts._replace(path=f"{parts.path}_procs{worker}", query="").geturl()
    return DEFAULT_POSTGRES + os.environ.get("PYTEST_XDIST_WORKER", "")


class _Loop:
    """An event loop on its own thread, for asyncpg from this synchronous test (the suite's
    own loop belongs to pytest-asyncio)."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coroutine: Coroutine[Any, Any, Any], timeout: float = 60) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
        self.loop.close()


def _redis_answers() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


async def _prepare(url: str) -> None:
    """Create the database when missing, else empty it. Emptying the schema is much faster than
    dropping the database, which waits for a checkpoint; it is left in place after the run."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    assert re.fullmatch(r"[a-z0-9_]+", name), f"unexpected database name {name!r}"
    admin = await asyncpg.connect(parts._replace(path="/postgres").geturl(), timeout=5)
    try:
        if not await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            await admin.execute(f'CREATE DATABASE "{name}"')
        # A request stuck behind a lock answers 503 after a second instead of waiting for ever
        # (the README recommends the same for production, with a few seconds).
        await admin.execute(f"ALTER DATABASE \"{name}\" SET lock_timeout = '1s'")
    finally:
        await admin.close()
    conn = await asyncpg.connect(url, timeout=5)
    try:
        await conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    finally:
        await conn.close()


@pytest.fixture(scope="module")
def loop() -> Iterator[_Loop]:
    running = _Loop()
    yield running
    running.close()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, loop) -> Iterator[dict[str, Any]]:
    url = _database_url()
    try:
        loop.run(_prepare(url))
    except (OSError, asyncpg.PostgresError) as exc:
        pytest.skip(f"needs PostgreSQL at {urlsplit(url).netloc} to create a database: {exc}")
    if not _redis_answers():
        pytest.skip("needs Redis at {}:{} (REDIS_URL)".format(*REDIS))
    root = tmp_path_factory.mktemp("procs")
    prefix = f"vitrine-test-{uuid.uuid4().hex}:"
    envs = [
        servers.base_env(
            DATABASE_URL=url,
            REDIS_URL="redis://{}:{}/0".format(*REDIS),
            # Counters of an earlier run (same buyers) must not carry over into this one.
            VITRINE_REDIS_PREFIX=prefix,
            VITRINE_DATA_DIR=str(root / f"data-{index}"),
            VITRINE_MAIL_BACKEND="directory",
            VITRINE_MAIL_DIR=str(root / f"mail-{index}"),
            VITRINE_LOGIN_FREE_FAILURES=str(MAX_FAILURES),
            VITRINE_LOGIN_BACKOFF_BASE="60",
        )
        for index in range(3)
    ]
    # All three start on an empty database: each migrates first, one at a time.
    with servers.serving(envs, root / "logs") as running:
        # The database's lock_timeout is 1 s (for the lock test below): on a loaded machine the
        # demo's writes can meet the servers' start-up work and time out; the load is
        # idempotent, so it is tried again.
        for _ in range(3):
            demo = servers.cli(envs[0], "demo")
            if demo.returncode == 0 or b"LockNotAvailable" not in demo.stderr:
                break
            time.sleep(1)
        assert demo.returncode == 0, demo.stderr.decode()
        buyers = re.findall(
            rf"^\s+(\S+@\S+) / {DEMO_PASSWORD}\s+\(buyer", demo.stdout.decode(), re.M
        )
        assert len(buyers) >= 2, demo.stdout.decode()
        yield {"servers": running, "buyers": buyers, "url": url, "root": root}


def _clients(cluster: dict[str, Any]) -> list[httpx.Client]:
    return [server.client() for server in cluster["servers"]]


def _refused(response: httpx.Response) -> bool:
    return (
        response.status_code == 401
        and response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    )


def test_a_token_revoked_through_one_process_is_refused_by_the_others(cluster):
    a, b, c = _clients(cluster)
    try:
        staff = servers.staff_token(a, "admin@vitrine.test", DEMO_PASSWORD)
        for http in (a, b, c):
            assert servers.data(http, VIEWER, token=staff)["viewer"]["kind"] == "STAFF"
        logout = servers.data(b, LOGOUT, token=staff)["logout"]
        assert logout == {"ok": True, "userErrors": []}
        for http in (a, b, c):
            assert _refused(servers.graphql(http, VIEWER, token=staff))

        buyer = cluster["buyers"][0]
        session = servers.data(c, CONTACT_LOGIN, {"email": buyer, "password": DEMO_PASSWORD})
        token = session["contactLogin"]["session"]["token"]
        for http in (a, b, c):
            assert servers.data(http, VIEWER, token=token)["viewer"]["kind"] == "CONTACT"
        assert servers.data(a, LOGOUT, token=token)["logout"]["ok"] is True
        for http in (b, c, a):
            assert _refused(servers.graphql(http, VIEWER, token=token))
    finally:
        for http in (a, b, c):
            http.close()


def test_the_outbox_workers_of_all_three_deliver_each_message_exactly_once(cluster):
    clients = _clients(cluster)
    try:
        token = servers.staff_token(clients[0], "admin@vitrine.test", DEMO_PASSWORD)
        companies = servers.data(clients[0], CONTACTS, token=token)["companies"]["nodes"]
        invited = [
            contact
            for company in companies
            for contact in company["contacts"]
            if contact["accessState"] == "NOT_CREATED"
        ]
        assert len(invited) >= 20
        # Spread over the three, so every worker finds new messages as they arrive.
        for index, contact in enumerate(invited):
            http = clients[index % 3]
            payload = servers.data(http, INVITE, {"id": contact["id"]}, token)
            assert payload["createContactAccess"]["userErrors"] == []

        deadline = time.monotonic() + DELIVERY_SECONDS
        while True:
            pending = servers.data(clients[1], PENDING, token=token)["notifications"]
            if pending["totalCount"] == 0:
                break
            assert time.monotonic() < deadline, pending
            time.sleep(0.5)
        # Every message of the outbox (the demo's orders queued theirs too), page by page.
        messages: list[dict[str, Any]] = []
        after = None
        while True:
            page = servers.data(clients[1], OUTBOX, {"after": after}, token)["notifications"]
            messages += page["nodes"]
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
    finally:
        for http in clients:
            http.close()

    assert page["totalCount"] == len(messages) >= len(invited)
    assert {n["state"] for n in messages} == {"SENT"}
    # The demo marks its own orders' history as sent (attempts 0); what the workers delivered
    # was claimed once each: a second claim would have counted a second attempt.
    delivered = [n for n in messages if n["attempts"] > 0]
    assert {n["attempts"] for n in delivered} == {1}
    assert len(delivered) >= len(invited)
    root: Path = cluster["root"]
    files = [path.name for index in range(3) for path in (root / f"mail-{index}").glob("*.eml")]
    # One file per delivered message, in one process's mail directory only.
    assert len(files) == len(set(files)) == len(delivered)
    invitations = [name for name in files if name.endswith("-invitation.eml")]
    assert len(invitations) == len(invited)
    recipients = sorted(n["recipient"] for n in messages if n["kind"] == "invitation")
    assert recipients == sorted(c["email"] for c in invited)


def test_login_throttles_are_shared(cluster):
    a, b, c = _clients(cluster)
    try:
        buyer = cluster["buyers"][1]
        for http in (a, b, c)[:MAX_FAILURES]:
            wrong = {"email": buyer, "password": "not-the-password"}
            errors = servers.data(http, CONTACT_LOGIN, wrong)["contactLogin"]["userErrors"]
            assert [e["code"] for e in errors] == ["INVALID_CREDENTIALS"]
        # The failures came through three processes; each of them now holds the line, even
        # for the right password.
        for http in (a, b, c):
            right = {"email": buyer, "password": DEMO_PASSWORD}
            payload = servers.data(http, CONTACT_LOGIN, right)["contactLogin"]
            assert payload["session"] is None
            assert [e["code"] for e in payload["userErrors"]] == ["TOO_MANY_ATTEMPTS"]
    finally:
        for http in (a, b, c):
            http.close()


def test_a_request_stuck_behind_a_lock_is_told_to_retry(cluster, loop):
    a, b, _ = _clients(cluster)
    try:
        token = servers.staff_token(a, "admin@vitrine.test", DEMO_PASSWORD)
        company = servers.data(a, FIRST_COMPANY, token=token)["companies"]["nodes"][0]["id"]
        note = {"input": {"companyId": company, "body": "Retornar a ligação"}}
        other: asyncpg.Connection = loop.run(asyncpg.connect(cluster["url"]))
        try:
            loop.run(other.execute("BEGIN"))
            loop.run(other.execute("LOCK TABLE company_note IN EXCLUSIVE MODE"))
            began = time.monotonic()
            response = servers.graphql(b, ADD_NOTE, note, token)
            took = time.monotonic() - began
        finally:
            loop.run(other.close())
        assert response.status_code == 503, response.text
        assert response.headers["retry-after"] == "2"
        assert [e["extensions"]["code"] for e in response.json()["errors"]] == [
            "SERVICE_UNAVAILABLE"
        ]
        assert took < 5
        retried = servers.data(b, ADD_NOTE, note, token)["addNote"]
        assert retried["userErrors"] == [] and retried["note"]["id"]

        # Before any resolver: reading who the bearer is waits for the staff table.
        other = loop.run(asyncpg.connect(cluster["url"]))
        try:
            loop.run(other.execute("BEGIN"))
            loop.run(other.execute("LOCK TABLE staff_user IN ACCESS EXCLUSIVE MODE"))
            response = servers.graphql(a, VIEWER, token=token)
        finally:
            loop.run(other.close())
        assert response.status_code == 503, response.text
        assert response.headers["retry-after"] == "2"
        assert response.json()["errors"][0]["extensions"] == {"code": "SERVICE_UNAVAILABLE"}
        assert servers.data(a, VIEWER, token=token)["viewer"]["kind"] == "STAFF"
    finally:
        a.close()
        b.close()


PRODUCTS = """{ products(first: 100) { nodes { id stock minimumQuantity quantityMultiple } } }"""
COMPANY_TERMS = """query($c: ID) { companies(first: 5) { nodes { id } }
  commercialPolicy(companyId: $c) { paymentTerms carriers { id } } }"""
ON_BEHALF = """mutation($input: PlaceOrderOnBehalfInput!) { placeOrderOnBehalf(input: $input) {
  order { number } userErrors { code message } } }"""


def test_order_numbers_stay_unique_and_gap_free_across_processes(cluster):
    """Orders placed at once through the three processes take consecutive numbers: no two
    alike, none skipped (the counter row is updated in each order's transaction)."""
    clients = _clients(cluster)
    try:
        token = servers.staff_token(clients[0], "admin@vitrine.test", DEMO_PASSWORD)
        products = servers.data(clients[0], PRODUCTS, token=token)["products"]["nodes"]
        product = next(p for p in products if p["stock"] is None and p["quantityMultiple"] == 1)
        company = servers.data(clients[0], FIRST_COMPANY, token=token)["companies"]["nodes"][0]
        terms = servers.data(clients[0], COMPANY_TERMS, {"c": company["id"]}, token)
        policy = terms["commercialPolicy"]

        def place(index: int) -> dict[str, Any]:
            order = {
                "companyId": company["id"],
                "lines": [{"productId": product["id"], "quantity": 2000}],
                "idempotencyKey": f"cluster-{index}",
                "paymentTerm": policy["paymentTerms"][0],
                "carrierId": policy["carriers"][0]["id"] if policy["carriers"] else None,
            }
            http = clients[index % 3]
            return servers.data(http, ON_BEHALF, {"input": order}, token)["placeOrderOnBehalf"]

        with ThreadPoolExecutor(max_workers=9) as pool:
            results = list(pool.map(place, range(18)))
    finally:
        for http in clients:
            http.close()
    assert [r["userErrors"] for r in results] == [[]] * 18, results
    numbers = sorted(int(r["order"]["number"].rsplit("-", 1)[1]) for r in results)
    assert numbers == list(range(numbers[0], numbers[0] + 18))
