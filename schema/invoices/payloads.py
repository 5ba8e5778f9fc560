"""Invoices (SPEC D9): mutation payloads (the changed objects and `userErrors`)."""

from __future__ import annotations

import strawberry

from schema.core.common import ERRORS, UserError
from schema.invoices.types import Invoice


@strawberry.type(description="Result of createInvoice.")
class CreateInvoicePayload:
    invoices: list[Invoice] | None = strawberry.field(
        description="The invoices made, one per instalment of the order's payment term, in "
        "due-date order; null when refused."
    )
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of markInvoicePaid or cancelInvoice.")
class InvoicePayload:
    invoice: Invoice | None = strawberry.field(description="The invoice, when it succeeded.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)
