"""Invoices (SPEC D9): the inputs of its mutations and filters."""

from __future__ import annotations

import datetime
from decimal import Decimal

import strawberry

from schema.core.limits import limits
from schema.invoices.enums import InvoiceStatus


@strawberry.input(description="Invoices to make for an order.")
class CreateInvoiceInput:
    order_id: strawberry.ID = strawberry.field(
        description="An order of a company the caller holds, neither cancelled nor held for "
        "approval."
    )
    amount: Decimal | None = strawberry.field(
        default=None,
        description="What to bill, in the order's currency and its minor unit; at most what "
        "remains (Order.uninvoicedTotal). Default: all that remains. It is split into the "
        "instalments of the order's payment term.",
    )
    issue_date: datetime.date | None = strawberry.field(
        default=None,
        description="The issue date (default today, UTC); due dates count from it. Not before "
        "the order was placed, at most 366 days ahead.",
    )


@strawberry.input(description="A payment received.")
class MarkInvoicePaidInput:
    invoice_id: strawberry.ID = strawberry.field(description="An OPEN or OVERDUE invoice.")
    paid_at: datetime.datetime | None = strawberry.field(
        default=None,
        description="When the money came in (default now); not in the future, not before the "
        "issue date.",
    )


@strawberry.input(description="An invoice to cancel.")
class CancelInvoiceInput:
    invoice_id: strawberry.ID = strawberry.field(
        description="An OPEN or OVERDUE invoice (a PAID one cannot be cancelled)."
    )
    reason: str | None = strawberry.field(
        default=None, description="Why, kept with the invoice.", metadata=limits(max_length=500)
    )


@strawberry.input(description="Which invoices to list; filters combine with AND.")
class InvoiceFilter:
    company_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only this company's (a buyer: its own only)."
    )
    order_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only this order's."
    )
    status: list[InvoiceStatus] | None = strawberry.field(
        default=None,
        description="Only these statuses as of today (OVERDUE: open and past due; OPEN: open "
        "and not yet due).",
        metadata=limits(max_items=4),
    )
