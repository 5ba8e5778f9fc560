"""Quotes (SPEC D6): a buyer asks with an allowed carrier, staff who hold the company price it
within the floor price and the discount caps, the buyer accepts it into an order at the quoted
prices (source QUOTE, through the order service), rejects it, withdraws it, or it expires. One
transition table; every refused move is INVALID_TRANSITION; nothing is half-written."""

from __future__ import annotations

import asyncio
import datetime

import pytest

from graphql_api.models import Notification, Order, Product, Quote, QuoteEvent, Storefront
from graphql_api.services import quotes
from tests import catalog_helpers as c
from tests.conftest import Api
from tests.factories import create_company
from tests.identity_helpers import activate, add_contact, buyer
from tests.order_helpers import build_shop, cheap_hashing
from tests.quote_helpers import (
    ACCEPT,
    QUOTE,
    REJECT,
    SEND,
    WITHDRAW,
    call,
    codes,
    later,
    request,
    send,
)


@pytest.fixture(autouse=True)
def _cheap(monkeypatch):
    cheap_hashing(monkeypatch)


@pytest.fixture
async def shop(api, admin, rep):
    shop = await build_shop(api, admin, rep)
    # Sales reps may give up to 10% in this storefront (the default, 0, leaves discounts to
    # admins).
    await Storefront.filter(slug="main").update(rep_max_discount_percent=10)
    return shop


async def _requested(shop, lines=None, **extra):
    lines = lines or [(shop.products["P-1"], 5), (shop.products["T-1"], 10)]
    result = await request(shop.buyer, lines, carrierId=shop.ids["carrier"], **extra)
    assert result["userErrors"] == [], result
    return result["quote"]


async def _sent(shop, prices=None, **extra):
    quote = await _requested(shop)
    result = await send(shop.rep, quote, prices or {"P-1": "9.50"}, **extra)
    assert result["userErrors"] == [], result
    return result["quote"]


async def test_a_quote_goes_from_request_to_order(shop, rep, admin):
    quote = await _requested(shop, notes="Entrega em março")
    assert quote["number"] == "QT-000001"
    assert quote["status"] == "REQUESTED"
    assert quote["nextStatuses"] == ["WITHDRAWN"]
    assert quote["carrierName"] == "Transportadora Rápida"
    assert quote["requestedBy"] == {"email": shop.buyer_email}
    # Each line starts at the buyer's price today: P-1 at its base price, T-1 at the company's
    # list with the tier for 10.
    assert [
        (line["sku"], line["listPrice"], line["requestedPrice"], line["quotedPrice"]["amount"])
        for line in quote["lines"]
    ] == [
        ("P-1", {"amount": "10.00"}, {"amount": "10.00"}, "10.00"),
        ("T-1", {"amount": "8.00"}, {"amount": "8.00"}, "8.00"),
    ]
    assert quote["total"] == {"amount": "130.00", "currency": "BRL"}
    alert = await Notification.get(kind="quote_alert")
    assert alert.recipient == "rep@example.com"
    assert "QT-000001" in alert.subject and "Entrega em março" in alert.body

    staff_view = (await rep.data(QUOTE, {"id": quote["id"]}))["quote"]
    assert staff_view["nextStatuses"] == ["SENT"]
    sent = await send(
        rep,
        staff_view,
        {"P-1": "9.50", "T-1": "7.60"},
        shippingCost="25",
        message="Frete por nossa conta acima de 200",
    )
    assert sent["userErrors"] == []
    quote = sent["quote"]
    assert quote["status"] == "SENT"
    assert [(line["sku"], line["discountPercent"]) for line in quote["lines"]] == [
        ("P-1", "5.00"),
        ("T-1", "5.00"),
    ]
    assert quote["subtotal"] == {"amount": "123.50"}
    assert quote["shippingCost"] == {"amount": "25.00", "currency": "BRL"}
    assert quote["total"] == {"amount": "148.50", "currency": "BRL"}
    mail = await Notification.get(kind="quote_sent", recipient=shop.buyer_email)
    assert mail.language == "pt-BR"
    assert mail.subject == "Sua cotação QT-000001: R$ 148,50"
    assert "Frete por nossa conta" in mail.body

    buyer_view = (await shop.buyer.data(QUOTE, {"id": quote["id"]}))["quote"]
    assert buyer_view["nextStatuses"] == ["ACCEPTED", "REJECTED"]
    accepted = await call(shop.buyer, ACCEPT, quoteId=quote["id"], idempotencyKey="q-1")
    assert accepted["userErrors"] == []
    order = accepted["order"]
    assert order["number"] == "VT-000001"
    assert order["source"] == "QUOTE"
    assert order["status"] == "PENDING"
    assert order["quote"] == {"number": "QT-000001", "status": "ACCEPTED"}
    assert [
        (line["sku"], line["quantity"], line["unitPrice"]["amount"], line["appliedRules"])
        for line in order["lines"]
    ] == [
        ("P-1", 5, "9.50", ["QUOTE:QT-000001"]),
        ("T-1", 10, "7.60", ["QUOTE:QT-000001"]),
    ]
    assert order["subtotal"] == {"amount": "130.00"}
    assert order["discountTotal"] == {"amount": "6.50"}
    assert order["shippingTotal"] == {"amount": "25.00"}
    assert order["total"] == {"amount": "148.50", "currency": "BRL"}
    assert order["carrierName"] == "Transportadora Rápida"
    final = accepted["quote"]
    assert final["status"] == "ACCEPTED"
    assert final["order"] == {"number": "VT-000001", "source": "QUOTE"}
    assert [
        (e["fromStatus"], e["toStatus"], e["actorName"], e["staff"]) for e in final["history"]
    ] == [
        (None, "REQUESTED", "Bia", None),
        ("REQUESTED", "SENT", "rep", None),
        ("SENT", "ACCEPTED", "Bia", None),
    ]
    # The order service told everyone as for any order, and the buyer heard of the quote.
    kinds = {n.kind for n in await Notification.all()}
    assert {"order_confirmation", "order_alert", "quote_accepted"} <= kinds
    done = await Notification.get(kind="quote_accepted", recipient=shop.buyer_email)
    assert done.subject == "Cotação QT-000001 aceita: pedido VT-000001"

    again = await call(shop.buyer, ACCEPT, quoteId=quote["id"], idempotencyKey="q-1")
    assert again["userErrors"] == []
    assert again["order"]["number"] == "VT-000001"
    assert await Order.all().count() == 1


async def test_every_move_off_the_table_is_an_invalid_transition(shop):
    requested = await _requested(shop)
    for document, extra in (
        (ACCEPT, {"idempotencyKey": "early"}),
        (REJECT, {"reason": "Caro"}),
    ):
        refused = await call(shop.buyer, document, quoteId=requested["id"], **extra)
        assert codes(refused) == [(["input", "quoteId"], "INVALID_TRANSITION")], refused
    withdrawn = await call(shop.buyer, WITHDRAW, quoteId=requested["id"], reason="Desisti")
    assert withdrawn["quote"]["status"] == "WITHDRAWN"
    assert withdrawn["quote"]["reason"] == "Desisti"
    assert withdrawn["quote"]["nextStatuses"] == []
    refused = await send(shop.rep, requested, {"P-1": "9"})
    assert codes(refused) == [(["input", "quoteId"], "INVALID_TRANSITION")]
    assert "WITHDRAWN" in refused["userErrors"][0]["message"]

    sent = await _sent(shop)
    for caller, document, extra in (
        (shop.buyer, WITHDRAW, {}),
        (shop.rep, SEND, {"validUntil": later()}),
    ):
        refused = await call(caller, document, quoteId=sent["id"], **extra)
        assert codes(refused) == [(["input", "quoteId"], "INVALID_TRANSITION")], refused
    rejected = await call(shop.buyer, REJECT, quoteId=sent["id"], reason="Achei outro")
    assert rejected["quote"]["status"] == "REJECTED"
    refused = await call(shop.buyer, ACCEPT, quoteId=sent["id"], idempotencyKey="late")
    assert codes(refused) == [(["input", "quoteId"], "INVALID_TRANSITION")]
    assert await Order.all().count() == 0


async def test_the_floor_price_holds_even_for_an_admin(shop, admin):
    body = await admin.data(
        'mutation($id: ID!) { updateProduct(input: {id: $id, floorPrice: "9.20"}) '
        "{ product { floorPrice { amount currency } } userErrors { code } } }",
        {"id": shop.products["P-1"]},
    )
    assert body["updateProduct"]["product"]["floorPrice"] == {
        "amount": "9.2000",
        "currency": "BRL",
    }
    seen = await shop.buyer.raw(
        "query($id: ID!) { product(id: $id) { sku floorPrice { amount } } }",
        {"id": shop.products["P-1"]},
    )
    assert seen.json()["data"]["product"] == {"sku": "P-1", "floorPrice": None}
    quote = await _requested(shop)
    for caller in (shop.rep, admin):
        refused = await send(caller, quote, {"P-1": "9.10"})
        assert codes(refused) == [(["input", "lines", "0", "unitPrice"], "BELOW_FLOOR_PRICE")]
    assert (await Quote.get(id=1)).status == "REQUESTED"
    assert await QuoteEvent.all().count() == 1
    ok = await send(shop.rep, quote, {"P-1": "9.20"})
    assert ok["userErrors"] == []


async def test_the_discount_caps_bind_staff_but_not_an_admin(shop, admin):
    await c.policy(admin, maxDiscountPercent="6")
    quote = await _requested(shop)
    # 8% off P-1's list price 10: past the policy's 6%.
    refused = await send(shop.rep, quote, {"P-1": "9.20"})
    assert codes(refused) == [(["input", "lines", "0", "unitPrice"], "DISCOUNT_TOO_HIGH")]
    assert "6.00%" in refused["userErrors"][0]["message"]
    # The rep's own ceiling (10%) is below the policy's 15%: it binds the rep.
    await c.policy(admin, maxDiscountPercent="15")
    refused = await send(shop.rep, quote, {"P-1": "8.80"})
    assert codes(refused) == [(["input", "lines", "0", "unitPrice"], "DISCOUNT_TOO_HIGH")]
    assert "sales rep" in refused["userErrors"][0]["message"]
    # A price above the buyer's own gives nothing away: no cap applies.
    fine = await send(shop.rep, quote, {"P-1": "11"}, validUntil=later(1))
    assert fine["userErrors"] == []
    other = await _requested(shop)
    sent = await send(admin, other, {"P-1": "7.00"})
    assert sent["userErrors"] == []
    assert sent["quote"]["lines"][0]["discountPercent"] == "30.00"


async def test_only_a_carrier_the_policy_allows(shop, admin):
    other = await c.carrier(admin, "Lenta Cargas")
    await c.policy(admin, carrierIds=[shop.ids["carrier"]])
    lines = [(shop.products["P-1"], 1)]
    refused = await request(shop.buyer, lines, carrierId=other)
    assert codes(refused) == [(["input", "carrierId"], "NOT_ALLOWED")]
    missing = await request(shop.buyer, lines)
    assert codes(missing) == [(["input", "carrierId"], "REQUIRED")]
    assert await Quote.all().count() == 0
    ok = await request(shop.buyer, lines, carrierId=shop.ids["carrier"])
    assert ok["userErrors"] == []


async def test_a_product_the_company_may_not_see_is_not_there(shop, admin):
    bravo = await c.supplier(admin, "Bravo")
    hidden = await c.product(admin, "BR-9", "5", bravo, shop.ids["category"])
    inactive = await c.product(
        admin, "OLD-1", "5", shop.ids["supplier"], shop.ids["category"], isActive=False
    )
    await c.limit(admin, companyId=shop.company, supplierIds=[shop.ids["supplier"]])
    refused = await request(
        shop.buyer,
        [(shop.products["P-1"], 1), (hidden, 1), (inactive, 1)],
        carrierId=shop.ids["carrier"],
    )
    assert codes(refused) == [
        (["input", "lines", "1", "productId"], "NOT_FOUND"),
        (["input", "lines", "2", "productId"], "NOT_FOUND"),
    ]
    assert await Quote.all().count() == 0


async def test_a_quote_from_the_cart(shop, rep):
    await shop.add("P-1", 3)
    made = await call(shop.buyer, REQUEST_FROM_CART, fromCart=True, carrierId=shop.ids["carrier"])
    assert made["userErrors"] == []
    assert [(line["sku"], line["quantity"]) for line in made["quote"]["lines"]] == [("P-1", 3)]
    staff = await call(rep, REQUEST_FROM_CART, fromCart=True, companyId=shop.company)
    assert codes(staff) == [(["input", "fromCart"], "NOT_ALLOWED")]


REQUEST_FROM_CART = """mutation($input: RequestQuoteInput!) { requestQuote(input: $input) {
  quote { number lines { sku quantity } } userErrors { field message code } } }"""


async def test_staff_ask_for_a_company_they_hold(shop, rep, other_rep):
    lines = [{"productId": shop.products["P-1"], "quantity": 2}]
    made = await call(rep, REQUEST_FROM_CART, companyId=shop.company, lines=lines)
    assert made["userErrors"] == [] and made["quote"]["number"] == "QT-000001"
    quote = await Quote.get(number="QT-000001")
    assert quote.requested_by_staff_id is not None and quote.requested_by_contact_id is None
    hidden = await call(other_rep, REQUEST_FROM_CART, companyId=shop.company, lines=lines)
    assert codes(hidden) == [(["input", "companyId"], "NOT_FOUND")]
    unnamed = await call(rep, REQUEST_FROM_CART, lines=lines)
    assert codes(unnamed) == [(["input", "companyId"], "REQUIRED")]


async def test_an_expired_quote_cannot_be_accepted_and_the_worker_expires_it(shop, settings):
    quote = await _sent(shop)
    past = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=1)
    await Quote.filter(id=1).update(valid_until=past)
    view = (await shop.buyer.data(QUOTE, {"id": quote["id"]}))["quote"]
    assert view["expired"] is True and view["nextStatuses"] == ["REJECTED"]
    refused = await call(shop.buyer, ACCEPT, quoteId=quote["id"], idempotencyKey="too-late")
    assert codes(refused) == [(["input", "quoteId"], "INVALID_TRANSITION")]
    assert "expired" in refused["userErrors"][0]["message"]
    assert await Order.all().count() == 0

    assert await quotes.expire_due(settings) == 1
    assert await quotes.expire_due(settings) == 0
    view = (await shop.buyer.data(QUOTE, {"id": quote["id"]}))["quote"]
    assert view["status"] == "EXPIRED"
    assert view["history"][-1]["fromStatus"] == "SENT"
    assert view["history"][-1]["toStatus"] == "EXPIRED"
    mail = await Notification.get(kind="quote_expired", recipient=shop.buyer_email)
    assert mail.subject == "A cotação QT-000001 expirou"


async def test_rejected_input_is_a_user_error_naming_the_field(shop):
    bad_quantity = await request(
        shop.buyer, [(shop.products["P-1"], 0)], carrierId=shop.ids["carrier"]
    )
    assert codes(bad_quantity) == [(["input", "lines", "0", "quantity"], "INVALID")]
    twice = await request(
        shop.buyer,
        [(shop.products["P-1"], 1), (shop.products["P-1"], 2)],
        carrierId=shop.ids["carrier"],
    )
    assert codes(twice) == [(["input", "lines", "1", "productId"], "DUPLICATE")]
    rule = await request(shop.buyer, [(shop.products["BOX-12"], 7)], carrierId=shop.ids["carrier"])
    assert codes(rule) == [(["input", "lines", "0", "quantity"], "QUANTITY_RULE")]
    empty = await call(shop.buyer, REQUEST_FROM_CART, carrierId=shop.ids["carrier"])
    assert codes(empty) == [(["input", "lines"], "REQUIRED")]
    assert await Quote.all().count() == 0

    quote = await _requested(shop)
    past = await send(shop.rep, quote, {"P-1": "9.50"}, validUntil="2020-01-01T00:00:00Z")
    assert codes(past) == [(["input", "validUntil"], "INVALID")]
    fine = await send(shop.rep, quote, {"P-1": "9.555"}, shippingCost="-1")
    assert codes(fine) == [
        (["input", "lines", "0", "unitPrice"], "INVALID"),
        (["input", "shippingCost"], "NEGATIVE"),
    ]
    assert (await Quote.get(id=1)).status == "REQUESTED"
    sent = await send(shop.rep, quote, {"P-1": "9.50"})
    assert sent["userErrors"] == []
    blank_key = await call(shop.buyer, ACCEPT, quoteId=quote["id"], idempotencyKey="  ")
    assert codes(blank_key) == [(["input", "idempotencyKey"], "REQUIRED")]
    no_reason = await call(shop.buyer, REJECT, quoteId=quote["id"], reason=" ")
    assert codes(no_reason) == [(["input", "reason"], "REQUIRED")]
    bad_id = await call(shop.buyer, WITHDRAW, quoteId="not-an-id")
    assert codes(bad_id) == [(["input", "quoteId"], "INVALID_ID")]
    assert (await Quote.get(id=1)).status == "SENT"


async def _outsider(api: Api, admin: Api) -> Api:
    company = await create_company(admin, legalName="Beta Compras Ltda")
    contact = await add_contact(admin, company["id"], "b@beta.example.com", roles=["PURCHASING"])
    await activate(api, admin, contact["id"])
    return await buyer(api, "b@beta.example.com")


async def test_forbidden_callers_are_refused_for_every_mutation(shop, api, admin, other_rep):
    billing = await buyer(api, "financeiro@alfa.example.com")
    outsider = await _outsider(api, admin)
    lines = [(shop.products["P-1"], 1)]
    assert codes(await request(billing, lines)) == [(None, "FORBIDDEN")]
    assert codes(await request(api, lines)) == [(None, "UNAUTHENTICATED")]
    requested = await _requested(shop)
    assert codes(await call(outsider, WITHDRAW, quoteId=requested["id"])) == [
        (["input", "quoteId"], "NOT_FOUND")
    ]
    assert codes(await send(other_rep, requested, {"P-1": "9.50"})) == [
        (["input", "quoteId"], "NOT_FOUND")
    ]
    assert codes(await send(shop.buyer, requested, {"P-1": "9.50"})) == [(None, "FORBIDDEN")]
    sent = (await send(shop.rep, requested, {"P-1": "9.50"}))["quote"]
    for caller, document, extra, code in (
        (billing, ACCEPT, {"idempotencyKey": "b"}, "FORBIDDEN"),
        (outsider, ACCEPT, {"idempotencyKey": "o"}, "NOT_FOUND"),
        (shop.rep, ACCEPT, {"idempotencyKey": "r"}, "FORBIDDEN"),
        (billing, REJECT, {"reason": "não"}, "FORBIDDEN"),
        (outsider, REJECT, {"reason": "não"}, "NOT_FOUND"),
    ):
        refused = await call(caller, document, quoteId=sent["id"], **extra)
        assert [e["code"] for e in refused["userErrors"]] == [code], (document, refused)
    # Billing reads the quote with its amounts; nobody outside the company reads it at all.
    seen = (await billing.data(QUOTE, {"id": sent["id"]}))["quote"]
    assert seen["total"] == {"amount": "127.50", "currency": "BRL"}
    assert seen["nextStatuses"] == []
    assert (await outsider.data(QUOTE, {"id": sent["id"]}))["quote"] is None
    assert (await other_rep.data(QUOTE, {"id": sent["id"]}))["quote"] is None
    assert (await Quote.get(id=1)).status == "SENT"


async def test_two_accepts_at_once_make_one_order(shop):
    quote = await _sent(shop)
    results = await asyncio.gather(
        *(
            call(shop.buyer, ACCEPT, quoteId=quote["id"], idempotencyKey=f"race-{n}")
            for n in range(2)
        )
    )
    won = [r for r in results if r["order"]]
    lost = [r for r in results if not r["order"]]
    assert len(won) == 1 and len(lost) == 1, results
    assert codes(lost[0]) == [(["input", "quoteId"], "INVALID_TRANSITION")]
    assert await Order.all().count() == 1
    assert await Order.filter(quote_id=1).count() == 1
    assert [e.to_status for e in await QuoteEvent.filter(quote_id=1).order_by("id")] == [
        "REQUESTED",
        "SENT",
        "ACCEPTED",
    ]


async def test_accepting_takes_tracked_stock_like_any_order(shop):
    quote = await _requested(shop, [(shop.products["STOCK-3"], 2)])
    await send(shop.rep, quote, {"STOCK-3": "19"})
    await Product.filter(sku="STOCK-3").update(stock=1)
    short = await call(shop.buyer, ACCEPT, quoteId=quote["id"], idempotencyKey="s-1")
    assert codes(short) == [(["input", "quoteId"], "INSUFFICIENT_STOCK")]
    # Nothing was written: the quote is still SENT and may be accepted once stock is back.
    assert (await Quote.get(id=1)).status == "SENT"
    await Product.filter(sku="STOCK-3").update(stock=3)
    done = await call(shop.buyer, ACCEPT, quoteId=quote["id"], idempotencyKey="s-2")
    assert done["userErrors"] == []
    assert (await Product.get(sku="STOCK-3")).stock == 1


QUOTES = """query($filter: QuoteFilter) { quotes(first: 10, filter: $filter) {
  totalCount nodes { number status company { legalName } } } }"""


async def test_the_list_shows_each_caller_its_own(shop, api, admin, other_rep):
    await _sent(shop)
    await _requested(shop)
    outsider = await _outsider(api, admin)
    mine = (await shop.buyer.data(QUOTES))["quotes"]
    assert [n["number"] for n in mine["nodes"]] == ["QT-000002", "QT-000001"]
    sent = (await shop.rep.data(QUOTES, {"filter": {"status": ["SENT"]}}))["quotes"]
    assert [n["number"] for n in sent["nodes"]] == ["QT-000001"]
    assert (await outsider.data(QUOTES))["quotes"]["totalCount"] == 0
    assert (await other_rep.data(QUOTES))["quotes"]["totalCount"] == 0
    assert (await admin.data(QUOTES, {"filter": {"companyId": shop.company}}))["quotes"][
        "totalCount"
    ] == 2
    other = await outsider.raw(QUOTES, {"filter": {"companyId": shop.company}})
    assert other.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_odd_input_never_makes_a_server_error(shop):
    quote = await _requested(shop)
    for variables in (
        {"input": {"quoteId": quote["id"], "validUntil": "tomorrow"}},
        {"input": {"quoteId": quote["id"], "validUntil": later(), "shippingCost": "NaN"}},
        {
            "input": {
                "quoteId": quote["id"],
                "validUntil": later(),
                "lines": [{"lineId": quote["lines"][0]["id"], "unitPrice": "1e999999"}],
            }
        },
        {
            "input": {
                "quoteId": quote["id"],
                "validUntil": later(),
                "lines": [{"lineId": quote["id"], "quantity": 2**40}],
            }
        },
    ):
        response = await shop.rep.raw(SEND, variables)
        assert response.status_code == 200, response.text
        body = response.json()
        errors = body.get("errors") or []
        assert all(e["extensions"]["code"] != "INTERNAL_SERVER_ERROR" for e in errors), body
        payload = (body.get("data") or {}).get("sendQuote")
        assert errors or payload["userErrors"], body
    assert (await Quote.get(id=1)).status == "REQUESTED"
