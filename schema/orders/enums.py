"""Carts, checkout and orders (SPEC D1-D5, D7): the enums of its GraphQL types."""

from __future__ import annotations

import strawberry

from graphql_api.services.carts import ProblemCode

CheckoutProblemCode = strawberry.enum(
    ProblemCode,
    name="CheckoutProblemCode",
    description="What stops a checkout: EMPTY_CART; BELOW_MINIMUM (the commercial policy's "
    "minimum order value); PRODUCT_UNAVAILABLE (the product is no longer visible or active); "
    "QUANTITY_RULE (the product's minimum or multiple); INSUFFICIENT_STOCK (more than the "
    "tracked stock); PRICES_HIDDEN (prices are not shown to this buyer); CURRENCY_MISMATCH "
    "(lines, or the minimum order value, in different currencies). placeOrder refuses with "
    "the same codes.",
)
