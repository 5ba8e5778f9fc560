"""Demo invoices (issue 11): shipped demo orders are invoiced through the invoice service, some
paid, some open, some overdue, never beyond an order's total; the seller has fiscal data.
Checked by tests/test_demo_orders.py on the demo it loads (a load takes minutes)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from graphql_api.models import Invoice, Order, Storefront
from graphql_api.services import invoices


async def check_demo_invoices() -> int:
    """Assert what the demo's invoices must be; how many there are."""
    rows = list(await Invoice.all().order_by("sequence"))
    assert len(rows) >= 100
    statuses: dict[str, int] = defaultdict(int)
    for row in rows:
        statuses[invoices.status_of(row)] += 1
    assert set(statuses) == {"OPEN", "OVERDUE", "PAID"}, statuses
    assert statuses["OVERDUE"] >= 5 and statuses["PAID"] > statuses["OVERDUE"]
    assert [r.number for r in rows] == [f"FAT-{n:06d}" for n in range(1, len(rows) + 1)]
    billed: dict[int, Decimal] = defaultdict(Decimal)
    for row in rows:
        billed[row.order_id] += row.amount
        assert row.due_date >= row.issue_date
        assert row.paid_at is None or row.paid_at.date() >= row.issue_date
    orders = {o.id: o for o in await Order.filter(id__in=list(billed))}
    assert all(billed[pk] <= orders[pk].total for pk in billed)
    assert sum(billed[pk] < orders[pk].total for pk in billed) == 0  # all shipped are billed
    assert {o.status for o in orders.values()} <= {"SHIPPED", "DELIVERED"}
    assert any(r.instalment_count > 1 for r in rows)
    seller = await Storefront.get(is_default=True)
    assert seller.legal_name and seller.tax_id == "11222333000181"
    return len(rows)
