"""Query cost (issue 9, SPEC F8): the cost of an operation is known before it runs; too costly
an operation is refused with MAX_COST_EXCEEDED, a caller past its budget per minute gets 429
with Retry-After, and every response reports `extensions.cost`."""

from __future__ import annotations

import dataclasses
import time
import uuid
from collections.abc import AsyncIterator, Callable
from decimal import Decimal
from typing import Any

import httpx
import pytest

from graphql_api.app import create_app
from graphql_api.global_ids import to_global_id
from graphql_api.models import Category, Product, Storefront, Supplier
from graphql_api.settings import Settings
from graphql_api.shared_state import SharedState
from tests.conftest import Api

REDIS_URL = "redis://127.0.0.1:6379/0"

# The probe of issue 9: 30 aliases of nodes(ids: 100 products) with price, category and
# supplier, 4.7 KB with its variables; it took 5.4 s to run.
ALIAS = (
    "p{n}: nodes(ids: $ids) {{ ... on Product {{ price {{ amount }} category {{ name }} "
    "supplier {{ name }} }} }}"
)
ATTACK = "query($ids: [ID!]!) {\n" + "\n".join(ALIAS.format(n=n) for n in range(30)) + "\n}"
PAGE = "{ products(first: 20) { nodes { sku price { amount } category { name } } } }"
# 1 + 50 (default page) x 1 node.
DEFAULT_PAGE = "{ products { nodes { sku } } }"


async def _hundred_products() -> list[str]:
    storefront = await Storefront.get(slug="main")
    supplier = await Supplier.create(
        storefront=storefront, name="Fornecedor", name_key="fornecedor"
    )
    category = await Category.create(storefront=storefront, name="Cadeados")
    await Product.bulk_create(
        [
            Product(
                storefront=storefront,
                sku=f"SKU-{n:03d}",
                name=f"Produto {n}",
                base_price=Decimal("10.00"),
                supplier=supplier,
                category=category,
                search_text=f"produto {n} sku-{n:03d}",
                name_key=f"produto {n:03d}",
            )
            for n in range(100)
        ]
    )
    ids = await Product.all().order_by("id").values_list("id", flat=True)
    return [to_global_id("Product", pk) for pk in ids]


def _cost(body: dict[str, Any]) -> dict[str, int]:
    return body["extensions"]["cost"]


def _code(body: dict[str, Any]) -> str:
    return body["errors"][0]["extensions"]["code"]


async def test_thirty_aliases_of_a_hundred_products_are_refused_before_execution(
    api, settings, count_sql
):
    ids = await _hundred_products()
    variables = {"ids": ids}
    assert 4000 < len(ATTACK) + len(str(variables)) < 6000
    started = time.perf_counter()
    with count_sql() as counter:
        response = await api.raw(ATTACK, variables)
    elapsed = time.perf_counter() - started
    body = response.json()
    assert response.status_code == 200
    assert body["data"] is None
    assert _code(body) == "MAX_COST_EXCEEDED"
    assert "12000" in body["errors"][0]["message"]
    # 30 aliases x 100 ids x (the product + price + category + supplier).
    assert _cost(body) == {
        "requested": 12000,
        "limit": settings.max_query_cost,
        "budget": BUDGET,
        "remaining": BUDGET,
    }
    assert not any("product" in sql for sql in counter.statements), counter.statements
    assert elapsed < 1.0, elapsed


async def test_a_normal_page_runs_and_reports_its_cost(admin, settings):
    await _hundred_products()
    body = await admin(PAGE)
    assert "errors" not in body, body
    assert len(body["data"]["products"]["nodes"]) == 20
    # 1 for the connection, 20 x (product + price + category).
    assert _cost(body) == {
        "requested": 61,
        "limit": settings.max_query_cost,
        "budget": BUDGET,
        "remaining": BUDGET - 61,
    }
    again = await admin(PAGE)
    assert BUDGET - 122 <= _cost(again)["remaining"] < BUDGET - 61


@pytest.mark.parametrize(
    ("query", "cost"),
    [
        # Scalars cost nothing; the connection 1; without `first`, a page of 50.
        ("{ viewer { kind } }", 1),
        (DEFAULT_PAGE, 51),
        # edges and nodes are multiplied by `first`, pageInfo and totalCount are not.
        (
            "{ products(first: 3) { totalCount pageInfo { hasNextPage } edges { node { sku } } } }",
            8,
        ),
        # Lists without a size count as 5 items.
        ("{ categories { id children { id } } }", 30),
        # Skipped fields cost nothing; introspection costs nothing.
        (
            "{ products(first: 10) @skip(if: true) { nodes { sku } } __schema { types { name } } }",
            0,
        ),
        # Fields asked twice under one name run once and are counted once.
        ("{ products(first: 4) { nodes { sku } } products(first: 4) { nodes { name } } }", 5),
        # A mutation field costs 10 more: 10 + payload + supplier + 5 userErrors.
        (
            'mutation { createSupplier(input: {name: "S"}) '
            "{ supplier { id } userErrors { code } } }",
            17,
        ),
    ],
)
async def test_the_cost_model(admin, query, cost):
    body = await admin(query)
    assert "errors" not in body, body
    assert _cost(body)["requested"] == cost


async def test_interfaces_count_their_costliest_type_and_variables_count(admin):
    ids = (await _hundred_products())[:7]
    query = """query($ids: [ID!]!, $n: Int!) {
      nodes(ids: $ids) { ...P ... on Company { id } }
      products(first: $n) { nodes { ...P } } }
    fragment P on Product { category { name } supplier { name } }"""
    body = await admin(query, {"ids": ids, "n": 2})
    assert "errors" not in body, body
    assert [n["supplier"]["name"] for n in body["data"]["nodes"]] == ["Fornecedor"] * 7
    # nodes: 7 x (1 + 2); products: 1 + 2 x (1 + 2).
    assert _cost(body)["requested"] == 21 + 7


async def test_refused_and_invalid_requests_report_their_cost_too(api, settings):
    parse_error = await api("{ products { ")
    assert _code(parse_error) == "GRAPHQL_PARSE_FAILED"
    assert _cost(parse_error) == {
        "requested": 0,
        "limit": settings.max_query_cost,
        "budget": BUDGET,
        "remaining": BUDGET,
    }
    invalid = await api("{ products { nodes { nope } } }")
    assert _code(invalid) == "GRAPHQL_VALIDATION_FAILED"
    assert _cost(invalid)["requested"] == 0


# The suite's app has a budget large enough for tests that fill big pages; here the budget is
# the subject, so this module's client is an app with the default one.
BUDGET = 10_000


@pytest.fixture
async def client(database: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(dataclasses.replace(database, cost_budget=BUDGET), manage_database=False)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as http:
        yield http


def _budget_settings(settings: Settings, **changes: Any) -> Settings:
    return dataclasses.replace(settings, max_query_cost=100, cost_budget=120, **changes)


async def _client(settings: Settings, shared: SharedState) -> httpx.AsyncClient:
    app = create_app(settings, manage_database=False, shared=shared)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


async def test_a_caller_past_its_budget_gets_429_until_the_bucket_drains(
    api, admin, settings, count_sql
):
    now = [1000.0]
    shared = SharedState(clock=lambda: now[0])
    async with await _client(_budget_settings(settings), shared) as http:
        anonymous = Api(http)
        staff = anonymous.as_(admin.token)
        # 51 each: 69 left, then 18, then the third does not fit.
        assert _cost(await anonymous(DEFAULT_PAGE))["remaining"] == 69
        assert _cost(await anonymous(DEFAULT_PAGE))["remaining"] == 18
        with count_sql() as counter:
            refused = await anonymous.raw(DEFAULT_PAGE)
        assert refused.status_code == 429
        # (51 - 18) points at 120 a minute: 16.5 s.
        assert refused.headers["retry-after"] == "17"
        body = refused.json()
        assert body["data"] is None
        assert _code(body) == "THROTTLED"
        assert body["errors"][0]["extensions"]["retryAfter"] == 17
        assert _cost(body) == {"requested": 51, "limit": 100, "budget": 120, "remaining": 18}
        assert not any("product" in sql for sql in counter.statements), counter.statements
        # Someone else's budget is their own.
        assert (await staff.raw(DEFAULT_PAGE)).status_code == 200
        now[0] += 17
        again = await anonymous.raw(DEFAULT_PAGE)
        assert again.status_code == 200, again.text
        assert _cost(again.json())["remaining"] == 1


async def test_budget_setting_must_cover_the_most_expensive_query():
    from graphql_api.settings import SettingsError

    env = {"VITRINE_SECRET_KEY": "k" * 40, "VITRINE_DATA_DIR": "/nonexistent"}
    with pytest.raises(SettingsError, match="VITRINE_COST_BUDGET"):
        Settings.from_env({**env, "VITRINE_MAX_QUERY_COST": "500", "VITRINE_COST_BUDGET": "400"})
    parsed = Settings.from_env({**env, "VITRINE_MAX_QUERY_COST": "200", "REDIS_URL": REDIS_URL})
    assert parsed.max_query_cost == 200 and parsed.cost_budget == 10_000
    assert parsed.redis_url == REDIS_URL


@pytest.fixture
async def redis_shared() -> AsyncIterator[Callable[[], SharedState]]:
    """Factories of SharedState on the local Redis, under a prefix of this test's own."""
    prefix = f"vitrine-test-{uuid.uuid4().hex}:"
    probe = SharedState(REDIS_URL, prefix)
    try:
        assert probe.redis is not None
        await probe.redis.ping()
    except Exception as exc:
        await probe.close()
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: {exc}")
    made: list[SharedState] = [probe]

    def make() -> SharedState:
        state = SharedState(REDIS_URL, prefix)
        made.append(state)
        return state

    yield make
    assert probe.redis is not None
    async for key in probe.redis.scan_iter(match=prefix + "*"):
        await probe.redis.delete(key)
    for state in made:
        await state.close()


async def test_the_budget_is_shared_through_redis_by_every_process(settings, redis_shared):
    limited = _budget_settings(settings, redis_url=REDIS_URL)
    async with (
        await _client(limited, redis_shared()) as first,
        await _client(limited, redis_shared()) as second,
    ):
        assert redis_shared().backend == "redis"
        assert _cost(await Api(first)(DEFAULT_PAGE))["remaining"] == 69
        assert 18 <= _cost(await Api(second)(DEFAULT_PAGE))["remaining"] <= 19
        refused = await Api(first).raw(DEFAULT_PAGE)
        assert refused.status_code == 429
        assert 1 <= int(refused.headers["retry-after"]) <= 17
        assert _code(refused.json()) == "THROTTLED"


async def test_without_redis_each_process_has_its_own_budget(settings):
    limited = _budget_settings(settings)
    async with (
        await _client(limited, SharedState()) as first,
        await _client(limited, SharedState()) as second,
    ):
        assert _cost(await Api(first)(DEFAULT_PAGE))["remaining"] == 69
        assert _cost(await Api(first)(DEFAULT_PAGE))["remaining"] <= 19
        assert _cost(await Api(second)(DEFAULT_PAGE))["remaining"] == 69


async def test_an_unreachable_redis_falls_back_to_the_process_budget(settings):
    # Nothing listens on port 1: every call fails at once and the budget holds per process.
    shared = SharedState("redis://127.0.0.1:1/0", "vitrine-test:")
    async with await _client(_budget_settings(settings), shared) as http:
        assert _cost(await Api(http)(DEFAULT_PAGE))["remaining"] == 69
        assert _cost(await Api(http)(DEFAULT_PAGE))["remaining"] <= 19
        assert (await Api(http).raw(DEFAULT_PAGE)).status_code == 429


async def test_in_process_budgets_stay_bounded_in_memory(monkeypatch):
    from graphql_api import shared_state

    monkeypatch.setattr(shared_state, "MAX_LOCAL_BUCKETS", 3)
    now = [0.0]
    shared = SharedState(clock=lambda: now[0])

    def callers() -> list[str]:
        return [key.rsplit(":", 1)[1] for key in shared._buckets.levels]

    for caller in ("a", "b", "c"):
        await shared.take("cost", caller, 60, 60, 60)
    now[0] += 61
    # All three have drained by now: a fourth caller makes them forgotten.
    state = await shared.take("cost", "d", 10, 60, 60)
    assert state.allowed and state.remaining == 50
    assert callers() == ["d"]
    for caller in ("e", "f"):
        await shared.take("cost", caller, 60, 60, 60)
    await shared.take("cost", "d", 1, 60, 60)
    # Nothing has drained: the least recently used ("e") makes room.
    await shared.take("cost", "g", 1, 60, 60)
    assert callers() == ["f", "d", "g"]
