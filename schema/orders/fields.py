"""Carts, checkout and orders (SPEC D1-D5, D7): its root query and mutation fields, merged into
the roots by schema/root.py. Each field hands its arguments to a resolver in resolvers/."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from resolvers.orders import carts as cart_r
from resolvers.orders import orders as order_r
from schema.core.common import arg, input_dict
from schema.orders.inputs import (
    AddToCartInput,
    CartLineRefInput,
    ClearCartInput,
    PlaceOrderInput,
    PlaceOrderOnBehalfInput,
    UpdateCartLineInput,
)
from schema.orders.payloads import CartPayload, OrderPayload
from schema.orders.types import Cart


@strawberry.type(description="Carts and orders: the readable part.")
class OrderQueries:
    @strawberry.field(
        description="The caller's cart: a purchasing contact's, a quick-order link's or a "
        "guest session's; null for a visitor without a guest session."
    )
    async def cart(self, info: Info) -> Cart | None:
        return await cart_r.cart(info)  # type: ignore[return-value]


@strawberry.type(description="Carts and orders: the changing part.")
class OrderMutations:
    @strawberry.mutation(description="Put a product in the caller's cart.")
    async def add_to_cart(
        self, info: Info, input: Annotated[AddToCartInput, arg("Product and quantity.")]
    ) -> CartPayload:
        return await cart_r.add_to_cart(info, input_dict(input))  # type: ignore[return-value]

    @strawberry.mutation(description="Change the quantity of a line of the caller's cart.")
    async def update_cart_line(
        self, info: Info, input: Annotated[UpdateCartLineInput, arg("Line and quantity.")]
    ) -> CartPayload:
        return await cart_r.update_cart_line(info, input_dict(input))  # type: ignore[return-value]

    @strawberry.mutation(description="Remove a line from the caller's cart.")
    async def remove_cart_line(
        self, info: Info, input: Annotated[CartLineRefInput, arg("The line.")]
    ) -> CartPayload:
        return await cart_r.remove_cart_line(info, input_dict(input))  # type: ignore[return-value]

    @strawberry.mutation(description="Remove every line from the caller's cart.")
    async def clear_cart(
        self, info: Info, input: Annotated[ClearCartInput, arg("Pass {}: nothing is required.")]
    ) -> CartPayload:
        return await cart_r.clear_cart(info, input_dict(input))  # type: ignore[return-value]

    @strawberry.mutation(
        description="Check out: the caller's cart becomes an order, in one transaction, at "
        "today's prices and the commercial policy in force. A guest registers in the same call "
        "(`registration`). Staff acting as a buyer cannot order."
    )
    async def place_order(
        self, info: Info, input: Annotated[PlaceOrderInput, arg("Checkout details.")]
    ) -> OrderPayload:
        return await order_r.place_order(info, input_dict(input))  # type: ignore[return-value]

    @strawberry.mutation(
        description="Order for a company (admins, and the sales rep who holds it), at its "
        "prices and terms; recorded with the staff member as actor, source ON_BEHALF."
    )
    async def place_order_on_behalf(
        self, info: Info, input: Annotated[PlaceOrderOnBehalfInput, arg("The order.")]
    ) -> OrderPayload:
        return await order_r.place_order_on_behalf(info, input_dict(input))  # type: ignore[return-value]
