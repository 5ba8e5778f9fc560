"""Order history and reorder (SPEC D7, B2): `orders` with filters, keyset pagination and
totalCount; `order(id)`; contacts read their company's orders by role; reorder copies still-visible
lines into the cart at today's prices and reports the rest; constant SQL whatever the page size."""

from __future__ import annotations

import datetime

import httpx
import pytest

from graphql_api.models import CartLine, Order
from tests import catalog_helpers as c
from tests.factories import create_company
from tests.identity_helpers import RESET, activate, add_contact, buyer, last_link, login
from tests.order_helpers import ON_BEHALF, build_shop, cheap_hashing, codes, place

LIST = """query($first: Int, $after: String, $status: [OrderStatus!], $source: [OrderSource!],
  $companyId: ID, $from: DateTime, $to: DateTime, $search: String) {
  orders(first: $first, after: $after, status: $status, source: $source, companyId: $companyId,
    from: $from, to: $to, search: $search) {
    totalCount pageInfo { hasNextPage endCursor } nodes { number status source } } }"""
ONE = """query($id: ID!) { order(id: $id) { number status readableParts total { amount }
  paymentTerm purchaseOrderNumber shippingAddress { city } carrierName trackingCode notes
  contact { email } contactName history { toStatus }
  lines { sku quantity unitPrice { amount } lineTotal { amount } } } }"""
REORDER = """mutation($id: ID!) { reorder(input: {orderId: $id}) {
  cart { lines { sku quantity unitPrice { amount } } }
  skipped { sku name quantity code message } userErrors { field code } } }"""


@pytest.fixture(autouse=True)
def _cheap(monkeypatch):
    cheap_hashing(monkeypatch)


@pytest.fixture
async def shop(api, admin, rep):
    return await build_shop(api, admin, rep)


async def _orders(shop, count: int) -> list[dict]:
    made = []
    for n in range(count):
        await shop.add("P-1", 1)
        result = await place(shop.buyer, f"h-{n}", purchaseOrderNumber=f"PO-{n:03d}")
        made.append(result["order"])
    return made


async def test_orders_are_listed_newest_first_with_keyset_pages(shop):
    made = await _orders(shop, 5)
    first = (await shop.buyer.data(LIST, {"first": 2}))["orders"]
    assert first["totalCount"] == 5
    assert [n["number"] for n in first["nodes"]] == ["VT-000005", "VT-000004"]
    assert first["pageInfo"]["hasNextPage"] is True
    rest = (await shop.buyer.data(LIST, {"first": 10, "after": first["pageInfo"]["endCursor"]}))[
        "orders"
    ]
    assert [n["number"] for n in rest["nodes"]] == ["VT-000003", "VT-000002", "VT-000001"]
    assert rest["pageInfo"]["hasNextPage"] is False
    assert len(made) == 5


async def test_filters_combine(shop, rep):
    await _orders(shop, 3)
    await rep.data(
        ON_BEHALF,
        {
            "input": {
                "companyId": shop.company,
                "idempotencyKey": "b",
                "lines": [{"productId": shop.products["P-1"], "quantity": 1}],
            }
        },
    )
    order = await Order.get(number="VT-000002")
    await rep.data(
        "mutation($id: ID!) { transitionOrder(input: {orderId: $id, to: CONFIRMED}) "
        "{ userErrors { code } } }",
        {"id": _gid(order.id)},
    )

    async def numbers(caller, **variables):
        return [n["number"] for n in (await caller.data(LIST, variables))["orders"]["nodes"]]

    assert await numbers(rep, status=["CONFIRMED"]) == ["VT-000002"]
    assert await numbers(rep, source=["ON_BEHALF"]) == ["VT-000004"]
    assert await numbers(rep, source=["API"], status=["PENDING"]) == ["VT-000003", "VT-000001"]
    assert await numbers(rep, search="po-001") == ["VT-000002"]
    assert await numbers(rep, search="000003") == ["VT-000003"]
    assert await numbers(rep, companyId=shop.company, first=1) == ["VT-000004"]
    now = datetime.datetime.now(datetime.UTC)
    future = (now + datetime.timedelta(hours=1)).isoformat()
    past = (now - datetime.timedelta(hours=1)).isoformat()
    assert len(await numbers(rep, **{"from": past, "to": future})) == 4
    assert await numbers(rep, **{"from": future}) == []


def _gid(pk: int) -> str:
    from graphql_api.global_ids import to_global_id

    return to_global_id("Order", pk)


async def test_staff_and_other_companies_see_what_they_may(shop, api, admin, other_rep):
    await _orders(shop, 2)
    other = await create_company(admin, legalName="Beta Ltda")
    contact = await add_contact(admin, other["id"], "b@beta.example.com", roles=["PURCHASING"])
    await activate(api, admin, contact["id"])
    stranger = await buyer(api, "b@beta.example.com")
    assert (await admin.data(LIST))["orders"]["totalCount"] == 2
    assert (await other_rep.data(LIST))["orders"]["totalCount"] == 0
    assert (await stranger.data(LIST))["orders"]["totalCount"] == 0
    order_id = _gid((await Order.first()).id)
    assert (await stranger.data(ONE, {"id": order_id}))["order"] is None
    assert (await other_rep.data(ONE, {"id": order_id}))["order"] is None
    asked = await stranger(LIST, {"companyId": shop.company})
    assert asked["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    anonymous = await api(LIST)
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_contacts_read_by_role(shop, api, admin):
    await shop.add("P-1", 2)
    order = (
        await place(
            shop.buyer,
            paymentTerm="30 dias",
            purchaseOrderNumber="PO-9",
            notes="Portão azul",
            carrierId=shop.ids["carrier"],
        )
    )["order"]
    for email, role in (("log@alfa.example.com", "SHIPPING"), ("sac@alfa.example.com", "SUPPORT")):
        contact = await add_contact(admin, shop.company, email, roles=[role])
        await activate(api, admin, contact["id"])
    readers = {
        "purchasing": shop.buyer,
        "billing": await buyer(api, "financeiro@alfa.example.com"),
        "shipping": await buyer(api, "log@alfa.example.com"),
        "support": await buyer(api, "sac@alfa.example.com"),
    }
    seen = {
        who: (await caller.data(ONE, {"id": order["id"]}))["order"]
        for who, caller in readers.items()
    }
    assert seen["purchasing"]["readableParts"] == [
        "STATUS",
        "LINES",
        "AMOUNTS",
        "SHIPPING",
        "PARTIES",
    ]
    assert seen["purchasing"]["notes"] == "Portão azul"
    billing = seen["billing"]
    assert billing["readableParts"] == ["STATUS", "LINES", "AMOUNTS"]
    assert (billing["total"], billing["paymentTerm"], billing["purchaseOrderNumber"]) == (
        {"amount": "20.00"},
        "30 dias",
        "PO-9",
    )
    assert billing["lines"] == [
        {
            "sku": "P-1",
            "quantity": 2,
            "unitPrice": {"amount": "10.00"},
            "lineTotal": {"amount": "20.00"},
        }
    ]
    assert (billing["shippingAddress"], billing["notes"], billing["contact"]) == (None, None, None)
    shipping = seen["shipping"]
    assert shipping["readableParts"] == ["STATUS", "LINES", "SHIPPING"]
    assert (shipping["shippingAddress"], shipping["carrierName"]) == (
        {"city": "São Paulo"},
        "Transportadora Rápida",
    )
    assert (shipping["total"], shipping["paymentTerm"]) == (None, None)
    assert shipping["lines"] == [
        {"sku": "P-1", "quantity": 2, "unitPrice": None, "lineTotal": None}
    ]
    support = seen["support"]
    assert support["readableParts"] == ["STATUS"]
    assert (support["number"], support["status"], support["history"]) == (
        order["number"],
        "PENDING",
        [{"toStatus": "PENDING"}],
    )
    assert (support["lines"], support["total"], support["shippingAddress"]) == (None, None, None)
    # A contact without any role reads no orders.
    nobody = await add_contact(admin, shop.company, "x@alfa.example.com")
    await activate(api, admin, nobody["id"])
    refused = await (await buyer(api, "x@alfa.example.com"))(LIST)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_reorder_copies_visible_lines_at_todays_prices(shop, admin):
    await shop.add("P-1", 3)
    await shop.add("T-1", 10)
    await shop.add("BOX-12", 12)
    order_id = (await place(shop.buyer))["order"]["id"]
    await admin.data(
        'mutation($id: ID!) { updateProduct(input: {id: $id, basePrice: "11"}) '
        "{ userErrors { code } } }",
        {"id": shop.products["P-1"]},
    )
    await admin.data(
        "mutation($id: ID!) { updateProduct(input: {id: $id, isActive: false}) "
        "{ userErrors { code } } }",
        {"id": shop.products["T-1"]},
    )
    await admin.data(
        "mutation($id: ID!) { updateProduct(input: {id: $id, quantityMultiple: 5, "
        "minimumQuantity: 5}) { userErrors { code } } }",
        {"id": shop.products["BOX-12"]},
    )
    await shop.add("P-1", 1)  # adds to what reorder copies
    result = (await shop.buyer.data(REORDER, {"id": order_id}))["reorder"]
    assert result["userErrors"] == []
    assert result["cart"]["lines"] == [
        {"sku": "P-1", "quantity": 4, "unitPrice": {"amount": "11.00"}}
    ]
    assert result["skipped"] == [
        {
            "sku": "T-1",
            "name": "Torneira",
            "quantity": 10,
            "code": "PRODUCT_UNAVAILABLE",
            "message": "T-1 (Torneira) is no longer available.",
        },
        {
            "sku": "BOX-12",
            "name": "Produto BOX-12",
            "quantity": 12,
            "code": "QUANTITY_RULE",
            "message": "BOX-12 is sold in multiples of 5.",
        },
    ]


async def test_reorder_is_refused_to_those_without_a_cart_or_the_order(shop, api, admin, rep):
    order_id = (await _orders(shop, 1))[0]["id"]
    billing = await buyer(api, "financeiro@alfa.example.com")
    for caller, expected in (
        (billing, [(None, "FORBIDDEN")]),
        (rep, [(None, "FORBIDDEN")]),
        (api, [(None, "UNAUTHENTICATED")]),
    ):
        assert codes((await caller.data(REORDER, {"id": order_id}))["reorder"]) == expected
    other = await create_company(admin, legalName="Beta Ltda")
    contact = await add_contact(admin, other["id"], "b@beta.example.com", roles=["PURCHASING"])
    await activate(api, admin, contact["id"])
    stranger = await buyer(api, "b@beta.example.com")
    hidden = (await stranger.data(REORDER, {"id": order_id}))["reorder"]
    assert codes(hidden) == [(["input", "orderId"], "NOT_FOUND")]
    bad = (await shop.buyer.data(REORDER, {"id": shop.company}))["reorder"]
    assert codes(bad) == [(["input", "orderId"], "INVALID_ID")]
    assert await CartLine.all().count() == 0


async def test_seed_000_scenario_2_rep_orders_then_the_buyer_claims_and_sees_it(
    shop, api, admin, rep
):
    """A rep registers a customer and orders for it; the customer later claims its account
    through the claim link and finds that order in its history."""
    company = await create_company(admin, legalName="Loja do Zé Ltda", salesRepId=rep.staff_id)
    contact = await add_contact(admin, company["id"], "ze@loja.example.com", roles=["PURCHASING"])
    placed = (
        await rep.data(
            ON_BEHALF,
            {
                "input": {
                    "companyId": company["id"],
                    "idempotencyKey": "ze-1",
                    "lines": [{"productId": shop.products["P-1"], "quantity": 5}],
                }
            },
        )
    )["placeOrderOnBehalf"]
    assert placed["order"]["contact"] == {"email": "ze@loja.example.com"}
    await api.data('mutation { claimAccount(input: {email: "ze@loja.example.com"}) { ok } }')
    token = await last_link("claim_account", "ze@loja.example.com")
    reset = await api.data(RESET, {"token": token, "password": "ze-password-123"})
    assert reset["resetPassword"]["userErrors"] == []
    session = (await login(api, "ze@loja.example.com", "ze-password-123"))["session"]
    ze = api.as_(session["token"])
    seen = (await ze.data(LIST))["orders"]
    assert [(n["number"], n["source"]) for n in seen["nodes"]] == [
        (placed["order"]["number"], "ON_BEHALF")
    ]
    assert contact["accessState"] == "NOT_CREATED"


ORDERS_PAGE = """query($first: Int!) { orders(first: $first) { totalCount nodes {
  number total { amount } company { legalName } contact { email } placedByStaff { email }
  carrier { name }
  lines { sku quantity product { name category { name } supplier { name } } }
  history { toStatus staff { email } } } } }"""


@pytest.fixture
def client(uncapped_client: httpx.AsyncClient) -> httpx.AsyncClient:
    """The page of 50 orders with lines, history and parties costs more than the query cost
    limit allows (tests/test_query_cost.py); here its SQL is under test."""
    return uncapped_client


async def test_orders_page_runs_the_same_queries_for_5_and_50_orders(shop, admin, count_sql):
    await c.policy(admin, carrierIds=[shop.ids["carrier"]])
    for n in range(50):
        await shop.add("P-1", 1)
        await shop.add("T-1", 1)
        assert (await place(shop.buyer, f"sql-{n}", carrierId=shop.ids["carrier"]))["order"]
    counts = {}
    for first in (5, 50):
        with count_sql() as counter:
            data = await admin.data(ORDERS_PAGE, {"first": first})
        nodes = data["orders"]["nodes"]
        assert len(nodes) == first
        assert all(len(n["lines"]) == 2 and n["lines"][0]["product"]["category"] for n in nodes)
        assert all(n["company"] and n["contact"] and n["history"] for n in nodes)
        counts[first] = counter.count
    assert counts[5] == counts[50], counts
    # Staff user, storefront, the page, its count, lines, products (with category and
    # supplier), companies, contacts, carriers, history.
    assert counts[50] <= 10, counts
    print(f"SQL statements per orders page: {counts}")
