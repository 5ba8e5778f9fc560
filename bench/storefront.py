"""Storefront page benchmark: the catalog page (24 products) of each built-in theme for a
signed-in buyer, over HTTP to `vitrine serve`, on SQLite and PostgreSQL.

    make bench                                   # after the catalog benchmark; both engines
    .venv/bin/python -m bench.storefront [--engine sqlite|postgres|all] [--runs 200]
        [--clients 8] [--duration 10] [--postgres-url URL] [--data-dir var/bench]
        [--output BENCHMARKS.md]

It reuses the catalog benchmark's data set (bench/catalog_data.py: 50,000 products, the buyer
with its company's price lists), loading it first when it is not there. For each theme the
storefront is switched to it (its `theme` column, read on every request), the buyer signs in
with the sign-in form (a cookie session, as a browser), and `GET /` is timed: one request at a
time (p50, p95), then `--clients` at once (pages/s). Then, in this process, one warm page and
the same documents sent to /graphql one by one (the theme's `layout` and `catalog` queries with
the page's variables, as the same buyer) are counted on Tortoise's SQL log: a page must not run
more statements than its documents do (the run fails if it does). The section "Storefront
pages" of BENCHMARKS.md is replaced (or added)."""

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

import httpx

from bench import catalog_http as api
from bench.catalog import DEFAULT_POSTGRES, counting_sql, percentile, postgres_problem
from bench.catalog_data import (
    BUYER_EMAIL,
    BUYER_PASSWORD,
    Engine,
    Loaded,
    Sizes,
    ensure_loaded,
    postgres_engine,
    sqlite_engine,
)
from bench.orders import write
from graphql_api import db
from graphql_api.app import create_app
from graphql_api.models import Storefront
from graphql_api.services.themes import BUILT_IN_DIR
from graphql_api.web.storefront.theme import Theme, load_theme

ROOT = Path(__file__).resolve().parent.parent
SECTION = "## Storefront pages"
THEMES = ("orderpad", "showcase")
PAGE = "/"
# Only a signed-in buyer's page has the sign-out form: the timing is of the buyer's page.
SIGNED_IN_MARK = 'action="/sign-out"'


@dataclass
class ThemeResult:
    theme: str
    products: int
    p50_ms: float
    p95_ms: float
    documents_p50_ms: float
    pages_per_s: float
    loaded_p50_ms: float
    page_sql: int
    documents_sql: int
    documents: str
    # The machine's 1-minute load average when the theme's timing ended (other processes).
    load: float


# --- one theme ------------------------------------------------------------------------------


def _products_on(page: str) -> int:
    """The products on the page: each has an add-to-cart form naming it."""
    return len(set(re.findall(r'name="productId" value="([^"]+)"', page)))


def checked(response: httpx.Response, theme: str) -> str:
    if response.status_code != 200:
        raise api.BenchError(f"{theme}: HTTP {response.status_code}: {response.text[:300]}")
    if SIGNED_IN_MARK not in response.text:
        raise api.BenchError(f"{theme}: the page is not the signed-in buyer's")
    return response.text


async def sign_in(http: httpx.AsyncClient) -> None:
    """The buyer signs in with the storefront's form, and the client keeps its cookies."""
    response = await http.post(
        "/sign-in", data={"email": BUYER_EMAIL, "password": BUYER_PASSWORD, "next": PAGE}
    )
    if response.status_code != 303:
        raise api.BenchError(f"the buyer could not sign in: HTTP {response.status_code}")


async def switch(storefront_id: int, theme: str) -> None:
    # The engine reads the storefront (and so its theme) on every request.
    await Storefront.filter(id=storefront_id).update(theme=theme)


def documents_of(theme: Theme) -> list[tuple[str, str, dict[str, object]]]:
    """The home page's documents as the engine runs them: layout ones first, with the page's
    constant variables (`first: 24`)."""
    page = theme.manifest.pages["home"]
    names = (*theme.manifest.layout, *page.documents)
    return [
        (
            name,
            theme.documents[name].source,
            {
                k: v
                for k, v in page.variables.items()
                if k in {var.name for var in theme.documents[name].variables}
            },
        )
        for name in names
    ]


async def documents_timed(server: str, theme: Theme, runs: int, warmup: int) -> list[float]:
    """The same documents posted to /graphql one after the other, as a client rendering the
    page itself would: seconds per set, under the same conditions as the page."""
    documents = documents_of(theme)
    async with api.client(server) as http:
        token = await api.login(http)
        seconds = []
        for run in range(warmup + runs):
            started = time.perf_counter()
            for name, source, variables in documents:
                await _document(http, token, theme.name, name, source, variables)
            if run >= warmup:
                seconds.append(time.perf_counter() - started)
    return seconds


async def timed(
    server: str, theme: str, runs: int, warmup: int, clients: int, duration: float
) -> tuple[list[float], float, list[float], int]:
    """Sequential latencies, pages/s under `clients` at once and their latencies, and the
    products on the page."""
    async with api.client(server, clients) as http:
        await sign_in(http)
        page = ""
        for _ in range(warmup):
            page = checked(await http.get(PAGE), theme)
        sequential = []
        for _ in range(runs):
            started = time.perf_counter()
            checked(await http.get(PAGE), theme)
            sequential.append(time.perf_counter() - started)
        loaded: list[float] = []
        deadline = time.perf_counter() + duration

        async def one_client() -> None:
            while time.perf_counter() < deadline:
                began = time.perf_counter()
                checked(await http.get(PAGE), theme)
                loaded.append(time.perf_counter() - began)

        began = time.perf_counter()
        await asyncio.gather(*(one_client() for _ in range(clients)))
        rate = len(loaded) / (time.perf_counter() - began)
    return sequential, rate, loaded, _products_on(page)


async def _document(
    http: httpx.AsyncClient,
    token: str,
    theme: str,
    name: str,
    source: str,
    variables: dict[str, object],
) -> None:
    response = await http.post(
        "/graphql",
        json={"query": source, "variables": variables},
        headers={"Authorization": f"Bearer {token}"},
    )
    body = response.json()
    if response.status_code != 200 or body.get("errors"):
        raise api.BenchError(f"{theme}: {name}.graphql: {body}")


async def sql_counts(engine: Engine, theme: Theme, data_dir: Path) -> tuple[int, int]:
    """Statements of one warm page, and of its documents sent to /graphql one by one, through
    the same app in this process (Tortoise's log is this process's)."""
    app = create_app(engine.settings(), manage_database=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
        # The token first: once the client holds the session cookie, /graphql would ask it
        # for the CSRF token (a bearer token wins over the cookie afterwards).
        token = await api.login(http)
        await sign_in(http)
        checked(await http.get(PAGE), theme.name)
        with counting_sql() as page_capture:
            checked(await http.get(PAGE), theme.name)
        statements: list[str] = []
        for name, source, variables in documents_of(theme):
            await _document(http, token, theme.name, name, source, variables)
            with counting_sql() as capture:
                await _document(http, token, theme.name, name, source, variables)
            statements += capture.statements
    log = data_dir / f"sql-storefront-{engine.name}-{theme.name}.log"
    log.write_text(
        "-- the page\n\n"
        + "\n\n".join(page_capture.statements)
        + "\n\n-- its documents through /graphql\n\n"
        + "\n\n".join(statements)
        + "\n",
        encoding="utf-8",
    )
    return len(page_capture.statements), len(statements)


# --- one engine -----------------------------------------------------------------------------


async def run_one(args: argparse.Namespace) -> int:
    data_dir = (ROOT / args.data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    if args.engine == "postgres":
        if problem := await postgres_problem(args.postgres_url):
            print(f"PostgreSQL {problem}", file=sys.stderr)
            return 1
        engine = postgres_engine(args.postgres_url, data_dir)
    else:
        engine = sqlite_engine(data_dir)
    print(f"\n== storefront pages on {engine.name}", flush=True)
    loaded: Loaded = await ensure_loaded(
        engine, Sizes(products=args.products, companies=args.companies), reload=False
    )
    themes = {name: load_theme(BUILT_IN_DIR / name) for name in THEMES}
    results: list[ThemeResult] = []
    await db.init(engine.settings())
    try:
        before = (await Storefront.get(id=loaded.storefront_id)).theme
        try:
            async with api.served(engine) as server:
                for name, theme in themes.items():
                    await switch(loaded.storefront_id, name)
                    sequential, rate, under_load, products = await timed(
                        server.url, name, args.runs, args.warmup, args.clients, args.duration
                    )
                    documents = await documents_timed(server.url, theme, args.runs, args.warmup)
                    page_sql, documents_sql = await sql_counts(engine, theme, data_dir)
                    result = ThemeResult(
                        theme=name,
                        products=products,
                        p50_ms=percentile(sequential, 50),
                        p95_ms=percentile(sequential, 95),
                        documents_p50_ms=percentile(documents, 50),
                        pages_per_s=rate,
                        loaded_p50_ms=percentile(under_load, 50),
                        page_sql=page_sql,
                        documents_sql=documents_sql,
                        documents=" + ".join(n for n, _, _ in documents_of(theme)),
                        load=os.getloadavg()[0],
                    )
                    print(
                        f"{name}: p50 {result.p50_ms:.1f} ms, {rate:.1f} pages/s, "
                        f"SQL page {page_sql} / documents {documents_sql}",
                        flush=True,
                    )
                    results.append(result)
        finally:
            await switch(loaded.storefront_id, before)
    except api.BenchError as exc:
        print(f"{engine.name}: {exc}", file=sys.stderr)
        return 1
    finally:
        await db.close()
    path = data_dir / f"storefront-{engine.name}.json"
    path.write_text(json.dumps([asdict(r) for r in results]), encoding="utf-8")
    worse = [r.theme for r in results if r.page_sql > r.documents_sql]
    if worse:
        print(f"{engine.name}: the page runs more SQL than its documents: {worse}", file=sys.stderr)
        return 1
    return 0


# --- the report -----------------------------------------------------------------------------


def section(
    results: dict[str, list[ThemeResult]], args: argparse.Namespace, skipped: dict[str, str]
) -> str:
    lines = [
        SECTION,
        "",
        f"Written by `bench/storefront.py` (`make bench`) on "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, on the machine above, on the "
        f"catalog benchmark's data set with {args.products:,} products and "
        f"{args.companies:,} companies (bench/catalog_data.py).",
        "",
        "The catalog page (`GET /`) of each built-in theme, at the theme's own page size "
        "(showcase 24 products, the order pad 50: its manifest's `first`), for the signed-in buyer "
        "(a cookie session from the sign-in form) over HTTP to `vitrine serve` (one uvicorn "
        "process): identify the session, run the theme's `layout` and `catalog` documents "
        "in-process against the schema with the buyer's prices, render the Jinja template.",
        "",
        f"| engine | theme | products | p50 ms | p95 ms | its documents via /graphql: p50 ms | "
        f"pages/s ({args.clients} clients) | p50 ms under load | SQL: page | "
        "SQL: its documents via /graphql |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for engine, rows in results.items():
        for r in rows:
            lines.append(
                f"| {engine} | {r.theme} | {r.products} | {r.p50_ms:.1f} | {r.p95_ms:.1f} | "
                f"{r.documents_p50_ms:.1f} | {r.pages_per_s:.1f} | {r.loaded_p50_ms:.1f} | "
                f"{r.page_sql} | {r.documents_sql} |"
            )
    for engine, problem in skipped.items():
        lines.append(f"\n- {engine}: not run ({problem}).")
    loads = [r.load for rows in results.values() for r in rows]
    lines += [
        "",
        f"- **load**: the machine's 1-minute load average was {min(loads):.1f} to "
        f"{max(loads):.1f} during the run (other processes included); on a busy machine "
        "every figure here is slower by about that factor over the cores.",
        f"- **p50, p95**: {args.runs} pages one at a time after {args.warmup} untimed ones. "
        "*Its documents via /graphql* is the same data without the page: the page's "
        "documents posted one after the other by the same buyer (bearer token), timed the "
        "same way; the difference is the template, the session cookie and the HTML.",
        f"- **pages/s**: {args.clients} requests always in flight for {args.duration:.0f} s.",
        "- **SQL**: statements of one warm page, and of the same documents (`layout` + "
        "`catalog`, with the page's `first`) posted to /graphql one by one by the same buyer "
        "with a bearer token, counted on Tortoise's `tortoise.db_client` log in the benchmark's "
        "process; they are in `var/bench/sql-storefront-ENGINE-THEME.log`. The page runs "
        "both documents in one request, so it identifies the buyer once where /graphql does "
        "it per document: a page must not run more (the benchmark fails if it does).",
        "",
    ]
    return "\n".join(lines)


def run_all(args: argparse.Namespace, argv: list[str]) -> int:
    """Each engine in a child process (Tortoise keeps SQL caches across re-initialisation)."""
    data_dir = (ROOT / args.data_dir).resolve()
    engines = ["sqlite", "postgres"] if args.engine == "all" else [args.engine]
    results: dict[str, list[ThemeResult]] = {}
    skipped: dict[str, str] = {}
    for name in engines:
        if name == "postgres" and (problem := asyncio.run(postgres_problem(args.postgres_url))):
            print(f"PostgreSQL {problem}: skipped", file=sys.stderr)
            skipped[name] = problem
            continue
        path = data_dir / f"storefront-{name}.json"
        path.unlink(missing_ok=True)
        child = [sys.executable, "-m", "bench.storefront", *argv, "--engine", name, "--child"]
        if subprocess.run(child, cwd=ROOT).returncode != 0:
            return 1
        rows = json.loads(path.read_text(encoding="utf-8"))
        results[name] = [ThemeResult(**row) for row in rows]
    if args.output:
        write(ROOT / args.output, section(results, args, skipped), SECTION)
        print(f"Updated {args.output}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=("sqlite", "postgres", "all"), default="all")
    parser.add_argument("--products", type=int, default=50_000, help="as bench.catalog's")
    parser.add_argument("--companies", type=int, default=1_000, help="as bench.catalog's")
    parser.add_argument("--runs", type=int, default=200, help="sequential pages per theme")
    parser.add_argument("--warmup", type=int, default=20, help="untimed pages first")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds under load")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_DATABASE_URL") or DEFAULT_POSTGRES,
        help="the catalog benchmark's PostgreSQL database (its data set is reused)",
    )
    parser.add_argument("--data-dir", default="var/bench", help="as bench.catalog's")
    parser.add_argument("--output", default="BENCHMARKS.md", help="report file ('' for none)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    argv = sys.argv[1:]
    args = parser.parse_args(argv)
    if args.child:
        return asyncio.run(run_one(args))
    return run_all(args, [a for a in argv if a != "--child"])


if __name__ == "__main__":
    sys.exit(main())
