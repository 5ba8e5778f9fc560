"""Carts, checkout and orders (SPEC D1-D5, D7): the object types, thin views over domain objects
(services.carts.CartView, LineView, Problem); field values are their attributes, or come from the
resolvers named on each field."""

from __future__ import annotations

import strawberry

from resolvers.orders import carts as cart_r
from schema.catalog.enums import PriceVisibilityReason
from schema.catalog.types import CommercialPolicy, Money, Price, Product
from schema.orders.enums import CheckoutProblemCode


@strawberry.type(description="Something that stops a checkout, for the cart or one of its lines.")
class CheckoutProblem:
    code: CheckoutProblemCode = strawberry.field(description="What is wrong.")
    message: str = strawberry.field(description="For a person to read.")
    line_id: strawberry.ID | None = strawberry.field(
        resolver=cart_r.problem_line_id, description="The cart line at fault; null for the cart."
    )


@strawberry.type(description="A product and quantity in a cart, priced at that quantity.")
class CartLine:
    id: strawberry.ID = strawberry.field(
        resolver=cart_r.line_global_id, description="Global ID, for updateCartLine."
    )
    product: Product | None = strawberry.field(
        resolver=cart_r.line_product,
        description="The product; null when it is no longer visible to the buyer.",
    )
    sku: str = strawberry.field(resolver=cart_r.line_sku, description="The product's SKU.")
    name: str = strawberry.field(resolver=cart_r.line_name, description="The product's name.")
    quantity: int = strawberry.field(description="How many units.")
    available: bool = strawberry.field(
        description="False when the product became invisible or inactive: it stays in the cart, "
        "flagged, and checkout is refused until it is removed."
    )
    unit_price: Price | None = strawberry.field(
        resolver=cart_r.line_unit_price,
        description="Today's personalized unit price at this quantity; null when unavailable or "
        "withheld.",
    )
    line_total: Money | None = strawberry.field(description="Unit price times quantity.")
    previous_unit_price: Money | None = strawberry.field(
        resolver=cart_r.line_previous_price,
        description="The unit price the buyer saw when the line last changed, when today's "
        "differs; null otherwise.",
    )
    price_changed: bool = strawberry.field(
        description="Whether the price changed since the line last changed."
    )
    available_stock: int | None = strawberry.field(
        resolver=cart_r.line_stock,
        description="Units in stock when the product tracks stock; null when untracked.",
    )
    problems: list[CheckoutProblem] = strawberry.field(description="What is wrong with it.")


@strawberry.type(
    description="The caller's cart with personalized prices, totals, the commercial policy in "
    "force and what stops a checkout."
)
class Cart:
    lines: list[CartLine] = strawberry.field(
        resolver=cart_r.cart_lines, description="The lines, oldest first."
    )
    item_count: int = strawberry.field(description="Units across all lines.")
    currency: str = strawberry.field(
        resolver=cart_r.cart_currency, description="ISO 4217 currency of the totals."
    )
    subtotal: Money = strawberry.field(
        resolver=cart_r.cart_subtotal,
        description="Sum of the priced lines before discounts (list and tier prices).",
    )
    discount: Money = strawberry.field(
        resolver=cart_r.cart_discount, description="Discounts on the priced lines."
    )
    total: Money = strawberry.field(
        resolver=cart_r.cart_total, description="What the priced lines come to."
    )
    policy: CommercialPolicy = strawberry.field(
        resolver=cart_r.cart_policy,
        description="Commercial terms in force: minimum order value, payment terms, carriers.",
    )
    checkout_problems: list[CheckoutProblem] = strawberry.field(
        resolver=cart_r.cart_problems,
        description="Everything that stops a checkout; empty when placeOrder may go ahead.",
    )
    can_checkout: bool = strawberry.field(
        resolver=cart_r.cart_can_checkout, description="Whether checkoutProblems is empty."
    )
    price_visibility: PriceVisibilityReason = strawberry.field(
        resolver=cart_r.cart_price_visibility, description="VISIBLE, or why prices are withheld."
    )
    company_name: str | None = strawberry.field(
        description="The company the cart orders for; null for a guest."
    )
