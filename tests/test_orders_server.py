"""Orders against a real `vitrine serve` process, on SQLite and on PostgreSQL (its own database,
test_orders_server): 50 identical placeOrder requests at once make one order; two buyers racing
for the last unit, exactly one wins; and, on PostgreSQL, kill -9 of the server while orders are
being placed leaves no order without its lines, no gap in the numbers and no stock drift."""

from __future__ import annotations

import asyncio
import os
import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
import pytest

from graphql_api.demo.generators import generate_cnpj
from tests import servers

ADMIN_PASSWORD = "server-admin-password-1"
BUYER_PASSWORD = "server-buyer-password-1"
# One database per xdist worker, and the module's tests in one worker: they reset it.
pytestmark = pytest.mark.xdist_group("orders_server")
PG_DATABASE = "test_orders_server" + os.environ.get("PYTEST_XDIST_WORKER", "")

LOGIN = """mutation($e: String!, $p: String!) { staffLogin(input: {email: $e, password: $p}) {
  session { token } userErrors { code } } }"""
CONTACT_LOGIN = """mutation($e: String!, $p: String!) { contactLogin(input: {email: $e,
  password: $p}) { session { token } userErrors { code } } }"""
REGISTER = """mutation($input: RegisterInput!) { register(input: $input) {
  company { id } userErrors { field code } } }"""
SUPPLIER = """mutation { createSupplier(input: {name: "Acme"}) { supplier { id } } }"""
PRODUCT = """mutation($sku: String!, $s: ID!, $stock: Int) { createProduct(input: {sku: $sku,
  name: $sku, basePrice: "10", supplierId: $s, stock: $stock}) { product { id }
  userErrors { code } } }"""
ADD = """mutation($p: ID!, $q: Int!) { addToCart(input: {productId: $p, quantity: $q}) {
  userErrors { code } } }"""
PLACE = """mutation($k: String!) { placeOrder(input: {idempotencyKey: $k}) {
  order { id number } userErrors { code } } }"""
ON_BEHALF = """mutation($c: ID!, $k: String!, $lines: [OrderLineInput!]!) {
  placeOrderOnBehalf(input: {companyId: $c, idempotencyKey: $k, lines: $lines}) {
  order { id number } userErrors { code } } }"""
ORDERS = """query($after: String) { orders(first: 100, after: $after) { totalCount
  pageInfo { hasNextPage endCursor } nodes { number status lines { sku quantity } } } }"""
STOCK = """query($sku: String!) { product(sku: $sku) { stock } }"""


def _postgres_url(database: str) -> str:
    base = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres"
    if not base.startswith(("postgres://", "postgresql://")):
        base = "postgres://postgres@127.0.0.1:5432/postgres"
    parts = urlsplit(base)
    return urlunsplit(("postgres", parts.netloc, f"/{database}", "", ""))


async def _fresh_postgres() -> str:
    """An empty database of our own, or skip when PostgreSQL is not there."""
    asyncpg = pytest.importorskip("asyncpg")
    admin_url = _postgres_url("postgres").replace("postgres://", "postgresql://", 1)
    try:
        conn = await asyncpg.connect(admin_url, timeout=5)
    except (OSError, asyncpg.PostgresError) as exc:
        pytest.skip(f"PostgreSQL is not reachable: {exc}")
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", PG_DATABASE)
        if not exists:
            await conn.execute(f'CREATE DATABASE "{PG_DATABASE}"')
    finally:
        await conn.close()
    url = _postgres_url(PG_DATABASE)
    conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        await conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    finally:
        await conn.close()
    return url


@asynccontextmanager
async def serving(tmp_path: Path, engine: str, workers: int = 1) -> AsyncIterator[servers.Server]:
    env = servers.base_env(
        VITRINE_DATA_DIR=str(tmp_path / "data"),
        VITRINE_RUN_WORKER="0",
        VITRINE_ADMIN_PASSWORD=ADMIN_PASSWORD,
    )
    if engine == "postgres":
        env["DATABASE_URL"] = await _fresh_postgres()
    created = await asyncio.to_thread(
        servers.cli, env, "create-admin", "admin@server.test", "--name", "Admin", timeout=120
    )
    assert created.returncode == 0, created.stdout + created.stderr
    # Its own process group: kill() reaches uvicorn's workers too.
    server = servers.Server(
        env, tmp_path / "server.log", args=("--workers", str(workers)), group=True
    )
    await asyncio.to_thread(server.start)
    try:
        yield server
    finally:
        server.stop()


async def _data(http: httpx.AsyncClient, query: str, variables: dict, token: str | None) -> dict:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await http.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert not body.get("errors"), body
    return body["data"]


async def _setup(http: httpx.AsyncClient, buyers: int) -> tuple[str, str, list[str], list[str]]:
    """The admin's token, the supplier, and for each buyer its token and company id."""
    admin = (await _data(http, LOGIN, {"e": "admin@server.test", "p": ADMIN_PASSWORD}, None))[
        "staffLogin"
    ]["session"]["token"]
    supplier = (await _data(http, SUPPLIER, {}, admin))["createSupplier"]["supplier"]["id"]
    rng = random.Random(11)
    tokens, companies = [], []
    for n in range(buyers):
        email = f"buyer{n}@server.test"
        registration = {
            "company": {
                "legalName": f"Comprador {n} Ltda",
                "taxIds": [{"kind": "CNPJ", "value": generate_cnpj(rng)}],
                "addresses": [
                    {
                        "street": "Rua A",
                        "city": "São Paulo",
                        "postalCode": "01310-100",
                        "country": "BR",
                    }
                ],
            },
            "contact": {"firstName": f"Buyer {n}", "email": email},
            "password": BUYER_PASSWORD,
        }
        made = (await _data(http, REGISTER, {"input": registration}, None))["register"]
        assert made["userErrors"] == [], made
        companies.append(made["company"]["id"])
        session = (await _data(http, CONTACT_LOGIN, {"e": email, "p": BUYER_PASSWORD}, None))[
            "contactLogin"
        ]["session"]
        tokens.append(session["token"])
    return admin, supplier, tokens, companies


async def _product(http: httpx.AsyncClient, admin: str, supplier: str, sku: str, stock: int) -> str:
    made = await _data(http, PRODUCT, {"sku": sku, "s": supplier, "stock": stock}, admin)
    assert made["createProduct"]["userErrors"] == []
    return made["createProduct"]["product"]["id"]


async def _all_orders(http: httpx.AsyncClient, admin: str) -> list[dict]:
    nodes, after = [], None
    while True:
        page = (await _data(http, ORDERS, {"after": after}, admin))["orders"]
        nodes += page["nodes"]
        if not page["pageInfo"]["hasNextPage"]:
            return nodes
        after = page["pageInfo"]["endCursor"]


ENGINES = ["sqlite", "postgres"]


@pytest.mark.parametrize("engine", ENGINES)
async def test_concurrent_checkouts_through_a_real_server(tmp_path, engine):
    workers = 2 if engine == "postgres" else 1
    async with (
        serving(tmp_path, engine, workers) as server,
        httpx.AsyncClient(base_url=server.base, timeout=60) as http,
    ):
        admin, supplier, (one, two), _ = await _setup(http, 2)
        last = await _product(http, admin, supplier, "LAST-1", 1)
        bulk = await _product(http, admin, supplier, "BULK", 1000)
        for token in (one, two):
            await _data(http, ADD, {"p": last, "q": 1}, token)
        race = await asyncio.gather(
            *(_data(http, PLACE, {"k": f"race-{t[-6:]}"}, t) for t in (one, two))
        )
        won = [r["placeOrder"] for r in race if r["placeOrder"]["order"]]
        lost = [r["placeOrder"] for r in race if not r["placeOrder"]["order"]]
        assert len(won) == 1 and len(lost) == 1, race
        assert lost[0]["userErrors"] == [{"code": "INSUFFICIENT_STOCK"}]
        stock = await _data(http, STOCK, {"sku": "LAST-1"}, admin)
        assert stock["product"]["stock"] == 0

        # The loser's cart still holds the sold-out unit: the burst comes from the winner, whose
        # cart the race emptied (either buyer may win).
        winner = one if race[0]["placeOrder"]["order"] else two
        await _data(http, ADD, {"p": bulk, "q": 3}, winner)
        burst = await asyncio.gather(
            *(_data(http, PLACE, {"k": "burst"}, winner) for _ in range(50))
        )
        payloads = [b["placeOrder"] for b in burst]
        assert all(p["userErrors"] == [] for p in payloads), payloads
        assert len({p["order"]["id"] for p in payloads}) == 1
        orders = await _all_orders(http, admin)
        assert sorted(o["number"] for o in orders) == ["VT-000001", "VT-000002"]
        stock = await _data(http, STOCK, {"sku": "BULK"}, admin)
        assert stock["product"]["stock"] == 997


async def test_kill_9_while_placing_orders_leaves_no_half_orders_gaps_or_drift(tmp_path):
    """The server is killed (SIGKILL) at random moments while a client places orders in a loop;
    the client retries each order with its key after a restart, as a real client would."""
    async with serving(tmp_path, "postgres", workers=1) as server:
        async with httpx.AsyncClient(base_url=server.base, timeout=60) as http:
            admin, supplier, _, (company,) = await _setup(http, 1)
            skus = {"K-1": 10_000, "K-2": 10_000, "K-3": 10_000}
            products = {
                sku: await _product(http, admin, supplier, sku, stock)
                for sku, stock in skus.items()
            }
        rng = random.Random(5)
        planned = []  # (key, lines)
        for n in range(60):
            lines = [
                {"productId": products[sku], "quantity": rng.randint(1, 5)} for sku in sorted(skus)
            ]
            planned.append((f"crash-{n}", lines))

        async def place(http: httpx.AsyncClient, key: str, lines: list[dict]) -> None:
            variables = {"c": company, "k": key, "lines": lines}
            result = (await _data(http, ON_BEHALF, variables, admin))["placeOrderOnBehalf"]
            assert result["userErrors"] == [], result

        async def kill_after(delay: float) -> None:
            await asyncio.sleep(delay)
            server.kill()

        kills = 0
        index = 0
        while index < len(planned):
            key, lines = planned[index]
            async with httpx.AsyncClient(base_url=server.base, timeout=30) as http:
                work = [place(http, key, lines)]
                if index % 12 == 5 and kills < 5:
                    # Killed while this request runs, or just after it: either way the
                    # client cannot know whether the order was made, and sends it again.
                    work.append(kill_after(rng.uniform(0.0, 0.06)))
                outcome = await asyncio.gather(*work, return_exceptions=True)
            failed = [r for r in outcome if isinstance(r, BaseException)]
            if server.process is not None and server.process.poll() is not None:
                kills += 1
                await asyncio.to_thread(server.start)
                continue  # the same key again
            if failed:
                raise failed[0]
            index += 1
        assert kills >= 3, kills
        print(f"server killed {kills} times while placing {len(planned)} orders")

        async with httpx.AsyncClient(base_url=server.base, timeout=60) as http:
            orders = await _all_orders(http, admin)
            assert len(orders) == len(planned)
            numbers = sorted(int(o["number"].removeprefix("VT-")) for o in orders)
            assert numbers == list(range(1, len(planned) + 1))
            assert all(len(o["lines"]) == 3 for o in orders)
            for sku, initial in skus.items():
                taken = sum(
                    line["quantity"] for o in orders for line in o["lines"] if line["sku"] == sku
                )
                stock = (await _data(http, STOCK, {"sku": sku}, admin))["product"]["stock"]
                assert stock == initial - taken, (sku, stock, initial, taken)
