"""Demo invoices: the demo orders that shipped are invoiced a few days after they were placed,
through the invoice service, in the instalments of their payment terms; one in eight in two
parts. Most invoices that fell due were paid around their due date, some were not (OVERDUE),
and the recent ones are still open. The storefront gets the seller's fiscal data the documents
print."""

from __future__ import annotations

import datetime
import random

from graphql_api.auth.principal import Principal
from graphql_api.models import Invoice, Order, Storefront
from graphql_api.models.invoices import InvoiceStatus
from graphql_api.models.orders import OrderStatus
from graphql_api.services import invoices, storefronts
from graphql_api.services.money import Money

SELLER = {
    "legal_name": "Vitrine Distribuidora de Ferragens Ltda",
    "tax_id_kind": "CNPJ",
    "tax_id": "11222333000181",
    "state_registration": "110.042.490.114",
    "fiscal_address": "Rua das Indústrias, 500 - Mooca\nSão Paulo - SP\n03101-000",
    "country": "BR",
}
# Share of invoices past due that were paid; the rest are the demo's overdue ones.
PAID_WHEN_DUE = 0.85


async def load_invoices(storefront: Storefront, admin: Principal) -> int:
    """Invoice the demo orders unless the storefront has invoices; how many were made."""
    if await Invoice.exists(storefront_id=storefront.id):
        return 0
    if not storefront.legal_name:
        updated = await storefronts.update_storefront(admin, storefront, SELLER)
        assert updated.ok, updated.errors
    rng = random.Random(2025)
    today = invoices.today()
    shipped = await Order.filter(
        storefront_id=storefront.id, status__in=[OrderStatus.SHIPPED, OrderStatus.DELIVERED]
    ).order_by("sequence")
    made = 0
    for order in shipped:
        issued = min(order.created_at.date() + datetime.timedelta(days=rng.randint(1, 4)), today)
        parts: list[dict[str, object]] = [{"issue_date": issued}]
        if rng.random() < 0.125:
            half = Money.of(order.total / 2, order.currency).amount
            parts = [{"issue_date": issued, "amount": half}, {"issue_date": issued}]
        for data in parts:
            result = await invoices.create_invoices(admin, storefront, order.id, data)
            assert result.value is not None, result.errors
            for invoice in result.value:
                made += 1
                await _settle(admin, storefront, invoice, today, rng)
    return made


async def _settle(
    admin: Principal,
    storefront: Storefront,
    invoice: Invoice,
    today: datetime.date,
    rng: random.Random,
) -> None:
    """Pay it as a customer would have: around the due date once due, now and then early."""
    due = invoice.due_date < today
    if not (rng.random() < PAID_WHEN_DUE if due else rng.random() < 0.2):
        return
    day = invoice.due_date + datetime.timedelta(days=rng.randint(-5, 8))
    day = max(min(day, today), invoice.issue_date)
    paid_at = datetime.datetime.combine(day, datetime.time(14, 0), datetime.UTC)
    paid_at = min(paid_at, datetime.datetime.now(datetime.UTC))
    result = await invoices.mark_paid(admin, storefront, invoice.id, {"paid_at": paid_at})
    assert result.value is not None and result.value.status == InvoiceStatus.PAID, result.errors
