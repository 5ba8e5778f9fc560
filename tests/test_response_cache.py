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
from graphql_api.models import CatalogVersion, Storefront
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


async def _buyer_of(api: Any, admin: Any, company: str, email: str, *roles: str) -> str:
    contact = await add_contact(admin, company, email, roles=list(roles or ["PURCHASING"]))
    await activate(api, admin, contact["id"])
    return str((await buyer(api, email)).token)


async def test_the_key_is_the_pricing_context_never_the_token(
    reads: Api, api: Any, admin: Any, world: dict[str, Any]
) -> None:
    """Two contacts of one company with the same role share entries (a company has one
    purchasing contact, so two billing ones here); the purchasing contact, another company and
    a visitor each get their own."""
    buying = await reads.as_(world["token"])(PAGE, {"first": 20})
    assert buying["extensions"]["cache"] == "MISS"
    assert _rows(buying) == BEFORE

    billing = await _buyer_of(api, admin, world["company"], "dora@x.com.br", "BILLING")
    withheld = await reads.as_(billing)(PAGE, {"first": 20})
    assert withheld["extensions"]["cache"] == "MISS"
    assert _rows(withheld)["A"][3] is None
    colleague = await _buyer_of(api, admin, world["company"], "eva@x.com.br", "BILLING")
    shared = await reads.as_(colleague)(PAGE, {"first": 20})
    assert (shared["extensions"]["cache"], shared["data"]) == ("HIT", withheld["data"])

    other = (await create_company(admin))["id"]
    stranger = await reads.as_(await _buyer_of(api, admin, other, "caio@y.com.br"))(
        PAGE, {"first": 20}
    )
    assert stranger["extensions"]["cache"] == "MISS"
    assert _rows(stranger)["A"][3] == "100.00"

    visitor = await reads(PAGE, {"first": 20})
    assert visitor["extensions"]["cache"] == "MISS"
    assert _rows(visitor)["A"][3] == "100.00"
    assert (await reads(PAGE, {"first": 20}))["extensions"]["cache"] == "HIT"
    # Other variables, another entry.
    assert (await reads(PAGE, {"first": 1}))["extensions"]["cache"] == "MISS"


NOT_CACHED = [
    ("staff-only field", "{ products(first: 5) { edges { node { sku basePrice { amount } } } } }"),
    ("stock", "{ products(first: 5) { edges { node { sku stock } } } }"),
    (
        "stock in a fragment",
        'query { product(sku: "A") { ...P } } fragment P on Product { sku stock }',
    ),
    ("another root", "{ products(first: 5) { totalCount } viewer { kind } }"),
    ("node", "query($id: ID!) { node(id: $id) { id } }"),
    ("orders", "{ orders(first: 5) { totalCount } }"),
    ("introspection", "{ __schema { queryType { name } } }"),
]


@pytest.mark.parametrize(("what", "document"), NOT_CACHED, ids=[n[0] for n in NOT_CACHED])
async def test_what_is_not_cacheable_is_run_every_time_and_says_nothing(
    reads: Api, world: dict[str, Any], what: str, document: str
) -> None:
    me = reads.as_(world["token"])
    for _ in range(2):
        body = await me(document, {"id": world["a"]} if "$id" in document else None)
        assert "cache" not in body.get("extensions", {}), what


async def test_staff_reads_are_never_cached(reads: Api, admin: Any, world: dict[str, Any]) -> None:
    staff = reads.as_(admin.token)
    for _ in range(2):
        body = await staff(PAGE, {"first": 20})
        assert not body.get("errors")
        assert "cache" not in body["extensions"]


async def test_mutations_are_not_cached(reads: Api, admin: Any, world: dict[str, Any]) -> None:
    staff = reads.as_(admin.token)
    mutation = """mutation($input: UpdateProductInput!) { updateProduct(input: $input) {
      product { name } userErrors { code } } }"""
    for name in ("One", "Two"):
        body = await staff(mutation, {"input": {"id": world["a"], "name": name}})
        assert body["data"]["updateProduct"]["product"]["name"] == name
        assert "cache" not in body["extensions"]


async def test_errors_are_never_cached(reads: Api, admin: Any, world: dict[str, Any]) -> None:
    """A buyer naming another company's prices is refused, every time, and nothing is kept."""
    other = (await create_company(admin))["id"]
    document = """query($c: ID) { products(first: 5) { edges { node { sku
      price(companyId: $c) { amount } } } } }"""
    me = reads.as_(world["token"])
    for _ in range(2):
        body = await me(document, {"c": other})
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        assert body["extensions"]["cache"] == "MISS"


async def test_a_rejected_change_keeps_the_entries(
    reads: Api, admin: Any, world: dict[str, Any]
) -> None:
    me = reads.as_(world["token"])
    await me(PAGE, {"first": 20})
    mutation = """mutation($input: UpdateProductInput!) { updateProduct(input: $input) {
      userErrors { field code } } }"""
    body = await admin.data(mutation, {"input": {"id": world["a"], "basePrice": "-1"}})
    assert body["updateProduct"]["userErrors"][0]["field"] == ["input", "basePrice"]
    assert (await me(PAGE, {"first": 20}))["extensions"]["cache"] == "HIT"


async def test_a_hit_runs_the_same_statements_for_any_page_size(
    reads: Api, admin: Any, world: dict[str, Any], count_sql: Any
) -> None:
    """The token check, which reads the catalog version with the contact: nothing of the page
    itself, nor of the pricing context (kept under the version, services/buyer_memo.py)."""
    for n in range(5):
        await c.product(admin, f"X{n}", "1.00", world["s1"])
    me = reads.as_(world["token"])
    counts = []
    for first in (2, 7):
        await me(PAGE, {"first": first})
        with count_sql() as counter:
            body = await me(PAGE, {"first": first})
        assert body["extensions"]["cache"] == "HIT"
        assert len(body["data"]["products"]["edges"]) == first
        counts.append(counter.count)
    assert counts[0] == counts[1] == 1, counts


def test_the_allowlist_names_fields_the_schema_has(app: Any) -> None:
    from schema.core.cache import CACHEABLE

    schema = app.state.schema._schema
    for type_name, fields in CACHEABLE.items():
        known = schema.get_type(type_name)
        assert known is not None, type_name
        assert fields <= set(known.fields), (type_name, fields - set(known.fields))


async def test_two_processes_share_the_cache_and_see_each_others_changes(
    database: Settings, admin: Any, world: dict[str, Any], tmp_path: Path
) -> None:
    """Two `vitrine serve` on one database and one Redis: an entry one fills is a HIT on the
    other, and a change made through one is seen on the next read through the other."""
    if not _redis_answers():
        pytest.skip("needs Redis at 127.0.0.1:6379")
    prefix = f"vitrine-test-cache-{uuid.uuid4().hex}:"
    env = servers.on_test_database(database, REDIS_URL=REDIS_URL, VITRINE_REDIS_PREFIX=prefix)
    headers = {"Authorization": f"Bearer {world['token']}"}
    staff = {"Authorization": f"Bearer {admin.token}"}
    change = """mutation($input: UpdateProductInput!) { updateProduct(input: $input) {
      userErrors { code } } }"""
    with servers.serving([env, env], tmp_path / "logs") as (one, two):
        async with (
            httpx.AsyncClient(base_url=one.url, timeout=60) as first,
            httpx.AsyncClient(base_url=two.url, timeout=60) as second,
        ):

            async def read(http: httpx.AsyncClient) -> dict[str, Any]:
                body = {"query": PAGE, "variables": {"first": 20}}
                response = await http.post("/graphql", json=body, headers=headers)
                assert response.status_code == 200, response.text
                return response.json()

            filled = await read(first)
            assert filled["extensions"]["cache"] == "MISS"
            assert _rows(filled) == BEFORE
            shared = await read(second)
            assert (shared["extensions"]["cache"], shared["data"]) == ("HIT", filled["data"])

            body = {"query": change, "variables": {"input": {"id": world["a"], "name": "Novo"}}}
            response = await first.post("/graphql", json=body, headers=staff)
            assert response.json()["data"]["updateProduct"]["userErrors"] == []

            after = await read(second)
            assert after["extensions"]["cache"] == "MISS"
            assert _rows(after)["A"] == ("Novo", "Tools", "S1", "72.00")
            assert (await read(first))["extensions"]["cache"] == "HIT"
    redis = aioredis.Redis.from_url(REDIS_URL)
    keys = [key async for key in redis.scan_iter(f"{prefix}*")]
    if keys:
        await redis.delete(*keys)
    await redis.aclose()


async def test_reads_racing_a_change_never_serve_the_old_price_after_it(
    reads: Api, admin: Any, world: dict[str, Any]
) -> None:
    """Reads in flight while a price changes may answer either price; every read that starts
    after the change has answered shows the new one."""
    me = reads.as_(world["token"])
    await me(PAGE, {"first": 20})

    async def read() -> str:
        return _rows(await me(PAGE, {"first": 20}))["A"][3]

    racing = [asyncio.ensure_future(read()) for _ in range(10)]
    await _entry(admin, world)
    during = await asyncio.gather(*racing)
    assert set(during) <= {"72.00", "54.00"}
    after = await asyncio.gather(*(read() for _ in range(10)))
    assert after == ["54.00"] * 10


async def test_a_company_change_bumps_the_version_only_when_prices_depend_on_it(
    admin: Any, world: dict[str, Any]
) -> None:
    """Company and group pricing fields are also in the key; the version moves with them all
    the same, and stays for a change nothing in the catalog depends on."""
    storefront = await Storefront.first()
    assert storefront is not None

    async def version() -> int:
        return (await CatalogVersion.get(storefront_id=storefront.id)).version

    before = await version()
    await _change(admin, "updateCompany", "company", {"id": world["company"], "tradeName": "X"})
    assert await version() == before
    await _company_discount(admin, world)
    assert await version() == before + 1
    await _group_discount(admin, world)
    assert await version() == before + 2
