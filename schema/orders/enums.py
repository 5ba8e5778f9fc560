"""Carts, checkout and orders (SPEC D1-D5, D7): the enums of its GraphQL types."""

from __future__ import annotations

import strawberry

from graphql_api.models.orders import OrderSource, OrderStatus
from graphql_api.services.carts import ProblemCode
from graphql_api.services.orders import OrderPart

# strawberry.enum registers a StrEnum of the models or services in place and returns the same
# class; the GraphQL types annotate with that class, imported from this module.

# The services' enum under its GraphQL name: a name bound to strawberry.enum's result is no type
# to mypy, an alias of the class is.
CheckoutProblemCode = ProblemCode
strawberry.enum(
    ProblemCode,
    name="CheckoutProblemCode",
    description="What stops a checkout: EMPTY_CART; BELOW_MINIMUM (the commercial policy's "
    "minimum order value); PRODUCT_UNAVAILABLE (the product is no longer visible or active); "
    "QUANTITY_RULE (the product's minimum or multiple); INSUFFICIENT_STOCK (more than the "
    "tracked stock); PRICES_HIDDEN (prices are not shown to this buyer); CURRENCY_MISMATCH "
    "(lines priced in different currencies). placeOrder refuses with the same codes. A "
    "minimum order value applies to orders in its own currency.",
)


strawberry.enum(
    OrderStatus,
    description="Where an order is: PENDING → CONFIRMED → IN_PRODUCTION → SHIPPED → DELIVERED, "
    "or CANCELLED from any state before SHIPPED. PENDING_APPROVAL: placed by a guest whose "
    "registration awaits the seller's approval; approval makes it PENDING, rejection CANCELLED.",
)
strawberry.enum(
    OrderSource,
    description="How an order came in: STOREFRONT (a buyer in the browser, cookie session), API "
    "(a buyer's bearer token), ON_BEHALF (staff for a company), QUICK_LINK (a quick-order "
    "link), GUEST (a visitor who registered at checkout), QUOTE (an accepted quote).",
)
strawberry.enum(
    OrderPart,
    description="What of an order the caller may read. STATUS: number, status, dates, history; "
    "LINES: products and quantities; AMOUNTS: prices, totals, payment term, purchase order "
    "number; SHIPPING: address, carrier, tracking; PARTIES: who placed it and its notes. "
    "Staff and PURCHASING contacts read all; BILLING contacts STATUS, LINES, AMOUNTS; SHIPPING "
    "contacts STATUS, LINES, SHIPPING; SUPPORT contacts STATUS.",
)
