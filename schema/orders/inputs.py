"""Carts, checkout and orders (SPEC D1-D5, D7): the inputs of its mutations."""

from __future__ import annotations

import strawberry


@strawberry.input(description="A product to put in the caller's cart.")
class AddToCartInput:
    product_id: strawberry.ID = strawberry.field(description="A product the caller may see.")
    quantity: int = strawberry.field(
        default=1,
        description="Units to add; a product already in the cart gets them added. The total "
        "must respect the product's minimum and multiple.",
    )


@strawberry.input(description="A new quantity for a line of the caller's cart.")
class UpdateCartLineInput:
    line_id: strawberry.ID = strawberry.field(description="The cart line.")
    quantity: int = strawberry.field(description="The new quantity; 0 removes the line.")


@strawberry.input(description="A line of the caller's cart.")
class CartLineRefInput:
    line_id: strawberry.ID = strawberry.field(description="The cart line.")


@strawberry.input(description="Clearing a cart takes no data; the input keeps the convention.")
class ClearCartInput:
    client_mutation_id: str | None = strawberry.field(
        default=None, description="Echo for the client's bookkeeping (Relay); unused."
    )
