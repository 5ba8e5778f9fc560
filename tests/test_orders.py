"""Placing orders (SPEC D2, D3, C6 at checkout, B7): one transaction with snapshot lines, the
commercial policy enforced, stock taken atomically, idempotency keys unique per principal, gap-free
numbers per storefront, notifications and activity; placeOrderOnBehalf for the company's staff."""

from __future__ import annotations

import asyncio

import pytest

from graphql_api.models import (
    Activity,
    CartLine,
    Notification,
    Order,
    OrderCounter,
    OrderLine,
    Product,
)
from tests import catalog_helpers as c
from tests.conftest import Api
from tests.factories import create_company
from tests.identity_helpers import activate, add_contact, buyer
from tests.order_helpers import (
    ON_BEHALF,
    build_shop,
    cheap_hashing,
    codes,
    place,
)


@pytest.fixture(autouse=True)
def _cheap(monkeypatch):
    cheap_hashing(monkeypatch)


@pytest.fixture
async def shop(api, admin, rep):
    return await build_shop(api, admin, rep)


async def _nothing_written(lines_in_cart: int = 1) -> None:
    assert await Order.all().count() == 0
    assert await OrderLine.all().count() == 0
    assert await CartLine.all().count() == lines_in_cart
    counter = await OrderCounter.first()
    assert counter is None or counter.last_number == 0


async def test_a_buyer_places_its_cart_as_an_order(shop):
    await shop.add("P-1", 3)
    await shop.add("T-1", 10)
    result = await place(shop.buyer, notes="Entregar pela manhã", purchaseOrderNumber="PO-77")
    assert result["userErrors"] == []
    order = result["order"]
    assert (order["number"], order["status"], order["source"]) == ("VT-000001", "PENDING", "API")
    assert (order["companyName"], order["contactName"], order["company"]) == (
        "Alfa Compras Ltda",
        "Bia",
        {"legalName": "Alfa Compras Ltda"},
    )
    assert order["contact"] == {"email": shop.buyer_email}
    assert (order["subtotal"], order["total"]) == (
        {"amount": "110.00", "currency": "BRL"},
        {"amount": "110.00", "currency": "BRL"},
    )
    assert (order["notes"], order["purchaseOrderNumber"]) == ("Entregar pela manhã", "PO-77")
    assert order["lines"] == [
        {
            "sku": "P-1",
            "name": "Parafuso",
            "unit": "un",
            "quantity": 3,
            "product": {"sku": "P-1"},
            "unitPrice": {"amount": "10.00", "currency": "BRL"},
            "baseUnitPrice": {"amount": "10.00"},
            "discountPercent": "0.00",
            "appliedRules": [],
            "lineTotal": {"amount": "30.00"},
        },
        {
            "sku": "T-1",
            "name": "Torneira",
            "unit": "un",
            "quantity": 10,
            "product": {"sku": "T-1"},
            "unitPrice": {"amount": "8.00", "currency": "BRL"},
            "baseUnitPrice": {"amount": "8.00"},
            "discountPercent": "0.00",
            "appliedRules": ["COMPANY_LIST:Tabela Alfa", "TIER:10"],
            "lineTotal": {"amount": "80.00"},
        },
    ]
    # The company's MAIN address, as it was.
    assert order["shippingAddress"] == {
        "street": "Avenida Paulista",
        "number": "1000",
        "city": "São Paulo",
        "state": "SP",
        "postalCode": "01310-100",
        "country": "BR",
    }
    assert order["history"] == [
        {
            "fromStatus": None,
            "toStatus": "PENDING",
            "note": "",
            "actorName": "Bia",
            "trackingCode": None,
            "trackingUrl": None,
            "staff": None,
        }
    ]
    assert order["readableParts"] == ["STATUS", "LINES", "AMOUNTS", "SHIPPING", "PARTIES"]
    # The cart is empty now.
    assert (await shop.cart())["lines"] == []


async def test_confirmation_in_the_buyers_language_to_purchasing_and_billing_and_rep_alert(shop):
    await shop.add("P-1", 2)
    number = (await place(shop.buyer))["order"]["number"]
    mails = {n.recipient: n for n in await Notification.filter(kind="order_confirmation")}
    assert set(mails) == {shop.buyer_email, "financeiro@alfa.example.com"}
    confirmation = mails[shop.buyer_email]
    assert confirmation.language == "pt-BR"
    assert confirmation.subject == f"Pedido {number}: recebido"
    assert "2 x P-1 Parafuso" in confirmation.body and "R$\xa020,00" in confirmation.body
    alerts = await Notification.filter(kind="order_alert")
    assert [a.recipient for a in alerts] == ["rep@example.com"]
    assert number in alerts[0].subject
    placed = await Activity.get(kind="ORDER_PLACED")
    assert placed.details["number"] == number and placed.details["source"] == "API"


async def test_numbers_are_sequential_and_a_refused_order_takes_none(shop):
    await shop.add("P-1", 1)
    assert (await place(shop.buyer, "a"))["order"]["number"] == "VT-000001"
    await shop.add("STOCK-3", 5)  # more than the stock: refused
    refused = await place(shop.buyer, "b")
    assert codes(refused) == [(None, "INSUFFICIENT_STOCK")]
    await shop.add("P-1", 1)
    line = next(x for x in (await shop.cart())["lines"] if x["sku"] == "STOCK-3")
    await shop.buyer.data(
        "mutation($l: ID!) { removeCartLine(input: {lineId: $l}) { userErrors { code } } }",
        {"l": line["id"]},
    )
    assert (await place(shop.buyer, "c"))["order"]["number"] == "VT-000002"
    assert [o.sequence for o in await Order.all().order_by("id")] == [1, 2]


async def test_a_retry_returns_the_same_order_and_other_input_is_a_conflict(shop):
    await shop.add("P-1", 2)
    first = await place(shop.buyer, "retry-me", notes="x")
    again = await place(shop.buyer, "retry-me", notes="x")
    assert again["userErrors"] == []
    assert again["order"]["id"] == first["order"]["id"]
    other = await place(shop.buyer, "retry-me", notes="y")
    assert codes(other) == [(["input", "idempotencyKey"], "IDEMPOTENCY_CONFLICT")]
    assert await Order.all().count() == 1


async def test_the_same_key_is_free_for_another_principal(shop, api, admin):
    await shop.add("P-1", 2)
    mine = await place(shop.buyer, "shared-key")
    other = await _second_buyer(api, admin, shop)
    await shop.add("P-1", 1, other)
    theirs = await place(other, "shared-key")
    assert theirs["userErrors"] == []
    assert theirs["order"]["id"] != mine["order"]["id"]


async def _second_buyer(api: Api, admin: Api, shop) -> Api:
    company = await create_company(admin, legalName="Beta Ltda")
    contact = await add_contact(admin, company["id"], "b@beta.example.com", roles=["PURCHASING"])
    await activate(api, admin, contact["id"])
    return await buyer(api, "b@beta.example.com")


async def test_fifty_identical_requests_at_once_make_one_order(shop):
    await shop.add("STOCK-3", 2)
    results = await asyncio.gather(*(place(shop.buyer, "burst") for _ in range(50)))
    assert all(r["userErrors"] == [] for r in results), [r["userErrors"] for r in results]
    assert len({r["order"]["id"] for r in results}) == 1
    assert await Order.all().count() == 1
    assert (await Product.get(sku="STOCK-3")).stock == 1


async def test_two_buyers_race_for_the_last_unit_and_one_wins(shop, api, admin):
    other = await _second_buyer(api, admin, shop)
    await admin.data(
        "mutation($id: ID!) { updateProduct(input: {id: $id, stock: 1}) { userErrors { code } } }",
        {"id": shop.products["STOCK-3"]},
    )
    await shop.add("STOCK-3", 1)
    await shop.add("STOCK-3", 1, other)
    results = await asyncio.gather(place(shop.buyer, "mine"), place(other, "theirs"))
    won = [r for r in results if r["order"]]
    lost = [r for r in results if not r["order"]]
    assert len(won) == 1 and len(lost) == 1
    assert codes(lost[0]) == [(None, "INSUFFICIENT_STOCK")]
    assert (await Product.get(sku="STOCK-3")).stock == 0
    assert [o.number for o in await Order.all()] == ["VT-000001"]


async def test_the_commercial_policy_is_enforced_and_nothing_is_written(shop, admin):
    await c.policy(
        admin,
        minOrderValue={"amount": "50", "currency": "BRL"},
        paymentTerms=["30 dias", "60 dias"],
        carrierIds=[shop.ids["carrier"]],
    )
    other_carrier = await c.carrier(admin, "Lenta")
    await shop.add("P-1", 2)
    missing = await place(shop.buyer)
    assert codes(missing) == [
        (None, "BELOW_MINIMUM"),
        (["input", "paymentTerm"], "REQUIRED"),
        (["input", "carrierId"], "REQUIRED"),
    ]
    wrong = await place(shop.buyer, paymentTerm="À vista", carrierId=other_carrier)
    assert codes(wrong) == [
        (None, "BELOW_MINIMUM"),
        (["input", "paymentTerm"], "NOT_ALLOWED"),
        (["input", "carrierId"], "NOT_ALLOWED"),
    ]
    await _nothing_written()
    await shop.add("P-1", 3)
    ok = await place(shop.buyer, paymentTerm="60 dias", carrierId=shop.ids["carrier"])
    assert ok["userErrors"] == []
    order = ok["order"]
    assert (order["paymentTerm"], order["carrierName"], order["carrier"]) == (
        "60 dias",
        "Transportadora Rápida",
        {"id": shop.ids["carrier"]},
    )
    assert order["policyTerms"] == {
        "minOrderValue": {"amount": "50.00", "currency": "BRL"},
        "paymentTerms": ["30 dias", "60 dias"],
        "maxDiscountPercent": None,
    }


async def test_the_discount_cap_of_the_policy_holds_at_checkout(shop, admin):
    await admin.data(
        'mutation($id: ID!) { updateCompany(input: {id: $id, discountPercent: "20"}) '
        "{ userErrors { code } } }",
        {"id": shop.company},
    )
    await c.policy(admin, companyId=shop.company, maxDiscountPercent="5")
    await shop.add("P-1", 10)
    line = (await place(shop.buyer))["order"]["lines"][0]
    assert (line["unitPrice"]["amount"], line["discountPercent"]) == ("9.50", "5.00")
    assert line["appliedRules"] == ["COMPANY_DISCOUNT:5.00", "MAX_DISCOUNT:5.00"]


async def test_cart_problems_refuse_the_order(shop, admin):
    refused = await place(shop.buyer)
    assert codes(refused) == [(None, "EMPTY_CART")]
    await shop.add("P-1", 1)
    await admin.data(
        "mutation($id: ID!) { updateProduct(input: {id: $id, minimumQuantity: 5}) "
        "{ userErrors { code } } }",
        {"id": shop.products["P-1"]},
    )
    assert codes(await place(shop.buyer)) == [(None, "QUANTITY_RULE")]
    await admin.data(
        "mutation($id: ID!) { updateProduct(input: {id: $id, isActive: false}) "
        "{ userErrors { code } } }",
        {"id": shop.products["P-1"]},
    )
    assert codes(await place(shop.buyer)) == [(None, "PRODUCT_UNAVAILABLE")]
    await _nothing_written()


async def test_stock_is_taken_and_the_order_refused_when_short(shop):
    await shop.add("STOCK-3", 2)
    assert (await place(shop.buyer, "one"))["userErrors"] == []
    assert (await Product.get(sku="STOCK-3")).stock == 1
    await shop.add("STOCK-3", 2)
    assert codes(await place(shop.buyer, "two")) == [(None, "INSUFFICIENT_STOCK")]
    assert (await Product.get(sku="STOCK-3")).stock == 1


async def test_shipping_addresses(shop, admin):
    company = await admin.data(
        "query($id: ID!) { company(id: $id) { addresses { id } } }", {"id": shop.company}
    )
    address_id = company["company"]["addresses"][0]["id"]
    await shop.add("P-1", 1)
    typed = {"street": "Rua Augusta", "city": "São Paulo", "postalCode": "1", "country": "BR"}
    bad = await place(shop.buyer, address=typed)
    assert codes(bad) == [(["input", "address", "postalCode"], "INVALID_POSTAL_CODE")]
    both = await place(shop.buyer, address=typed, shippingAddressId=address_id)
    assert codes(both) == [(["input", "address"], "INVALID")]
    not_ours = await place(shop.buyer, shippingAddressId=shop.company)
    assert codes(not_ours) == [(["input", "shippingAddressId"], "INVALID_ID")]
    await _nothing_written()
    typed["postalCode"] = "01305-000"
    order = (await place(shop.buyer, address=typed))["order"]
    assert order["shippingAddress"]["street"] == "Rua Augusta"
    await shop.add("P-1", 1)
    chosen = (await place(shop.buyer, "2", shippingAddressId=address_id))["order"]
    assert chosen["shippingAddress"]["street"] == "Avenida Paulista"


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({"idempotencyKey": " "}, [(["input", "idempotencyKey"], "REQUIRED")]),
        ({"idempotencyKey": "x" * 101}, [(["input", "idempotencyKey"], "INVALID")]),
        ({"purchaseOrderNumber": "P" * 61}, [(["input", "purchaseOrderNumber"], "INVALID")]),
        ({"notes": "n" * 2001}, [(["input", "notes"], "INVALID")]),
        ({"carrierId": "bm90LWFuLWlk"}, [(["input", "carrierId"], "INVALID_ID")]),
    ],
)
async def test_rejected_input_names_the_field_and_writes_nothing(shop, extra, expected):
    await shop.add("P-1", 1)
    assert codes(await place(shop.buyer, **extra)) == expected
    await _nothing_written()


async def test_act_as_cannot_place_orders(shop, admin):
    await shop.add("P-1", 1)
    token = (
        await admin.data(
            "mutation($id: ID!) { actAsContact(input: {contactId: $id}) { session { token } } }",
            {"id": shop.ids["contact"]},
        )
    )["actAsContact"]["session"]["token"]
    refused = await place(shop.api.as_(token))
    assert codes(refused) == [(None, "FORBIDDEN")]
    await _nothing_written()


async def test_callers_without_a_cart_cannot_place_orders(shop, api, admin, rep):
    await shop.add("P-1", 1)
    billing = await buyer(api, "financeiro@alfa.example.com")
    for caller, code in ((billing, "FORBIDDEN"), (admin, "FORBIDDEN"), (rep, "FORBIDDEN")):
        assert codes(await place(caller)) == [(None, code)]
    assert codes(await place(api)) == [(None, "UNAUTHENTICATED")]
    registration = {"company": {"legalName": "X"}, "contact": {"firstName": "X", "email": "x@x.io"}}
    signed_in = await place(shop.buyer, registration={**registration, "password": "p" * 12})
    assert codes(signed_in) == [(["input", "registration"], "ALREADY_SIGNED_IN")]
    await _nothing_written()


# On behalf (SPEC D3)


def _behalf(shop, **extra):
    data = {
        "companyId": shop.company,
        "idempotencyKey": "behalf-1",
        "lines": [{"productId": shop.products["P-1"], "quantity": 4}],
    }
    data.update(extra)
    return {"input": data}


async def test_the_companys_rep_orders_on_its_behalf(shop, rep):
    result = (await rep.data(ON_BEHALF, _behalf(shop)))["placeOrderOnBehalf"]
    assert result["userErrors"] == []
    order = result["order"]
    assert (order["source"], order["placedByStaff"], order["contact"]) == (
        "ON_BEHALF",
        {"email": "rep@example.com"},
        {"email": shop.buyer_email},
    )
    assert order["total"]["amount"] == "40.00"
    assert order["history"][0]["actorName"] == "rep"
    assert order["history"][0]["staff"] == {"email": "rep@example.com"}
    placed = await Activity.get(kind="ORDER_PLACED")
    assert placed.staff_id is not None and placed.contact_id is not None
    # Retried, the same order.
    again = (await rep.data(ON_BEHALF, _behalf(shop)))["placeOrderOnBehalf"]
    assert again["order"]["id"] == order["id"]


async def test_another_rep_and_buyers_cannot_order_on_behalf(shop, other_rep, api):
    refused = (await other_rep.data(ON_BEHALF, _behalf(shop)))["placeOrderOnBehalf"]
    assert codes(refused) == [(["input", "companyId"], "NOT_FOUND")]
    as_buyer = (await shop.buyer.data(ON_BEHALF, _behalf(shop)))["placeOrderOnBehalf"]
    assert codes(as_buyer) == [(None, "FORBIDDEN")]
    anonymous = (await api.data(ON_BEHALF, _behalf(shop)))["placeOrderOnBehalf"]
    assert codes(anonymous) == [(None, "UNAUTHENTICATED")]
    assert await Order.all().count() == 0


async def test_on_behalf_lines_are_checked_with_their_paths(shop, admin):
    hidden = await c.product(
        admin, "OLD-1", "5", shop.ids["supplier"], shop.ids["category"], isActive=False
    )
    lines = [
        {"productId": shop.products["P-1"], "quantity": 0},
        {"productId": shop.products["BOX-12"], "quantity": 7},
        {"productId": hidden, "quantity": 1},
        {"productId": shop.products["P-1"], "quantity": 2},
        {"productId": shop.products["STOCK-3"], "quantity": 9},
    ]
    result = (await admin.data(ON_BEHALF, _behalf(shop, lines=lines)))["placeOrderOnBehalf"]
    assert codes(result) == [
        (["input", "lines", "0", "quantity"], "INVALID"),
        (["input", "lines", "3", "productId"], "DUPLICATE"),
    ]
    lines = lines[1:3] + lines[4:]
    result = (await admin.data(ON_BEHALF, _behalf(shop, lines=lines)))["placeOrderOnBehalf"]
    assert codes(result) == [
        (["input", "lines", "0", "quantity"], "QUANTITY_RULE"),
        (["input", "lines", "1", "productId"], "PRODUCT_UNAVAILABLE"),
        (["input", "lines", "2", "quantity"], "INSUFFICIENT_STOCK"),
    ]
    empty = (await admin.data(ON_BEHALF, _behalf(shop, lines=[])))["placeOrderOnBehalf"]
    assert codes(empty) == [(["input", "lines"], "REQUIRED")]
    other = await create_company(admin, legalName="Gama Ltda")
    foreign = await add_contact(admin, other["id"], "g@gama.example.com", roles=["PURCHASING"])
    wrong_contact = (await admin.data(ON_BEHALF, _behalf(shop, contactId=foreign["id"])))[
        "placeOrderOnBehalf"
    ]
    assert codes(wrong_contact) == [(["input", "contactId"], "NOT_FOUND")]
    await _nothing_written(lines_in_cart=0)


async def test_on_behalf_of_a_company_limited_to_another_supplier(shop, admin):
    """At that company's prices and catalog, not the staff member's."""
    other = await c.supplier(admin, "Bravo")
    await c.limit(admin, companyId=shop.company, supplierIds=[other])
    result = (await admin.data(ON_BEHALF, _behalf(shop)))["placeOrderOnBehalf"]
    assert codes(result) == [(["input", "lines", "0", "productId"], "PRODUCT_UNAVAILABLE")]


async def test_on_behalf_at_the_companys_prices(shop, admin):
    lines = [{"productId": shop.products["T-1"], "quantity": 10}]
    order = (await admin.data(ON_BEHALF, _behalf(shop, lines=lines)))["placeOrderOnBehalf"]
    assert order["order"]["lines"][0]["appliedRules"] == ["COMPANY_LIST:Tabela Alfa", "TIER:10"]
