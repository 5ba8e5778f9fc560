"""Carts, checkout and orders (SPEC D1-D5, D7): its root query and mutation fields, merged into
the roots by schema/root.py. Each field hands its arguments to a resolver in resolvers/."""

from __future__ import annotations

import datetime
from typing import Annotated

import strawberry
from strawberry.types import Info

from resolvers.orders import carts as cart_r
from resolvers.orders import orders as order_r
from resolvers.orders import quick_links as link_r
from schema.core.common import After, Connection, First, arg, connection, input_dict
from schema.orders.enums import OrderSource, OrderStatus
from schema.orders.inputs import (
    AddToCartInput,
    CartLineRefInput,
    ClearCartInput,
    PlaceOrderInput,
    PlaceOrderOnBehalfInput,
    QuickOrderLinkInput,
    ReorderInput,
    TransitionOrderInput,
    UpdateCartLineInput,
)
from schema.orders.payloads import (
    CartPayload,
    OrderPayload,
    QuickOrderLinkPayload,
    ReorderPayload,
)
from schema.orders.types import Cart, Order


@strawberry.type(description="Carts and orders: the readable part.")
class OrderQueries:
    @strawberry.field(
        description="The caller's cart: a purchasing contact's, a quick-order link's or a "
        "guest session's; null for a visitor without a guest session."
    )
    async def cart(self, info: Info) -> Cart | None:
        return await cart_r.cart(info)

    @strawberry.field(
        description="Orders, newest first: staff see their companies' (admins all), contacts "
        "their own company's, read by role (Order.readableParts). Filters combine with AND."
    )
    async def orders(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        status: Annotated[list[OrderStatus] | None, arg("Only these statuses.")] = None,
        source: Annotated[list[OrderSource] | None, arg("Only these sources.")] = None,
        company_id: Annotated[strawberry.ID | None, arg("Only this company (staff).")] = None,
        from_: Annotated[
            datetime.datetime | None,
            strawberry.argument(name="from", description="Placed from (included)."),
        ] = None,
        to: Annotated[datetime.datetime | None, arg("Placed before (excluded).")] = None,
        search: Annotated[
            str | None, arg("Part of the order number or the purchase order number.")
        ] = None,
    ) -> Connection[Order]:
        page = await order_r.order_list(
            info,
            first=first,
            after=after,
            status=status,
            source=source,
            company_id=company_id,
            since=from_,
            until=to,
            search=search,
        )
        return connection(page)

    @strawberry.field(description="One order by ID; null if missing or not readable.")
    async def order(
        self, info: Info, id: Annotated[strawberry.ID, arg("The order's global ID.")]
    ) -> Order | None:
        return await order_r.order_by_id(info, id)


@strawberry.type(description="Carts and orders: the changing part.")
class OrderMutations:
    @strawberry.mutation(description="Put a product in the caller's cart.")
    async def add_to_cart(
        self, info: Info, input: Annotated[AddToCartInput, arg("Product and quantity.")]
    ) -> CartPayload:
        return await cart_r.add_to_cart(info, input_dict(input))

    @strawberry.mutation(description="Change the quantity of a line of the caller's cart.")
    async def update_cart_line(
        self, info: Info, input: Annotated[UpdateCartLineInput, arg("Line and quantity.")]
    ) -> CartPayload:
        return await cart_r.update_cart_line(info, input_dict(input))

    @strawberry.mutation(description="Remove a line from the caller's cart.")
    async def remove_cart_line(
        self, info: Info, input: Annotated[CartLineRefInput, arg("The line.")]
    ) -> CartPayload:
        return await cart_r.remove_cart_line(info, input_dict(input))

    @strawberry.mutation(description="Remove every line from the caller's cart.")
    async def clear_cart(
        self, info: Info, input: Annotated[ClearCartInput, arg("Pass {}: nothing is required.")]
    ) -> CartPayload:
        return await cart_r.clear_cart(info, input_dict(input))

    @strawberry.mutation(
        description="Check out: the caller's cart becomes an order, in one transaction, at "
        "today's prices and the commercial policy in force. A guest registers in the same call "
        "(`registration`). Staff acting as a buyer cannot order."
    )
    async def place_order(
        self, info: Info, input: Annotated[PlaceOrderInput, arg("Checkout details.")]
    ) -> OrderPayload:
        return await order_r.place_order(info, input_dict(input))

    @strawberry.mutation(
        description="Order for a company (admins, and the sales rep who holds it), at its "
        "prices and terms; recorded with the staff member as actor, source ON_BEHALF."
    )
    async def place_order_on_behalf(
        self, info: Info, input: Annotated[PlaceOrderOnBehalfInput, arg("The order.")]
    ) -> OrderPayload:
        return await order_r.place_order_on_behalf(info, input_dict(input))

    @strawberry.mutation(
        description="Move an order along its workflow (staff who hold the company): PENDING → "
        "CONFIRMED → IN_PRODUCTION → SHIPPED (with tracking) → DELIVERED, or CANCELLED before "
        "SHIPPED (tracked stock comes back). The buyer is told in its language."
    )
    async def transition_order(
        self, info: Info, input: Annotated[TransitionOrderInput, arg("Order and new status.")]
    ) -> OrderPayload:
        return await order_r.transition_order(info, input_dict(input))

    @strawberry.mutation(
        description="Copy an earlier order's lines that are still visible into the caller's cart "
        "at today's prices; the rest are reported in `skipped`."
    )
    async def reorder(
        self, info: Info, input: Annotated[ReorderInput, arg("The order.")]
    ) -> ReorderPayload:
        return await order_r.reorder(info, input_dict(input))

    @strawberry.mutation(
        description="Make a company's quick-order link (staff who hold the company); its "
        "live link, if any, stops working. The URL is returned once."
    )
    async def generate_quick_order_link(
        self, info: Info, input: Annotated[QuickOrderLinkInput, arg("The company.")]
    ) -> QuickOrderLinkPayload:
        return await link_r.generate_link(info, input_dict(input))

    @strawberry.mutation(
        description="Stop a company's quick-order link: opening it is refused and its open "
        "sessions end at their next request."
    )
    async def revoke_quick_order_link(
        self, info: Info, input: Annotated[QuickOrderLinkInput, arg("The company.")]
    ) -> QuickOrderLinkPayload:
        return await link_r.revoke_link(info, input_dict(input))
