"""Checkout benchmark: `placeOrder` with a 20-line cart over HTTP to `vitrine serve`, on SQLite and
PostgreSQL.

    make bench                                   # after the catalog benchmark; both engines
    .venv/bin/python -m bench.orders [--engine sqlite|postgres|all] [--lines 20] [--runs 50]
        [--clients 8] [--duration 10] [--postgres-url URL] [--output BENCHMARKS.md]

For each engine: a fresh database (var/bench/orders/orders.sqlite3; database
`vitrine_bench_orders` on the PostgreSQL server) with the real migrations, a storefront with a
commercial policy (minimum order value, payment terms, carriers), `--lines` products (half with
tracked stock) in a group price list with quantity tiers, and one company with a signed-in
purchasing contact per client. Each buyer fills its cart once (addToCart per product) and places
it; after that `reorder` refills the cart in one call before each timed `placeOrder`, so every
timed order checks, prices, takes stock for and writes `--lines` lines. Then, with the server
stopped, one `placeOrder` goes through the same app in this process while Tortoise's SQL log is
counted. The section "Placing an order" of BENCHMARKS.md is replaced (or added)."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx

from bench import catalog_http as api
from bench.catalog import counting_sql, percentile, postgres_problem
from bench.catalog_data import Engine, create_database, drop_database
from graphql_api import db
from graphql_api.app import create_app

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/vitrine_bench_orders"
PASSWORD = "bench-buyer-password-1"
SECTION = "## Placing an order"

ADD = """mutation($p: ID!, $q: Int!) { addToCart(input: {productId: $p, quantity: $q}) {
  userErrors { code message } } }"""
PLACE = """mutation($k: String!, $c: ID!) { placeOrder(input: {idempotencyKey: $k,
  paymentTerm: "30 dias", carrierId: $c}) {
  order { id number total { amount } lines { sku } } userErrors { code message } } }"""
REORDER = """mutation($o: ID!) { reorder(input: {orderId: $o}) {
  cart { lines { sku } } skipped { sku } userErrors { code message } } }"""


@dataclass
class Result:
    engine: str
    lines: int
    p50_ms: float
    p95_ms: float
    orders_per_s: float
    loaded_p50_ms: float
    placed_under_load: int
    sql: int


def engine_for(name: str, url: str, data_dir: Path) -> Engine:
    if name == "sqlite":
        return Engine("sqlite", f"sqlite://{data_dir / 'orders.sqlite3'}", data_dir)
    return Engine("postgres", url, data_dir)


# --- data -----------------------------------------------------------------------------------


@dataclass
class Shop:
    products: list[str]
    carrier: str
    buyers: list[str]  # emails


async def load(engine: Engine, lines: int, buyers: int) -> Shop:
    """A fresh database with the shop, made through the services."""
    import random

    from graphql_api.auth.passwords import hash_password
    from graphql_api.auth.principal import STAFF_KIND, Principal
    from graphql_api.demo.generators import generate_cnpj
    from graphql_api.global_ids import to_global_id
    from graphql_api.models import Contact
    from graphql_api.models.enums import AccessState, StaffRole
    from graphql_api.services import (
        catalog,
        companies,
        contacts,
        groups,
        policies,
        price_lists,
        staff,
    )
    from graphql_api.services.storefronts import ensure_default_storefront

    await drop_database(engine)
    await create_database(engine)
    settings = engine.settings()
    await db.migrate(settings)
    await db.init(settings)
    try:
        storefront = await ensure_default_storefront()
        admin = (await staff.create_staff("admin@bench.test", PASSWORD, StaffRole.ADMIN)).value
        principal = Principal(kind=STAFF_KIND, staff=admin)
        supplier = (await catalog.create_supplier(principal, storefront, {"name": "Acme"})).value
        carrier = (await catalog.create_carrier(principal, storefront, {"name": "Rápida"})).value
        products = []
        for n in range(lines):
            data = {
                "sku": f"B-{n:03d}",
                "name": f"Produto {n}",
                "base_price": "19.90",
                "supplier_id": supplier.id,
                "minimum_quantity": 1,
                "quantity_multiple": 1,
                "stock": 10**9 if n % 2 else None,
            }
            products.append((await catalog.create_product(principal, storefront, data)).value)
        group = (await groups.create_group(principal, storefront, {"name": "Atacado"})).value
        price_list = (
            await price_lists.create_price_list(
                principal, storefront, {"name": "Atacado", "currency": "BRL"}
            )
        ).value
        entries = [
            {
                "product_id": p.id,
                "price": "17.50",
                "tiers": [{"min_quantity": 10, "price": "16.00"}],
            }
            for p in products
        ]
        await price_lists.set_entries(principal, price_list, {"entries": entries})
        await price_lists.assign(principal, price_list, group)
        await policies.set_policy(
            principal,
            storefront,
            None,
            {
                "min_order_value": {"amount": "100", "currency": "BRL"},
                "payment_terms": ["À vista", "30 dias"],
                "carrier_ids": [carrier.id],
                "max_discount_percent": "10",
            },
        )
        password_hash = await hash_password(PASSWORD)
        rng = random.Random(3)
        emails = []
        for n in range(buyers):
            company = (
                await companies.create_company(
                    principal,
                    storefront,
                    {
                        "legal_name": f"Comprador {n} Ltda",
                        "group_id": group.id,
                        "discount_percent": "3",
                        "tax_ids": [{"kind": "CNPJ", "value": generate_cnpj(rng)}],
                        "addresses": [
                            {
                                "street": "Rua A",
                                "city": "São Paulo",
                                "postal_code": "01310-100",
                                "country": "BR",
                            }
                        ],
                    },
                )
            ).value
            email = f"buyer{n}@bench.test"
            contact = (
                await contacts.create_contact(
                    principal,
                    company,
                    {"first_name": "Buyer", "email": email, "roles": ["PURCHASING"]},
                )
            ).value
            await Contact.filter(id=contact.id).update(
                access_state=AccessState.ACTIVE, password_hash=password_hash
            )
            emails.append(email)
        return Shop(
            [to_global_id("Product", p.id) for p in products],
            to_global_id("Carrier", carrier.id),
            emails,
        )
    finally:
        await db.close()


# --- the HTTP part --------------------------------------------------------------------------


LOGIN = """mutation($email: String!, $password: String!) {
  contactLogin(input: {email: $email, password: $password}) { session { token } } }"""


async def _call(http: httpx.AsyncClient, token: str, query: str, variables: dict) -> dict:
    response = await http.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {token}"},
    )
    if response.status_code != 200:
        raise api.BenchError(f"HTTP {response.status_code}: {response.text[:300]}")
    body = response.json()
    if body.get("errors"):
        raise api.BenchError(f"GraphQL errors: {body['errors'][:2]}")
    payload = next(iter(body["data"].values()))
    if payload.get("userErrors"):
        raise api.BenchError(f"userErrors: {payload['userErrors']}")
    return payload


async def _login(http: httpx.AsyncClient, email: str) -> str:
    response = await http.post(
        "/graphql", json={"query": LOGIN, "variables": {"email": email, "password": PASSWORD}}
    )
    session = response.json()["data"]["contactLogin"]["session"]
    if not session:
        raise api.BenchError(f"{email} could not sign in")
    return str(session["token"])


class Buyer:
    """One signed-in buyer with a full cart to place, and an order to refill it from."""

    def __init__(self, http: httpx.AsyncClient, token: str, shop: Shop, name: str) -> None:
        self.http, self.token, self.shop, self.name = http, token, shop, name
        self.first_order: str | None = None
        self.count = 0

    async def fill(self) -> None:
        for n, product in enumerate(self.shop.products):
            # Some lines reach the quantity tier, some do not.
            await _call(self.http, self.token, ADD, {"p": product, "q": 12 if n % 3 else 4})

    async def refill(self) -> None:
        if self.first_order is None:
            await self.fill()
            return
        refilled = await _call(self.http, self.token, REORDER, {"o": self.first_order})
        if len(refilled["cart"]["lines"]) != len(self.shop.products):
            raise api.BenchError(f"reorder copied {refilled}")

    async def place(self) -> float:
        """Seconds for one placeOrder of a full cart."""
        self.count += 1
        key = f"{self.name}-{self.count}"
        started = time.perf_counter()
        placed = await _call(self.http, self.token, PLACE, {"k": key, "c": self.shop.carrier})
        seconds = time.perf_counter() - started
        if len(placed["order"]["lines"]) != len(self.shop.products):
            raise api.BenchError(f"an order with {len(placed['order']['lines'])} lines")
        self.first_order = self.first_order or placed["order"]["id"]
        return seconds


async def over_http(engine: Engine, shop: Shop, args: argparse.Namespace) -> dict[str, Any]:
    async with api.served(engine) as server, api.client(server.url, 32) as http:
        buyers = [
            Buyer(http, await _login(http, email), shop, f"b{n}")
            for n, email in enumerate(shop.buyers)
        ]
        solo = buyers[0]
        for _ in range(3):  # warm up
            await solo.refill()
            await solo.place()
        sequential = []
        for _ in range(args.runs):
            await solo.refill()
            sequential.append(await solo.place())
        print(f"  placeOrder p50 {percentile(sequential, 50):.1f} ms one at a time", flush=True)
        crowd = buyers[1 : 1 + args.clients]
        for buyer in crowd:  # each buyer's first order, to reorder from (untimed)
            await buyer.refill()
            await buyer.place()
        loaded: list[float] = []
        deadline = time.perf_counter() + args.duration

        async def client(buyer: Buyer) -> int:
            placed = 0
            while time.perf_counter() < deadline:
                await buyer.refill()
                loaded.append(await buyer.place())
                placed += 1
            return placed

        started = time.perf_counter()
        counts = await asyncio.gather(*(client(b) for b in crowd))
        elapsed = time.perf_counter() - started
        print(f"  {sum(counts) / elapsed:.1f} orders/s with {args.clients} clients", flush=True)
        return {
            "sequential": sequential,
            "loaded": loaded,
            "orders_per_s": sum(counts) / elapsed,
            "placed": sum(counts),
            "first_order": solo.first_order,
        }


async def sql_per_order(engine: Engine, shop: Shop, first_order: str) -> int:
    """Statements one placeOrder of a full cart sends, through the app in this process."""
    settings = engine.settings()
    await db.init(settings)
    try:
        app = create_app(settings, manage_database=False)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
            buyer = Buyer(http, await _login(http, shop.buyers[0]), shop, "sql")
            buyer.first_order = first_order
            await buyer.refill()
            await buyer.place()  # warm: first-use caches
            await buyer.refill()
            with counting_sql() as capture:
                await buyer.place()
        log = engine.data_dir / f"sql-orders-{engine.name}.log"
        log.write_text("\n\n".join(capture.statements) + "\n", encoding="utf-8")
        return len(capture.statements)
    finally:
        await db.close()


async def run_one(args: argparse.Namespace) -> int:
    data_dir = (ROOT / args.data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    if args.engine == "postgres" and (problem := await postgres_problem(args.postgres_url)):
        print(f"PostgreSQL {problem}", file=sys.stderr)
        return 1
    engine = engine_for(args.engine, args.postgres_url, data_dir)
    print(f"\n== placeOrder on {engine.name}", flush=True)
    shop = await load(engine, args.lines, args.clients + 1)
    try:
        figures = await over_http(engine, shop, args)
        sql = await sql_per_order(engine, shop, figures["first_order"])
    except api.BenchError as exc:
        print(f"{engine.name}: {exc}", file=sys.stderr)
        return 1
    result = Result(
        engine=engine.name,
        lines=args.lines,
        p50_ms=percentile(figures["sequential"], 50),
        p95_ms=percentile(figures["sequential"], 95),
        orders_per_s=figures["orders_per_s"],
        loaded_p50_ms=percentile(figures["loaded"], 50),
        placed_under_load=figures["placed"],
        sql=sql,
    )
    (data_dir / f"orders-{engine.name}.json").write_text(json.dumps(asdict(result)), "utf-8")
    return 0


# --- the report -----------------------------------------------------------------------------


def section(results: list[Result], args: argparse.Namespace, skipped: dict[str, str]) -> str:
    lines = [
        SECTION,
        "",
        f"Written by `bench/orders.py` (`make bench`) on "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, on the machine above.",
        "",
        f"A buyer's `placeOrder` of a {args.lines}-line cart over HTTP to `vitrine serve` (one "
        "uvicorn process, no notification worker): every line checked for visibility, quantity "
        "rules and stock, priced (group list, quantity tier, company discount under the "
        "policy's cap), half the products with tracked stock taken by a conditional UPDATE, "
        "the minimum order, payment term and carrier checked, the order number taken from the "
        "storefront's counter, the order, its lines, its history, the confirmation mails and "
        "the activity written in one transaction, the cart emptied.",
        "",
        f"| engine | p50 ms | p95 ms | orders/s ({args.clients} clients) | placeOrder p50 ms "
        "under load | SQL/order |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        lines.append(
            f"| {r.engine} | {r.p50_ms:.1f} | {r.p95_ms:.1f} | {r.orders_per_s:.1f} | "
            f"{r.loaded_p50_ms:.1f} | {r.sql} |"
        )
    for engine, problem in skipped.items():
        lines.append(f"\n- {engine}: not run ({problem}).")
    lines += [
        "",
        f"- **p50, p95**: {args.runs} orders one at a time, after 3 untimed ones; each is "
        "preceded (untimed) by `reorder` of the buyer's first order, which refills the cart "
        "in one call.",
        f"- **orders/s**: {args.clients} buyers, each refilling its cart and placing it again "
        f"for {args.duration:.0f} s; the rate counts the refills' time too, and *placeOrder p50 "
        "under load* is the latency of the placeOrder calls alone, queueing included. On "
        "SQLite the writes of all orders take turns (one writer at a time); on PostgreSQL "
        "orders of one storefront take turns only at its order counter.",
        "- **SQL/order**: statements one warm placeOrder sends, counted on Tortoise's "
        "`tortoise.db_client` log in the benchmark's process; they are in "
        "`var/bench/orders/sql-orders-ENGINE.log`.",
        "",
    ]
    return "\n".join(lines)


def write(output: Path, text: str, title: str = SECTION) -> None:
    """Replace the section `title` in the report (written first by bench/catalog.py), or add
    it."""
    current = output.read_text(encoding="utf-8") if output.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"^{re.escape(title)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(current):
        current = pattern.sub(lambda _: text, current)
    else:
        current = current.rstrip("\n") + "\n\n" + text
    output.write_text(current.rstrip("\n") + "\n", encoding="utf-8")


def run_all(args: argparse.Namespace, argv: list[str]) -> int:
    """Each engine in a child process (Tortoise keeps SQL caches across re-initialisation)."""
    data_dir = (ROOT / args.data_dir).resolve()
    engines = ["sqlite", "postgres"] if args.engine == "all" else [args.engine]
    results, skipped = [], {}
    for name in engines:
        if name == "postgres" and (problem := asyncio.run(postgres_problem(args.postgres_url))):
            print(f"PostgreSQL {problem}: skipped", file=sys.stderr)
            skipped[name] = problem
            continue
        path = data_dir / f"orders-{name}.json"
        path.unlink(missing_ok=True)
        child = [sys.executable, "-m", "bench.orders", *argv, "--engine", name, "--child"]
        if subprocess.run(child, cwd=ROOT).returncode != 0:
            return 1
        results.append(Result(**json.loads(path.read_text(encoding="utf-8"))))
    for r in results:
        print(
            f"{r.engine}: p50 {r.p50_ms:.1f} ms, {r.orders_per_s:.1f} orders/s, {r.sql} SQL/order"
        )
    if args.output:
        write(ROOT / args.output, section(results, args, skipped))
        print(f"Updated {args.output}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=("sqlite", "postgres", "all"), default="all")
    parser.add_argument("--lines", type=int, default=20, help="lines of the cart")
    parser.add_argument("--runs", type=int, default=50, help="sequential orders")
    parser.add_argument("--clients", type=int, default=8, help="concurrent buyers")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds under load")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_ORDERS_DATABASE_URL") or DEFAULT_POSTGRES,
        help="the benchmark's own PostgreSQL database (dropped and created each run)",
    )
    parser.add_argument("--data-dir", default="var/bench/orders")
    parser.add_argument("--output", default="BENCHMARKS.md", help="report file ('' for none)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    argv = sys.argv[1:]
    args = parser.parse_args(argv)
    if args.child:
        return asyncio.run(run_one(args))
    return run_all(args, [a for a in argv if a != "--child"])


if __name__ == "__main__":
    sys.exit(main())
