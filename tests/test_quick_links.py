"""Quick-order links (SPEC D4, seed 002): the URL is shown once and only its hash is kept; opening
it gives a cart session that sees that company's catalog at its prices, in its language and
currency, can build a cart and order, and nothing else; regenerating or revoking ends it."""

from __future__ import annotations

import hashlib

import httpx
import pytest

from graphql_api.models import Activity, Notification, Order, QuickOrderLink
from tests import catalog_helpers as c
from tests.conftest import Api
from tests.order_helpers import ADD, CART, PLACE, build_shop, cheap_hashing, codes

GENERATE = """mutation($c: ID!) { generateQuickOrderLink(input: {companyId: $c}) {
  url link { company { legalName } createdBy { email } revokedAt } userErrors { field code } } }"""
REVOKE = """mutation($c: ID!) { revokeQuickOrderLink(input: {companyId: $c}) {
  url link { revokedAt } userErrors { field code } } }"""
ORDERS = """{ orders(first: 10) { nodes { number source companyName contactName
  company { legalName } lines { sku quantity } total { amount currency } } } }"""


@pytest.fixture(autouse=True)
def _cheap(monkeypatch):
    cheap_hashing(monkeypatch)


@pytest.fixture
async def shop(api, admin, rep):
    return await build_shop(api, admin, rep)


async def _generate(staff: Api, company: str) -> dict:
    return (await staff.data(GENERATE, {"c": company}))["generateQuickOrderLink"]


class LinkBrowser:
    """A browser that opened the link: its own cookie jar, and the CSRF token to echo."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.web = httpx.AsyncClient(transport=http._transport, base_url="http://testserver")
        self.csrf = ""

    async def open(self, url: str) -> httpx.Response:
        path = url.removeprefix("http://127.0.0.1:8000")
        response = await self.web.get(path)
        if response.status_code == 303:
            self.csrf = self.web.cookies["vitrine_csrf"]
        return response

    async def __call__(self, query: str, variables: dict | None = None) -> httpx.Response:
        return await self.web.post(
            "/graphql",
            json={"query": query, "variables": variables or {}},
            headers={"X-CSRF-Token": self.csrf},
        )

    async def data(self, query: str, variables: dict | None = None) -> dict:
        response = await self(query, variables)
        assert response.status_code == 200, response.text
        body = response.json()
        assert not body.get("errors"), body
        return body["data"]


@pytest.fixture
async def browser(client):
    made = LinkBrowser(client)
    yield made
    await made.web.aclose()


async def test_the_url_is_shown_once_and_only_a_hash_is_kept(shop, rep):
    made = await _generate(rep, shop.company)
    assert made["userErrors"] == []
    assert made["link"]["company"] == {"legalName": "Alfa Compras Ltda"}
    assert made["link"]["createdBy"] == {"email": "rep@example.com"}
    token = made["url"].rsplit("/q/", 1)[1]
    assert len(token) == 43  # 32 random bytes, base64url
    link = await QuickOrderLink.get()
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in repr(await QuickOrderLink.all().values())
    assert await Activity.filter(kind="QUICK_LINK_GENERATED").count() == 1


async def test_seed_002_open_the_link_build_a_cart_and_order(shop, rep, admin, browser):
    # The company's discount applies to what the link shows (seed 002, step 9).
    await admin.data(
        'mutation($id: ID!) { updateCompany(input: {id: $id, discountPercent: "10"}) '
        "{ userErrors { code } } }",
        {"id": shop.company},
    )
    url = (await _generate(rep, shop.company))["url"]
    opened = await browser.open(url)
    assert opened.status_code == 303
    assert opened.headers["location"] == "/quick-order"
    assert opened.headers["referrer-policy"] == "no-referrer"
    viewer = await browser.data("{ viewer { kind company { legalName } } }")
    assert viewer["viewer"] == {"kind": "QUICK_LINK", "company": None}
    products = await browser.data(
        '{ products(first: 10, search: "P-1") { nodes { sku price { amount } } } }'
    )
    assert products["products"]["nodes"] == [{"sku": "P-1", "price": {"amount": "9.00"}}]
    added = (await browser.data(ADD, {"p": shop.products["P-1"], "q": 4}))["addToCart"]
    assert added["userErrors"] == []
    assert (added["cart"]["companyName"], added["cart"]["total"]["amount"]) == (
        "Alfa Compras Ltda",
        "36.00",
    )
    placed = (await browser.data(PLACE, {"input": {"idempotencyKey": "link-1"}}))["placeOrder"]
    assert placed["userErrors"] == []
    assert (placed["order"]["source"], placed["order"]["contactName"]) == (
        "QUICK_LINK",
        "via quick-order link",
    )
    # It appears in the staff's orders with the company, items, quantities and total.
    seen = (await rep.data(ORDERS))["orders"]["nodes"]
    assert seen == [
        {
            "number": "VT-000001",
            "source": "QUICK_LINK",
            "companyName": "Alfa Compras Ltda",
            "contactName": "via quick-order link",
            "company": {"legalName": "Alfa Compras Ltda"},
            "lines": [{"sku": "P-1", "quantity": 4}],
            "total": {"amount": "36.00", "currency": "BRL"},
        }
    ]
    # Nobody at the company placed it; its purchasing and billing contacts are told.
    assert (await Order.get()).contact_id is None
    told = {n.recipient for n in await Notification.filter(kind="order_confirmation")}
    assert told == {shop.buyer_email, "financeiro@alfa.example.com"}


async def test_the_link_sees_the_companys_catalog_language_and_currency(shop, admin, browser):
    other = await c.supplier(admin, "Bravo")
    hidden = await c.product(admin, "BR-1", "7", other, shop.ids["category"])
    await c.limit(admin, companyId=shop.company, supplierIds=[shop.ids["supplier"]])
    euro = await c.price_list(admin, "Euro", "EUR")
    await c.entries(admin, euro, {"productId": shop.products["P-1"], "price": "2.5"})
    await c.assign(admin, euro, companyId=shop.company)
    await admin.data(
        'mutation($id: ID!) { updateCompany(input: {id: $id, preferredCurrency: "EUR", '
        'preferredLanguage: "ro"}) { userErrors { code } } }',
        {"id": shop.company},
    )
    await browser.open((await _generate(admin, shop.company))["url"])
    skus = await browser.data("{ products(first: 50) { nodes { sku } } }")
    assert "BR-1" not in [n["sku"] for n in skus["products"]["nodes"]]
    refused = (await browser.data(ADD, {"p": hidden, "q": 1}))["addToCart"]
    assert codes(refused) == [(["input", "productId"], "NOT_FOUND")]
    cart = (await browser.data(ADD, {"p": shop.products["P-1"], "q": 2}))["addToCart"]["cart"]
    assert (cart["currency"], cart["total"]["amount"]) == ("EUR", "5.00")
    language = await browser.data("{ cart { language } }")
    assert language["cart"]["language"] == "ro"


async def test_the_link_can_do_nothing_else(shop, rep, browser):
    await shop.add("P-1", 1)
    await browser.open((await _generate(rep, shop.company))["url"])
    for query in (
        "{ orders(first: 5) { totalCount } }",
        "{ priceTable(first: 5) { nodes { product { sku } } } }",
        "{ commercialPolicy { paymentTerms } }",
        "{ companies(first: 5) { totalCount } }",
        "query($id: ID!) { company(id: $id) { legalName } }",
    ):
        body = (await browser(query, {"id": shop.company})).json()
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", query
    for mutation, variables in (
        (GENERATE, {"c": shop.company}),
        (
            'mutation($c: ID!) { addNote(input: {companyId: $c, body: "x"}) '
            "{ userErrors { code } } }",
            {"c": shop.company},
        ),
    ):
        payload = next(iter((await browser.data(mutation, variables)).values()))
        assert [e["code"] for e in payload["userErrors"]] == ["FORBIDDEN"]
    # Its cart is not the purchasing contact's.
    assert (await browser.data(CART))["cart"]["lines"] == []
    assert len((await shop.cart())["lines"]) == 1


async def test_revoking_ends_the_link_and_its_sessions(shop, rep, browser, client):
    url = (await _generate(rep, shop.company))["url"]
    await browser.open(url)
    assert (await browser.data(CART))["cart"] is not None
    revoked = (await rep.data(REVOKE, {"c": shop.company}))["revokeQuickOrderLink"]
    assert revoked["userErrors"] == [] and revoked["url"] is None
    assert revoked["link"]["revokedAt"] is not None
    assert (await browser(CART)).status_code == 401
    again = await client.get(url.removeprefix("http://127.0.0.1:8000"))
    assert again.status_code == 404
    assert again.json()["errors"][0]["extensions"]["code"] == "INVALID_TOKEN"
    assert "vitrine_session" not in again.cookies
    nothing = (await rep.data(REVOKE, {"c": shop.company}))["revokeQuickOrderLink"]
    assert codes(nothing) == [(["input", "companyId"], "NOT_FOUND")]


async def test_regenerating_revokes_the_old_link(shop, rep, client):
    old = (await _generate(rep, shop.company))["url"]
    new = (await _generate(rep, shop.company))["url"]
    assert old != new
    assert (await client.get(old.removeprefix("http://127.0.0.1:8000"))).status_code == 404
    assert (await client.get(new.removeprefix("http://127.0.0.1:8000"))).status_code == 303
    assert await QuickOrderLink.filter(revoked_at__isnull=True).count() == 1


async def test_a_made_up_token_is_refused(client):
    for path in ("/q/not-a-token", "/q/" + "x" * 200):
        response = await client.get(path)
        assert response.status_code == 404


async def test_only_staff_holding_the_company_make_or_revoke_links(shop, other_rep, api):
    for caller, expected in (
        (other_rep, [(["input", "companyId"], "NOT_FOUND")]),
        (shop.buyer, [(None, "FORBIDDEN")]),
        (api, [(None, "UNAUTHENTICATED")]),
    ):
        assert codes(await _generate(caller, shop.company)) == expected
        revoked = (await caller.data(REVOKE, {"c": shop.company}))["revokeQuickOrderLink"]
        assert codes(revoked) == expected
    bad = await _generate(shop.admin, "bm90LWFuLWlk")
    assert codes(bad) == [(["input", "companyId"], "INVALID_ID")]
    assert await QuickOrderLink.all().count() == 0


async def test_a_link_for_an_id_that_is_not_a_company_is_refused_and_writes_nothing(shop, rep):
    wrong = "UHJvZHVjdDox"  # Product:1
    for document, name in ((GENERATE, "generateQuickOrderLink"), (REVOKE, "revokeQuickOrderLink")):
        payload = (await rep.data(document, {"c": wrong}))[name]
        assert codes(payload) == [(["input", "companyId"], "INVALID_ID")]
    assert await QuickOrderLink.all().count() == 0
