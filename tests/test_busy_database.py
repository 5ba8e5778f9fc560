"""A busy database (issue 9): imports check before they write and write in short batches, a
lock timeout is a retryable 503 and never an internal error, and /readyz answers in time."""

from __future__ import annotations

import asyncio
import random
import sqlite3
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from tortoise import connections
from tortoise.exceptions import IntegrityError, OperationalError
from tortoise.transactions import in_transaction

from graphql_api import db
from graphql_api.auth.principal import STAFF_KIND, Principal
from graphql_api.demo.generators import generate_cnpj
from graphql_api.models import Company, Contact, CustomerGroup, Note, StaffUser
from graphql_api.models.enums import StaffRole
from graphql_api.services import companies, imports
from graphql_api.services.staff import create_staff
from graphql_api.services.storefronts import ensure_default_storefront
from graphql_api.settings import Settings
from graphql_api.web.health import READY_DEADLINE
from tests import servers
from tests.factories import create_company

ADD_NOTE = """mutation($input: AddNoteInput!) { addNote(input: $input) {
  note { id } userErrors { field message code } } }"""
IMPORT = """mutation($input: ImportCompaniesInput!) { importCompanies(input: $input) {
  report { rows valid created contactsCreated committed rejected { row column code } }
  userErrors { code } } }"""
CREATE_COMPANY = """mutation($input: CreateCompanyInput!) {
  createCompany(input: $input) { company { id } userErrors { code } } }"""

# A probe may wait for one import batch and the readiness deadline, never for a whole import.
PROBE_BOUND = READY_DEADLINE + 2.0


def customers_csv(rows: int, seed: int = 9, groups: int = 3) -> str:
    """`rows` valid customers, each with a contact, spread over `groups` new groups."""
    rng = random.Random(seed)
    lines = [
        "legal_name;cnpj;street;number;city;state;postal_code;country;email;phone;group;"
        "contact_first_name;contact_email"
    ]
    for i in range(rows):
        lines.append(
            f"Empresa {seed}-{i} Ltda;{generate_cnpj(rng)};Rua {i};{i};São Paulo;SP;01310-100;BR;"
            f"c{i}@empresa{seed}-{i}.com.br;(11) 3333-{i % 10000:04d};Importados {i % groups};"
            f"Pessoa {i};p{i}@empresa{seed}-{i}.com.br"
        )
    return "\n".join(lines) + "\n"


@pytest.fixture
async def admin_p() -> Principal:
    result = await create_staff("imports@example.com", servers.PASSWORD, StaffRole.ADMIN, "Imp")
    assert result.ok
    return Principal(kind=STAFF_KIND, staff=await StaffUser.get(email="imports@example.com"))


def _sqlite_path(settings: Settings) -> str:
    return settings.database_url.removeprefix("sqlite://").split("?", 1)[0]


@asynccontextmanager
async def write_lock_held(settings: Settings) -> AsyncIterator[None]:
    """Another connection holds what writers need: SQLite's write lock, or on PostgreSQL an
    EXCLUSIVE lock on the customer tables (reads pass, writes wait)."""
    if settings.is_sqlite:
        other = sqlite3.connect(_sqlite_path(settings), timeout=0, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            other.rollback()
            other.close()
        return
    # Without the URL's query: Tortoise's pool sizes are no server settings.
    other = await asyncpg.connect(settings.database_url.split("?", 1)[0])
    transaction = other.transaction()
    await transaction.start()
    await other.execute(
        "LOCK TABLE company, contact, customer_group, company_tax_id IN EXCLUSIVE MODE"
    )
    try:
        yield
    finally:
        await transaction.rollback()
        await other.close()


@asynccontextmanager
async def short_busy_timeout(milliseconds: int = 150) -> AsyncIterator[None]:
    """This process's SQLite connection gives up on a lock quickly (5 s otherwise)."""
    conn = connections.get("default")
    await conn.execute_script(f"PRAGMA busy_timeout = {milliseconds}")
    try:
        yield
    finally:
        await conn.execute_script(f"PRAGMA busy_timeout = {db.SQLITE_BUSY_TIMEOUT_MS}")


def _sqlite_only(settings: Settings) -> None:
    if not settings.is_sqlite:
        pytest.skip("SQLite's database-wide write lock; PostgreSQL locks rows")


# --- the import: check with reads only, write in batches ------------------------------------


async def test_a_dry_run_needs_no_write_lock(admin_p, database):
    storefront = await ensure_default_storefront()
    text = customers_csv(40)
    async with write_lock_held(database):
        # Before, the dry run wrote and rolled back: it failed with "database is locked" on
        # SQLite and waited for ever on PostgreSQL.
        report = await asyncio.wait_for(
            imports.import_companies(admin_p, storefront, text, dry_run=True), timeout=60
        )
    assert report.rejected == []
    assert (report.valid, report.created, report.contacts_created) == (40, 40, 40)
    assert report.groups_created == ["Importados 0", "Importados 1", "Importados 2"]
    assert not report.committed
    assert await Company.all().count() == 0
    assert await CustomerGroup.all().count() == 0


async def test_a_real_run_commits_in_batches_and_lets_other_queries_in(
    admin_p, database, monkeypatch
):
    monkeypatch.setattr(imports, "BATCH_ROWS", 20)
    storefront = await ensure_default_storefront()
    task = asyncio.create_task(
        imports.import_companies(admin_p, storefront, customers_csv(100), dry_run=False)
    )
    seen: set[int] = set()
    while not task.done():
        seen.add(await Company.all().count())
        await asyncio.sleep(0)
    report = await task
    assert report.committed and report.created == 100 and report.contacts_created == 100
    # Other queries ran between the batches and saw each batch whole, never half of one.
    during = seen - {0, 100}
    assert during, f"no query got in while the import wrote: {sorted(seen)}"
    assert all(count % 20 == 0 for count in during), sorted(seen)
    assert await Contact.all().count() == 100
    assert await CustomerGroup.all().count() == 3


async def _taken_between_check_and_write(
    admin_p: Principal, monkeypatch: pytest.MonkeyPatch, *, skip_invalid: bool
) -> imports.ImportReport:
    """Import five rows, written two per batch, while someone else creates a company with row
    4's CNPJ after every row was checked and before the first is written."""
    monkeypatch.setattr(imports, "BATCH_ROWS", 2)
    storefront = await ensure_default_storefront()
    text = customers_csv(5, seed=4)
    cnpj = [line.split(";")[1] for line in text.splitlines()[1:]]
    real_write = imports._Importer.write

    async def compete_then_write(importer: Any, **options: Any) -> bool:
        taken = await companies.create_company(
            admin_p,
            storefront,
            {"legal_name": "Concorrente Ltda", "tax_ids": [{"kind": "CNPJ", "value": cnpj[3]}]},
        )
        assert taken.ok, taken.errors
        return await real_write(importer, **options)

    monkeypatch.setattr(imports._Importer, "write", compete_then_write)
    return await imports.import_companies(
        admin_p, storefront, text, dry_run=False, skip_invalid=skip_invalid
    )


async def test_a_row_taken_between_check_and_write_undoes_the_whole_run(admin_p, monkeypatch):
    report = await _taken_between_check_and_write(admin_p, monkeypatch, skip_invalid=False)
    assert [(e.row, e.field, e.code) for e in report.rejected] == [(4, "cnpj", "DUPLICATE")]
    assert not report.committed
    assert (report.created, report.contacts_created, report.groups_created) == (0, 0, [])
    # Rows 1-3 were committed in earlier batches and are gone again, with their groups.
    assert await Company.all().values_list("legal_name", flat=True) == ["Concorrente Ltda"]
    assert await Contact.all().count() == 0
    assert await CustomerGroup.all().count() == 0


async def test_with_skip_invalid_a_row_taken_meanwhile_is_reported_and_the_rest_kept(
    admin_p, monkeypatch
):
    report = await _taken_between_check_and_write(admin_p, monkeypatch, skip_invalid=True)
    assert [(e.row, e.field, e.code) for e in report.rejected] == [(4, "cnpj", "DUPLICATE")]
    assert report.committed
    assert (report.valid, report.created, report.contacts_created) == (4, 4, 4)
    names = set(await Company.all().values_list("legal_name", flat=True))
    assert names == {f"Empresa 4-{i} Ltda" for i in (0, 1, 2, 4)} | {"Concorrente Ltda"}
    assert await Contact.all().count() == 4


async def test_a_run_that_fails_midway_deletes_what_its_earlier_batches_wrote(admin_p, monkeypatch):
    monkeypatch.setattr(imports, "BATCH_ROWS", 2)
    storefront = await ensure_default_storefront()
    text = customers_csv(5, seed=6)
    real_insert = imports._insert

    async def busy_at_row_4(storefront: Any, items: Any) -> None:
        if any(item.row == 4 for item in items):
            # What Tortoise raises when SQLite's busy timeout runs out.
            raise OperationalError(sqlite3.OperationalError("database is locked"))
        await real_insert(storefront, items)

    monkeypatch.setattr(imports, "_insert", busy_at_row_4)
    with pytest.raises(OperationalError):
        await imports.import_companies(admin_p, storefront, text, dry_run=False)
    # Rows 1 and 2 were committed in the first batch, and deleted again.
    assert await Company.all().count() == 0
    assert await Contact.all().count() == 0
    assert await CustomerGroup.all().count() == 0


# --- SQLite: the write lock, and what a request gets when it cannot have it -------------------


async def test_sqlite_transactions_take_the_write_lock_when_they_begin(database):
    _sqlite_only(database)
    other = sqlite3.connect(_sqlite_path(database), timeout=0, isolation_level=None)
    try:
        async with in_transaction() as conn:
            await conn.execute_query("SELECT count(*) FROM company")
            # A deferred BEGIN would still let the other connection write here, and our own
            # write after its commit would then fail at once, whatever the busy timeout.
            with pytest.raises(sqlite3.OperationalError, match="database is locked"):
                other.execute("INSERT INTO customer_group (storefront_id, name) VALUES (1, 'x')")
    finally:
        other.close()


async def test_a_transaction_that_cannot_get_the_lock_fails_cleanly(database):
    _sqlite_only(database)
    async with write_lock_held(database), short_busy_timeout():
        with pytest.raises(OperationalError) as refused:
            async with in_transaction():
                pass
    assert db.is_unavailable(refused.value)
    # The process's connection is free again: a failed BEGIN must not keep Tortoise's lock.
    assert await asyncio.wait_for(Company.all().count(), timeout=5) == 0


async def test_a_locked_database_is_a_503_with_retry_after_never_an_internal_error(admin, database):
    _sqlite_only(database)
    company = await create_company(admin)
    variables = {"input": {"companyId": company["id"], "body": "Ligar amanhã"}}
    async with write_lock_held(database), short_busy_timeout():
        response = await admin.raw(ADD_NOTE, variables)
    assert response.status_code == 503, response.text
    assert response.headers["retry-after"] == "2"
    body = response.json()
    assert [e["extensions"]["code"] for e in body["errors"]] == ["SERVICE_UNAVAILABLE"]
    assert body["errors"][0]["message"] == "The database is busy. Retry in a moment."
    assert await Note.all().count() == 0

    retried = await admin.data(ADD_NOTE, variables)
    assert retried["addNote"]["userErrors"] == []
    assert await Note.all().count() == 1


async def test_a_locked_database_outside_graphql_is_a_503_too(client, database):
    _sqlite_only(database)
    # A failed cookie sign-in writes its attempt from the /session route itself.
    wrong = {"email": "ninguem@example.com", "password": "not-the-password"}
    async with write_lock_held(database), short_busy_timeout():
        response = await client.post("/session", json=wrong)
    assert response.status_code == 503, response.text
    assert response.headers["retry-after"] == "2"
    assert response.json() == {
        "errors": [
            {
                "message": "The database is busy. Retry in a moment.",
                "extensions": {"code": "SERVICE_UNAVAILABLE"},
            }
        ]
    }
    again = await client.post("/session", json=wrong)
    assert again.json()["errors"][0]["extensions"]["code"] == "INVALID_CREDENTIALS"


async def test_readyz_says_503_when_the_database_does_not_answer_in_time(client, database):
    _sqlite_only(database)
    assert (await client.get("/readyz")).status_code == 200
    started = asyncio.Event()

    async def long_transaction() -> None:
        # One SQLite connection per process: while this runs, no other query of it can.
        async with in_transaction():
            started.set()
            await asyncio.sleep(READY_DEADLINE + 1.5)

    holder = asyncio.create_task(long_transaction())
    await started.wait()
    began = time.monotonic()
    response = await client.get("/readyz")
    took = time.monotonic() - began
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}
    assert response.headers["retry-after"] == "2"
    assert READY_DEADLINE - 0.1 <= took < READY_DEADLINE + 1.0
    await holder
    assert (await client.get("/readyz")).status_code == 200


def _sqlite_lock_error() -> sqlite3.OperationalError:
    """A real "database is locked" from SQLite."""
    import tempfile

    path = Path(tempfile.mkdtemp(prefix="vitrine-lock-")) / "lock.sqlite3"
    first = sqlite3.connect(path, isolation_level=None)
    second = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        first.execute("CREATE TABLE t (x)")
        first.execute("BEGIN IMMEDIATE")
        try:
            second.execute("INSERT INTO t VALUES (1)")
        except sqlite3.OperationalError as exc:
            return exc
        raise AssertionError("the second connection was not refused")
    finally:
        first.close()
        second.close()


def test_busy_is_told_apart_from_broken():
    locked = _sqlite_lock_error()
    wrapped = OperationalError(locked)
    busy: list[BaseException] = [
        locked,
        wrapped,
        asyncpg.exceptions.DeadlockDetectedError("deadlock detected"),
        asyncpg.exceptions.SerializationError("could not serialize access"),
        asyncpg.exceptions.LockNotAvailableError("canceling statement due to lock timeout"),
        asyncpg.exceptions.TooManyConnectionsError("too many clients"),
        asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed"),
        ConnectionRefusedError(111, "Connection refused"),
    ]
    broken: list[BaseException] = [
        OperationalError(sqlite3.OperationalError("no such table: nothing")),
        IntegrityError(sqlite3.IntegrityError("UNIQUE constraint failed")),
        asyncpg.exceptions.UniqueViolationError("duplicate key"),
        asyncpg.exceptions.UndefinedTableError("relation does not exist"),
        ValueError("database is locked"),  # the words alone are not the driver's error
    ]
    assert [db.is_unavailable(e) for e in busy] == [True] * len(busy)
    assert [db.is_unavailable(e) for e in broken] == [False] * len(broken)
    assert db.is_unavailable(None) is False


# --- a real server beside a big import ----------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Any:
    """`vitrine serve` on its own SQLite file, with an admin token and a company for notes."""
    root = tmp_path_factory.mktemp("busy")
    env = servers.base_env(VITRINE_DATA_DIR=str(root / "data"), VITRINE_RUN_WORKER="0")
    made = servers.cli(env, "create-admin", "admin@example.com")
    assert made.returncode == 0, made.stderr
    with servers.serving([env], root / "logs") as [running], running.client() as http:
        token = servers.staff_token(http, "admin@example.com")
        company = servers.data(
            http,
            CREATE_COMPANY,
            {"input": {"legalName": "Ferragens Beira-Rio Ltda"}},
            token,
        )["createCompany"]
        assert company["userErrors"] == []
        yield running, env, token, company["company"]["id"], root


def _probe_while(
    alive: Any, server: servers.Server, token: str, company_id: str
) -> tuple[list[tuple[int, float]], list[httpx.Response]]:
    """Call /readyz and addNote, one after the other, as long as `alive()`; returns the
    readiness answers with their times, and the addNote responses."""
    ready: list[tuple[int, float]] = []
    notes: list[httpx.Response] = []
    with server.client(timeout=30) as http:
        while alive():
            began = time.monotonic()
            ready.append((http.get("/readyz").status_code, time.monotonic() - began))
            body = {"input": {"companyId": company_id, "body": f"Nota {len(notes)}"}}
            notes.append(servers.graphql(http, ADD_NOTE, body, token))
            time.sleep(0.05)
    return ready, notes


def _check_probes(ready: list[tuple[int, float]], notes: list[httpx.Response]) -> int:
    """Every probe answered in time, as a success or a retryable 503; returns the notes
    written."""
    assert len(ready) >= 3, f"too few probes while the import ran: {ready}"
    for status, took in ready:
        assert status in (200, 503) and took < PROBE_BOUND, ready
    assert any(status == 200 for status, _ in ready), ready
    written = 0
    for response in notes:
        if response.status_code == 503:
            assert response.headers["retry-after"] == "2"
            codes = [e["extensions"]["code"] for e in response.json()["errors"]]
            assert codes == ["SERVICE_UNAVAILABLE"], response.text
            continue
        assert response.status_code == 200, response.text
        body = response.json()
        assert "errors" not in body, body
        assert body["data"]["addNote"]["userErrors"] == []
        written += 1
    return written


def _note_count(http: httpx.Client, token: str, company_id: str) -> int:
    query = "query($id: ID!) { company(id: $id) { notes { body } } }"
    return len(servers.data(http, query, {"id": company_id}, token)["company"]["notes"])


def test_a_3000_row_dry_run_does_not_hold_up_readyz_or_add_note(server):
    running, _, token, company_id, _ = server
    with running.client() as http:
        before = _note_count(http, token, company_id)
    outcome: dict[str, Any] = {}

    def run_import() -> None:
        with running.client(timeout=300) as http:
            began = time.monotonic()
            variables = {"input": {"csv": customers_csv(3000), "dryRun": True}}
            outcome["response"] = servers.graphql(http, IMPORT, variables, token)
            outcome["took"] = time.monotonic() - began

    worker = threading.Thread(target=run_import)
    worker.start()
    ready, notes = _probe_while(worker.is_alive, running, token, company_id)
    worker.join()

    response = outcome["response"]
    assert response.status_code == 200, response.text
    assert "errors" not in response.json(), response.text[:2000]
    report = response.json()["data"]["importCompanies"]["report"]
    assert report["rejected"] == []
    assert (report["rows"], report["valid"], report["created"]) == (3000, 3000, 3000)
    assert report["committed"] is False
    written = _check_probes(ready, notes)
    # A dry run takes no lock at all: every note went in at once.
    assert written == len(notes)
    with running.client() as http:
        assert _note_count(http, token, company_id) == before + written
        count = servers.data(http, "{ companies(first: 1) { totalCount } }", token=token)
        assert count["companies"]["totalCount"] == 1


def test_a_cli_import_beside_the_server_leaves_requests_served_or_told_to_retry(server):
    running, env, token, company_id, root = server
    with running.client() as http:
        before = _note_count(http, token, company_id)
    path = root / "customers.csv"
    path.write_text(customers_csv(1000, seed=11), encoding="utf-8")
    log = root / "cli-import.log"
    importer = servers.start_cli(env, "import-customers", str(path), log=log)
    try:
        ready, notes = _probe_while(lambda: importer.poll() is None, running, token, company_id)
    finally:
        importer.wait(timeout=600)
    assert importer.returncode == 0, log.read_text()
    assert "Created 1000 companies and 1000 contacts." in log.read_text()
    written = _check_probes(ready, notes)
    assert written >= 1
    with running.client() as http:
        # Nothing told to retry was half-written, nothing answered 200 was lost.
        assert _note_count(http, token, company_id) == before + written
        count = servers.data(http, "{ companies(first: 1) { totalCount } }", token=token)
        assert count["companies"]["totalCount"] == 1001
