"""Guest checkout that registers (SPEC B5, seed 000 scenario 1): the company, its purchasing
contact and the order in one transaction through the registration service; OPEN places the
order, WITH_APPROVAL holds it until the registration is decided, INVITE_ONLY has no guests."""

from __future__ import annotations

import httpx
import pytest

from graphql_api.global_ids import to_global_id
from graphql_api.models import CartLine, Company, Contact, Notification, Order, Product
from tests.factories import company_input
from tests.identity_helpers import login
from tests.order_helpers import ADD, PLACE, build_shop, cheap_hashing, guest_client

MODE = """mutation($mode: RegistrationMode!) { updateStorefront(input: {registrationMode: $mode})
  { userErrors { code } } }"""
MY_ORDERS = "{ orders(first: 5) { nodes { number status source contact { email } } } }"


@pytest.fixture(autouse=True)
def _cheap(monkeypatch):
    cheap_hashing(monkeypatch)


@pytest.fixture
async def shop(api, admin, rep):
    return await build_shop(api, admin, rep)


class Guest:
    def __init__(self, web: httpx.AsyncClient, headers: dict[str, str]) -> None:
        self.web, self.headers = web, headers

    async def data(self, query: str, variables: dict | None = None) -> dict:
        response = await self.web.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=self.headers
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert not body.get("errors"), body
        return body["data"]


@pytest.fixture
async def guest(client, shop):
    web, headers = await guest_client(client)
    made = Guest(web, headers)
    added = (await made.data(ADD, {"p": shop.products["STOCK-3"], "q": 2}))["addToCart"]
    assert added["userErrors"] == []
    yield made
    await web.aclose()


def _registration(email: str = "novo@cliente.example.com", **company: object) -> dict:
    base = company_input()
    return {
        "company": {
            "legalName": "Cliente Novo Ltda",
            "taxIds": base["taxIds"],
            "addresses": base["addresses"],
            "preferredLanguage": "es",
            **company,
        },
        "contact": {"firstName": "Nina", "email": email},
        "password": "guest-password-1",
    }


async def _checkout(guest: Guest, key: str = "g-1", **registration: object) -> dict:
    data = {"idempotencyKey": key, "registration": _registration(**registration)}
    return (await guest.data(PLACE, {"input": data}))["placeOrder"]


async def test_open_storefront_registers_and_places_the_order(shop, guest, api, rep):
    result = await _checkout(guest)
    assert result["userErrors"] == []
    order = result["order"]
    assert (order["status"], order["source"], order["companyName"]) == (
        "PENDING",
        "GUEST",
        "Cliente Novo Ltda",
    )
    assert order["total"] == {"amount": "40.00", "currency": "BRL"}
    assert order["shippingAddress"]["street"] == "Avenida Paulista"
    company = await Company.get(legal_name="Cliente Novo Ltda")
    contact = await Contact.get(company_id=company.id)
    assert (contact.email, contact.is_purchasing, contact.access_state) == (
        "novo@cliente.example.com",
        True,
        "ACTIVE",
    )
    assert (await Product.get(sku="STOCK-3")).stock == 1
    assert await CartLine.all().count() == 0
    mail = await Notification.get(kind="order_confirmation")
    assert (mail.recipient, mail.language) == ("novo@cliente.example.com", "es")
    # The new buyer signs in with the password it chose and finds its order.
    session = (await login(api, "novo@cliente.example.com", "guest-password-1"))["session"]
    mine = (await api.as_(session["token"]).data(MY_ORDERS))["orders"]["nodes"]
    assert mine == [
        {
            "number": order["number"],
            "status": "PENDING",
            "source": "GUEST",
            "contact": {"email": "novo@cliente.example.com"},
        }
    ]


async def test_a_retry_returns_the_order_and_registers_nobody_twice(shop, guest):
    data = {"idempotencyKey": "same", "registration": _registration()}
    first = (await guest.data(PLACE, {"input": data}))["placeOrder"]
    again = (await guest.data(PLACE, {"input": data}))["placeOrder"]
    assert again["userErrors"] == []
    assert again["order"]["number"] == first["order"]["number"]
    assert await Company.filter(legal_name="Cliente Novo Ltda").count() == 1
    # Another registration under the same key is another request: refused.
    other = await _checkout(guest, "same")
    assert [e["code"] for e in other["userErrors"]] == ["IDEMPOTENCY_CONFLICT"]


async def test_with_approval_the_order_waits_for_the_decision(shop, guest, admin):
    await admin.data(MODE, {"mode": "WITH_APPROVAL"})
    result = await _checkout(guest)
    assert result["order"]["status"] == "PENDING_APPROVAL"
    assert await Notification.filter(kind="registration_alert").count() == 1
    confirmation = await Notification.get(kind="order_confirmation")
    assert "aprobación" in confirmation.subject
    company = await Company.get(legal_name="Cliente Novo Ltda")
    await admin.data(
        "mutation($id: ID!) { approveRegistration(input: {id: $id}) { userErrors { code } } }",
        {"id": to_global_id("Company", company.id)},
    )
    order = await Order.get()
    assert order.status == "PENDING"
    mail = await Notification.filter(kind="order_status").first()
    assert mail is not None and mail.recipient == "novo@cliente.example.com"


async def test_a_rejected_registration_cancels_the_held_order(shop, guest, admin):
    await admin.data(MODE, {"mode": "WITH_APPROVAL"})
    await _checkout(guest)
    assert (await Product.get(sku="STOCK-3")).stock == 1
    company = await Company.get(legal_name="Cliente Novo Ltda")
    await admin.data(
        "mutation($id: ID!) { rejectRegistration(input: {id: $id}) { userErrors { code } } }",
        {"id": to_global_id("Company", company.id)},
    )
    assert (await Order.get()).status == "CANCELLED"
    assert (await Product.get(sku="STOCK-3")).stock == 3


async def test_invite_only_has_no_guest_checkout(shop, guest, admin):
    await admin.data(MODE, {"mode": "INVITE_ONLY"})
    response = await guest.web.post(
        "/graphql",
        json={
            "query": PLACE,
            "variables": {"input": {"idempotencyKey": "x", "registration": _registration()}},
        },
        headers=guest.headers,
    )
    payload = response.json()["data"]["placeOrder"]
    assert [e["code"] for e in payload["userErrors"]] == ["UNAUTHENTICATED"]
    assert await Company.filter(legal_name="Cliente Novo Ltda").count() == 0
    assert await Order.all().count() == 0


async def test_bad_registration_is_refused_whole_and_nothing_is_written(shop, guest):
    result = await _checkout(
        guest,
        taxIds=[{"kind": "CNPJ", "value": "11.111.111/1111-11"}],
        email="not-an-email",
    )
    assert result["order"] is None
    assert [(e["field"], e["code"]) for e in result["userErrors"]] == [
        (["input", "registration", "company", "taxIds", "0", "value"], "INVALID_CNPJ"),
    ]
    fields = await _checkout(guest, "g-2", email="not-an-email")
    assert [(e["field"], e["code"]) for e in fields["userErrors"]] == [
        (["input", "registration", "contact", "email"], "INVALID_EMAIL"),
    ]
    assert await Company.filter(legal_name="Cliente Novo Ltda").count() == 0
    assert await Order.all().count() == 0
    assert await CartLine.all().count() == 1
    assert (await Product.get(sku="STOCK-3")).stock == 3


async def test_a_guest_without_registration_or_cart(shop, client):
    web, headers = await guest_client(client)
    try:
        guest = Guest(web, headers)
        empty = (
            await guest.data(
                PLACE, {"input": {"idempotencyKey": "e", "registration": _registration()}}
            )
        )["placeOrder"]
        assert [e["code"] for e in empty["userErrors"]] == ["EMPTY_CART"]
        missing = (await guest.data(PLACE, {"input": {"idempotencyKey": "m"}}))["placeOrder"]
        assert [(e["field"], e["code"]) for e in missing["userErrors"]] == [
            (["input", "registration"], "REQUIRED")
        ]
    finally:
        await web.aclose()
    assert await Company.filter(legal_name="Cliente Novo Ltda").count() == 0
