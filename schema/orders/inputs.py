"""Carts, checkout and orders (SPEC D1-D5, D7): the inputs of its mutations."""

from __future__ import annotations

import strawberry

from schema.identity.inputs import RegisterInput
from schema.orders.enums import OrderStatus


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


@strawberry.input(description="A shipping address typed at checkout.")
class ShippingAddressInput:
    street: str = strawberry.field(description="Street name.")
    city: str = strawberry.field(description="City.")
    postal_code: str = strawberry.field(description="Postal code; checked for BR, PT, ES, RO.")
    country: str = strawberry.field(description="ISO 3166-1 alpha-2 code, e.g. BR.")
    number: str | None = strawberry.field(default=None, description="Street number.")
    complement: str | None = strawberry.field(default=None, description="Suite, floor.")
    district: str | None = strawberry.field(default=None, description="District (bairro).")
    state: str | None = strawberry.field(default=None, description="State, province or county.")


@strawberry.input(description="Checkout: the caller's cart becomes an order.")
class PlaceOrderInput:
    idempotency_key: str = strawberry.field(
        description="A fresh random string per order (e.g. a UUID), sent again unchanged when "
        "retrying: a retry returns the same order; the key with other input is refused "
        "(IDEMPOTENCY_CONFLICT)."
    )
    payment_term: str | None = strawberry.field(
        default=None,
        description="One of the payment terms of the commercial policy (required when it "
        "lists any).",
    )
    carrier_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="One of the carriers the policy allows (required when it lists any).",
    )
    shipping_address_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="One of the company's addresses (Address.id). Without it or `address`, "
        "the company's SHIPPING address, else its MAIN one.",
    )
    address: ShippingAddressInput | None = strawberry.field(
        default=None, description="A shipping address typed for this order."
    )
    notes: str | None = strawberry.field(default=None, description="Notes for the seller.")
    purchase_order_number: str | None = strawberry.field(
        default=None, description="The buyer's own purchase order number."
    )
    registration: RegisterInput | None = strawberry.field(
        default=None,
        description="Guests only: the company, contact and password to register with; the "
        "registration and the order are one transaction.",
    )


@strawberry.input(description="A product and quantity of an order placed on behalf.")
class OrderLineInput:
    product_id: strawberry.ID = strawberry.field(description="The product.")
    quantity: int = strawberry.field(description="Units; the product's minimum and multiple.")


@strawberry.input(description="An order staff place for a company, at its prices and terms.")
class PlaceOrderOnBehalfInput:
    company_id: strawberry.ID = strawberry.field(description="The company ordering.")
    lines: list[OrderLineInput] = strawberry.field(description="What it orders.")
    idempotency_key: str = strawberry.field(
        description="A fresh random string per order, sent again unchanged when retrying."
    )
    contact_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="The contact it is for; default: the company's purchasing contact.",
    )
    payment_term: str | None = strawberry.field(
        default=None, description="One of the payment terms of the company's policy."
    )
    carrier_id: strawberry.ID | None = strawberry.field(
        default=None, description="One of the carriers the company's policy allows."
    )
    shipping_address_id: strawberry.ID | None = strawberry.field(
        default=None, description="One of the company's addresses (Address.id)."
    )
    address: ShippingAddressInput | None = strawberry.field(
        default=None, description="A shipping address typed for this order."
    )
    notes: str | None = strawberry.field(default=None, description="Notes.")
    purchase_order_number: str | None = strawberry.field(
        default=None, description="The buyer's purchase order number."
    )


@strawberry.input(description="A step of an order's workflow.")
class TransitionOrderInput:
    order_id: strawberry.ID = strawberry.field(description="The order.")
    to: OrderStatus = strawberry.field(description="The new status (see Order.nextStatuses).")
    note: str | None = strawberry.field(
        default=None, description="Why, told to the buyer and kept in the history."
    )
    tracking_code: str | None = strawberry.field(
        default=None, description="SHIPPED only, and required there: the carrier's code."
    )
    tracking_url: str | None = strawberry.field(
        default=None,
        description="SHIPPED only: the tracking page; default: the carrier's tracking address "
        "with {code} replaced by the code.",
    )
    carrier_id: strawberry.ID | None = strawberry.field(
        default=None, description="SHIPPED only: the carrier, when not the one ordered with."
    )


@strawberry.input(description="An earlier order to buy again.")
class ReorderInput:
    order_id: strawberry.ID = strawberry.field(description="An order of the caller's company.")


@strawberry.input(description="Which company's quick-order link.")
class QuickOrderLinkInput:
    company_id: strawberry.ID = strawberry.field(description="The company.")
