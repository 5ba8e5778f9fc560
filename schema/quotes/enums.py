"""Quotes (SPEC D6): the enums of its GraphQL types."""

from __future__ import annotations

import strawberry

from graphql_api.models.quotes import QuoteStatus

# strawberry.enum registers the model's StrEnum in place; the types annotate with the class.
strawberry.enum(
    QuoteStatus,
    description="Where a quote is: REQUESTED (the buyer asked) → SENT (staff priced it) → "
    "ACCEPTED (it became an order) | REJECTED (the buyer said no) | EXPIRED (its validity "
    "ended), or WITHDRAWN by the buyer before it was sent.",
)

__all__ = ["QuoteStatus"]
