"""Invoices (SPEC D9): the enums of its GraphQL types."""

from __future__ import annotations

import strawberry

from graphql_api.models.invoices import InvoiceStatus

# strawberry.enum registers the model's StrEnum in place and returns the same class; the types
# annotate with that class, imported from this module.
strawberry.enum(
    InvoiceStatus,
    description="Where an invoice is: OPEN until paid or cancelled; OVERDUE is an OPEN invoice "
    "past its due date, worked out when read (never stored, so never stale); PAID "
    "(markInvoicePaid); CANCELLED (cancelInvoice: its amount can be invoiced again).",
)

__all__ = ["InvoiceStatus"]
