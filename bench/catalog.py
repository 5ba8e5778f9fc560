"""Catalog benchmark: a buyer's page of 100 products with personalized prices, over HTTP,
against the floor of one hand-written SQL query, on SQLite and PostgreSQL.

    make bench                                   # both engines, writes BENCHMARKS.md
    .venv/bin/python -m bench.catalog [--engine sqlite|postgres|all] [--reload]
        [--products 50000] [--companies 1000] [--runs 200] [--clients 8] [--duration 10]
        [--floor-runs 500] [--postgres-url URL] [--output BENCHMARKS.md] [--profile]

For each engine: a fresh database (var/bench/catalog.sqlite3; database `vitrine_bench` on the
PostgreSQL server), migrated with the real migrations and loaded in bulk, or reused when it
already holds the same row counts. Then `vitrine serve` runs in a subprocess; a buyer signs in
with contactLogin and this process times `products(first: 100)` with category, supplier and
price on page 1 and on the last page, one request at a time (p50, p95) and with several
requests in flight (requests per second). After the server stops, the same document goes
through the app in this process once more while Tortoise's SQL log is counted, and the floor
(bench/catalog_floor.py) is timed on the same rows. Prints a table and writes BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import importlib.metadata
import json
import logging
import os
import platform
import re
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx
from tortoise import connections

from bench import catalog_http as api
from bench import cpu_share
from bench.catalog_data import (
    Engine,
    Loaded,
    Sizes,
    ensure_loaded,
    postgres_engine,
    postgres_names,
    sqlite_engine,
)
from bench.catalog_floor import Buyer, fetch_page, page_start, same_rows, time_floor
from graphql_api import db
from graphql_api.app import create_app
from graphql_api.models import Storefront

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/vitrine_bench"
PACKAGES = ("strawberry-graphql", "graphql-core", "starlette", "uvicorn", "tortoise-orm")
DRIVERS = ("aiosqlite", "asyncpg", "httpx")


@dataclass(frozen=True)
class Options:
    sizes: Sizes
    runs: int
    warmup: int
    clients: int
    duration: float
    floor_runs: int
    profile: bool
    workers: int


@dataclass
class PageResult:
    """One engine, one page: the API's figures beside the floor's."""

    page: int
    p50_ms: float
    p95_ms: float
    rps: float
    loaded_p50_ms: float
    sql: int
    floor_p50_ms: float
    floor_p95_ms: float
    check: str = ""
    # With `serve --workers N` (N = Options.workers); 0 when not measured.
    rps_workers: float = 0.0
    loaded_p50_ms_workers: float = 0.0
    # Whose CPU the load used, per request (bench/cpu_share.py); None when not measured.
    cpu: cpu_share.Share | None = None
    cpu_workers: cpu_share.Share | None = None

    @property
    def ratio(self) -> float:
        return self.p50_ms / self.floor_p50_ms


@dataclass
class EngineResult:
    engine: str
    version: str
    loaded: dict[str, Any]
    pages: list[PageResult] = field(default_factory=list)
    breakdown: list[tuple[str, float]] = field(default_factory=list)
    response_bytes: int = 0
    # Share of the CPU time of the in-process request by layer: (layer, percent, ms/request).
    layers: list[tuple[str, float, float]] = field(default_factory=list)
    workers: int = 0


# --- helpers --------------------------------------------------------------------------------


def percentile(seconds: Sequence[float], pct: int) -> float:
    """The pct-th percentile in milliseconds (inclusive method: stays within the samples)."""
    if len(seconds) < 2:
        return seconds[0] * 1000
    return statistics.quantiles(seconds, n=100, method="inclusive")[pct - 1] * 1000


def _load_record(engine: Engine, loaded: Loaded) -> dict[str, Any]:
    """What BENCHMARKS.md says about the load. A reused database keeps the record of the run
    that loaded it, so the load time is still reported."""
    path = engine.data_dir / f"load-{engine.name}.json"
    if not loaded.reused:
        record = {
            "seconds": round(loaded.seconds, 1),
            "steps": [(label, rows, round(s, 2)) for label, rows, s in loaded.steps],
            "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "counts": loaded.counts,
        }
        path.write_text(json.dumps(record, indent=1), encoding="utf-8")
    elif path.exists():
        record = json.loads(path.read_text(encoding="utf-8"))
    else:
        record = {"seconds": None, "steps": [], "date": "unknown", "counts": loaded.counts}
    record["reused"] = loaded.reused
    return record


class _Capture(logging.Handler):
    """Collects the statements Tortoise sends (as tests/conftest.py's count_sql does)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not message.startswith(("Created connection", "Closed connection")):
            self.statements.append(message)


@contextmanager
def counting_sql() -> Iterator[_Capture]:
    logger = logging.getLogger("tortoise.db_client")
    capture = _Capture()
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(capture)
    try:
        yield capture
    finally:
        logger.removeHandler(capture)
        logger.setLevel(previous)


# --- the in-process part: SQL per request, profile ------------------------------------------


async def sql_per_request(
    engine: Engine, http: httpx.AsyncClient, token: str, after: str | None, page: int
) -> int:
    """Statements one warm request sends; they are kept in var/bench for reading."""
    api.checked(await api.post(http, token, api.PRODUCTS, after))  # warm: first-use caches
    with counting_sql() as capture:
        api.checked(await api.post(http, token, api.PRODUCTS, after))
    log = engine.data_dir / f"sql-{engine.name}-page{page}.log"
    log.write_text("\n\n".join(capture.statements) + "\n", encoding="utf-8")
    return len(capture.statements)


async def profile_request(
    engine: Engine, http: httpx.AsyncClient, token: str, after: str | None, page: int
) -> Path | None:
    """pyinstrument's view of one request through the whole app, in this process."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        print("  (--profile needs pyinstrument: .venv/bin/pip install pyinstrument)")
        return None
    for _ in range(5):
        api.checked(await api.post(http, token, api.PRODUCTS, after))
    profiler = Profiler(interval=0.0002, async_mode="enabled")
    with profiler:
        for _ in range(20):
            api.checked(await api.post(http, token, api.PRODUCTS, after))
    path = engine.data_dir / f"profile-{engine.name}-page{page}.txt"
    path.write_text(profiler.output_text(unicode=True, show_all=False), encoding="utf-8")
    return path


async def breakdown(http: httpx.AsyncClient, token: str, runs: int) -> list[tuple[str, float]]:
    """p50 ms of page 1 through the app in this process (no socket, no uvicorn) for smaller
    selections of the same page: what the fields cost, one part at a time."""
    out = []
    for label, selection in api.BREAKDOWN.items():
        query = api.variant(selection)
        for _ in range(5):
            api.checked(await api.post(http, token, query, None))
        seconds = []
        for _ in range(runs):
            started = time.perf_counter()
            api.checked(await api.post(http, token, query, None))
            seconds.append(time.perf_counter() - started)
        out.append((label, percentile(seconds, 50)))
    return out


# Where a file's time is counted: the first matching fragment of its path names its layer.
LAYERS = (
    ("graphql-core (parse, validate, execute)", "/graphql/"),
    ("Strawberry", "/strawberry/"),
    ("Tortoise ORM and pypika", "/tortoise/"),
    ("Tortoise ORM and pypika", "/pypika"),
    ("database driver (aiosqlite, asyncpg, sqlite3)", "/aiosqlite/"),
    ("database driver (aiosqlite, asyncpg, sqlite3)", "/asyncpg/"),
    ("database driver (aiosqlite, asyncpg, sqlite3)", "sqlite3"),
    ("Starlette, middleware, httpx ASGI transport", "/starlette/"),
    ("Starlette, middleware, httpx ASGI transport", "/httpx/"),
    ("Starlette, middleware, httpx ASGI transport", "/httpcore/"),
    ("Starlette, middleware, httpx ASGI transport", "/anyio/"),
    ("token (joserfc) and JSON", "/joserfc/"),
    ("token (joserfc) and JSON", "/json/"),
    ("token (joserfc) and JSON", "orjson"),
    ("pricing, visibility, money (services)", "/graphql_api/services/"),
    ("resolvers and schema (ours)", "/resolvers/"),
    ("resolvers and schema (ours)", "/schema/"),
    ("web layer and identity (ours)", "/graphql_api/"),
    ("asyncio event loop", "asyncio"),
    ("asyncio event loop", "uvloop"),
)


def _layer(filename: str) -> str:
    for label, fragment in LAYERS:
        if fragment in filename:
            return label
    return "other: builtins (waiting for I/O in epoll and queues included), decimal, ..."


async def layers(http: httpx.AsyncClient, token: str, runs: int) -> list[tuple[str, float, float]]:
    """Own time by layer (cProfile's tottime on its wall clock, summed by the file each
    function is in, so time waiting for I/O lands in 'other')
    for the benchmark's document through the app in this process, as (layer, percent of the
    total, ms per request). cProfile slows small functions most, so the shares lean a little
    towards the layers that make many small calls (graphql-core, Strawberry)."""
    import cProfile
    import pstats

    for _ in range(5):
        api.checked(await api.post(http, token, api.PRODUCTS, None))
    # The CPU time of a request without the profiler, shared out by the profile's proportions.
    started = time.process_time()
    for _ in range(runs):
        api.checked(await api.post(http, token, api.PRODUCTS, None))
    cpu_ms = (time.process_time() - started) * 1000 / runs
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        api.checked(await api.post(http, token, api.PRODUCTS, None))
    profiler.disable()
    totals: dict[str, float] = {}
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]  # pstats keeps its table in .stats
    for (filename, _, _), (_, _, tottime, _, _) in stats.items():
        label = _layer(filename)
        totals[label] = totals.get(label, 0.0) + tottime
    whole = sum(totals.values()) or 1.0
    ranked = sorted(totals.items(), key=lambda item: -item[1])
    return [(label, 100 * t / whole, cpu_ms * t / whole) for label, t in ranked]


@dataclass
class InProcess:
    sql: dict[int, int]
    floor: dict[int, tuple[list[float], list[dict[str, Any]]]]
    breakdown: list[tuple[str, float]]
    version: str
    layers: list[tuple[str, float, float]]


async def in_process(
    engine: Engine, options: Options, loaded: Loaded, cursors: dict[int, str | None]
) -> InProcess:
    """SQL counts, the breakdown and the floor, with Tortoise open in this process (the server
    is stopped, so the SQLite file has one user again)."""
    settings = engine.settings()
    await db.init(settings)
    try:
        storefront = await Storefront.get(id=loaded.storefront_id)
        buyer = Buyer(storefront.id, loaded.buyer_company_id, storefront.default_currency)
        app = create_app(settings, manage_database=False)
        transport = httpx.ASGITransport(app=app)
        sql: dict[int, int] = {}
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
            token = await api.login(http)
            for page, after in cursors.items():
                sql[page] = await sql_per_request(engine, http, token, after, page)
                if options.profile:
                    path = await profile_request(engine, http, token, after, page)
                    if path:
                        print(f"  profile of page {page}: {path}")
            parts = await breakdown(http, token, max(20, options.runs // 4))
            shares = await layers(http, token, max(20, options.runs // 4))
        floor: dict[int, tuple[list[float], list[dict[str, Any]]]] = {}
        for page in cursors:
            start = await page_start(storefront.id, (page - 1) * api.PAGE_SIZE)
            seconds = await time_floor(buyer, start, options.floor_runs)
            _, nodes = await fetch_page(buyer, start)
            floor[page] = (seconds, nodes)
        return InProcess(sql, floor, parts, await _server_version(), shares)
    finally:
        await db.close()


async def _server_version() -> str:
    conn = connections.get("default")
    if conn.capabilities.dialect == "postgres":
        rows = await conn.execute_query_dict("SHOW server_version")
        return f"PostgreSQL {rows[0]['server_version']}"
    return f"SQLite {sqlite3.sqlite_version}"


# --- the HTTP part --------------------------------------------------------------------------


@dataclass
class HttpFigures:
    sequential: list[float]
    concurrent_rps: float
    concurrent: list[float]
    nodes: list[dict[str, Any]]
    response_bytes: int = 0
    rps_workers: float = 0.0
    concurrent_workers: list[float] = field(default_factory=list)
    cpu: cpu_share.Share | None = None
    cpu_workers: cpu_share.Share | None = None


async def over_http(
    engine: Engine, options: Options, pages: Sequence[int]
) -> tuple[dict[int, str | None], dict[int, HttpFigures]]:
    """Serve, sign in, find the deep page's cursor, then time every page: first one request
    at a time, then with `clients` in flight."""
    figures: dict[int, HttpFigures] = {}
    async with api.served(engine) as server, api.client(server.url) as http:
        token = await api.login(http)
        started = time.perf_counter()
        cursors = {page: await api.cursor_before_page(http, token, page) for page in pages}
        print(f"  walked to page {max(pages)} in {time.perf_counter() - started:.1f} s")
        for page in pages:
            seconds, connection = await api.sequential(
                http, token, cursors[page], options.runs, options.warmup
            )
            size = len((await api.post(http, token, api.PRODUCTS, cursors[page])).content)
            figures[page] = HttpFigures(seconds, 0.0, [], connection["nodes"], size)
            print(f"  page {page}: p50 {percentile(seconds, 50):.1f} ms sequential", flush=True)
        for page in pages:
            rps, seconds, cpu = await api.concurrent(
                http, token, cursors[page], options.clients, options.duration, server
            )
            figures[page].concurrent_rps, figures[page].concurrent = rps, seconds
            figures[page].cpu = cpu
            print(f"  page {page}: {rps:.1f} requests/s with {options.clients} clients")
    if options.workers > 1:
        # The same load on `serve --workers N`: what a second process adds on this machine.
        async with api.served(engine, options.workers) as server, api.client(server.url) as http:
            token = await api.login(http)
            for page in pages:
                # Every worker warm (each builds its schema and caches on first use).
                await api.concurrent(http, token, cursors[page], options.clients, 2.0)
                rps, seconds, cpu = await api.concurrent(
                    http,
                    token,
                    cursors[page],
                    options.clients,
                    options.duration,
                    server,
                    options.workers,
                )
                figures[page].rps_workers, figures[page].concurrent_workers = rps, seconds
                figures[page].cpu_workers = cpu
                print(
                    f"  page {page}: {rps:.1f} requests/s with {options.clients} clients on "
                    f"{options.workers} workers",
                    flush=True,
                )
    return cursors, figures


async def bench_engine(engine: Engine, options: Options, reload: bool) -> EngineResult:
    print(f"\n== {engine.name}: {_describe_url(engine.database_url)}", flush=True)
    started = time.perf_counter()
    loaded = await ensure_loaded(engine, options.sizes, reload)
    record = _load_record(engine, loaded)
    if loaded.reused:
        print(f"  reused the data set already loaded ({time.perf_counter() - started:.1f} s)")
    else:
        print(f"  loaded in {loaded.seconds:.1f} s")
    deep = max(1, loaded.counts["products"] // api.PAGE_SIZE)
    pages = [1, deep] if deep > 1 else [1]
    cursors, figures = await over_http(engine, options, pages)
    local = await in_process(engine, options, loaded, cursors)
    result = EngineResult(engine.name, local.version, record, breakdown=local.breakdown)
    result.response_bytes = figures[1].response_bytes
    for page in pages:
        http, (floor_seconds, floor_nodes) = figures[page], local.floor[page]
        result.pages.append(
            PageResult(
                page=page,
                p50_ms=percentile(http.sequential, 50),
                p95_ms=percentile(http.sequential, 95),
                rps=http.concurrent_rps,
                loaded_p50_ms=percentile(http.concurrent, 50),
                sql=local.sql[page],
                floor_p50_ms=percentile(floor_seconds, 50),
                floor_p95_ms=percentile(floor_seconds, 95),
                check=same_rows(floor_nodes, http.nodes),
                rps_workers=http.rps_workers,
                loaded_p50_ms_workers=(
                    percentile(http.concurrent_workers, 50) if http.concurrent_workers else 0.0
                ),
                cpu=http.cpu,
                cpu_workers=http.cpu_workers,
            )
        )
    result.layers = local.layers
    result.workers = options.workers
    return result


def _describe_url(url: str) -> str:
    return url if url.startswith("sqlite") else url.split("@")[-1]


async def postgres_problem(url: str) -> str:
    """Why PostgreSQL cannot be benchmarked here, or ''."""
    import asyncpg

    try:
        _, admin = postgres_names(url)
    except ValueError as exc:
        return str(exc)
    try:
        conn = await asyncpg.connect(admin, timeout=5)
    except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
        return f"not reachable at {_describe_url(url)} ({exc.__class__.__name__}: {exc})"
    await conn.close()
    return ""


# --- the report -----------------------------------------------------------------------------


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    return "unknown"


def _commit() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "graphql_api", "schema", "resolvers"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return "unknown"
    return f"{head}{' with uncommitted changes in the application' if dirty else ''}"


def _versions(names: Sequence[str]) -> str:
    found = []
    for name in names:
        try:
            found.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            continue
    return ", ".join(found)


def table(results: Sequence[EngineResult], clients: int) -> str:
    workers = max((r.workers for r in results), default=0)
    extra = f" req/s on {workers} workers | {workers} workers / 1 |" if workers > 1 else ""
    head = (
        "| engine | page | p50 ms | p95 ms | req/s "
        f"({clients} clients) | p50 ms under load | SQL/request | floor p50 ms | floor p95 ms "
        f"| p50 / floor p50 |{extra}\n"
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
        + (" ---: | ---: |" if extra else "")
        + "\n"
    )
    rows = []
    for result in results:
        for p in result.pages:
            more = ""
            if extra:
                gain = f"{p.rps_workers / p.rps:.2f}x" if p.rps_workers and p.rps else "-"
                more = f" {p.rps_workers:.1f} | {gain} |" if p.rps_workers else " - | - |"
            rows.append(
                f"| {result.engine} | {p.page} | {p.p50_ms:.1f} | {p.p95_ms:.1f} | {p.rps:.1f} "
                f"| {p.loaded_p50_ms:.1f} | {p.sql} | {p.floor_p50_ms:.2f} | {p.floor_p95_ms:.2f} "
                f"| {p.ratio:.1f}x |{more}"
            )
    return head + "\n".join(rows) + "\n"


def _header(results: Sequence[EngineResult]) -> list[str]:
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    servers = ", ".join(r.version for r in results)
    return [
        "# Benchmarks",
        "",
        f"Written by `make bench` (`bench/catalog.py`) on {now}. Do not edit by hand: run it "
        "again.",
        "",
        "## Machine",
        "",
        f"- CPU: {_cpu()}, {os.cpu_count()} cores, {_memory()} memory",
        f"- {platform.platform()}",
        f"- Python {platform.python_version()}; {servers}",
        f"- {_versions(PACKAGES)}; {_versions(DRIVERS)}",
        f"- Vitrine at commit {_commit()}",
        "- The server (`vitrine serve`: one uvicorn process, INFO logs with the access log, no "
        "notification worker) and the load generator share this machine.",
        "",
    ]


def _data_set(results: Sequence[EngineResult], sizes: Sizes) -> list[str]:
    lines = [
        "## Data set",
        "",
        f"{sizes.products:,} products from 12 suppliers in a three-level tree of categories, "
        f"{sizes.companies:,} companies in three customer groups (one in ten in none, three in "
        f"ten with a discount), a price list per group covering 50 to 70 % of the catalog and "
        f"{sizes.company_lists} company lists (one in three entries with quantity tiers), all "
        "in BRL, the storefront currency. The buyer (one ACTIVE purchasing contact) belongs to "
        "a company in the group Atacado with its own list over a fifth of the catalog and a "
        "5 % discount, so a page mixes company-list, group-list and base prices, all "
        "discounted. Loaded with bulk inserts after the real migrations "
        "(`python -m bench.catalog --reload` loads afresh):",
        "",
    ]
    for result in results:
        load = result.loaded
        counts = ", ".join(f"{label} {n:,}" for label, n in load["counts"].items())
        took = f"{load['seconds']} s" if load.get("seconds") is not None else "unknown time"
        reused = " (reused by this run)" if load.get("reused") else ""
        lines.append(f"- {result.engine}: {counts}; loaded in {took} on {load['date']}{reused}")
    return [*lines, ""]


def _figures(results: Sequence[EngineResult], clients: int, skipped: dict[str, str]) -> list[str]:
    lines = [
        "## A buyer's page of products",
        "",
        "Signed in as the buyer (`contactLogin`), over HTTP to `vitrine serve` on 127.0.0.1:",
        "",
        "```graphql",
        api.PRODUCTS,
        "```",
        "",
        table(results, clients),
    ]
    for result in results:
        if result.response_bytes:
            size = result.response_bytes / 1024
            lines.append(f"- {result.engine}: a page is {size:.1f} KiB of JSON.")
        for p in result.pages:
            if p.check:
                lines.append(f"- {result.engine}, page {p.page}: floor and API differ: {p.check}")
    for engine, reason in skipped.items():
        lines.append(f"- {engine}: skipped, {reason}")
    return [*lines, ""]


def _cpu_under_load(results: Sequence[EngineResult]) -> list[str]:
    """Whose CPU the load used, one process against N workers: why a second worker gives what
    it gives on this machine."""
    rows = []
    cores = os.cpu_count() or 1
    for result in results:
        for p in result.pages:
            for label, share, rps in (
                ("1 process", p.cpu, p.rps),
                (f"{result.workers} workers", p.cpu_workers, p.rps_workers),
            ):
                if share is None:
                    continue
                rows.append(
                    f"| {result.engine} | {p.page} | {label} | {rps:.0f} | {share.server_ms:.2f} "
                    f"| {share.postgres_ms:.2f} | {share.client_ms:.2f} | {share.other_ms:.2f} "
                    f"| {share.total_ms:.2f} | {share.busy_pct:.0f} % | {share.steal_pct:.0f} % "
                    f"| {share.ceiling(cores):.0f} |"
                )
    if not rows:
        return []
    return [
        "## Whose CPU the load used",
        "",
        "CPU milliseconds per request while the clients above kept the server busy, read from "
        "`/proc` before and after each load (`bench/cpu_share.py`): the `vitrine serve` "
        "processes, every `postgres` process, the load client (this benchmark's process), and "
        "the rest of the machine's busy time. *busy* and *steal* are of all "
        f"{cores} cores (steal: time the host gave other guests). *ceiling* is {cores} cores' "
        "1,000 ms a second over the CPU a request takes in all: the most this machine could "
        "answer with this load in these proportions, however many workers.",
        "",
        "| engine | page | server | req/s | server ms | PostgreSQL ms | client ms | other ms "
        "| all ms | busy | steal | ceiling req/s |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        *rows,
        "",
    ]


def _breakdown(results: Sequence[EngineResult]) -> list[str]:
    if not any(r.breakdown for r in results):
        return []
    lines = [
        "## Where the time goes",
        "",
        "Page 1 through the same app inside the benchmark's process (httpx's ASGI transport: "
        "no socket, no uvicorn), p50 ms, asking for less and then more of each product. The "
        "gap to the HTTP p50 above is uvicorn, the socket and the client; the gap between "
        "rows is what those fields cost.",
        "",
        "| selection | " + " | ".join(f"{r.engine} p50 ms" for r in results) + " |",
        "| --- |" + " ---: |" * len(results),
    ]
    labels = [label for label, _ in results[0].breakdown]
    for index, label in enumerate(labels):
        cells = " | ".join(f"{r.breakdown[index][1]:.1f}" for r in results)
        lines.append(f"| `{label}` | {cells} |")
    floor = " | ".join(f"{r.pages[0].floor_p50_ms:.1f}" for r in results)
    lines.append(f"| floor: one SQL query + `json.dumps` | {floor} |")
    return [*lines, ""]


def _layers(results: Sequence[EngineResult]) -> list[str]:
    if not any(r.layers for r in results):
        return []
    lines = [
        "The benchmark's request in the same process, by layer (cProfile's own time of each "
        "function, summed by the package it is in; ms per request are the request's CPU time "
        "without the profiler, shared out in the profile's proportions):",
        "",
        "| layer | " + " | ".join(f"{r.engine} % | {r.engine} ms" for r in results) + " |",
        "| --- |" + " ---: | ---: |" * len(results),
    ]
    labels = list(dict.fromkeys(label for r in results for label, _, _ in r.layers))
    for label in labels:
        cells = []
        for r in results:
            found = {name: (pct, ms) for name, pct, ms in r.layers}.get(label, (0.0, 0.0))
            cells.append(f"{found[0]:.0f} | {found[1]:.2f}")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    total = " | ".join(f"100 | {sum(ms for _, _, ms in r.layers):.2f}" for r in results)
    lines.append(f"| **CPU per request** | {total} |")
    return [*lines, ""]


def _before(before: Sequence[EngineResult], clients: int, note: str) -> list[str]:
    if not before:
        return []
    return [
        "## Before: main, measured on this machine before this work",
        "",
        note,
        "",
        table(before, clients),
    ]


def _how_to_read(options: Options, deep: int) -> list[str]:
    products = options.sizes.products
    return [
        "## How to read this",
        "",
        f"- **p50, p95**: {options.runs} requests one at a time after {options.warmup} "
        "warm-up requests, timed in the client (httpx) from sending to a decoded, checked "
        "body (no errors, 100 nodes).",
        f"- **req/s**: {options.clients} clients each sending the next request as soon as the "
        f"last one is answered, for {options.duration:.0f} s; *p50 under load* is the latency "
        "they saw, queueing included. Each client is a keep-alive connection of a lean "
        "HTTP/1.1 client (`bench/lean_http.py`) that still decodes and checks every body: "
        "httpx's own CPU (about 1 ms a request), on the cores the server also runs on, had set "
        "the ceiling of two workers.",
        "- **SQL/request**: statements Tortoise sent for one warm request of the same document, "
        "run through the same app in the benchmark's process and counted on the "
        "`tortoise.db_client` log; the statements are in `var/bench/sql-ENGINE-pageN.log`.",
        "- **floor**: the same 100 rows (id, SKU, name, category, supplier, the buyer's "
        "price from its company and group lists, tiers and discount) read by one hand-written "
        "SQL query on the raw connection and encoded with `json.dumps`, in the benchmark's "
        f"process, {options.floor_runs} times. No HTTP, no GraphQL, no ORM objects. Its rows "
        "and prices are checked against the API's last answer; a line under the table says "
        "so when they differ.",
        "- **p50 / floor p50**: what the API's layers (HTTP, GraphQL, ORM, permission and "
        "pricing services) cost over the data access they cannot avoid.",
        f"- **page {deep}** is the last page: {products:,} products in pages of 100, so page "
        f"{deep} holds rows {(deep - 1) * 100 + 1:,} to {deep * 100:,} in name order. The "
        f"client reaches it the way any client does, by walking pages 1 to {deep - 1} once "
        "with `after: endCursor` (untimed, asking only for the cursors); the timed requests "
        f"then all ask `after: <endCursor of page {deep - 1}>`. Keyset cursors should make it "
        "cost what page 1 costs; the floor seeks it with the same keyset condition.",
        "",
    ]


def report(results: Sequence[EngineResult], options: Options, skipped: dict[str, str]) -> str:
    deep = max((p.page for r in results for p in r.pages), default=1)
    before, note = _read_before()
    return "\n".join(
        _header(results)
        + _data_set(results, options.sizes)
        + _figures(results, options.clients, skipped)
        + _cpu_under_load(results)
        + _before(before, options.clients, note)
        + _breakdown(results)
        + _layers(results)
        + _notes()
        + _how_to_read(options, deep)
    )


BEFORE = ROOT / "bench" / "catalog_before.json"
NOTES = ROOT / "bench" / "catalog_notes.md"


def _page_result(raw: dict[str, Any]) -> PageResult:
    for key in ("cpu", "cpu_workers"):
        if raw.get(key) is not None:
            raw[key] = cpu_share.Share(**raw[key])
    return PageResult(**raw)


def _read_before() -> tuple[list[EngineResult], str]:
    """The figures of main before this work (`--save-before` wrote them), kept in the
    repository so every later report shows what the work changed."""
    if not BEFORE.exists():
        return [], ""
    raw = json.loads(BEFORE.read_text(encoding="utf-8"))
    results = []
    for item in raw["results"]:
        pages = [_page_result(page) for page in item.pop("pages")]
        parts = [(label, ms) for label, ms in item.pop("breakdown")]
        shares = [tuple(x) for x in item.pop("layers", [])]
        results.append(EngineResult(**item, pages=pages, breakdown=parts, layers=shares))  # type: ignore[arg-type]
    return results, raw.get("note", "")


def _notes() -> list[str]:
    """What the figures mean for the targets, written by whoever ran the work (a file of its
    own, so this report stays generated)."""
    if not NOTES.exists():
        return []
    return [NOTES.read_text(encoding="utf-8").rstrip(), ""]


# --- main -----------------------------------------------------------------------------------


def _options(args: argparse.Namespace) -> Options:
    return Options(
        sizes=Sizes(products=args.products, companies=args.companies),
        runs=args.runs,
        warmup=args.warmup,
        clients=args.clients,
        duration=args.duration,
        floor_runs=args.floor_runs,
        profile=args.profile,
        workers=args.workers,
    )


def _data_dir(args: argparse.Namespace) -> Path:
    data_dir = (ROOT / args.data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    return data_dir


def _results_path(data_dir: Path, engine: str) -> Path:
    return data_dir / f"results-{engine}.json"


def _read_result(path: Path) -> EngineResult:
    raw = json.loads(path.read_text(encoding="utf-8"))
    pages = [_page_result(page) for page in raw.pop("pages")]
    breakdown = [(label, ms) for label, ms in raw.pop("breakdown")]
    return EngineResult(**raw, pages=pages, breakdown=breakdown)


def _sections(text: str) -> list[tuple[str, str]]:
    """(heading, whole section) for each `## ` section of a report."""
    parts = re.split(r"(?m)^(?=## )", text)
    return [(part.splitlines()[0], part) for part in parts if part.startswith("## ")]


def _others(output: Path, text: str) -> str:
    """The sections other benchmarks wrote into the report (placing an order, ...), kept."""
    if not output.exists():
        return ""
    ours = {heading for heading, _ in _sections(text)}
    kept = [part for heading, part in _sections(output.read_text(encoding="utf-8"))]
    kept = [part for part in kept if part.splitlines()[0] not in ours]
    return "".join("\n" + part.rstrip() + "\n" for part in kept)


def _write_report(
    args: argparse.Namespace, results: list[EngineResult], skipped: dict[str, str]
) -> None:
    options = _options(args)
    print()
    print(table(results, options.clients))
    if args.output:
        output = ROOT / args.output
        text = report(results, options, skipped)
        output.write_text(text + _others(output, text), encoding="utf-8")
        print(f"Wrote {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")


async def run_one(args: argparse.Namespace) -> int:
    """One engine in this process; its figures also go to var/bench/results-ENGINE.json."""
    options, data_dir = _options(args), _data_dir(args)
    if args.engine == "postgres":
        problem = await postgres_problem(args.postgres_url)
        if problem:
            print(f"PostgreSQL {problem}", file=sys.stderr)
            return 1
        engine = postgres_engine(args.postgres_url, data_dir)
    else:
        engine = sqlite_engine(data_dir)
    try:
        result = await bench_engine(engine, options, args.reload)
    except api.BenchError as exc:
        print(f"{engine.name}: {exc}", file=sys.stderr)
        return 1
    path = _results_path(data_dir, engine.name)
    path.write_text(json.dumps(asdict(result), indent=1), encoding="utf-8")
    _write_report(args, [result], {})
    return 0


def run_all(args: argparse.Namespace, argv: Sequence[str]) -> int:
    """Each engine in a child process of its own: Tortoise keeps per-model SQL caches across
    re-initialisation, so after SQLite a PostgreSQL run in the same process sends `?`
    placeholders to asyncpg. Then one report from both results."""
    data_dir = _data_dir(args)
    skipped: dict[str, str] = {}
    results: list[EngineResult] = []
    problem = asyncio.run(postgres_problem(args.postgres_url))
    if problem:
        print(f"PostgreSQL {problem}: skipped", file=sys.stderr)
        skipped["postgres"] = problem
    for engine in ("sqlite", "postgres"):
        if engine in skipped:
            continue
        path = _results_path(data_dir, engine)
        path.unlink(missing_ok=True)
        child = [sys.executable, "-m", "bench.catalog", *argv, "--engine", engine, "--output", ""]
        if subprocess.run(child, cwd=ROOT).returncode != 0:
            return 1
        results.append(_read_result(path))
    if args.save_before:
        BEFORE.write_text(
            json.dumps(
                {"note": args.save_before, "results": [asdict(r) for r in results]}, indent=1
            ),
            encoding="utf-8",
        )
        print(f"Wrote {BEFORE.relative_to(ROOT)}")
        return 0
    _write_report(args, results, skipped)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=("sqlite", "postgres", "all"), default="all")
    parser.add_argument("--reload", action="store_true", help="load a fresh data set")
    parser.add_argument("--products", type=int, default=50_000)
    parser.add_argument("--companies", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=200, help="sequential requests per page")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests first")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per page")
    parser.add_argument("--floor-runs", type=int, default=500)
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_DATABASE_URL") or DEFAULT_POSTGRES,
        help="the benchmark's own PostgreSQL database (created; dropped on --reload)",
    )
    parser.add_argument("--data-dir", default="var/bench", help="SQLite file, logs, profiles")
    parser.add_argument("--output", default="BENCHMARKS.md", help="report file ('' for none)")
    parser.add_argument("--profile", action="store_true", help="pyinstrument one page (each)")
    parser.add_argument(
        "--workers", type=int, default=2, help="also measure req/s on serve --workers N (1: not)"
    )
    parser.add_argument(
        "--save-before",
        metavar="NOTE",
        help="write the results to bench/catalog_before.json as the 'before' table, with NOTE",
    )
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="write the report from the last run's results in --data-dir, measuring nothing",
    )
    argv = sys.argv[1:]
    args = parser.parse_args(argv)
    if args.report_only:
        data_dir = _data_dir(args)
        found = [_results_path(data_dir, e) for e in ("sqlite", "postgres")]
        _write_report(args, [_read_result(path) for path in found if path.exists()], {})
        return 0
    if args.engine == "all":
        # The children get the same options; their own --engine and --output come last and win.
        return run_all(args, argv)
    return asyncio.run(run_one(args))


if __name__ == "__main__":
    sys.exit(main())
