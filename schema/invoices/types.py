"""Invoices (SPEC D9): the object types, thin views over the Invoice model; computed fields come
from resolvers/invoices/resolvers.py."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from graphql_api import models
from resolvers.invoices import resolvers as r
from resolvers.nodes import global_id
from schema.catalog.types import Money
from schema.companies.types import Company
from schema.core.common import Node, instance_of
from schema.identity.staff import StaffUser
from schema.invoices.enums import InvoiceStatus

if TYPE_CHECKING:
    from schema.orders.types import Order


@strawberry.type(
    description="One instalment billed for an order. Staff who hold the company, and its "
    "BILLING and PURCHASING contacts, read it."
)
class Invoice(Node):
    id: strawberry.ID = strawberry.field(resolver=global_id, description="Global ID.")
    number: str = strawberry.field(
        description="Human invoice number, sequential per storefront, e.g. FAT-000042."
    )
    status: InvoiceStatus = strawberry.field(
        resolver=r.invoice_status, description="OPEN, OVERDUE (open and past due), PAID, CANCELLED."
    )
    amount: Money = strawberry.field(  # type: ignore[assignment]  # the resolver gives services.money.Money, which this type views
        resolver=r.invoice_amount, description="What this instalment bills."
    )
    currency: str = strawberry.field(description="ISO 4217 currency, the order's.")
    issue_date: datetime.date = strawberry.field(description="When it was issued.")
    due_date: datetime.date = strawberry.field(description="When it falls due.")
    instalment: int = strawberry.field(description="Which instalment of the term, from 1.")
    instalment_count: int = strawberry.field(
        description="How many instalments the payment term made of this invoicing."
    )
    payment_term: str | None = strawberry.field(
        description="The order's payment term the due dates follow, e.g. 30/60 dias."
    )
    paid_at: datetime.datetime | None = strawberry.field(description="When it was paid.")
    cancelled_at: datetime.datetime | None = strawberry.field(description="When it was cancelled.")
    cancel_reason: str = strawberry.field(description="Why it was cancelled; empty otherwise.")
    created_at: datetime.datetime = strawberry.field(description="When it was made.")
    order_number: str = strawberry.field(description="The order's number.")
    order: Annotated[Order, strawberry.lazy("schema.orders.types")] | None = strawberry.field(
        resolver=r.invoice_order, description="The order it bills."
    )
    company_name: str = strawberry.field(description="The buyer's legal name when issued.")
    company: Company | None = strawberry.field(
        resolver=r.invoice_company, description="The buyer; null when the company was deleted."
    )
    created_by: StaffUser | None = strawberry.field(
        resolver=r.invoice_created_by, description="Who made it (staff only)."
    )
    document_url: str = strawberry.field(
        resolver=r.invoice_document_url,
        description="The PDF, in the buyer's language: GET it with the same credentials as "
        "this request (bearer token or session cookie).",
    )
    is_type_of = instance_of(models.Invoice)
