"""Production mode (SPEC F8): `VITRINE_ENV=production` or `vitrine serve --production` turns
GraphiQL, introspection and name suggestions off, adds the security headers, stops slow
requests, and refuses to start with a development secret key."""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
import subprocess
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from graphql_api.app import create_app
from graphql_api.settings import PUBLISHED_KEYS, Settings, SettingsError
from graphql_api.web.security import RequestTimeout
from tests.test_cli import vitrine

REPO = Path(__file__).resolve().parent.parent
PORT = 8797
STRONG_KEY = secrets.token_urlsafe(48)


def _env(settings: Settings, **extra: str) -> dict[str, str]:
    return {
        "VITRINE_DATA_DIR": str(settings.data_dir),
        "VITRINE_SECRET_KEY": STRONG_KEY,
        "DATABASE_URL": settings.database_url,
        "VITRINE_ENV": "production",
        **extra,
    }


async def _client(settings: Settings, base_url: str) -> httpx.AsyncClient:
    app = create_app(settings, manage_database=False)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=base_url)


@pytest.fixture
async def production(database: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with await _client(Settings.from_env(_env(database)), "http://testserver") as http:
        yield http


async def _post(http: httpx.AsyncClient, query: str, variables: Any = None) -> dict[str, Any]:
    response = await http.post("/graphql", json={"query": query, "variables": variables or {}})
    assert response.status_code == 200, response.text
    return response.json()


def _messages(body: dict[str, Any]) -> str:
    return " | ".join(e["message"] for e in body.get("errors", []))


def test_production_settings_turn_the_developer_aids_off(database):
    settings = Settings.from_env(_env(database))
    assert settings.production
    assert (settings.graphiql, settings.introspection) == (False, False)
    assert settings.request_timeout == 30
    development = Settings.from_env({**_env(database), "VITRINE_ENV": "development"})
    assert (development.graphiql, development.introspection) == (True, True)
    assert development.request_timeout == 0
    # Each may be asked for explicitly.
    asked = Settings.from_env(
        _env(database, VITRINE_INTROSPECTION="true", VITRINE_REQUEST_TIMEOUT="5")
    )
    assert asked.introspection and not asked.graphiql and asked.request_timeout == 5
    with pytest.raises(SettingsError, match="VITRINE_ENV"):
        Settings.from_env({**_env(database), "VITRINE_ENV": "staging"})


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("", "needs VITRINE_SECRET_KEY"),
        (sorted(PUBLISHED_KEYS)[0], "development key"),
        ("short-but-random-Xy7", "too weak"),
        ("a" * 64, "too weak"),
    ],
)
def test_production_refuses_a_development_secret_key(tmp_path, key, reason):
    env = {"VITRINE_DATA_DIR": str(tmp_path), "VITRINE_ENV": "production"}
    with pytest.raises(SettingsError, match=reason):
        Settings.from_env({**env, "VITRINE_SECRET_KEY": key})
    # Nothing was generated on the way.
    assert not (tmp_path / "secret.key").exists()


def test_production_refuses_the_key_generated_for_development(tmp_path):
    generated = Settings.from_env({"VITRINE_DATA_DIR": str(tmp_path)}).secret_key
    assert (tmp_path / "secret.key").read_text() == generated
    env = {"VITRINE_DATA_DIR": str(tmp_path), "VITRINE_ENV": "production"}
    with pytest.raises(SettingsError, match="development key"):
        Settings.from_env({**env, "VITRINE_SECRET_KEY": generated})
    assert Settings.from_env({**env, "VITRINE_SECRET_KEY": STRONG_KEY}).production


def test_serve_production_without_a_key_stops_before_serving(tmp_path):
    result = vitrine(tmp_path, "serve", "--production", "--port", str(PORT))
    assert result.returncode == 2, result.stderr
    assert "VITRINE_SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "vitrine.sqlite3").exists()
    demo = vitrine(tmp_path, "serve", "--production", "--demo", VITRINE_SECRET_KEY=STRONG_KEY)
    assert demo.returncode == 2
    assert "published passwords" in demo.stderr


async def test_graphiql_and_introspection_are_off(production):
    page = await production.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 404
    assert "graphiql" not in page.text.lower()
    body = await _post(production, "{ __schema { types { name } } }")
    assert body["data"] is None
    assert "introspection" in _messages(body).lower()
    assert (await _post(production, "{ viewer { kind } }"))["data"] == {
        "viewer": {"kind": "ANONYMOUS"}
    }


# Typos of a field, an argument, a type and an enum value (the last in variables, checked by
# execution rather than validation).
TYPOS = [
    ("{ viewr { kind } }", None, "viewer"),
    ("{ products(frist: 1) { nodes { sku } } }", None, "first"),
    ("query($n: Itn) { products(first: $n) { nodes { sku } } }", None, "Int"),
    (
        "query($s: [CompanyStatus!]) { companies(status: $s) { totalCount } }",
        {"s": ["CURENT"]},
        "CURRENT",
    ),
]


@pytest.mark.parametrize(("query", "variables", "name"), TYPOS)
async def test_errors_suggest_no_names_when_introspection_is_off(
    production, client, query, variables, name
):
    hidden = await _post(production, query, variables)
    assert hidden["errors"], hidden
    assert "Did you mean" not in _messages(hidden)
    assert f"'{name}'" not in _messages(hidden)
    # The same typo in development gets its hint: the check above can fail.
    shown = await _post(client, query, variables)
    assert "Did you mean" in _messages(shown) and f"'{name}'" in _messages(shown)


def _security_headers(response: httpx.Response) -> None:
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["content-security-policy"] == "frame-ancestors 'none'"
    assert response.headers["referrer-policy"] == "no-referrer"


async def test_security_headers_on_every_answer(production, database):
    for response in (
        await production.get("/healthz"),
        await production.post("/graphql", json={"query": "{ viewer { kind } }"}),
        await production.post(
            "/graphql", content=b"{", headers={"content-type": "application/json"}
        ),
        await production.get("/price-table.csv", headers={"Authorization": "Bearer nope"}),
    ):
        _security_headers(response)
        # Plain http: HSTS would be ignored, and is not sent.
        assert "strict-transport-security" not in response.headers
    async with await _client(Settings.from_env(_env(database)), "https://vitrine.test") as https:
        response = await https.get("/healthz")
        _security_headers(response)
        assert response.headers["strict-transport-security"] == (
            "max-age=31536000; includeSubDomains"
        )
    development = Settings.from_env({**_env(database), "VITRINE_ENV": "development"})
    async with await _client(development, "https://vitrine.test") as https:
        response = await https.get("/healthz")
        _security_headers(response)
        assert "strict-transport-security" not in response.headers


async def test_a_request_past_its_deadline_is_stopped_with_503():
    finished: list[str] = []

    async def slow(request: Any) -> PlainTextResponse:
        await asyncio.sleep(5)
        finished.append("slow")
        return PlainTextResponse("late")

    async def quick(request: Any) -> PlainTextResponse:
        return PlainTextResponse("ok")

    app = RequestTimeout(
        Starlette(routes=[Route("/slow", slow), Route("/quick", quick)]), seconds=0.5
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        started = time.perf_counter()
        response = await http.get("/slow")
        elapsed = time.perf_counter() - started
        assert response.status_code == 503
        assert response.headers["retry-after"] == "5"
        assert response.json()["errors"][0]["extensions"]["code"] == "REQUEST_TIMEOUT"
        assert 0.4 < elapsed < 2.0, elapsed
        assert (await http.get("/quick")).text == "ok"
    # The handler was cancelled, not left running.
    await asyncio.sleep(0.1)
    assert finished == []


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def test_serve_production_runs_a_locked_down_server(tmp_path):
    """`vitrine serve --production` reaches the uvicorn workers: a real process."""
    assert _port_is_free(PORT), f"port {PORT} is in use"
    env = dict(os.environ)
    for name in ("DATABASE_URL", "VITRINE_ENV", "VITRINE_GRAPHIQL", "VITRINE_INTROSPECTION"):
        env.pop(name, None)
    env.update(
        VITRINE_DATA_DIR=str(tmp_path), VITRINE_SECRET_KEY=STRONG_KEY, VITRINE_LOG_LEVEL="WARNING"
    )
    log = tmp_path / "server.log"
    with log.open("ab") as out:
        process = subprocess.Popen(
            [str(REPO / ".venv" / "bin" / "vitrine"), "serve", "--production", "--port", str(PORT)],
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{PORT}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, log.read_text()
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.25)
        with httpx.Client(base_url=base, timeout=30) as http:
            assert http.get("/graphql", headers={"Accept": "text/html"}).status_code == 404
            body = http.post("/graphql", json={"query": "{ __schema { types { name } } }"})
            assert "introspection" in _messages(body.json()).lower()
            typo = http.post("/graphql", json={"query": "{ viewr { kind } }"}).json()
            assert "Did you mean" not in _messages(typo)
            _security_headers(http.get("/healthz"))
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)
    assert "in production mode" in log.read_text()
