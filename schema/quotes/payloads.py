"""Quotes (SPEC D6): mutation payloads (the quote, the order acceptance made, userErrors)."""

from __future__ import annotations

import strawberry

from schema.core.common import ERRORS, UserError
from schema.orders.types import Order
from schema.quotes.types import Quote


@strawberry.type(description="Result of a quote mutation.")
class QuotePayload:
    quote: Quote | None = strawberry.field(description="The quote, when it succeeded.")
    order: Order | None = strawberry.field(
        description="acceptQuote: the order the quote became; null otherwise."
    )
    user_errors: list[UserError] = strawberry.field(description=ERRORS)
