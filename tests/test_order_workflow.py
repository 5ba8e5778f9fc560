"""The order workflow (SPEC D5): one transition table, INVALID_TRANSITION for the rest, every change
in the history with actor, time and note, told to the buyer in its language; SHIPPED carries a
carrier and tracking; cancelling gives tracked stock back; only staff who hold the company."""

from __future__ import annotations

import asyncio

import pytest

from graphql_api.models import (
    Activity,
    Carrier,
    Notification,
    Order,
    OrderStatusChange,
    Product,
)
from tests import catalog_helpers as c
from tests.order_helpers import build_shop, cheap_hashing, codes, place

TRANSITION = """mutation($input: TransitionOrderInput!) { transitionOrder(input: $input) {
  order { status nextStatuses carrierName trackingCode trackingUrl
    history { fromStatus toStatus note actorName trackingCode trackingUrl staff { email } } }
  userErrors { field message code } } }"""


@pytest.fixture(autouse=True)
def _cheap(monkeypatch):
    cheap_hashing(monkeypatch)


@pytest.fixture
async def shop(api, admin, rep):
    return await build_shop(api, admin, rep)


async def _order(shop, sku: str = "P-1", quantity: int = 2) -> str:
    await shop.add(sku, quantity)
    result = await place(shop.buyer, f"k-{sku}-{quantity}", carrierId=shop.ids["carrier"])
    assert result["userErrors"] == [], result
    return result["order"]["id"]


async def _move(caller, order_id: str, to: str, **extra) -> dict:
    body = await caller.data(TRANSITION, {"input": {"orderId": order_id, "to": to, **extra}})
    return body["transitionOrder"]


async def test_an_order_goes_through_the_whole_workflow(shop, rep, admin):
    order_id = await _order(shop)
    confirmed = await _move(rep, order_id, "CONFIRMED", note="Estoque separado")
    assert confirmed["userErrors"] == []
    assert confirmed["order"]["nextStatuses"] == ["IN_PRODUCTION", "CANCELLED"]
    await _move(rep, order_id, "IN_PRODUCTION")
    shipped = await _move(
        rep, order_id, "SHIPPED", trackingCode="BR123", trackingUrl="https://t.example/BR123"
    )
    assert shipped["userErrors"] == []
    order = shipped["order"]
    assert (order["status"], order["carrierName"], order["trackingCode"], order["trackingUrl"]) == (
        "SHIPPED",
        "Transportadora Rápida",
        "BR123",
        "https://t.example/BR123",
    )
    delivered = (await _move(admin, order_id, "DELIVERED"))["order"]
    assert delivered["nextStatuses"] == []
    assert [(h["fromStatus"], h["toStatus"], h["actorName"]) for h in delivered["history"]] == [
        (None, "PENDING", "Bia"),
        ("PENDING", "CONFIRMED", "rep"),
        ("CONFIRMED", "IN_PRODUCTION", "rep"),
        ("IN_PRODUCTION", "SHIPPED", "rep"),
        ("SHIPPED", "DELIVERED", "admin"),
    ]
    assert delivered["history"][1]["note"] == "Estoque separado"
    assert delivered["history"][3]["trackingCode"] == "BR123"
    assert delivered["history"][4]["staff"] == {"email": "admin@example.com"}
    changes = await Activity.filter(kind="ORDER_STATUS_CHANGED").count()
    assert changes == 4


async def test_the_buyer_is_told_in_its_language(shop, rep):
    order_id = await _order(shop)
    await _move(rep, order_id, "CONFIRMED", note="Separado")
    mails = await Notification.filter(kind="order_status").order_by("id")
    assert {m.recipient for m in mails} == {shop.buyer_email, "financeiro@alfa.example.com"}
    mail = next(m for m in mails if m.recipient == shop.buyer_email)
    assert mail.language == "pt-BR"
    assert mail.subject.endswith(": confirmado")
    assert "Separado" in mail.body


async def test_shipped_needs_tracking_and_a_carrier(shop, rep, admin):
    await shop.add("P-1", 1)
    order_id = (await place(shop.buyer, "no-carrier"))["order"]["id"]
    await _move(rep, order_id, "CONFIRMED")
    await _move(rep, order_id, "IN_PRODUCTION")
    refused = await _move(rep, order_id, "SHIPPED")
    assert codes(refused) == [
        (["input", "trackingCode"], "REQUIRED"),
        (["input", "carrierId"], "REQUIRED"),
    ]
    bad_url = await _move(
        rep,
        order_id,
        "SHIPPED",
        trackingCode="X1",
        trackingUrl="javascript:alert(1)",
        carrierId=shop.ids["carrier"],
    )
    assert codes(bad_url) == [(["input", "trackingUrl"], "INVALID")]
    assert (await Order.get()).status == "IN_PRODUCTION"
    tracked = await c.carrier(admin, "Correios")
    # The carrier's own tracking address, with the code in it.
    await Carrier.filter(name="Correios").update(tracking_url="https://rastreio.example/{code}")
    shipped = await _move(rep, order_id, "SHIPPED", trackingCode="QB1", carrierId=tracked)
    assert shipped["order"]["trackingUrl"] == "https://rastreio.example/QB1"
    assert shipped["order"]["carrierName"] == "Correios"
    too_late = await _move(rep, order_id, "CANCELLED")
    assert codes(too_late) == [(["input", "to"], "INVALID_TRANSITION")]


async def test_transitions_outside_the_table_are_refused(shop, rep):
    order_id = await _order(shop)
    skipping = await _move(rep, order_id, "SHIPPED", trackingCode="X")
    assert codes(skipping) == [(["input", "to"], "INVALID_TRANSITION")]
    assert "can go to CANCELLED, CONFIRMED, not SHIPPED" in skipping["userErrors"][0]["message"]
    tracking_early = await _move(rep, order_id, "CONFIRMED", trackingCode="X")
    assert codes(tracking_early) == [(["input", "trackingCode"], "INVALID")]
    assert await OrderStatusChange.all().count() == 1
    await _move(rep, order_id, "CANCELLED")
    final = await _move(rep, order_id, "PENDING")
    assert codes(final) == [(["input", "to"], "INVALID_TRANSITION")]


async def test_cancelling_gives_tracked_stock_back(shop, rep):
    order_id = await _order(shop, "STOCK-3", 2)
    assert (await Product.get(sku="STOCK-3")).stock == 1
    await _move(rep, order_id, "CONFIRMED")
    cancelled = await _move(rep, order_id, "CANCELLED", note="Cliente desistiu")
    assert cancelled["order"]["status"] == "CANCELLED"
    assert (await Product.get(sku="STOCK-3")).stock == 3


async def test_two_changes_at_once_one_wins(shop, rep, admin):
    order_id = await _order(shop)
    results = await asyncio.gather(
        _move(rep, order_id, "CONFIRMED"), _move(admin, order_id, "CANCELLED")
    )
    assert sorted(len(r["userErrors"]) for r in results) == [0, 1]
    assert await OrderStatusChange.all().count() == 2


async def test_only_staff_holding_the_company_move_orders(shop, other_rep, api):
    order_id = await _order(shop)
    assert codes(await _move(other_rep, order_id, "CONFIRMED")) == [
        (["input", "orderId"], "NOT_FOUND")
    ]
    assert codes(await _move(shop.buyer, order_id, "CONFIRMED")) == [(None, "FORBIDDEN")]
    assert codes(await _move(api, order_id, "CONFIRMED")) == [(None, "UNAUTHENTICATED")]
    assert codes(await _move(shop.admin, "bm90LWFuLWlk", "CONFIRMED")) == [
        (["input", "orderId"], "INVALID_ID")
    ]
    assert (await Order.get()).status == "PENDING"
    assert await OrderStatusChange.all().count() == 1
