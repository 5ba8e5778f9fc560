"""Portal reports (SPEC D8): exact figures on a hand-made set of orders (two suppliers, two
currencies, a cancelled and a held order left out, month and quarter buckets on both engines),
who may read them, the date checks, the CSV downloads and constant SQL."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from graphql_api.global_ids import from_global_id
from graphql_api.models import Order, OrderLine, Product, Storefront, Supplier
from graphql_api.models.orders import OrderSource, OrderStatus
from tests import catalog_helpers as c
from tests.factories import create_company
from tests.identity_helpers import activate, add_contact, buyer
from tests.order_helpers import build_shop, cheap_hashing, place

UTC = datetime.UTC
YEAR = {"from": "2026-01-01", "to": "2026-12-31"}

PURCHASES = """query($c: ID, $from: Date!, $to: Date!, $g: ReportPeriod!) {
  purchaseReport(companyId: $c, from: $from, to: $to, groupBy: $g) {
    companyId from to groupBy totals { amount currency }
    rows { periodStart periodLabel supplierId supplierName spend { amount currency }
      quantity orderCount } } }"""
PRODUCTS = """query($c: ID, $from: Date!, $to: Date!, $first: Int!) {
  mostBoughtProducts(companyId: $c, from: $from, to: $to, first: $first) {
    productId sku name quantity orderCount lastOrderedAt spend { amount currency } } }"""
SUMMARY = """query($c: ID, $from: Date, $to: Date) {
  orderSummary(companyId: $c, from: $from, to: $to) {
    companyId orderCount totals { amount currency }
    statuses { status orderCount totals { amount currency } } } }"""
SALES = """query($from: Date!, $to: Date!, $g: SalesReportGroupBy!) {
  salesReport(from: $from, to: $to, groupBy: $g) {
    groupBy totals { amount currency }
    rows { id name spend { amount currency } quantity orderCount companyCount } } }"""


@pytest.fixture(autouse=True)
def _cheap(monkeypatch):
    cheap_hashing(monkeypatch)


def _pk(global_id: str) -> int:
    return from_global_id(global_id)[1]


def _at(*parts: int) -> datetime.datetime:
    return datetime.datetime(*parts, tzinfo=UTC)  # type: ignore[misc]  # year, month, day given


def _money(amount: str, currency: str = "BRL") -> dict[str, str]:
    return {"amount": amount, "currency": currency}


class Orders:
    """Orders written straight to the tables with chosen dates, statuses and currencies."""

    def __init__(self) -> None:
        self.number = 100

    async def make(
        self,
        company: str,
        when: datetime.datetime,
        status: OrderStatus,
        currency: str,
        lines: list[tuple[int, int, str]],  # product pk, quantity, unit price
    ) -> Order:
        storefront = await Storefront.first()
        assert storefront is not None
        self.number += 1
        total = sum((Decimal(p) * q for _, q, p in lines), Decimal(0))
        order = await Order.create(
            storefront_id=storefront.id,
            number=f"T-{self.number}",
            sequence=self.number,
            company_id=_pk(company),
            company_name="x",
            source=OrderSource.API,
            status=status,
            currency=currency,
            subtotal=total,
            discount_total=0,
            total=total,
        )
        # created_at is set on insert; the report's dates are what is under test.
        await Order.filter(id=order.id).update(created_at=when)
        for position, (product_pk, quantity, price) in enumerate(lines):
            product = await Product.get(id=product_pk).select_related("supplier")
            await OrderLine.create(
                order_id=order.id,
                position=position,
                product_id=product.id,
                supplier_id=product.supplier_id,
                supplier_name=product.supplier.name,
                sku=product.sku,
                name=product.name,
                quantity=quantity,
                currency=currency,
                unit_price=Decimal(price),
                base_price=Decimal(price),
                discount_percent=0,
                line_total=Decimal(price) * quantity,
            )
        return order


@pytest.fixture
async def world(api, admin, rep, other_rep) -> dict[str, Any]:
    shop = await build_shop(api, admin, rep)
    bravo = await c.supplier(admin, "Bravo")
    b1 = await c.product(admin, "B-1", "7.50", bravo, name="Broca")
    company_b = await create_company(admin, legalName="Beta Ltda", salesRepId=other_rep.staff_id)
    p1, a = _pk(shop.products["P-1"]), shop.company
    b = _pk(b1)
    orders = Orders()
    pending, brl, usd = OrderStatus.PENDING, "BRL", "USD"
    # Company A, in 2026 unless said: what counts.
    await orders.make(a, _at(2026, 1, 10, 12), pending, brl, [(p1, 3, "10"), (b, 2, "7.50")])
    last_of_february = _at(2026, 2, 28, 23, 59, 59, 999999)
    await orders.make(a, last_of_february, OrderStatus.DELIVERED, brl, [(p1, 1, "10")])
    await orders.make(a, _at(2026, 4, 5, 8), OrderStatus.CONFIRMED, usd, [(b, 4, "2.25")])
    # What does not count: cancelled, held for approval, before the range, another company.
    await orders.make(a, _at(2026, 2, 1), OrderStatus.CANCELLED, brl, [(p1, 100, "10")])
    held = OrderStatus.PENDING_APPROVAL
    await orders.make(a, _at(2026, 3, 31, 23, 30), held, brl, [(b, 1, "7.50")])
    before = _at(2025, 12, 31, 23, 59, 59)
    await orders.make(a, before, OrderStatus.SHIPPED, brl, [(p1, 5, "10")])
    await orders.make(company_b["id"], _at(2026, 1, 15), pending, brl, [(p1, 7, "10")])
    return {"shop": shop, "bravo": bravo, "acme": shop.ids["supplier"], "b1": b1,
            "company_b": company_b["id"], "orders": orders}  # fmt: skip


async def test_purchase_report_per_supplier_month_and_currency(world):
    shop = world["shop"]
    body = await shop.buyer.data(PURCHASES, {**YEAR, "g": "MONTH"})
    report = body["purchaseReport"]
    assert report["companyId"] == shop.company
    assert (report["from"], report["to"], report["groupBy"]) == (
        "2026-01-01",
        "2026-12-31",
        "MONTH",
    )
    acme, bravo = world["acme"], world["bravo"]
    assert report["rows"] == [
        {"periodStart": "2026-01-01", "periodLabel": "2026-01", "supplierId": acme,
         "supplierName": "Acme", "spend": _money("30.00"), "quantity": 3, "orderCount": 1},
        {"periodStart": "2026-01-01", "periodLabel": "2026-01", "supplierId": bravo,
         "supplierName": "Bravo", "spend": _money("15.00"), "quantity": 2, "orderCount": 1},
        {"periodStart": "2026-02-01", "periodLabel": "2026-02", "supplierId": acme,
         "supplierName": "Acme", "spend": _money("10.00"), "quantity": 1, "orderCount": 1},
        {"periodStart": "2026-04-01", "periodLabel": "2026-04", "supplierId": bravo,
         "supplierName": "Bravo", "spend": _money("9.00", "USD"), "quantity": 4, "orderCount": 1},
    ]  # fmt: skip
    assert report["totals"] == [_money("55.00"), _money("9.00", "USD")]


async def test_purchase_report_by_quarter(world):
    body = await world["shop"].buyer.data(PURCHASES, {**YEAR, "g": "QUARTER"})
    rows = [
        (r["periodStart"], r["periodLabel"], r["supplierName"], r["spend"])
        + (r["quantity"], r["orderCount"])
        for r in body["purchaseReport"]["rows"]
    ]
    assert rows == [
        ("2026-01-01", "2026-Q1", "Acme", _money("40.00"), 4, 2),
        ("2026-01-01", "2026-Q1", "Bravo", _money("15.00"), 2, 1),
        ("2026-04-01", "2026-Q2", "Bravo", _money("9.00", "USD"), 4, 1),
    ]


async def test_a_company_in_another_currency_sees_it_first(world, admin):
    shop = world["shop"]
    body = await admin.data(
        "mutation($i: UpdateCompanyInput!) { updateCompany(input: $i) { userErrors { code } } }",
        {"i": {"id": shop.company, "preferredCurrency": "USD"}},
    )
    assert body["updateCompany"]["userErrors"] == []
    report = (await admin.data(PURCHASES, {**YEAR, "g": "QUARTER", "c": shop.company}))[
        "purchaseReport"
    ]
    assert [r["spend"]["currency"] for r in report["rows"]] == ["USD", "BRL", "BRL"]
    assert report["totals"] == [_money("9.00", "USD"), _money("55.00")]
    own = (await shop.buyer.data(PURCHASES, {**YEAR, "g": "QUARTER"}))["purchaseReport"]
    assert own["totals"] == [_money("9.00", "USD"), _money("55.00")]


async def test_most_bought_products(world):
    shop = world["shop"]
    found = (await shop.buyer.data(PRODUCTS, {**YEAR, "first": 5}))["mostBoughtProducts"]
    assert found == [
        {"productId": world["b1"], "sku": "B-1", "name": "Broca", "quantity": 6, "orderCount": 2,
         "lastOrderedAt": "2026-04-05T08:00:00+00:00",
         "spend": [_money("15.00"), _money("9.00", "USD")]},
        {"productId": shop.products["P-1"], "sku": "P-1", "name": "Parafuso", "quantity": 4,
         "orderCount": 2, "lastOrderedAt": "2026-02-28T23:59:59.999999+00:00",
         "spend": [_money("40.00")]},
    ]  # fmt: skip
    top = (await shop.buyer.data(PRODUCTS, {**YEAR, "first": 1}))["mostBoughtProducts"]
    assert [p["sku"] for p in top] == ["B-1"]


async def test_order_summary_counts_every_status(world):
    shop = world["shop"]
    summary = (await shop.buyer.data(SUMMARY))["orderSummary"]
    assert summary["statuses"] == [
        {"status": "PENDING_APPROVAL", "orderCount": 1, "totals": [_money("7.50")]},
        {"status": "PENDING", "orderCount": 1, "totals": [_money("45.00")]},
        {"status": "CONFIRMED", "orderCount": 1, "totals": [_money("9.00", "USD")]},
        {"status": "IN_PRODUCTION", "orderCount": 0, "totals": []},
        {"status": "SHIPPED", "orderCount": 1, "totals": [_money("50.00")]},
        {"status": "DELIVERED", "orderCount": 1, "totals": [_money("10.00")]},
        {"status": "CANCELLED", "orderCount": 1, "totals": [_money("1000.00")]},
    ]
    assert summary["orderCount"] == 4
    assert summary["totals"] == [_money("105.00"), _money("9.00", "USD")]
    in_2026 = (await shop.buyer.data(SUMMARY, YEAR))["orderSummary"]
    assert in_2026["orderCount"] == 3
    assert in_2026["totals"] == [_money("55.00"), _money("9.00", "USD")]


async def test_sales_report_per_supplier_rep_and_group(world, admin, rep):
    by_supplier = (await admin.data(SALES, {**YEAR, "g": "SUPPLIER"}))["salesReport"]
    assert by_supplier["rows"] == [
        {"id": world["acme"], "name": "Acme", "spend": _money("110.00"), "quantity": 11,
         "orderCount": 3, "companyCount": 2},
        {"id": world["bravo"], "name": "Bravo", "spend": _money("15.00"), "quantity": 2,
         "orderCount": 1, "companyCount": 1},
        {"id": world["bravo"], "name": "Bravo", "spend": _money("9.00", "USD"), "quantity": 4,
         "orderCount": 1, "companyCount": 1},
    ]  # fmt: skip
    assert by_supplier["totals"] == [_money("125.00"), _money("9.00", "USD")]
    by_rep = (await admin.data(SALES, {**YEAR, "g": "REP"}))["salesReport"]["rows"]
    assert [(r["name"], r["spend"], r["companyCount"]) for r in by_rep] == [
        ("other.rep", _money("70.00"), 1),
        ("rep", _money("55.00"), 1),
        ("rep", _money("9.00", "USD"), 1),
    ]
    by_group = (await admin.data(SALES, {**YEAR, "g": "GROUP"}))["salesReport"]["rows"]
    assert [(r["id"], r["name"], r["spend"], r["companyCount"]) for r in by_group] == [
        (None, "", _money("125.00"), 2),
        (None, "", _money("9.00", "USD"), 1),
    ]
    # A sales rep's report covers its own companies only.
    mine = (await rep.data(SALES, {**YEAR, "g": "SUPPLIER"}))["salesReport"]
    assert mine["totals"] == [_money("55.00"), _money("9.00", "USD")]


async def test_staff_see_a_company_they_hold_or_all_of_theirs(world, admin, rep, other_rep):
    shop = world["shop"]
    named = await rep.data(PURCHASES, {**YEAR, "g": "QUARTER", "c": shop.company})
    assert named["purchaseReport"]["totals"] == [_money("55.00"), _money("9.00", "USD")]
    all_of_rep = (await rep.data(PURCHASES, {**YEAR, "g": "QUARTER"}))["purchaseReport"]
    assert all_of_rep["companyId"] is None
    assert all_of_rep["totals"] == [_money("55.00"), _money("9.00", "USD")]
    everything = (await admin.data(PURCHASES, {**YEAR, "g": "QUARTER"}))["purchaseReport"]
    assert everything["totals"] == [_money("125.00"), _money("9.00", "USD")]
    other = (await other_rep.data(SUMMARY))["orderSummary"]
    assert (other["orderCount"], other["totals"]) == (1, [_money("70.00")])
    refused = await other_rep(SUMMARY, {"c": shop.company})
    assert refused["data"] is None
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def _contact(world, api, admin, role: str) -> Any:
    email = f"{role.lower()}@alfa.example.com"
    contact = await add_contact(admin, world["shop"].company, email, roles=[role])
    await activate(api, admin, contact["id"])
    return await buyer(api, email)


@pytest.mark.parametrize("role", ["SHIPPING", "SUPPORT"])
async def test_contacts_without_amounts_may_not_read_reports(world, api, admin, role):
    contact = await _contact(world, api, admin, role)
    for query, variables in [
        (PURCHASES, {**YEAR, "g": "MONTH"}),
        (PRODUCTS, {**YEAR, "first": 5}),
        (SUMMARY, {}),
    ]:
        body = await contact(query, variables)
        assert body["data"] is None
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", body


async def test_billing_reads_reports_and_buyers_only_their_own(world, api, admin):
    billing = await _contact(world, api, admin, "BILLING")
    body = await billing.data(SUMMARY)
    assert body["orderSummary"]["orderCount"] == 4
    other = await world["shop"].buyer(SUMMARY, {"c": world["company_b"]})
    assert other["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    anonymous = await api(SUMMARY)
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    sales = await world["shop"].buyer(SALES, {**YEAR, "g": "REP"})
    assert sales["errors"][0]["extensions"]["code"] == "FORBIDDEN"


@pytest.mark.parametrize(
    ("query", "variables", "field", "message"),
    [
        (PURCHASES, {"from": "2026-02-01", "to": "2026-01-31", "g": "MONTH"}, ["from"],
         "from must not be after to."),
        (PURCHASES, {"from": "2021-01-01", "to": "2026-01-01", "g": "MONTH"}, ["from"],
         "A report spans at most 5 years."),
        (PRODUCTS, {**YEAR, "first": 0}, ["first"], "first takes 1 to 100."),
        (PRODUCTS, {**YEAR, "first": 101}, ["first"], "first takes 1 to 100."),
        (SUMMARY, {"from": "2026-01-01"}, ["to"], "Give both from and to, or neither."),
        (SALES, {"from": "2026-01-02", "to": "2026-01-01", "g": "REP"}, ["from"],
         "from must not be after to."),
        (PURCHASES, {"from": "0001-01-01", "to": "2026-01-02", "g": "MONTH"}, ["from"],
         "from must be a day from 1900-01-01 to 2999-12-31."),
        (SUMMARY, {"from": "2026-01-01", "to": "9999-12-31"}, ["to"],
         "to must be a day from 1900-01-01 to 2999-12-31."),
    ],
)  # fmt: skip
async def test_bad_ranges_are_refused_naming_the_argument(admin, query, variables, field, message):
    body = await admin(query, variables)
    assert body["data"] is None
    error = body["errors"][0]
    assert error["message"] == message
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}


async def test_five_years_exactly_is_allowed(admin):
    body = await admin.data(PURCHASES, {"from": "2021-01-02", "to": "2026-01-01", "g": "MONTH"})
    assert body["purchaseReport"]["rows"] == []


async def test_placed_orders_keep_their_supplier_when_it_changes(api, admin, rep):
    shop = await build_shop(api, admin, rep)
    await shop.add("P-1", 2)
    order = (await place(shop.buyer, "snap-1"))["order"]
    line = await OrderLine.get(order_id=_pk(order["id"]))
    acme = _pk(shop.ids["supplier"])
    assert (line.supplier_id, line.supplier_name) == (acme, "Acme")
    # The supplier is renamed and then the product moves to another one: the line keeps Acme
    # (the report names a live supplier by its current name).
    await Supplier.filter(id=acme).update(name="Acme Industrial")
    other = await c.supplier(admin, "Charlie")
    await Product.filter(id=_pk(shop.products["P-1"])).update(supplier_id=_pk(other))
    today = datetime.datetime.now(UTC).date().isoformat()
    body = await shop.buyer.data(PURCHASES, {"from": today, "to": today, "g": "MONTH"})
    rows = body["purchaseReport"]["rows"]
    assert [(r["supplierId"], r["supplierName"], r["spend"]) for r in rows] == [
        (shop.ids["supplier"], "Acme Industrial", _money("20.00"))
    ]


async def test_the_migration_backfills_suppliers_from_products(world):
    from tortoise import connections

    from migrations import __name__ as package  # noqa: F401  (the migrations are a package)

    module = __import__("migrations.0012_reports", fromlist=["BACKFILL_SUPPLIERS"])
    await OrderLine.all().update(supplier_id=None, supplier_name="")
    conn = connections.get("default")
    for statement in module.BACKFILL_SUPPLIERS:
        await conn.execute_script(statement)
    named = {(line.sku, line.supplier_name) for line in await OrderLine.all()}
    assert named == {("P-1", "Acme"), ("B-1", "Bravo")}


# CSV downloads


def _auth(caller) -> dict[str, str]:
    return {"Authorization": f"Bearer {caller.token}"}


async def test_purchases_csv(world, client):
    shop = world["shop"]
    response = await client.get(
        "/reports/purchases.csv", params={**YEAR, "groupBy": "QUARTER"}, headers=_auth(shop.buyer)
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="purchases.csv"'
    assert response.text == (
        "\ufeffperiod,period_start,supplier,currency,spend,quantity,orders\r\n"
        "2026-Q1,2026-01-01,Acme,BRL,40.00,4,2\r\n"
        "2026-Q1,2026-01-01,Bravo,BRL,15.00,2,1\r\n"
        "2026-Q2,2026-04-01,Bravo,USD,9.00,4,1\r\n"
    )


async def test_products_orders_and_sales_csv(world, client, admin):
    shop = world["shop"]
    products = await client.get("/reports/products.csv", params=YEAR, headers=_auth(shop.buyer))
    assert products.text == (
        "\ufeffsku,name,quantity,orders,last_ordered_at,spend_BRL,spend_USD\r\n"
        "B-1,Broca,6,2,2026-04-05T08:00:00+00:00,15.00,9.00\r\n"
        "P-1,Parafuso,4,2,2026-02-28T23:59:59.999999+00:00,40.00,\r\n"
    )
    summary = await client.get("/reports/orders.csv", params=YEAR, headers=_auth(shop.buyer))
    assert summary.text.splitlines()[:4] == [
        "\ufeffstatus,orders_in_status,currency,total",
        "PENDING_APPROVAL,1,BRL,7.50",
        "PENDING,1,BRL,45.00",
        "CONFIRMED,1,USD,9.00",
    ]
    sales = await client.get(
        "/reports/sales.csv", params={**YEAR, "groupBy": "REP"}, headers=_auth(admin)
    )
    assert sales.text == (
        "\ufeffrep,currency,spend,quantity,orders,companies\r\n"
        "other.rep,BRL,70.00,7,1,1\r\n"
        "rep,BRL,55.00,6,2,1\r\n"
        "rep,USD,9.00,4,1,1\r\n"
    )


async def test_csv_cells_are_neutralised(world, client, admin):
    await Supplier.filter(id=_pk(world["bravo"])).update(name='=HYPERLINK("http://x")')
    response = await client.get(
        "/reports/purchases.csv", params=YEAR, headers=_auth(world["shop"].buyer)
    )
    assert '\r\n2026-01,2026-01-01,"\'=HYPERLINK(""http://x"")",BRL,15.00,2,1\r\n' in (
        response.text
    )


async def test_csv_refusals(world, client, api, admin, other_rep):
    anonymous = await client.get("/reports/purchases.csv", params=YEAR)
    assert anonymous.status_code == 401
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    shipping = await _contact(world, api, admin, "SHIPPING")
    refused = await client.get("/reports/orders.csv", headers=_auth(shipping))
    assert refused.status_code == 403
    other = await client.get(
        "/reports/orders.csv", params={"companyId": world["shop"].company}, headers=_auth(other_rep)
    )
    assert other.status_code == 403
    buyer_sales = await client.get(
        "/reports/sales.csv", params={**YEAR, "groupBy": "REP"}, headers=_auth(world["shop"].buyer)
    )
    assert buyer_sales.status_code == 403
    bad = await client.get(
        "/reports/purchases.csv", params={"from": "2026-13-01", "to": "2026-12-31"},
        headers=_auth(admin),
    )  # fmt: skip
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": ["from"]}
    backwards = await client.get(
        "/reports/sales.csv", params={"from": "2026-02-01", "to": "2026-01-01", "groupBy": "REP"},
        headers=_auth(admin),
    )  # fmt: skip
    assert backwards.status_code == 400
    assert backwards.json()["errors"][0]["extensions"]["field"] == ["from"]
    no_group = await client.get("/reports/sales.csv", params=YEAR, headers=_auth(admin))
    assert no_group.status_code == 400
    assert no_group.json()["errors"][0]["extensions"]["field"] == ["groupBy"]
    bad_company = await client.get(
        "/reports/orders.csv", params={"companyId": "nope"}, headers=_auth(admin)
    )
    assert bad_company.status_code == 400


# SQL: the same statements for 5 orders as for 50


async def _counts(caller, count_sql) -> list[int]:
    counts = []
    for query, variables in [
        (PURCHASES, {**YEAR, "g": "MONTH"}),
        (PRODUCTS, {**YEAR, "first": 100}),
        (SUMMARY, {}),
        (SALES, {**YEAR, "g": "SUPPLIER"}),
    ]:
        with count_sql() as counter:
            await caller.data(query, variables)
        counts.append(counter.count)
    return counts


async def test_sql_counts_do_not_grow_with_orders(world, admin, count_sql):
    products = [_pk(world["shop"].products[s]) for s in ("P-1", "T-1")] + [_pk(world["b1"])]
    orders: Orders = world["orders"]

    async def more(n: int) -> None:
        for i in range(n):
            when = datetime.datetime(2026, 1 + i % 12, 1 + i % 28, tzinfo=UTC)
            lines = [(products[(i + k) % 3], 1 + k, "3.10") for k in range(3)]
            await orders.make(world["shop"].company, when, OrderStatus.CONFIRMED, "BRL", lines)

    await more(5)
    few = await _counts(admin, count_sql)
    await more(45)
    many = await _counts(admin, count_sql)
    assert few == many, (few, many)


async def test_deleted_products_and_suppliers_stay_in_the_reports(world):
    # Bravo's only product goes, then Bravo: their lines keep the SKU, name and supplier name.
    await Product.filter(id=_pk(world["b1"])).delete()
    await Supplier.filter(id=_pk(world["bravo"])).delete()
    buyer_api = world["shop"].buyer
    rows = (await buyer_api.data(PURCHASES, {**YEAR, "g": "QUARTER"}))["purchaseReport"]["rows"]
    assert [(r["supplierId"], r["supplierName"], r["spend"]) for r in rows] == [
        (world["acme"], "Acme", _money("40.00")),
        (None, "Bravo", _money("15.00")),
        (None, "Bravo", _money("9.00", "USD")),
    ]
    found = (await buyer_api.data(PRODUCTS, {**YEAR, "first": 5}))["mostBoughtProducts"]
    assert [(p["productId"], p["sku"], p["name"], p["quantity"], p["spend"]) for p in found] == [
        (None, "B-1", "Broca", 6, [_money("15.00"), _money("9.00", "USD")]),
        (world["shop"].products["P-1"], "P-1", "Parafuso", 4, [_money("40.00")]),
    ]
