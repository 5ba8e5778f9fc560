"""The API side of the catalog benchmark: a real `vitrine serve` in a subprocess, a signed-in
buyer, and httpx clients timing the products page over loopback HTTP."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import orjson

from bench import cpu_share
from bench.catalog_data import BUYER_EMAIL, BUYER_PASSWORD, Engine
from bench.lean_http import LeanConnection, request_bytes

PAGE_SIZE = 100
PRODUCTS = """query($after: String) { products(first: 100, after: $after) {
  pageInfo { endCursor hasNextPage }
  nodes { id sku name category { name } supplier { name }
    price(quantity: 1) { amount appliedRules } } } }"""
# Walking to the deep page needs only the cursors; asking for prices there would only make
# the walk slower.
CURSORS = """query($after: String) { products(first: 100, after: $after) {
  pageInfo { endCursor hasNextPage } } }"""
# The same page with less asked of it, to see what each part of the document costs.
BREAKDOWN = {
    "nodes { id }": "nodes { id }",
    "+ sku name category supplier": "nodes { id sku name category { name } supplier { name } }",
    "+ price { amount appliedRules } (the benchmark)": "nodes { id sku name category { name } "
    "supplier { name } price(quantity: 1) { amount appliedRules } }",
}
LOGIN = """mutation($email: String!, $password: String!) {
  contactLogin(input: {email: $email, password: $password}) {
    session { token } userErrors { field message code } } }"""
READY_TIMEOUT = 120.0


class BenchError(RuntimeError):
    """The API answered something the benchmark cannot time: errors, a short page."""


@dataclass
class Server:
    url: str
    log: Path
    pid: int


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _wait_ready(url: str, process: asyncio.subprocess.Process, log: Path) -> None:
    """Poll /readyz: serve migrates first, so the port opens only after that."""
    deadline = time.monotonic() + READY_TIMEOUT
    async with httpx.AsyncClient(base_url=url, timeout=2.0) as http:
        while time.monotonic() < deadline:
            if process.returncode is not None:
                raise BenchError(f"the server exited with {process.returncode}; see {log}")
            with contextlib.suppress(httpx.TransportError):
                if (await http.get("/readyz")).status_code == 200:
                    return
            await asyncio.sleep(0.2)
    raise BenchError(f"the server was not ready after {READY_TIMEOUT:.0f} s; see {log}")


@contextlib.asynccontextmanager
async def served(engine: Engine, workers: int = 1, **settings: str) -> AsyncIterator[Server]:
    """`vitrine serve` as a deployment runs it (`workers` uvicorn processes, INFO logs, access
    log), minus the notification worker, which would only add noise. Its output goes to a
    file. `settings` are environment variables over the engine's."""
    port = _free_port()
    log = engine.data_dir / f"server-{engine.name}-{workers}.log"
    env = {**os.environ, **engine.environment(), **settings}
    with log.open("wb") as output:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "graphql_api.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            env=env,
            stdout=output,
            stderr=asyncio.subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        await _wait_ready(url, process, log)
        yield Server(url, log, process.pid)
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 15)
            except TimeoutError:
                process.kill()
                await process.wait()


async def login(http: httpx.AsyncClient) -> str:
    """The buyer's bearer token, through the real contactLogin mutation."""
    variables = {"email": BUYER_EMAIL, "password": BUYER_PASSWORD}
    response = await http.post("/graphql", json={"query": LOGIN, "variables": variables})
    body = response.json()
    session = ((body.get("data") or {}).get("contactLogin") or {}).get("session")
    if not session:
        raise BenchError(f"the buyer could not sign in: {body}")
    return str(session["token"])


def checked(response: httpx.Response, size: int = PAGE_SIZE) -> dict[str, Any]:
    """The products connection of a response, or BenchError when it is not a full page."""
    if response.status_code != 200:
        raise BenchError(f"HTTP {response.status_code}: {response.text[:500]}")
    body = response.json()
    if body.get("errors"):
        raise BenchError(f"GraphQL errors: {body['errors'][:3]}")
    products = body["data"]["products"]
    if "nodes" in products and len(products["nodes"]) != size:
        raise BenchError(f"expected {size} products, got {len(products['nodes'])}")
    return products


async def post(
    http: httpx.AsyncClient, token: str, query: str, after: str | None
) -> httpx.Response:
    return await http.post(
        "/graphql",
        json={"query": query, "variables": {"after": after}},
        headers={"Authorization": f"Bearer {token}"},
    )


def variant(selection: str) -> str:
    return (
        "query($after: String) { products(first: 100, after: $after) { "
        f"pageInfo {{ endCursor hasNextPage }} {selection} }} }}"
    )


async def cursor_before_page(http: httpx.AsyncClient, token: str, page: int) -> str | None:
    """The `after` cursor that opens page `page`, found by walking the pages before it the way
    a client would (the cursor is opaque: the benchmark does not build it itself)."""
    after: str | None = None
    for number in range(1, page):
        connection = checked(await post(http, token, CURSORS, after))
        if not connection["pageInfo"]["hasNextPage"]:
            raise BenchError(f"the catalog ends at page {number}, before page {page}")
        after = connection["pageInfo"]["endCursor"]
    return after


async def sequential(
    http: httpx.AsyncClient, token: str, after: str | None, runs: int, warmup: int
) -> tuple[list[float], dict[str, Any]]:
    """Seconds per request, one request at a time (latency without queueing), and the last
    page returned (to compare with the floor)."""
    page: dict[str, Any] = {}
    for _ in range(warmup):
        page = checked(await post(http, token, PRODUCTS, after))
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        page = checked(await post(http, token, PRODUCTS, after))
        seconds.append(time.perf_counter() - started)
    return seconds, page


def checked_body(status: int, body: bytes, size: int = PAGE_SIZE) -> None:
    """As `checked`, for the lean client's answers."""
    if status != 200:
        raise BenchError(f"HTTP {status}: {body[:500]!r}")
    decoded = orjson.loads(body)
    if decoded.get("errors"):
        raise BenchError(f"GraphQL errors: {decoded['errors'][:3]}")
    nodes = decoded["data"]["products"].get("nodes")
    if nodes is not None and len(nodes) != size:
        raise BenchError(f"expected {size} products, got {len(nodes)}")


async def spread_connections(
    url: str, request: bytes, clients: int, server: Server, workers: int
) -> list[LeanConnection]:
    """`clients` keep-alive connections spread evenly over the server's worker processes, as a
    load balancer in front of them would: uvicorn's workers share one listening socket, and
    whichever is awake takes the next connection, so eight connections opened together could
    land 7 and 1, and the run then measured one busy worker and one idle (0.9x to 1.6x between
    runs before this). Each connection sends one checked request, then /proc says which worker
    holds it; one too many for its worker is closed."""
    per_worker = -(-clients // workers)
    kept: dict[int, list[LeanConnection]] = {}
    surplus: list[LeanConnection] = []
    try:
        for _ in range(clients * 10):
            if sum(len(c) for c in kept.values()) >= clients:
                break
            connection = await LeanConnection.open(url)
            checked_body(*await connection.send(request))
            port = connection.local_port
            owner = cpu_share.connection_owners(server.pid, {port}).get(port, 0)
            held = kept.setdefault(owner, [])
            (held if len(held) < per_worker else surplus).append(connection)
    finally:
        for connection in surplus:
            await connection.close()
    print("  connections per worker:", sorted(len(c) for c in kept.values()), flush=True)
    return [c for held in kept.values() for c in held][:clients]


async def concurrent(
    http: httpx.AsyncClient,
    token: str,
    after: str | None,
    clients: int,
    duration: float,
    server: Server | None = None,
    workers: int = 1,
) -> tuple[float, list[float], cpu_share.Share | None]:
    """Requests per second with `clients` requests always in flight for `duration` seconds,
    and the latencies seen under that load: each client a keep-alive connection of the lean
    client (bench/lean_http.py), so the load generator's own CPU does not set the ceiling.
    With `server`: whose CPU the load used (bench/cpu_share.py), and with `workers` > 1 the
    connections spread evenly over them."""
    url = str(http.base_url)
    request = request_bytes(
        url,
        "/graphql",
        {"query": PRODUCTS, "variables": {"after": after}},
        {"Authorization": f"Bearer {token}"},
    )
    if server is not None and workers > 1:
        connections = await spread_connections(url, request, clients, server, workers)
    else:
        connections = [await LeanConnection.open(url) for _ in range(clients)]
    deadline = time.perf_counter() + duration
    seconds: list[float] = []

    async def client(connection: LeanConnection) -> None:
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            checked_body(*await connection.send(request))
            seconds.append(time.perf_counter() - started)

    before = cpu_share.sample(server.pid) if server is not None else None
    started = time.perf_counter()
    try:
        await asyncio.gather(*(client(c) for c in connections))
        elapsed = time.perf_counter() - started
        after = cpu_share.sample(server.pid) if server is not None else None
    finally:
        for connection in connections:
            await connection.close()
    return len(seconds) / elapsed, seconds, cpu_share.share(before, after, len(seconds))


def client(url: str, connections: int = 16) -> httpx.AsyncClient:
    """Keep-alive connections, as a real API client or a storefront's server would hold."""
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    return httpx.AsyncClient(base_url=url, timeout=60.0, limits=limits)
