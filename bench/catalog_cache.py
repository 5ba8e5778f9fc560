"""Response cache benchmark (issue 13 part 2): the catalog benchmark's page served from the cache,
and the hit rate of a realistic mix, on SQLite and PostgreSQL, with the cache in the server's
memory and in Redis.

    make bench                                   # after bench.catalog and bench.orders
    .venv/bin/python -m bench.catalog_cache [--engine sqlite|postgres|all] [--runs 300]
        [--clients 8] [--duration 10] [--pages 20] [--postgres-url URL] [--output BENCHMARKS.md]

For each engine: bench/catalog.py's data set in a database of this benchmark's own
(var/bench/cache/catalog.sqlite3; database `vitrine_bench_cache`), plus nine contacts so that
ten buyers of three companies can sign in (one purchasing contact a company, the others in
billing, who see the catalog without prices). Then `vitrine serve` with the cache on:

1. the mix, on an empty cache: the ten buyers at once, each reading the same `--pages` pages of
   the catalog benchmark's document in an order of its own; the hit rate is what the responses
   say (`extensions.cache`);
2. the benchmark's buyer's page 1, warm: one request at a time (p50, p95), then `--clients` in
   flight (requests per second); every answer must say HIT, and its rows and prices are
   checked against the floor's (bench/catalog_floor.py) once the server has stopped.

With Redis answering at REDIS_URL (default 127.0.0.1:6379), step 2 runs again with the cache
in Redis under a prefix of the run's own. SQL per hit is counted in this process. The section
"The cached catalog page" of BENCHMARKS.md is replaced (or added).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import random
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import orjson
from redis import asyncio as aioredis

from bench import catalog_http as api
from bench.catalog import counting_sql, percentile, postgres_problem
from bench.catalog_data import (
    BUYER_EMAIL,
    BUYER_PASSWORD,
    Engine,
    Sizes,
    ensure_loaded,
    postgres_engine,
    sqlite_engine,
)
from bench.catalog_floor import Buyer, fetch_page, page_start, same_rows
from bench.lean_http import LeanConnection, request_bytes
from bench.orders import write
from graphql_api import db
from graphql_api.app import create_app
from graphql_api.auth.passwords import hash_password
from graphql_api.models import Company, Contact, Storefront
from graphql_api.models.enums import AccessState, ApprovalStatus

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/vitrine_bench_cache"
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"
SECTION = "## The cached catalog page"
MIX_COMPANIES = 3
MIX_BUYERS = 10


@dataclass
class Warm:
    backend: str
    p50_ms: float
    p95_ms: float
    rps: float
    loaded_p50_ms: float
    check: str = ""


@dataclass
class Result:
    engine: str
    sql_per_hit: int
    sql_per_miss: int
    cpu_ms_per_hit: float
    cpu_ms_per_page: float
    mix_requests: int
    mix_hits: int
    mix_hit_p50_ms: float
    mix_miss_p50_ms: float
    warm: list[Warm] = field(default_factory=list)
    redis_problem: str = ""
    # The machine's 1-minute load average when the engine's run began: the wall-clock figures
    # are worth what the machine had to spare.
    load: float = 0.0


# --- the buyers of the mix ------------------------------------------------------------------


async def mix_buyers(engine: Engine, company_id: int) -> list[str]:
    """Emails of ten buyers of three companies: the benchmark's buyer's company and the first
    two other validated companies with a group; one purchasing contact each (the key allows one),
    the others in billing. Contacts only: the catalog's version does not change."""
    await db.init(engine.settings())
    try:
        others = (
            await Company.filter(approval_status=ApprovalStatus.VALIDATED)
            .exclude(group_id=None)
            .exclude(id=company_id)
            .order_by("id")
            .limit(MIX_COMPANIES - 1)
        )
        companies = [await Company.get(id=company_id), *others]
        storefront = await Storefront.get(id=companies[0].storefront_id)
        password_hash = await hash_password(BUYER_PASSWORD)
        emails = []
        for n in range(MIX_BUYERS):
            company = companies[n % MIX_COMPANIES]
            purchasing = n < MIX_COMPANIES
            email = BUYER_EMAIL if n == 0 else f"mix{n}@bench.vitrine.test"
            emails.append(email)
            if await Contact.exists(email=email):
                continue
            await Contact.create(
                company=company,
                storefront=storefront,
                first_name="Mix",
                last_name=str(n),
                email=email,
                is_purchasing=purchasing,
                purchasing_company_id=company.id if purchasing else None,
                is_billing=not purchasing,
                access_state=AccessState.ACTIVE,
                password_hash=password_hash,
            )
        return emails
    finally:
        await db.close()


async def login(http: httpx.AsyncClient, email: str) -> str:
    variables = {"email": email, "password": BUYER_PASSWORD}
    body = (await http.post("/graphql", json={"query": api.LOGIN, "variables": variables})).json()
    session = ((body.get("data") or {}).get("contactLogin") or {}).get("session")
    if not session:
        raise api.BenchError(f"{email} could not sign in: {body}")
    return str(session["token"])


def cache_of(response: httpx.Response) -> str:
    if response.status_code != 200:
        raise api.BenchError(f"HTTP {response.status_code}: {response.text[:300]}")
    body = response.json()
    if body.get("errors"):
        raise api.BenchError(f"GraphQL errors: {body['errors'][:3]}")
    return str((body.get("extensions") or {}).get("cache"))


# --- over HTTP ------------------------------------------------------------------------------


async def run_mix(
    http: httpx.AsyncClient, emails: list[str], pages: int
) -> tuple[int, list[float], list[float]]:
    """The ten buyers at once, each reading the same pages in its own order. Returns the
    requests made and the seconds of the hits and of the misses."""
    tokens = [await login(http, email) for email in emails]
    cursors: list[str | None] = [None]
    for _ in range(pages - 1):
        page = api.checked(await api.post(http, tokens[0], api.CURSORS, cursors[-1]))
        cursors.append(page["pageInfo"]["endCursor"])
    hits: list[float] = []
    misses: list[float] = []

    async def browse(index: int, token: str) -> None:
        order = list(range(pages))
        random.Random(index).shuffle(order)
        for page in order:
            started = time.perf_counter()
            response = await api.post(http, token, api.PRODUCTS, cursors[page])
            elapsed = time.perf_counter() - started
            (hits if cache_of(response) == "HIT" else misses).append(elapsed)

    await asyncio.gather(*(browse(n, token) for n, token in enumerate(tokens)))
    return len(tokens) * pages, hits, misses


async def warm_page(
    http: httpx.AsyncClient, args: argparse.Namespace, backend: str
) -> tuple[Warm, list[dict[str, Any]]]:
    """Page 1 of the benchmark's buyer, from a warm cache."""
    token = await login(http, BUYER_EMAIL)
    for _ in range(5):
        response = await api.post(http, token, api.PRODUCTS, None)
    if cache_of(response) != "HIT":
        raise api.BenchError("page 1 is not served from the cache after five reads")
    nodes = response.json()["data"]["products"]["nodes"]
    seconds = []
    for _ in range(args.runs):
        started = time.perf_counter()
        response = await api.post(http, token, api.PRODUCTS, None)
        seconds.append(time.perf_counter() - started)
        if cache_of(response) != "HIT":
            raise api.BenchError("a warm read was not a HIT")
    loaded: list[float] = []
    # Under load, each client a keep-alive connection of the lean client (bench/lean_http.py):
    # httpx's own CPU, on the cores the server also runs on, would cap what is measured.
    url = str(http.base_url)
    request = request_bytes(
        url,
        "/graphql",
        {"query": api.PRODUCTS, "variables": {"after": None}},
        {"Authorization": f"Bearer {token}"},
    )
    connections = [await LeanConnection.open(url) for _ in range(args.clients)]
    deadline = time.perf_counter() + args.duration

    async def client(connection: LeanConnection) -> None:
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            status, body = await connection.send(request)
            loaded.append(time.perf_counter() - started)
            api.checked_body(status, body)
            if (orjson.loads(body).get("extensions") or {}).get("cache") != "HIT":
                raise api.BenchError("a read under load was not a HIT")

    started = time.perf_counter()
    try:
        await asyncio.gather(*(client(c) for c in connections))
    finally:
        for connection in connections:
            await connection.close()
    rps = len(loaded) / (time.perf_counter() - started)
    figures = Warm(
        backend,
        percentile(seconds, 50),
        percentile(seconds, 95),
        rps,
        percentile(loaded, 50),
    )
    print(
        f"  {backend}: warm p50 {figures.p50_ms:.2f} ms, {rps:.0f} req/s with "
        f"{args.clients} clients",
        flush=True,
    )
    return figures, nodes


def _redis_problem(url: str) -> str:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), 2) as s:
            s.sendall(b"PING\r\n")
            if s.recv(16).startswith(b"+PONG"):
                return ""
            return f"no PONG from Redis at {parts.netloc}"
    except OSError as exc:
        return f"no Redis at {parts.netloc}: {exc}"


async def _forget(url: str, prefix: str) -> None:
    redis = aioredis.Redis.from_url(url)
    try:
        keys = [key async for key in redis.scan_iter(f"{prefix}*")]
        if keys:
            await redis.delete(*keys)
    finally:
        await redis.aclose()


# --- in this process ------------------------------------------------------------------------


@dataclass
class InProcess:
    sql_per_miss: int
    sql_per_hit: int
    # CPU time of this process per request (what the load of other processes does not
    # change), from the cache and computed with the cache off.
    cpu_ms_per_hit: float
    cpu_ms_per_page: float


async def _cpu_ms(http: httpx.AsyncClient, token: str, runs: int) -> float:
    started = time.process_time()
    for _ in range(runs):
        api.checked(await api.post(http, token, api.PRODUCTS, None))
    return (time.process_time() - started) / runs * 1000


async def in_process(engine: Engine, runs: int) -> InProcess:
    """Statements of a miss and of a hit of page 1, and CPU per request with and without the
    cache, through the app in this process (httpx's ASGI transport: no socket)."""
    found: dict[bool, tuple[list[int], float]] = {}
    for cached in (True, False):
        settings = dataclasses.replace(engine.settings(), response_cache=cached)
        await db.init(settings)
        try:
            app = create_app(settings, manage_database=False)
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
                token = await login(http, BUYER_EMAIL)
                counts = []
                for expected in ("MISS", "HIT") if cached else ():
                    with counting_sql() as capture:
                        response = await api.post(http, token, api.PRODUCTS, None)
                    if cache_of(response) != expected:
                        raise api.BenchError(f"expected a {expected} in process")
                    counts.append(len(capture.statements))
                found[cached] = (counts, await _cpu_ms(http, token, runs if cached else 30))
            await app.state.shared.close()
        finally:
            await db.close()
    (miss, hit), cpu_hit = found[True]
    return InProcess(miss, hit, cpu_hit, found[False][1])


async def floor_check(engine: Engine, company_id: int, nodes: list[dict[str, Any]]) -> str:
    await db.init(engine.settings())
    try:
        storefront = await Storefront.get(id=(await Company.get(id=company_id)).storefront_id)
        buyer = Buyer(storefront.id, company_id, storefront.default_currency)
        _, floor_nodes = await fetch_page(buyer, await page_start(storefront.id, 0))
        return same_rows(floor_nodes, nodes)
    finally:
        await db.close()


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
    print(f"\n== the cached page on {engine.name}", flush=True)
    load = os.getloadavg()[0]
    loaded = await ensure_loaded(engine, Sizes(), reload=False)
    emails = await mix_buyers(engine, loaded.buyer_company_id)
    redis_problem = _redis_problem(args.redis_url)
    backends = [("memory", {})]
    prefix = f"vitrine-bench-cache-{uuid.uuid4().hex}:"
    if not redis_problem:
        backends.append(("redis", {"REDIS_URL": args.redis_url, "VITRINE_REDIS_PREFIX": prefix}))
    try:
        warm: list[tuple[Warm, list[dict[str, Any]]]] = []
        mix: tuple[int, list[float], list[float]] = (0, [], [])
        for backend, extra in backends:
            async with (
                api.served(engine, VITRINE_RESPONSE_CACHE="1", **extra) as server,
                api.client(server.url) as http,
            ):
                if backend == "memory":
                    mix = await run_mix(http, emails, args.pages)
                    requests, hits, _ = mix
                    print(f"  mix: {len(hits)} hits of {requests} requests", flush=True)
                warm.append(await warm_page(http, args, backend))
        local = await in_process(engine, args.runs)
        for figures, nodes in warm:
            figures.check = await floor_check(engine, loaded.buyer_company_id, nodes)
    except api.BenchError as exc:
        print(f"{engine.name}: {exc}", file=sys.stderr)
        return 1
    finally:
        if not redis_problem:
            await _forget(args.redis_url, prefix)
    requests, hits, misses = mix
    result = Result(
        engine=engine.name,
        sql_per_hit=local.sql_per_hit,
        sql_per_miss=local.sql_per_miss,
        cpu_ms_per_hit=local.cpu_ms_per_hit,
        cpu_ms_per_page=local.cpu_ms_per_page,
        mix_requests=requests,
        mix_hits=len(hits),
        mix_hit_p50_ms=percentile(hits, 50) if hits else 0.0,
        mix_miss_p50_ms=percentile(misses, 50) if misses else 0.0,
        warm=[figures for figures, _ in warm],
        redis_problem=redis_problem,
        load=load,
    )
    (data_dir / f"cache-{engine.name}.json").write_text(json.dumps(asdict(result)), "utf-8")
    return 0


# --- the report -----------------------------------------------------------------------------


def section(results: list[Result], args: argparse.Namespace, skipped: dict[str, str]) -> str:
    lines = [
        SECTION,
        "",
        f"Written by `bench/catalog_cache.py` (`make bench`) on "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, on the machine above.",
        "",
        "The catalog benchmark's document and buyer, over HTTP to `vitrine serve` (one uvicorn "
        'process) with the response cache on (README "Response cache"): page 1 read from a '
        "warm cache, in the server's memory or in Redis.",
        "",
        f"| engine | cache | warm p50 ms | warm p95 ms | req/s ({args.clients} clients) | "
        "p50 ms under load | SQL/hit | SQL/miss | CPU ms/hit | CPU ms/page uncached |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        for w in r.warm:
            lines.append(
                f"| {r.engine} | {w.backend} | {w.p50_ms:.2f} | {w.p95_ms:.2f} | {w.rps:.0f} | "
                f"{w.loaded_p50_ms:.1f} | {r.sql_per_hit} | {r.sql_per_miss} | "
                f"{r.cpu_ms_per_hit:.2f} | {r.cpu_ms_per_page:.2f} |"
            )
    for r in results:
        for w in r.warm:
            if w.check:
                lines.append(
                    f"\n- {r.engine}, {w.backend}: the cached page differs from the floor: "
                    f"{w.check}."
                )
        if r.redis_problem:
            lines.append(f"\n- {r.engine}: Redis not run ({r.redis_problem}).")
    for engine, problem in skipped.items():
        lines.append(f"\n- {engine}: not run ({problem}).")
    loads = ", ".join(f"{r.engine} {r.load:.1f}" for r in results)
    lines += [
        "",
        f"Load average (1 min) when each engine's run began: {loads}, on {os.cpu_count()} cores.",
        "",
        f"The mix: {MIX_BUYERS} buyers of {MIX_COMPANIES} companies (one purchasing contact "
        f"each, the other {MIX_BUYERS - MIX_COMPANIES} in billing, who see no prices) at once, "
        f"each reading the same {args.pages} pages of 100 products in an order of its own, on "
        "an empty cache in the server's memory.",
        "",
        "| engine | requests | hits | hit rate | hit p50 ms | miss p50 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        rate = r.mix_hits / r.mix_requests if r.mix_requests else 0.0
        lines.append(
            f"| {r.engine} | {r.mix_requests} | {r.mix_hits} | {rate:.0%} | "
            f"{r.mix_hit_p50_ms:.1f} | {r.mix_miss_p50_ms:.1f} |"
        )
    lines += [
        "",
        f"- **warm p50, p95**: {args.runs} requests one at a time after five untimed ones, "
        "each checked to say `extensions.cache: HIT`; the rows and prices of the cached page "
        "are checked against the floor's (bench/catalog_floor.py).",
        f"- **req/s**: {args.clients} clients for {args.duration:.0f} s, as in the catalog "
        "benchmark; every answer a HIT.",
        "- **SQL/hit, SQL/miss**: statements of page 1 through the app in the benchmark's "
        "process: a hit reads who is asking (token, storefront) and the catalog version, "
        "nothing of the page.",
        "- **CPU ms/hit, CPU ms/page uncached**: the benchmark process's CPU time per request "
        "of page 1 through the app in that process (ASGI transport, no socket), from the cache "
        "and with the cache off: unlike wall-clock figures, other processes on the machine do "
        "not change it.",
        "- **hit rate**: the pages are shared by the buyers with the same key: the company, "
        "and whether the contact sees prices. Ten buyers of three companies in two roles are "
        "six keys: the first reader of each page and key misses, everyone after hits, so "
        f"{MIX_BUYERS} x {args.pages} requests over 6 x {args.pages} keys make 40 % at best; "
        "a second round would be all hits until the catalog changes.",
        "",
    ]
    return "\n".join(lines)


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
        path = data_dir / f"cache-{name}.json"
        path.unlink(missing_ok=True)
        child = [sys.executable, "-m", "bench.catalog_cache", *argv, "--engine", name, "--child"]
        if subprocess.run(child, cwd=ROOT).returncode != 0:
            return 1
        raw = json.loads(path.read_text(encoding="utf-8"))
        raw["warm"] = [Warm(**w) for w in raw["warm"]]
        results.append(Result(**raw))
    if args.output:
        write(ROOT / args.output, section(results, args, skipped), SECTION)
        print(f"Updated {args.output}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=("sqlite", "postgres", "all"), default="all")
    parser.add_argument("--runs", type=int, default=300, help="sequential warm requests")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds under load")
    parser.add_argument("--pages", type=int, default=20, help="pages each buyer of the mix reads")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_CACHE_DATABASE_URL") or DEFAULT_POSTGRES,
        help="the benchmark's own PostgreSQL database",
    )
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL") or DEFAULT_REDIS)
    parser.add_argument("--data-dir", default="var/bench/cache")
    parser.add_argument("--output", default="BENCHMARKS.md", help="report file ('' for none)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    argv = sys.argv[1:]
    args = parser.parse_args(argv)
    if args.child:
        return asyncio.run(run_one(args))
    return run_all(args, [a for a in argv if a != "--child"])


if __name__ == "__main__":
    sys.exit(main())
