"""Seed 003 (SuasVendas' customer portal) end to end, through the API: the seller limits a
company to two suppliers ("indústrias") and two carriers, gives its contact portal access; the
contact asks for a quote with an allowed carrier (another is refused), staff send it, the buyer
accepts, the order appears in its history, its purchase report shows the spend per supplier, and
its price table lists only those suppliers."""

from __future__ import annotations

import datetime

import pytest

from tests import catalog_helpers as c
from tests.factories import create_company
from tests.identity_helpers import activate, add_contact, buyer
from tests.order_helpers import cheap_hashing
from tests.quote_helpers import ACCEPT, call, codes, request, send


@pytest.fixture(autouse=True)
def _cheap(monkeypatch):
    cheap_hashing(monkeypatch)


HISTORY = """{ orders(first: 10) { totalCount nodes { number source total { amount currency }
  quote { number } lines { sku quantity unitPrice { amount } } } } }"""
PRICE_TABLE = """{ priceTable(first: 100) { totalCount nodes {
  product { sku supplier { name } } price { amount currency } } } }"""
REPORT = """query($from: Date!, $to: Date!) { purchaseReport(from: $from, to: $to,
  groupBy: MONTH) { totals { amount currency }
  rows { periodStart supplierName spend { amount currency } quantity orderCount } } }"""
STOREFRONT = """mutation { updateStorefront(input: {repMaxDiscountPercent: "5"}) {
  storefront { repMaxDiscountPercent } userErrors { field code } } }"""


async def test_seed_003_portal_quote_to_order(api, admin, rep):
    # The seller's catalog: three industries, a product each (two of Alfa), three carriers.
    alfa = await c.supplier(admin, "Indústria Alfa")
    beta = await c.supplier(admin, "Indústria Beta")
    gama = await c.supplier(admin, "Indústria Gama")
    category = await c.category(admin, "Utilidades")
    panela = await c.product(admin, "ALF-100", "120", alfa, category, name="Panela 24cm")
    await c.product(admin, "ALF-200", "35", alfa, category, name="Faca de chef")
    copo = await c.product(admin, "BET-10", "8.50", beta, category, name="Copo 300ml")
    jarra = await c.product(admin, "GAM-1", "40", gama, category, name="Jarra")
    rapida = await c.carrier(admin, "Rápida Transportes")
    serra = await c.carrier(admin, "Serra Cargas")
    lenta = await c.carrier(admin, "Lenta Log")
    body = await admin.data(STOREFRONT)
    assert body["updateStorefront"]["userErrors"] == []

    # Steps 1 and 2 of the seed: which industries and which carriers the customer gets.
    company = await create_company(
        admin, legalName="Casa Souza Utilidades Ltda", salesRepId=rep.staff_id
    )
    await c.limit(admin, companyId=company["id"], supplierIds=[alfa, beta])
    await c.policy(admin, companyId=company["id"], carrierIds=[rapida, serra])
    # Step 3: portal access for the customer's contact (invitation, then its own password).
    contact = await add_contact(
        admin, company["id"], "compras@casasouza.example.com", roles=["PURCHASING"]
    )
    await activate(api, admin, contact["id"])
    portal = await buyer(api, "compras@casasouza.example.com")

    lines = [(panela, 10), (copo, 48)]
    refused = await request(portal, lines, carrierId=lenta)
    assert codes(refused) == [(["input", "carrierId"], "NOT_ALLOWED")]
    hidden = await request(portal, [(jarra, 1)], carrierId=rapida)
    assert codes(hidden) == [(["input", "lines", "0", "productId"], "NOT_FOUND")]
    asked = await request(portal, lines, carrierId=rapida, notes="Entrega até o dia 10")
    assert asked["userErrors"] == []
    quote = asked["quote"]
    assert (quote["number"], quote["status"], quote["carrierName"]) == (
        "QT-000001",
        "REQUESTED",
        "Rápida Transportes",
    )
    assert quote["total"] == {"amount": "1608.00", "currency": "BRL"}

    # The rep answers within its 5% ceiling, with shipping.
    sent = await send(rep, quote, {"ALF-100": "114.00", "BET-10": "8.10"}, shippingCost="45")
    assert sent["userErrors"] == []
    assert sent["quote"]["total"] == {"amount": "1573.80", "currency": "BRL"}

    accepted = await call(portal, ACCEPT, quoteId=quote["id"], idempotencyKey="seed-003")
    assert accepted["userErrors"] == []
    order = accepted["order"]
    assert order["source"] == "QUOTE" and order["carrierName"] == "Rápida Transportes"

    history = (await portal.data(HISTORY))["orders"]
    assert history["totalCount"] == 1
    [placed] = history["nodes"]
    assert placed == {
        "number": order["number"],
        "source": "QUOTE",
        "total": {"amount": "1573.80", "currency": "BRL"},
        "quote": {"number": "QT-000001"},
        "lines": [
            {"sku": "ALF-100", "quantity": 10, "unitPrice": {"amount": "114.00"}},
            {"sku": "BET-10", "quantity": 48, "unitPrice": {"amount": "8.10"}},
        ],
    }

    table = (await portal.data(PRICE_TABLE))["priceTable"]
    rows = {row["product"]["sku"]: row for row in table["nodes"]}
    assert set(rows) == {"ALF-100", "ALF-200", "BET-10"}
    assert {row["product"]["supplier"]["name"] for row in rows.values()} == {
        "Indústria Alfa",
        "Indústria Beta",
    }
    assert rows["ALF-200"]["price"] == {"amount": "35.00", "currency": "BRL"}

    # The portal's report: the quoted lines' spend per supplier in the month of the order (the
    # shipping is the order's, not a supplier's).
    today = datetime.datetime.now(datetime.UTC).date()
    span = {"from": f"{today.year - 1}-01-01", "to": f"{today.year}-12-31"}
    report = (await portal.data(REPORT, span))["purchaseReport"]
    month = today.replace(day=1).isoformat()
    assert report["totals"] == [{"amount": "1528.80", "currency": "BRL"}]
    assert sorted(report["rows"], key=lambda row: row["supplierName"]) == [
        {
            "periodStart": month,
            "supplierName": "Indústria Alfa",
            "spend": {"amount": "1140.00", "currency": "BRL"},
            "quantity": 10,
            "orderCount": 1,
        },
        {
            "periodStart": month,
            "supplierName": "Indústria Beta",
            "spend": {"amount": "388.80", "currency": "BRL"},
            "quantity": 48,
            "orderCount": 1,
        },
    ]
