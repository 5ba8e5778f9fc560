"""The response cache of catalog reads (issue 13 part 2, schema/core/cache.py), on both backends:
in-process and Redis. Reads go through an app of their own with the cache, changes through the
suite's app (as another process would make them): each kind of change is seen on the next read,
which is a MISS; what is not cacheable never says HIT or MISS; errors are never kept."""

from __future__ import annotations

import asyncio
import dataclasses
import socket
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from redis import asyncio as aioredis

from graphql_api.app import create_app
from graphql_api.settings import Settings
from tests import catalog_helpers as c
from tests import servers
from tests.conftest import Api
from tests.factories import create_company
from tests.identity_helpers import activate, add_contact, buyer

REDIS_URL = "redis://127.0.0.1:6379/0"

PAGE = """query($first: Int) { products(first: $first) { edges { node {
  sku name category { name } supplier { name } price { amount appliedRules } } } } }"""
GROUP = """mutation($input: CreateCustomerGroupInput!) { createCustomerGroup(input: $input) {
  customerGroup { id } userErrors { field message code } } }"""


def _redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture(params=["memory", "redis"])
async def reads(request: pytest.FixtureRequest, database: Settings) -> AsyncIterator[Api]:
    """An app of its own for the reads, with the cache in this process or in Redis (under a
    prefix of this test's own)."""
    settings = database
    if request.param == "redis":
        if not _redis_answers():
            pytest.skip("needs Redis at 127.0.0.1:6379")
        prefix = f"vitrine-test-cache-{uuid.uuid4().hex}:"
        settings = dataclasses.replace(database, redis_url=REDIS_URL, redis_prefix=prefix)
    app = create_app(settings, manage_database=False)
    assert app.state.shared.backend == request.param
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield Api(http)
    if request.param == "redis":
        redis = aioredis.Redis.from_url(REDIS_URL)
        keys = [key async for key in redis.scan_iter(f"{settings.redis_prefix}*")]
        if keys:
            await redis.delete(*keys)
        await redis.aclose()
    await app.state.shared.close()


async def _group(admin: Any, name: str, discount: str) -> str:
    body = await admin.data(GROUP, {"input": {"name": name, "discountPercent": discount}})
    return body["createCustomerGroup"]["customerGroup"]["id"]


async def _change(admin: Any, mutation: str, payload: str, data: dict[str, Any]) -> None:
    await c._ok(admin, mutation, payload, "__typename", data)


@pytest.fixture
async def world(api: Any, admin: Any) -> dict[str, Any]:
    """Products A (100) and B (50) of suppliers S1 and S2 in category Tools; the company X in
    group G (10 %), whose BRL list L has A at 80; a purchasing buyer of X."""
    s1, s2 = await c.supplier(admin, "S1"), await c.supplier(admin, "S2")
    tools = await c.category(admin, "Tools")
    a = await c.product(admin, "A", "100.00", s1, tools)
    b = await c.product(admin, "B", "50.00", s2, tools)
    group, other_group = await _group(admin, "G", "10"), await _group(admin, "G0", "0")
    listing = await c.price_list(admin, "L", "BRL")
    await c.entries(admin, listing, {"productId": a, "price": "80.00"})
    await c.assign(admin, listing, groupId=group)
    company = (await create_company(admin, groupId=group))["id"]
    contact = await add_contact(admin, company, "ana@x.com.br", roles=["PURCHASING"])
    await activate(api, admin, contact["id"])
    me = await buyer(api, "ana@x.com.br")
    return {
        "s1": s1,
        "s2": s2,
        "tools": tools,
        "a": a,
        "b": b,
        "group": group,
        "other_group": other_group,
        "list": listing,
        "company": company,
        "token": me.token,
    }


def _rows(body: dict[str, Any]) -> dict[str, tuple[Any, ...]]:
    assert not body.get("errors"), body["errors"]
    return {
        edge["node"]["sku"]: (
            edge["node"]["name"],
            edge["node"]["category"]["name"] if edge["node"]["category"] else None,
            edge["node"]["supplier"]["name"],
            edge["node"]["price"]["amount"] if edge["node"]["price"] else None,
        )
        for edge in body["data"]["products"]["edges"]
    }


BEFORE = {"A": ("Produto A", "Tools", "S1", "72.00"), "B": ("Produto B", "Tools", "S2", "45.00")}

Change = Callable[[Any, dict[str, Any]], Awaitable[None]]


async def _product(admin: Any, w: dict[str, Any]) -> None:
    await _change(admin, "updateProduct", "product", {"id": w["b"], "basePrice": "60.00"})


async def _new_product(admin: Any, w: dict[str, Any]) -> None:
    await c.product(admin, "C", "10.00", w["s1"], w["tools"])


async def _category(admin: Any, w: dict[str, Any]) -> None:
    await _change(admin, "updateCategory", "category", {"id": w["tools"], "name": "Hand tools"})


async def _supplier(admin: Any, w: dict[str, Any]) -> None:
    await _change(admin, "updateSupplier", "supplier", {"id": w["s2"], "isActive": False})


async def _entry(admin: Any, w: dict[str, Any]) -> None:
    await c.entries(admin, w["list"], {"productId": w["a"], "price": "60.00"})


async def _assignment(admin: Any, w: dict[str, Any]) -> None:
    own = await c.price_list(admin, "Own", "BRL")
    await c.entries(admin, own, {"productId": w["b"], "price": "40.00"})
    await c.assign(admin, own, companyId=w["company"])


async def _limit(admin: Any, w: dict[str, Any]) -> None:
    await c.limit(admin, companyId=w["company"], supplierIds=[w["s1"]])


async def _policy(admin: Any, w: dict[str, Any]) -> None:
    await c.policy(admin, groupId=w["group"], maxDiscountPercent="5")


async def _storefront(admin: Any, w: dict[str, Any]) -> None:
    await _change(admin, "updateStorefront", "storefront", {"priceVisibility": "HIDDEN"})


async def _company_discount(admin: Any, w: dict[str, Any]) -> None:
    data = {"id": w["company"], "discountPercent": "20"}
    await _change(admin, "updateCompany", "company", data)


async def _company_group(admin: Any, w: dict[str, Any]) -> None:
    data = {"id": w["company"], "groupId": w["other_group"]}
    await _change(admin, "updateCompany", "company", data)


async def _group_discount(admin: Any, w: dict[str, Any]) -> None:
    data = {"id": w["group"], "discountPercent": "20"}
    await _change(admin, "updateCustomerGroup", "customerGroup", data)


CHANGES: list[tuple[str, Change, dict[str, tuple[Any, ...] | None]]] = [
    ("product", _product, {"B": ("Produto B", "Tools", "S2", "54.00")}),
    ("new product", _new_product, {"C": ("Produto C", "Tools", "S1", "9.00")}),
    (
        "category",
        _category,
        {
            "A": ("Produto A", "Hand tools", "S1", "72.00"),
            "B": ("Produto B", "Hand tools", "S2", "45.00"),
        },
    ),
    ("supplier", _supplier, {"B": None}),
    ("price list entry", _entry, {"A": ("Produto A", "Tools", "S1", "54.00")}),
    ("price list assignment", _assignment, {"B": ("Produto B", "Tools", "S2", "36.00")}),
    ("catalog limit", _limit, {"B": None}),
    (
        "commercial policy",
        _policy,
        {"A": ("Produto A", "Tools", "S1", "76.00"), "B": ("Produto B", "Tools", "S2", "47.50")},
    ),
    (
        "storefront setting",
        _storefront,
        {"A": ("Produto A", "Tools", "S1", None), "B": ("Produto B", "Tools", "S2", None)},
    ),
    (
        "company discount",
        _company_discount,
        {"A": ("Produto A", "Tools", "S1", "64.00"), "B": ("Produto B", "Tools", "S2", "40.00")},
    ),
    (
        "company group",
        _company_group,
        {"A": ("Produto A", "Tools", "S1", "100.00"), "B": ("Produto B", "Tools", "S2", "50.00")},
    ),
    (
        "group discount",
        _group_discount,
        {"A": ("Produto A", "Tools", "S1", "64.00"), "B": ("Produto B", "Tools", "S2", "40.00")},
    ),
]


@pytest.mark.parametrize(("kind", "change", "expected"), CHANGES, ids=[c[0] for c in CHANGES])
async def test_each_kind_of_change_is_seen_on_the_next_read(
    reads: Api,
    admin: Any,
    world: dict[str, Any],
    kind: str,
    change: Change,
    expected: dict[str, tuple[Any, ...] | None],
) -> None:
    me = reads.as_(world["token"])
    first = await me(PAGE, {"first": 20})
    assert first["extensions"]["cache"] == "MISS"
    assert _rows(first) == BEFORE
    again = await me(PAGE, {"first": 20})
    assert again["extensions"]["cache"] == "HIT"
    assert again["data"] == first["data"]

    await change(admin, world)

    after = await me(PAGE, {"first": 20})
    assert after["extensions"]["cache"] == "MISS", kind
    wanted = {**BEFORE, **expected}
    assert _rows(after) == {sku: row for sku, row in wanted.items() if row is not None}
    assert (await me(PAGE, {"first": 20}))["extensions"]["cache"] == "HIT"
