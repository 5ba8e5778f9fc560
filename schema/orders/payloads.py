"""Carts, checkout and orders (SPEC D1-D5, D7): mutation payloads (the changed object and
`userErrors`)."""

from __future__ import annotations

import strawberry

from schema.core.common import ERRORS, UserError
from schema.orders.types import Cart, Order, ReorderSkip


@strawberry.type(description="Result of a cart mutation.")
class CartPayload:
    cart: Cart | None = strawberry.field(description="The cart as it now is, when it succeeded.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of placing or changing an order.")
class OrderPayload:
    order: Order | None = strawberry.field(description="The order, when it succeeded.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of reorder: the cart with what could be copied, and the rest.")
class ReorderPayload:
    cart: Cart | None = strawberry.field(description="The caller's cart, when it succeeded.")
    skipped: list[ReorderSkip] = strawberry.field(
        description="Lines of the order left out of the cart, and why."
    )
    user_errors: list[UserError] = strawberry.field(description=ERRORS)
