"""A small shop for the cart and order tests, built through the API like a client would: a
supplier, a category, a carrier, products with minimums, multiples, stock and a tiered company
price list, and company A (sales rep `rep`) with an active purchasing and billing contact."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx
from argon2 import PasswordHasher

from graphql_api.auth import passwords
from tests import catalog_helpers as c
from tests.conftest import Api
from tests.factories import create_company
from tests.identity_helpers import activate, add_contact, buyer

ERRORS = "userErrors { field message code }"
CART_FIELDS = """currency itemCount canCheckout priceVisibility companyName
  subtotal { amount currency } discount { amount } total { amount currency }
  checkoutProblems { code message lineId }
  policy { paymentTerms minOrderValue { amount currency } carriers { id } }
  lines { id sku name quantity available availableStock priceChanged product { id }
    unitPrice { amount baseAmount discountPercent appliedRules }
    lineTotal { amount } previousUnitPrice { amount }
    problems { code message } }"""
CART = f"{{ cart {{ {CART_FIELDS} }} }}"
ADD = f"""mutation($p: ID!, $q: Int!) {{ addToCart(input: {{productId: $p, quantity: $q}}) {{
  cart {{ {CART_FIELDS} }} {ERRORS} }} }}"""
UPDATE = f"""mutation($l: ID!, $q: Int!) {{ updateCartLine(input: {{lineId: $l, quantity: $q}}) {{
  cart {{ {CART_FIELDS} }} {ERRORS} }} }}"""
REMOVE = f"""mutation($l: ID!) {{ removeCartLine(input: {{lineId: $l}}) {{
  cart {{ {CART_FIELDS} }} {ERRORS} }} }}"""
CLEAR = f"""mutation {{ clearCart(input: {{}}) {{ cart {{ {CART_FIELDS} }} {ERRORS} }} }}"""


def cheap_hashing(monkeypatch: Any) -> None:
    """Argon2 at its smallest cost: these tests sign buyers in often, and the hash cost says
    nothing about carts and orders. Hashes stay Argon2id and are checked for real."""
    monkeypatch.setattr(
        passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    )


@dataclass
class Shop:
    api: Api
    admin: Api
    rep: Api
    buyer: Api
    company: str
    buyer_email: str
    products: dict[str, str] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)

    async def add(self, sku: str, quantity: int, as_: Api | None = None) -> dict[str, Any]:
        body = await (as_ or self.buyer).data(ADD, {"p": self.products[sku], "q": quantity})
        return body["addToCart"]

    async def cart(self, as_: Api | None = None) -> dict[str, Any]:
        return (await (as_ or self.buyer).data(CART))["cart"]


async def build_shop(api: Api, admin: Api, rep: Api) -> Shop:
    supplier = await c.supplier(admin, "Acme")
    category = await c.category(admin, "Ferragens")
    carrier = await c.carrier(admin, "Transportadora Rápida")
    products = {
        "P-1": await c.product(admin, "P-1", "10", supplier, category, name="Parafuso"),
        "BOX-12": await c.product(
            admin, "BOX-12", "5", supplier, category, minimumQuantity=12, quantityMultiple=6
        ),
        "STOCK-3": await c.product(admin, "STOCK-3", "20", supplier, category, stock=3),
        "T-1": await c.product(admin, "T-1", "12", supplier, category, name="Torneira"),
    }
    company = await create_company(
        admin, legalName="Alfa Compras Ltda", salesRepId=rep.staff_id, preferredLanguage="pt-BR"
    )
    price_list = await c.price_list(admin, "Tabela Alfa", "BRL")
    await c.entries(
        admin,
        price_list,
        {"productId": products["T-1"], "price": "9", "tiers": [{"minQuantity": 10, "price": "8"}]},
    )
    await c.assign(admin, price_list, companyId=company["id"])
    email = "compras@alfa.example.com"
    contact = await add_contact(admin, company["id"], email, roles=["PURCHASING"])
    await activate(api, admin, contact["id"])
    billing = await add_contact(
        admin, company["id"], "financeiro@alfa.example.com", roles=["BILLING"]
    )
    await activate(api, admin, billing["id"])
    shop = Shop(api, admin, rep, await buyer(api, email), company["id"], email, products)
    shop.ids.update(
        supplier=supplier,
        category=category,
        carrier=carrier,
        price_list=price_list,
        contact=contact["id"],
        billing=billing["id"],
    )
    return shop


async def guest_client(http: httpx.AsyncClient) -> tuple[httpx.AsyncClient, dict[str, str]]:
    """A second client on the same app with its own cookie jar, holding a guest session: the
    headers to send with its unsafe requests (the CSRF token)."""
    transport = http._transport  # the same ASGI app
    guest = httpx.AsyncClient(transport=transport, base_url="http://testserver")
    response = await guest.post("/session/guest")
    assert response.status_code == 200, response.text
    return guest, {"X-CSRF-Token": response.json()["csrfToken"]}


ORDER_FIELDS = """id number status source placedAt companyName contactName currency notes
  company { legalName } contact { email } placedByStaff { email }
  subtotal { amount currency } discountTotal { amount } total { amount currency }
  paymentTerm purchaseOrderNumber carrierName carrier { id }
  trackingCode trackingUrl readableParts nextStatuses
  policyTerms { minOrderValue { amount currency } paymentTerms maxDiscountPercent }
  shippingAddress { street number city state postalCode country }
  lines { sku name unit quantity product { sku } unitPrice { amount currency }
    baseUnitPrice { amount } discountPercent appliedRules lineTotal { amount } }
  history { fromStatus toStatus note actorName trackingCode trackingUrl staff { email } }"""
PLACE = f"""mutation($input: PlaceOrderInput!) {{ placeOrder(input: $input) {{
  order {{ {ORDER_FIELDS} }} {ERRORS} }} }}"""
ON_BEHALF = f"""mutation($input: PlaceOrderOnBehalfInput!) {{ placeOrderOnBehalf(input: $input) {{
  order {{ {ORDER_FIELDS} }} {ERRORS} }} }}"""


async def place(caller: Api, key: str = "k-1", **extra: Any) -> dict[str, Any]:
    body = await caller.data(PLACE, {"input": {"idempotencyKey": key, **extra}})
    return body["placeOrder"]


def codes(payload: dict[str, Any]) -> list[tuple[list[str] | None, str]]:
    return [(e["field"], e["code"]) for e in payload["userErrors"]]
