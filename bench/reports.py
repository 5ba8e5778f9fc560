"""Reports benchmark: purchaseReport, mostBoughtProducts, orderSummary and salesReport over
100,000 order lines of 1,000 companies, on SQLite and PostgreSQL.

    make bench                                   # after the other benchmarks; both engines
    .venv/bin/python -m bench.reports [--engine sqlite|postgres|all] [--companies 1000]
        [--lines 100000] [--runs 30] [--reuse] [--postgres-url URL] [--output BENCHMARKS.md]

For each engine: a fresh database (var/bench/reports/reports.sqlite3; database
`vitrine_bench_reports` on the PostgreSQL server) with the real migrations, then bulk inserts:
20 suppliers, 500 products, 5 customer groups, 4 sales reps, `--companies` companies and
orders of 10 lines each (`--lines` in all) spread over 2025 and 2026, a tenth in USD, one in
twenty cancelled. Each report is then asked through the app in this process (GraphQL over
httpx's ASGI transport, so parsing, validation and serialisation count) by an admin: for one
company's year (companyId given: the SQL a buyer's own report runs) and over all companies.
On PostgreSQL the plans of the company-year and all-companies purchase reports are written to
var/bench/reports/explain-*.txt. The section "Reports" of BENCHMARKS.md is replaced (or
added)."""

from __future__ import annotations

import argparse
import asyncio
import datetime
import json
import os
import random
import re
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx

from bench.catalog import percentile, postgres_problem
from bench.catalog_data import Engine, create_database, drop_database
from graphql_api import db
from graphql_api.app import create_app

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/vitrine_bench_reports"
PASSWORD = "bench-admin-password-1"
SECTION = "## Reports"
LINES_PER_ORDER = 10
YEAR = {"from": "2026-01-01", "to": "2026-12-31"}

BASELINE = "{ __typename }"
LOGIN = """mutation($email: String!, $password: String!) {
  staffLogin(input: {email: $email, password: $password}) { session { token } } }"""
REPORTS: dict[str, tuple[str, dict[str, Any]]] = {
    "purchaseReport (MONTH)": (
        """query($c: ID, $from: Date!, $to: Date!) { purchaseReport(companyId: $c, from: $from,
          to: $to, groupBy: MONTH) { totals { amount currency }
          rows { periodLabel supplierName spend { amount currency } quantity orderCount } } }""",
        YEAR,
    ),
    "mostBoughtProducts (10)": (
        """query($c: ID, $from: Date!, $to: Date!) { mostBoughtProducts(companyId: $c,
          from: $from, to: $to, first: 10) { sku name quantity orderCount lastOrderedAt
          spend { amount currency } } }""",
        YEAR,
    ),
    "orderSummary": (
        """query($c: ID, $from: Date, $to: Date) { orderSummary(companyId: $c, from: $from,
          to: $to) { orderCount totals { amount } statuses { status orderCount
          totals { amount currency } } } }""",
        YEAR,
    ),
    "salesReport (SUPPLIER)": (
        """query($from: Date!, $to: Date!) { salesReport(from: $from, to: $to,
          groupBy: SUPPLIER) { totals { amount } rows { name spend { amount currency }
          quantity orderCount companyCount } } }""",
        YEAR,
    ),
}


@dataclass
class Result:
    engine: str
    companies: int
    lines: int
    load_s: float
    company_p50_ms: dict[str, float]
    all_p50_ms: dict[str, float]
    load_average: float  # the machine's 1-minute load average after timing


def engine_for(name: str, url: str, data_dir: Path) -> Engine:
    if name == "sqlite":
        return Engine("sqlite", f"sqlite://{data_dir / 'reports.sqlite3'}", data_dir)
    return Engine("postgres", url, data_dir)


# --- data -----------------------------------------------------------------------------------


async def load(engine: Engine, companies: int, lines: int) -> tuple[int, float]:
    """A fresh database filled with bulk inserts; the id of a company with orders, seconds."""
    from graphql_api.models import (
        Company,
        CustomerGroup,
        Order,
        OrderLine,
        Product,
        StaffUser,
        Supplier,
    )
    from graphql_api.models.enums import StaffRole
    from graphql_api.models.orders import OrderSource, OrderStatus
    from graphql_api.services import staff
    from graphql_api.services.storefronts import ensure_default_storefront

    await drop_database(engine)
    await create_database(engine)
    settings = engine.settings()
    await db.migrate(settings)
    await db.init(settings)
    started = time.perf_counter()
    try:
        storefront = await ensure_default_storefront()
        sid = storefront.id
        await staff.create_staff("admin@bench.test", PASSWORD, StaffRole.ADMIN, "Admin")
        await StaffUser.bulk_create(
            [
                StaffUser(
                    email=f"rep{n}@bench.test",
                    name=f"Rep {n}",
                    role=StaffRole.SALES_REP,
                    password_hash="!",  # never signs in
                )
                for n in range(4)
            ]
        )
        reps = [s.id for s in await StaffUser.filter(role=StaffRole.SALES_REP)]
        await CustomerGroup.bulk_create(
            [CustomerGroup(storefront_id=sid, name=f"Grupo {n}") for n in range(5)]
        )
        groups = [g.id for g in await CustomerGroup.all()]
        await Supplier.bulk_create(
            [Supplier(storefront_id=sid, name=f"Fornecedor {n:02d}") for n in range(20)]
        )
        suppliers = {s.id: s.name for s in await Supplier.all()}
        supplier_ids = list(suppliers)
        await Product.bulk_create(
            [
                Product(
                    storefront_id=sid,
                    sku=f"R-{n:04d}",
                    name=f"Produto {n}",
                    base_price=Decimal(5 + n % 50),
                    supplier_id=supplier_ids[n % len(supplier_ids)],
                )
                for n in range(500)
            ],
            batch_size=500,
        )
        products = list(await Product.all().values("id", "sku", "name", "supplier_id"))
        await Company.bulk_create(
            [
                Company(
                    storefront_id=sid,
                    legal_name=f"Empresa {n:04d} Ltda",
                    sales_rep_id=reps[n % len(reps)],
                    group_id=groups[n % len(groups)],
                )
                for n in range(companies)
            ],
            batch_size=1000,
        )
        company_ids = [c.id for c in await Company.all().order_by("id")]
        rng = random.Random(11)
        start = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
        span = 2 * 365 * 24 * 3600
        order_rows, line_specs = [], []
        count = lines // LINES_PER_ORDER
        for n in range(count):
            currency = "USD" if n % 10 == 9 else "BRL"
            status = OrderStatus.CANCELLED if n % 20 == 7 else OrderStatus.CONFIRMED
            picked = rng.sample(products, LINES_PER_ORDER)
            specs = [(p, rng.randint(1, 20), Decimal(rng.randint(100, 9999)) / 100) for p in picked]
            total = sum((q * price for _, q, price in specs), Decimal(0))
            order_rows.append(
                Order(
                    storefront_id=sid,
                    number=f"B-{n + 1:07d}",
                    sequence=n + 1,
                    company_id=company_ids[n % len(company_ids)],
                    company_name="",
                    source=OrderSource.API,
                    status=status,
                    currency=currency,
                    subtotal=total,
                    discount_total=0,
                    total=total,
                    created_at=start + datetime.timedelta(seconds=rng.randrange(span)),
                )
            )
            line_specs.append((currency, specs))
        await Order.bulk_create(order_rows, batch_size=2000)
        order_ids = [o for o in await Order.all().order_by("sequence").values_list("id", flat=True)]
        batch: list[Any] = []
        for order_id, (currency, specs) in zip(order_ids, line_specs, strict=True):
            for position, (p, quantity, price) in enumerate(specs):
                batch.append(
                    OrderLine(
                        order_id=order_id,
                        position=position,
                        product_id=p["id"],
                        supplier_id=p["supplier_id"],
                        supplier_name=suppliers[p["supplier_id"]],
                        sku=p["sku"],
                        name=p["name"],
                        quantity=quantity,
                        currency=currency,
                        unit_price=price,
                        base_price=price,
                        discount_percent=0,
                        line_total=price * quantity,
                    )
                )
            if len(batch) >= 10000:
                await OrderLine.bulk_create(batch, batch_size=2000)
                batch = []
        if batch:
            await OrderLine.bulk_create(batch, batch_size=2000)
        seconds = time.perf_counter() - started
        if engine.name == "postgres":
            from tortoise import connections

            await connections.get("default").execute_script("VACUUM ANALYZE")
        else:
            from tortoise import connections

            await connections.get("default").execute_script("ANALYZE")
        return company_ids[0], seconds
    finally:
        await db.close()


# --- timing ---------------------------------------------------------------------------------


async def _call(http: httpx.AsyncClient, token: str, query: str, variables: dict) -> dict:
    response = await http.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {token}"},
    )
    body = response.json()
    if response.status_code != 200 or body.get("errors"):
        raise RuntimeError(f"{response.status_code}: {body}")
    return body["data"]


async def timings(engine: Engine, company_id: int, runs: int) -> tuple[dict, dict]:
    from graphql_api.global_ids import to_global_id

    settings = engine.settings()
    await db.init(settings)
    try:
        app = create_app(settings, manage_database=False)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
            login = {"email": "admin@bench.test", "password": PASSWORD}
            token = (await _call(http, "", LOGIN, login))["staffLogin"]["session"]["token"]
            company = to_global_id("Company", company_id)
            one, every = {}, {}
            for label, (query, variables) in REPORTS.items():
                for target, scope in ((one, {"c": company}), (every, {})):
                    if label.startswith("salesReport") and target is one:
                        continue  # staff only, over all of the caller's companies
                    asked = {**variables, **scope}
                    seconds = await _repeat(runs, lambda q=query, a=asked: _call(http, token, q, a))
                    target[label] = round(percentile(seconds, 50), 1)
            one["baseline: { __typename }"] = every["baseline: { __typename }"] = round(
                percentile(await _repeat(runs, lambda: _call(http, token, BASELINE, {})), 50), 1
            )
            for label, seconds in (await service_times(company_id, runs)).items():
                target = one if label.startswith("one:") else every
                target[f"service {label.split(':', 1)[1]}"] = round(percentile(seconds, 50), 1)
            if engine.name == "postgres":
                await explain(engine, company_id)
        return one, every
    finally:
        await db.close()


async def _repeat(runs: int, call: Any) -> list[float]:
    """Seconds of each of `runs` calls, after 3 untimed ones (first-use caches, plan caches)."""
    for _ in range(3):
        await call()
    seconds = []
    for _ in range(runs):
        began = time.perf_counter()
        await call()
        seconds.append(time.perf_counter() - began)
    return seconds


async def service_times(company_id: int, runs: int) -> dict[str, list[float]]:
    """The services alone (SQL and the rows made into Money), without HTTP and GraphQL."""
    from graphql_api.models import Storefront
    from graphql_api.services import reports

    storefront = await Storefront.first()
    assert storefront is not None
    when = reports.required_range(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    MONTH = reports.Period.MONTH  # noqa: N806  (a constant, local as the import is)
    out = {}
    for prefix, scope in (
        ("one", reports.Scope(storefront.id, company_id, None, "BRL")),
        ("all", reports.Scope(storefront.id, None, None, "BRL")),
    ):
        calls = {
            "purchase_report": lambda s=scope: reports.purchase_report(s, when, MONTH),
            "most_bought_products": lambda s=scope: reports.most_bought_products(s, when, 10),
            "order_summary": lambda s=scope: reports.order_summary(s, when),
        }
        if prefix == "all":
            calls["sales_report"] = lambda s=scope: reports.sales_report(
                s, when, reports.SalesDimension.SUPPLIER
            )
        for name, call in calls.items():
            out[f"{prefix}:{name}"] = await _repeat(runs, call)
    return out


async def explain(engine: Engine, company_id: int) -> None:
    """EXPLAIN ANALYZE of the purchase report's statement, for one company's year and for all."""
    from tortoise import connections

    from graphql_api.models import Storefront
    from graphql_api.services import reports

    storefront = await Storefront.first()
    assert storefront is not None
    when = reports.required_range(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    conn = connections.get("default")
    original = conn.execute_query_dict
    captured: list[tuple[str, list]] = []

    async def capture(query: str, values: list | None = None) -> list[dict]:
        captured.append((query, list(values or [])))
        return await original(query, values)

    for name, scope in (
        ("company", reports.Scope(storefront.id, company_id, None, "BRL")),
        ("all", reports.Scope(storefront.id, None, None, "BRL")),
    ):
        captured.clear()
        conn.execute_query_dict = capture  # type: ignore[method-assign]  # capture the SQL once
        try:
            await reports.purchase_report(scope, when, reports.Period.MONTH)
        finally:
            conn.execute_query_dict = original  # type: ignore[method-assign]  # put it back
        query, values = captured[0]
        _, plan = await conn.execute_query(f"EXPLAIN (ANALYZE, BUFFERS) {query}", values)
        text = "\n".join(row["QUERY PLAN"] for row in plan)
        (engine.data_dir / f"explain-{name}.txt").write_text(
            f"{query.strip()}\n\n{text}\n", "utf-8"
        )


async def already_loaded(engine: Engine, args: argparse.Namespace) -> tuple[int, float] | None:
    """The first company and the recorded load time of a database loaded with these sizes."""
    record = engine.data_dir / f"load-{engine.name}.json"
    if not record.exists():
        return None
    saved = json.loads(record.read_text("utf-8"))
    if (saved["companies"], saved["lines"]) != (args.companies, args.lines):
        return None
    return saved["company_id"], saved["load_s"]


async def run_one(args: argparse.Namespace) -> int:
    data_dir = (ROOT / args.data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    engine = engine_for(args.engine, args.postgres_url, data_dir)
    print(f"\n== reports on {engine.name}: loading", flush=True)
    loaded = await already_loaded(engine, args) if args.reuse else None
    company_id, load_s = loaded or await load(engine, args.companies, args.lines)
    print(f"loaded in {load_s:.1f} s; timing", flush=True)
    one, every = await timings(engine, company_id, args.runs)
    record = {"companies": args.companies, "lines": args.lines, "company_id": company_id}
    record["load_s"] = load_s
    (data_dir / f"load-{engine.name}.json").write_text(json.dumps(record), "utf-8")
    busy = round(os.getloadavg()[0], 1)
    result = Result(engine.name, args.companies, args.lines, round(load_s, 1), one, every, busy)
    (data_dir / f"reports-{engine.name}.json").write_text(json.dumps(asdict(result)), "utf-8")
    return 0


# --- the report -----------------------------------------------------------------------------


def section(results: list[Result], args: argparse.Namespace, skipped: dict[str, str]) -> str:
    lines = [
        SECTION,
        "",
        f"Written by `bench/reports.py` (`make bench`) on "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, on the machine above.",
        "",
        f"{args.lines:,} order lines ({args.lines // LINES_PER_ORDER:,} orders of "
        f"{LINES_PER_ORDER} lines) of {args.companies:,} companies over 2025-2026, loaded with "
        "bulk inserts; a tenth of the orders in USD, one in twenty cancelled. p50 of "
        f"{args.runs} GraphQL requests through the app in-process (after 3 untimed), asked by "
        "an admin for 2026: *one company* names it (the SQL a buyer's own report runs), *all "
        "companies* is the whole storefront.",
        "",
        "| report | " + " | ".join(f"{r.engine} one company ms" for r in results) + " | "
        + " | ".join(f"{r.engine} all companies ms" for r in results) + " |",
        "| --- |" + " ---: |" * (2 * len(results)),
    ]  # fmt: skip
    labels = list(dict.fromkeys(k for r in results for k in [*r.all_p50_ms, *r.company_p50_ms]))
    for label in labels:
        ones = [_ms(r.company_p50_ms.get(label)) for r in results]
        alls = [_ms(r.all_p50_ms.get(label)) for r in results]
        lines.append(f"| {label} | " + " | ".join(ones + alls) + " |")
    lines += [
        "",
        "- *baseline*: `{ __typename }` with the same token, so the table shows what any "
        "request costs here (identity, cost check, the app) apart from the report.",
        "- *service*: the services/reports.py function alone (its SQL and the rows made into "
        "Money), no HTTP or GraphQL.",
        "- One company's year is two index range scans (orders by company and date, then their "
        "lines by order); all companies is a hash join of the year's lines and a sort for the "
        "GROUP BY, which grows with the lines.",
    ]
    for r in results:
        lines.append(
            f"- {r.engine}: loaded in {r.load_s:.1f} s; load average {r.load_average} on the "
            "machine when timed (other jobs shared it)."
        )
    for engine, problem in skipped.items():
        lines.append(f"- {engine}: not run ({problem}).")
    lines += [
        "- PostgreSQL plans of the purchase report: `var/bench/reports/explain-company.txt` "
        "and `explain-all.txt`.",
        "",
    ]
    return "\n".join(lines)


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def write(output: Path, text: str) -> None:
    """Replace the section in the report, or add it."""
    current = output.read_text(encoding="utf-8") if output.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
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
        path = data_dir / f"reports-{name}.json"
        path.unlink(missing_ok=True)
        child = [sys.executable, "-m", "bench.reports", *argv, "--engine", name, "--child"]
        if subprocess.run(child, cwd=ROOT).returncode != 0:
            return 1
        results.append(Result(**json.loads(path.read_text(encoding="utf-8"))))
    for r in results:
        print(f"{r.engine}: one company {r.company_p50_ms}; all {r.all_p50_ms}")
    if args.output:
        write(ROOT / args.output, section(results, args, skipped))
        print(f"Updated {args.output}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=("sqlite", "postgres", "all"), default="all")
    parser.add_argument("--companies", type=int, default=1000)
    parser.add_argument("--lines", type=int, default=100_000, help="order lines in all")
    parser.add_argument("--runs", type=int, default=30, help="timed requests per report")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_REPORTS_DATABASE_URL") or DEFAULT_POSTGRES,
        help="the benchmark's own PostgreSQL database (dropped and created each run)",
    )
    parser.add_argument("--data-dir", default="var/bench/reports")
    parser.add_argument("--output", default="BENCHMARKS.md", help="report file ('' for none)")
    parser.add_argument(
        "--reuse", action="store_true", help="keep a database this benchmark loaded before"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    argv = sys.argv[1:]
    args = parser.parse_args(argv)
    if args.child:
        return asyncio.run(run_one(args))
    return run_all(args, [a for a in argv if a != "--child"])


if __name__ == "__main__":
    sys.exit(main())
