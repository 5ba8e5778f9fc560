"""Carts, checkout and orders (SPEC D1-D5, D7): mutation payloads (the changed object and
`userErrors`)."""

from __future__ import annotations

import strawberry

from schema.core.common import ERRORS, UserError
from schema.orders.types import Cart, Order, QuickOrderLink, ReorderSkip


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


@strawberry.type(description="Result of making or revoking a quick-order link.")
class QuickOrderLinkPayload:
    link: QuickOrderLink | None = strawberry.field(
        resolver=lambda root: root.issued.link if root.issued else None,
        description="The link, when it succeeded.",
    )
    url: str | None = strawberry.field(
        resolver=lambda root: (root.issued.url or None) if root.issued else None,
        description="The link's address: shown only here, when it is made (only a hash of its "
        "token is kept). Null when revoking.",
    )
    user_errors: list[UserError] = strawberry.field(description=ERRORS)
