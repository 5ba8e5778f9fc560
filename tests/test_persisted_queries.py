"""Persisted queries (SPEC F8): automatic persisted queries (Apollo's protocol) for headless
clients, and a safelist mode where only registered documents run."""

from __future__ import annotations

import dataclasses
import hashlib
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from graphql_api.app import create_app
from graphql_api.models import Supplier
from graphql_api.settings import Settings
from graphql_api.shared_state import SharedState

REDIS_URL = "redis://127.0.0.1:6379/0"
VIEWER = "{ viewer { kind } }"
SUPPLIERS = "query Suppliers { suppliers(first: 5) { nodes { name } } }\n"
CREATE = 'mutation { createSupplier(input: {name: "Intrusa"}) { supplier { id } } }'


def sha(document: str) -> str:
    return hashlib.sha256(document.encode()).hexdigest()


def persisted(digest: str, version: Any = 1) -> dict[str, Any]:
    return {"persistedQuery": {"version": version, "sha256Hash": digest}}


async def post(
    http: httpx.AsyncClient,
    query: str | None,
    extensions: dict[str, Any] | None = None,
    token: str | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if query is not None:
        body["query"] = query
    if extensions is not None:
        body["extensions"] = extensions
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await http.post("/graphql", json=body, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def code(body: dict[str, Any]) -> str:
    return body["errors"][0]["extensions"]["code"]


def client_for(settings: Settings, shared: SharedState | None = None) -> httpx.AsyncClient:
    app = create_app(settings, manage_database=False, shared=shared)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


async def test_automatic_persisted_query_round_trip(api):
    http = api.http
    digest = sha(VIEWER)
    # The client tries the hash alone first: unknown, so nothing runs.
    missing = await post(http, None, persisted(digest))
    assert missing["data"] is None
    assert missing["errors"][0]["message"] == "PersistedQueryNotFound"
    assert code(missing) == "PERSISTED_QUERY_NOT_FOUND"
    assert missing["extensions"]["cost"]["requested"] == 0
    # Then hash and document: it runs and is stored.
    registered = await post(http, VIEWER, persisted(digest))
    assert registered["data"] == {"viewer": {"kind": "ANONYMOUS"}}
    # From then on the hash alone is enough.
    by_hash = await post(http, None, persisted(digest))
    assert by_hash["data"] == {"viewer": {"kind": "ANONYMOUS"}}
    assert "errors" not in by_hash
    # Ordinary requests are untouched.
    assert (await post(http, VIEWER))["data"] == {"viewer": {"kind": "ANONYMOUS"}}


@pytest.mark.parametrize(
    ("extensions", "message"),
    [
        (persisted(sha("{ viewer { id } }")), "does not match"),
        (persisted(sha(VIEWER), version=2), "version: 1"),
        (persisted("not-a-hash"), "64 lower-case hex"),
        (persisted(sha(VIEWER).upper()), "64 lower-case hex"),
        ({"persistedQuery": "yes"}, "version: 1"),
    ],
)
async def test_malformed_persisted_query_requests_are_refused(api, extensions, message):
    body = await post(api.http, VIEWER, extensions)
    assert body["data"] is None
    assert code(body) == "BAD_REQUEST"
    assert message in body["errors"][0]["message"]


async def test_a_document_whose_hash_differs_is_not_stored(api):
    wrong = sha("{ viewer { id } }")
    await post(api.http, VIEWER, persisted(wrong))
    assert code(await post(api.http, None, persisted(wrong))) == "PERSISTED_QUERY_NOT_FOUND"


async def test_automatic_persisted_queries_can_be_switched_off(settings):
    off = dataclasses.replace(settings, automatic_persisted_queries=False)
    async with client_for(off) as http:
        body = await post(http, None, persisted(sha(VIEWER)))
        assert code(body) == "PERSISTED_QUERY_NOT_SUPPORTED"
        # A document sent with its hash just runs, and is not kept.
        assert (await post(http, VIEWER, persisted(sha(VIEWER))))["data"] is not None
        body = await post(http, None, persisted(sha(VIEWER)))
        assert code(body) == "PERSISTED_QUERY_NOT_SUPPORTED"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "suppliers.graphql").write_text(SUPPLIERS, encoding="utf-8")
    (tmp_path / "viewer.graphql").write_text(VIEWER, encoding="utf-8")
    (tmp_path / "notes.txt").write_text(CREATE, encoding="utf-8")
    return tmp_path


@pytest.fixture
async def safelisted(settings: Settings, folder: Path) -> AsyncIterator[httpx.AsyncClient]:
    locked = dataclasses.replace(settings, query_safelist=True, persisted_dir=folder)
    async with client_for(locked) as http:
        yield http


async def test_the_safelist_runs_registered_documents_only(safelisted, admin):
    # A registered document, sent whole or by hash.
    assert (await post(safelisted, VIEWER))["data"] == {"viewer": {"kind": "ANONYMOUS"}}
    by_hash = await post(safelisted, None, persisted(sha(SUPPLIERS)), token=admin.token)
    assert by_hash["data"] == {"suppliers": {"nodes": []}}
    # Anything else is refused before it runs, even for an admin, and even when it offers
    # its hash (no registration through APQ); only *.graphql files were read.
    for extensions in (None, persisted(sha(CREATE))):
        body = await post(safelisted, CREATE, extensions, token=admin.token)
        assert body["data"] is None
        assert code(body) == "PERSISTED_QUERY_NOT_ALLOWED"
    assert code(await post(safelisted, None, persisted(sha(CREATE)))) == (
        "PERSISTED_QUERY_NOT_ALLOWED"
    )
    assert await Supplier.all().count() == 0
    # A registered text with other whitespace is another document.
    assert code(await post(safelisted, VIEWER + " ")) == "PERSISTED_QUERY_NOT_ALLOWED"


async def test_documents_registered_in_code_join_the_safelist(settings, folder):
    locked = dataclasses.replace(settings, query_safelist=True, persisted_dir=folder)
    app = create_app(locked, manage_database=False)
    theme_document = "{ viewer { kind staff { id } } }"
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        assert code(await post(http, theme_document)) == "PERSISTED_QUERY_NOT_ALLOWED"
        assert app.state.schema.persisted.register(theme_document) == sha(theme_document)
        body = await post(http, theme_document)
        assert body["data"] == {"viewer": {"kind": "ANONYMOUS", "staff": None}}


async def test_registered_documents_run_by_hash_without_the_safelist(settings, folder):
    async with client_for(dataclasses.replace(settings, persisted_dir=folder)) as http:
        assert (await post(http, None, persisted(sha(VIEWER))))["data"] is not None
        # And other documents still run.
        assert (await post(http, "{ viewer { staff { id } } }"))["data"] is not None


@pytest.fixture
async def redis_prefix() -> AsyncIterator[str]:
    prefix = f"vitrine-test-{uuid.uuid4().hex}:"
    probe = SharedState(REDIS_URL, prefix)
    try:
        assert probe.redis is not None
        await probe.redis.ping()
    except Exception as exc:
        await probe.close()
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: {exc}")
    yield prefix
    assert probe.redis is not None
    async for key in probe.redis.scan_iter(match=prefix + "*"):
        await probe.redis.delete(key)
    await probe.close()


async def test_a_document_stored_through_one_process_runs_by_hash_on_another(
    settings, redis_prefix
):
    digest = sha(VIEWER)
    first_state = SharedState(REDIS_URL, redis_prefix)
    second_state = SharedState(REDIS_URL, redis_prefix)
    try:
        async with (
            client_for(settings, first_state) as first,
            client_for(settings, second_state) as second,
        ):
            assert code(await post(second, None, persisted(digest))) == (
                "PERSISTED_QUERY_NOT_FOUND"
            )
            assert (await post(first, VIEWER, persisted(digest)))["data"] is not None
            body = await post(second, None, persisted(digest))
            assert body["data"] == {"viewer": {"kind": "ANONYMOUS"}}
            assert first_state.redis is not None
            assert await first_state.redis.ttl(f"{redis_prefix}apq:{digest}") > 0
    finally:
        await first_state.close()
        await second_state.close()


async def test_without_redis_each_process_keeps_its_own_documents(settings):
    digest = sha(VIEWER)
    async with client_for(settings) as first, client_for(settings) as second:
        assert (await post(first, VIEWER, persisted(digest)))["data"] is not None
        assert (await post(first, None, persisted(digest)))["data"] is not None
        assert code(await post(second, None, persisted(digest))) == "PERSISTED_QUERY_NOT_FOUND"
