"""Invoices (SPEC D9): root query and mutation fields, merged into the roots by schema/root.py."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from resolvers.invoices import resolvers as r
from schema.core.common import After, Connection, First, arg, connection, input_dict
from schema.invoices.inputs import (
    CancelInvoiceInput,
    CreateInvoiceInput,
    InvoiceFilter,
    MarkInvoicePaidInput,
)
from schema.invoices.payloads import CreateInvoicePayload, InvoicePayload
from schema.invoices.types import Invoice


@strawberry.type(description="Invoices: the readable part.")
class InvoiceQueries:
    @strawberry.field(
        description="Invoices, highest number first: staff see their companies' (admins all), "
        "BILLING and PURCHASING contacts their own company's."
    )
    async def invoices(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        filter: Annotated[InvoiceFilter | None, arg("Which invoices.")] = None,
    ) -> Connection[Invoice]:
        return connection(await r.invoice_list(info, first, after, filter))

    @strawberry.field(description="One invoice by ID; null if missing or not readable.")
    async def invoice(
        self, info: Info, id: Annotated[strawberry.ID, arg("The invoice's global ID.")]
    ) -> Invoice | None:
        return await r.invoice_by_id(info, id)


@strawberry.type(description="Invoices: the changing part.")
class InvoiceMutations:
    @strawberry.mutation(
        description="Bill an order (staff who hold the company): one invoice per instalment of "
        "the order's payment term (30/60 dias: two, due 30 and 60 days after issue), their "
        "amounts adding up exactly to `amount`. Several calls bill an order in parts, never "
        "beyond its total (OVER_INVOICED)."
    )
    async def create_invoice(
        self, info: Info, input: Annotated[CreateInvoiceInput, arg("Order, amount, date.")]
    ) -> CreateInvoicePayload:
        return await r.create_invoice(info, input_dict(input))

    @strawberry.mutation(description="Record an open or overdue invoice as paid (staff).")
    async def mark_invoice_paid(
        self, info: Info, input: Annotated[MarkInvoicePaidInput, arg("Invoice and date.")]
    ) -> InvoicePayload:
        return await r.mark_invoice_paid(info, input_dict(input))

    @strawberry.mutation(
        description="Cancel an open or overdue invoice (staff): its amount can be invoiced again."
    )
    async def cancel_invoice(
        self, info: Info, input: Annotated[CancelInvoiceInput, arg("Invoice and reason.")]
    ) -> InvoicePayload:
        return await r.cancel_invoice(info, input_dict(input))
