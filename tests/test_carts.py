"""Carts (SPEC D1): one cart per purchasing contact, quick-order link and guest session; lines
checked by the visibility service and priced by the pricing service at their quantity; what
stops a checkout listed with codes; the other callers refused."""

from __future__ import annotations

import asyncio

import pytest

from graphql_api.models import Cart, CartLine
from tests import catalog_helpers as c
from tests.conftest import Api
from tests.identity_helpers import buyer
from tests.order_helpers import (
    ADD,
    CART,
    CLEAR,
    REMOVE,
    UPDATE,
    build_shop,
    cheap_hashing,
    guest_client,
)


@pytest.fixture(autouse=True)
def _cheap(monkeypatch):
    cheap_hashing(monkeypatch)


@pytest.fixture
async def shop(api, admin, rep):
    return await build_shop(api, admin, rep)


async def test_lines_are_priced_per_line_with_tiers_and_totalled(shop):
    await shop.add("P-1", 3)
    added = await shop.add("T-1", 10)
    assert added["userErrors"] == []
    cart = added["cart"]
    lines = {line["sku"]: line for line in cart["lines"]}
    assert lines["P-1"]["unitPrice"]["amount"] == "10.00"
    assert lines["P-1"]["lineTotal"]["amount"] == "30.00"
    # Company list price 9, tier from 10 units at 8: the tier applies to this line's quantity.
    assert lines["T-1"]["unitPrice"] == {
        "amount": "8.00",
        "baseAmount": "8.00",
        "discountPercent": "0.00",
        "appliedRules": ["COMPANY_LIST:Tabela Alfa", "TIER:10"],
    }
    assert lines["T-1"]["lineTotal"]["amount"] == "80.00"
    assert (cart["subtotal"], cart["total"]) == (
        {"amount": "110.00", "currency": "BRL"},
        {"amount": "110.00", "currency": "BRL"},
    )
    assert cart["itemCount"] == 13
    assert cart["companyName"] == "Alfa Compras Ltda"
    assert (cart["canCheckout"], cart["checkoutProblems"]) == (True, [])
    assert await shop.cart() == cart


async def test_adding_again_adds_the_quantities(shop):
    await shop.add("P-1", 2)
    cart = (await shop.add("P-1", 5))["cart"]
    assert [(line["sku"], line["quantity"]) for line in cart["lines"]] == [("P-1", 7)]


async def test_company_discount_is_applied_and_shown(shop, admin):
    await admin.data(
        'mutation($id: ID!) { updateCompany(input: {id: $id, discountPercent: "10"}) '
        "{ userErrors { code } } }",
        {"id": shop.company},
    )
    cart = (await shop.add("P-1", 4))["cart"]
    assert cart["lines"][0]["unitPrice"]["amount"] == "9.00"
    assert (cart["subtotal"]["amount"], cart["discount"]["amount"], cart["total"]["amount"]) == (
        "40.00",
        "4.00",
        "36.00",
    )


async def test_quantities_must_respect_minimum_and_multiple(shop):
    below = await shop.add("BOX-12", 6)
    assert below["cart"] is None
    assert [(e["field"], e["code"]) for e in below["userErrors"]] == [
        (["input", "quantity"], "QUANTITY_RULE")
    ]
    off_multiple = await shop.add("BOX-12", 13)
    assert off_multiple["userErrors"][0]["code"] == "QUANTITY_RULE"
    assert "multiples of 6" in off_multiple["userErrors"][0]["message"]
    assert await CartLine.all().count() == 0
    ok = await shop.add("BOX-12", 18)
    assert ok["userErrors"] == []
    assert ok["cart"]["lines"][0]["quantity"] == 18


@pytest.mark.parametrize(
    ("quantity", "code"), [(0, "INVALID"), (-3, "INVALID"), (1_000_001, "INVALID")]
)
async def test_bad_quantities_are_refused_and_nothing_is_written(shop, quantity, code):
    result = await shop.add("P-1", quantity)
    assert [(e["field"], e["code"]) for e in result["userErrors"]] == [
        (["input", "quantity"], code)
    ]
    assert await CartLine.all().count() == 0


async def test_a_product_the_buyer_may_not_see_cannot_be_added(shop, admin):
    hidden = await c.product(
        admin, "OLD-1", "5", shop.ids["supplier"], shop.ids["category"], isActive=False
    )
    result = (await shop.buyer.data(ADD, {"p": hidden, "q": 1}))["addToCart"]
    assert [(e["field"], e["code"]) for e in result["userErrors"]] == [
        (["input", "productId"], "NOT_FOUND")
    ]
    not_a_product = (await shop.buyer.data(ADD, {"p": shop.company, "q": 1}))["addToCart"]
    assert [(e["field"], e["code"]) for e in not_a_product["userErrors"]] == [
        (["input", "productId"], "INVALID_ID")
    ]
    assert await CartLine.all().count() == 0


async def test_a_product_that_becomes_unavailable_stays_flagged_and_blocks_checkout(shop, admin):
    await shop.add("P-1", 2)
    await shop.add("T-1", 1)
    await admin.data(
        "mutation($id: ID!) { updateProduct(input: {id: $id, isActive: false}) "
        "{ userErrors { code } } }",
        {"id": shop.products["P-1"]},
    )
    cart = await shop.cart()
    line = next(line for line in cart["lines"] if line["sku"] == "P-1")
    assert (line["available"], line["product"], line["unitPrice"], line["lineTotal"]) == (
        False,
        None,
        None,
        None,
    )
    assert [p["code"] for p in line["problems"]] == ["PRODUCT_UNAVAILABLE"]
    assert cart["checkoutProblems"] == [
        {
            "code": "PRODUCT_UNAVAILABLE",
            "message": "P-1 (Parafuso) is no longer available.",
            "lineId": line["id"],
        }
    ]
    assert cart["canCheckout"] is False
    # Only the available line counts towards the totals.
    assert cart["total"]["amount"] == "9.00"
    changed = (await shop.buyer.data(UPDATE, {"l": line["id"], "q": 3}))["updateCartLine"]
    assert [(e["field"], e["code"]) for e in changed["userErrors"]] == [
        (["input", "lineId"], "PRODUCT_UNAVAILABLE")
    ]
    removed = (await shop.buyer.data(REMOVE, {"l": line["id"]}))["removeCartLine"]
    assert removed["cart"]["canCheckout"] is True


async def test_a_changed_price_shows_old_and_new(shop, admin):
    await shop.add("P-1", 1)
    await admin.data(
        'mutation($id: ID!) { updateProduct(input: {id: $id, basePrice: "12.5"}) '
        "{ userErrors { code } } }",
        {"id": shop.products["P-1"]},
    )
    line = (await shop.cart())["lines"][0]
    assert line["priceChanged"] is True
    assert (line["unitPrice"]["amount"], line["previousUnitPrice"]) == (
        "12.50",
        {"amount": "10.00"},
    )
    # Changing the line acknowledges today's price.
    again = (await shop.buyer.data(UPDATE, {"l": line["id"], "q": 2}))["updateCartLine"]
    assert again["cart"]["lines"][0]["previousUnitPrice"] is None


async def test_more_than_the_stock_is_flagged(shop):
    cart = (await shop.add("STOCK-3", 5))["cart"]
    line = cart["lines"][0]
    assert line["availableStock"] == 3
    assert [(p["code"], p["message"]) for p in line["problems"]] == [
        ("INSUFFICIENT_STOCK", "Only 3 of STOCK-3 in stock; 5 asked.")
    ]
    assert cart["canCheckout"] is False
    fixed = (await shop.buyer.data(UPDATE, {"l": line["id"], "q": 3}))["updateCartLine"]
    assert fixed["cart"]["canCheckout"] is True


async def test_below_the_minimum_order_value_is_a_checkout_problem(shop, admin):
    await c.policy(
        admin,
        minOrderValue={"amount": "100", "currency": "BRL"},
        paymentTerms=["30 dias"],
        carrierIds=[shop.ids["carrier"]],
    )
    cart = (await shop.add("P-1", 3))["cart"]
    assert cart["policy"] == {
        "paymentTerms": ["30 dias"],
        "minOrderValue": {"amount": "100.00", "currency": "BRL"},
        "carriers": [{"id": shop.ids["carrier"]}],
    }
    assert cart["checkoutProblems"] == [
        {
            "code": "BELOW_MINIMUM",
            "message": "The minimum order value is 100.00 BRL; this order comes to 30.00 BRL.",
            "lineId": None,
        }
    ]
    cart = (await shop.add("P-1", 7))["cart"]
    assert cart["checkoutProblems"] == []


async def test_an_empty_cart_cannot_check_out(shop):
    cart = (await shop.buyer.data(CLEAR))["clearCart"]["cart"]
    assert cart["lines"] == []
    assert [p["code"] for p in cart["checkoutProblems"]] == ["EMPTY_CART"]


async def test_update_remove_and_clear(shop):
    await shop.add("P-1", 2)
    cart = (await shop.add("T-1", 1))["cart"]
    p1, t1 = (next(x for x in cart["lines"] if x["sku"] == s) for s in ("P-1", "T-1"))
    updated = (await shop.buyer.data(UPDATE, {"l": p1["id"], "q": 5}))["updateCartLine"]
    assert {x["sku"]: x["quantity"] for x in updated["cart"]["lines"]} == {"P-1": 5, "T-1": 1}
    zero = (await shop.buyer.data(UPDATE, {"l": t1["id"], "q": 0}))["updateCartLine"]
    assert [x["sku"] for x in zero["cart"]["lines"]] == ["P-1"]
    removed = (await shop.buyer.data(REMOVE, {"l": p1["id"]}))["removeCartLine"]
    assert removed["cart"]["lines"] == []
    gone = (await shop.buyer.data(REMOVE, {"l": p1["id"]}))["removeCartLine"]
    assert [(e["field"], e["code"]) for e in gone["userErrors"]] == [
        (["input", "lineId"], "NOT_FOUND")
    ]
    await shop.add("P-1", 1)
    cleared = (await shop.buyer.data(CLEAR))["clearCart"]
    assert cleared["cart"]["lines"] == []
    assert await Cart.all().count() == 1


async def test_another_buyers_line_is_not_found(shop, api, admin):
    cart = (await shop.add("P-1", 2))["cart"]
    line = cart["lines"][0]["id"]
    other = await _other_buyer(api, admin)
    for document, variables, name in (
        (UPDATE, {"l": line, "q": 9}, "updateCartLine"),
        (REMOVE, {"l": line}, "removeCartLine"),
    ):
        result = (await other.data(document, variables))[name]
        assert [(e["field"], e["code"]) for e in result["userErrors"]] == [
            (["input", "lineId"], "NOT_FOUND")
        ]
    assert (await CartLine.get()).quantity == 2


async def _other_buyer(api: Api, admin: Api) -> Api:
    from tests.factories import create_company
    from tests.identity_helpers import activate, add_contact

    company = await create_company(admin, legalName="Beta Ltda")
    contact = await add_contact(admin, company["id"], "b@beta.example.com", roles=["PURCHASING"])
    await activate(api, admin, contact["id"])
    return await buyer(api, "b@beta.example.com")


async def test_callers_without_a_cart_are_refused(shop, api, admin, rep):
    billing = await buyer(api, "financeiro@alfa.example.com")
    refused = {
        "billing contact": (billing, "FORBIDDEN"),
        "admin": (admin, "FORBIDDEN"),
        "sales rep": (rep, "FORBIDDEN"),
        "visitor": (api, "UNAUTHENTICATED"),
    }
    for who, (caller, code) in refused.items():
        result = (await caller.data(ADD, {"p": shop.products["P-1"], "q": 1}))["addToCart"]
        assert [e["code"] for e in result["userErrors"]] == [code], who
        assert result["cart"] is None
        for document, name in ((CLEAR, "clearCart"),):
            cleared = (await caller.data(document))[name]
            assert [e["code"] for e in cleared["userErrors"]] == [code], who
        if caller is not api:
            body = await caller(CART)
            assert body["errors"][0]["extensions"]["code"] == code, who
    assert await Cart.all().count() == 0
    # A visitor without a guest session simply has no cart yet.
    assert (await api.data(CART))["cart"] is None


async def test_act_as_sees_and_fills_the_buyers_cart(shop, admin):
    await shop.add("P-1", 2)
    token = (
        await admin.data(
            "mutation($id: ID!) { actAsContact(input: {contactId: $id}) { session { token } } }",
            {"id": shop.ids["contact"]},
        )
    )["actAsContact"]["session"]["token"]
    acting = shop.api.as_(token)
    assert [x["quantity"] for x in (await shop.cart(acting))["lines"]] == [2]
    await shop.add("P-1", 1, acting)
    assert [x["quantity"] for x in (await shop.cart())["lines"]] == [3]


async def test_a_guest_session_has_its_own_cart(shop, client):
    guest, headers = await guest_client(client)
    try:
        response = await guest.post(
            "/graphql",
            json={"query": ADD, "variables": {"p": shop.products["P-1"], "q": 2}},
            headers=headers,
        )
        body = response.json()["data"]["addToCart"]
        assert body["userErrors"] == []
        cart = body["cart"]
        assert (cart["companyName"], cart["total"]["amount"], cart["canCheckout"]) == (
            None,
            "20.00",
            True,
        )
        # The company price list is the company's: a guest pays the base price.
        await guest.post(
            "/graphql",
            json={"query": ADD, "variables": {"p": shop.products["T-1"], "q": 10}},
            headers=headers,
        )
        read = (await guest.post("/graphql", json={"query": CART}, headers=headers)).json()
        read = read["data"]["cart"]
        t1 = next(x for x in read["lines"] if x["sku"] == "T-1")
        assert t1["unitPrice"]["amount"] == "12.00"
        # Without the CSRF token a cookie request that changes something is refused.
        forged = await guest.post(
            "/graphql", json={"query": ADD, "variables": {"p": shop.products["P-1"], "q": 1}}
        )
        assert forged.status_code == 403
    finally:
        await guest.aclose()
    cart = await Cart.get(guest_key__isnull=False)
    assert (cart.company_id, cart.contact_id) == (None, None)
    assert await shop.cart() is not None
    assert (await shop.cart())["lines"] == []


async def test_guest_sessions_only_where_guests_may_buy(shop, client, admin):
    await admin.data(
        "mutation { updateStorefront(input: {registrationMode: INVITE_ONLY}) "
        "{ userErrors { code } } }"
    )
    response = await client.post("/session/guest")
    assert response.status_code == 403
    assert response.json()["errors"][0]["extensions"]["code"] == "REGISTRATION_CLOSED"
    assert "vitrine_session" not in response.cookies


async def test_a_signed_in_buyer_gets_no_guest_session(shop, client):
    response = await client.post(
        "/session/guest", headers={"Authorization": f"Bearer {shop.buyer.token}"}
    )
    assert response.status_code == 409


async def test_concurrent_adds_of_one_product_make_one_line(shop):
    results = await asyncio.gather(*(shop.add("P-1", 1) for _ in range(10)))
    assert all(r["userErrors"] == [] for r in results)
    assert [(x["sku"], x["quantity"]) for x in (await shop.cart())["lines"]] == [("P-1", 10)]
    assert await Cart.all().count() == 1


CART_PAGE = """{ cart { total { amount } checkoutProblems { code }
  policy { paymentTerms carriers { name } }
  lines { sku quantity product { name category { name } supplier { name } }
    unitPrice { amount appliedRules } lineTotal { amount } problems { code } } } }"""


async def test_cart_runs_the_same_queries_for_5_and_50_lines(shop, admin, count_sql):
    skus = [f"SQL-{n:02d}" for n in range(50)]
    for sku in skus:
        shop.products[sku] = await c.product(
            admin, sku, "3", shop.ids["supplier"], shop.ids["category"]
        )
    await c.policy(admin, carrierIds=[shop.ids["carrier"]])
    counts = {}
    for size in (5, 50):
        while len((await shop.cart())["lines"]) < size:
            await shop.add(skus[len((await shop.cart())["lines"])], 1)
        with count_sql() as counter:
            data = await shop.buyer.data(CART_PAGE)
        lines = data["cart"]["lines"]
        assert len(lines) == size
        assert all(x["product"]["category"]["name"] == "Ferragens" for x in lines)
        assert data["cart"]["policy"]["carriers"] == [{"name": "Transportadora Rápida"}]
        counts[size] = counter.count
    assert counts[5] == counts[50], counts
    print(f"SQL statements per cart: {counts}")


async def test_a_minimum_applies_to_orders_in_its_own_currency(shop, admin):
    """No exchange rates: a BRL minimum does not bind a cart priced in EUR; a EUR one does."""
    euro = await c.price_list(admin, "Euro", "EUR")
    await c.entries(admin, euro, {"productId": shop.products["P-1"], "price": "2"})
    await c.assign(admin, euro, companyId=shop.company)
    await admin.data(
        'mutation($id: ID!) { updateCompany(input: {id: $id, preferredCurrency: "EUR"}) '
        "{ userErrors { code } } }",
        {"id": shop.company},
    )
    await c.policy(admin, minOrderValue={"amount": "500", "currency": "BRL"})
    cart = (await shop.add("P-1", 1))["cart"]
    assert (cart["currency"], cart["checkoutProblems"]) == ("EUR", [])
    await c.policy(admin, companyId=shop.company, minOrderValue={"amount": "10", "currency": "EUR"})
    cart = await shop.cart()
    assert [p["code"] for p in cart["checkoutProblems"]] == ["BELOW_MINIMUM"]


async def test_update_and_remove_refuse_bad_input_and_other_callers(shop, api, admin):
    line = (await shop.add("BOX-12", 12))["cart"]["lines"][0]["id"]
    for quantity, code in ((-1, "INVALID"), (7, "QUANTITY_RULE"), (1_000_001, "INVALID")):
        result = (await shop.buyer.data(UPDATE, {"l": line, "q": quantity}))["updateCartLine"]
        assert [(e["field"], e["code"]) for e in result["userErrors"]] == [
            (["input", "quantity"], code)
        ], quantity
    for document, variables, name in (
        (UPDATE, {"l": shop.company, "q": 1}, "updateCartLine"),
        (REMOVE, {"l": "bm90LWFuLWlk"}, "removeCartLine"),
    ):
        result = (await shop.buyer.data(document, variables))[name]
        assert [(e["field"], e["code"]) for e in result["userErrors"]] == [
            (["input", "lineId"], "INVALID_ID")
        ]
    billing = await buyer(api, "financeiro@alfa.example.com")
    for caller, code in ((billing, "FORBIDDEN"), (admin, "FORBIDDEN"), (api, "UNAUTHENTICATED")):
        for document, variables, name in (
            (UPDATE, {"l": line, "q": 24}, "updateCartLine"),
            (REMOVE, {"l": line}, "removeCartLine"),
        ):
            result = (await caller.data(document, variables))[name]
            assert [(e["field"], e["code"]) for e in result["userErrors"]] == [(None, code)]
    assert [(x.quantity) for x in await CartLine.all()] == [12]
