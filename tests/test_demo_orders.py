"""Demo orders (issue 10): a few hundred across statuses, sources and months, placed and moved
through the order service, consistent as real ones, and without mail to send."""

from __future__ import annotations

import pytest

from graphql_api.demo.load import DEMO_PASSWORD, load_demo
from graphql_api.models import Invoice, Notification, Order, OrderLine, OrderStatusChange
from graphql_api.models.enums import NotificationState
from tests.identity_helpers import login
from tests.invoice_demo_checks import check_demo_invoices
from tests.order_helpers import cheap_hashing


@pytest.fixture(autouse=True)
def _cheap(monkeypatch):
    cheap_hashing(monkeypatch)


async def test_demo_orders_cover_statuses_sources_and_months(api):
    await load_demo()
    orders = list(await Order.all().order_by("sequence"))
    # 240 at most, and the orders of the demo quotes accepted (graphql_api/demo/quotes.py).
    assert 200 <= len(orders) <= 245
    assert {o.status for o in orders} == {
        "PENDING",
        "CONFIRMED",
        "IN_PRODUCTION",
        "SHIPPED",
        "DELIVERED",
        "CANCELLED",
    }
    assert {o.source for o in orders} == {
        "STOREFRONT",
        "API",
        "ON_BEHALF",
        "QUICK_LINK",
        "QUOTE",
    }
    assert len({o.created_at.strftime("%Y-%m") for o in orders}) >= 12
    assert [o.sequence for o in orders] == list(range(1, len(orders) + 1))
    # Numbered in the order they were placed: dates rise with the numbers.
    assert [o.created_at for o in orders] == sorted(o.created_at for o in orders)
    with_lines = set(await OrderLine.all().values_list("order_id", flat=True))
    assert with_lines == {o.id for o in orders}
    for order in orders[:: max(len(orders) // 20, 1)]:
        history = list(await OrderStatusChange.filter(order_id=order.id).order_by("id"))
        assert history[0].from_status is None and history[0].to_status == "PENDING"
        assert history[-1].to_status == order.status
        assert [h.created_at for h in history] == sorted(h.created_at for h in history)
        if order.status in ("SHIPPED", "DELIVERED"):
            assert order.tracking_code and order.tracking_url
    pending = await Notification.filter(
        kind__in=["order_confirmation", "order_alert", "order_status"],
        state=NotificationState.PENDING,
    ).count()
    assert pending == 0
    invoiced = await check_demo_invoices()
    # Loading again changes nothing.
    await load_demo()
    assert await Order.all().count() == len(orders)
    assert await Invoice.all().count() == invoiced


async def test_a_demo_buyer_sees_its_companys_orders(api):
    summary = await load_demo()
    email = next(row[0] for row in summary.credentials if "buyer" in row[2])
    session = (await login(api, email, DEMO_PASSWORD))["session"]
    data = await api.as_(session["token"]).data(
        "{ orders(first: 100) { totalCount nodes { companyName total { amount } } } }"
    )
    nodes = data["orders"]["nodes"]
    assert data["orders"]["totalCount"] == len(nodes) > 0
    assert len({n["companyName"] for n in nodes}) == 1
