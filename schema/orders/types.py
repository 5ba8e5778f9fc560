"""Carts, checkout and orders (SPEC D1-D5, D7): the object types, thin views over domain objects
(services.carts.CartView, LineView, Problem; the Order models); field values are their
attributes, or come from the resolvers named on each field."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

from graphql_api import models
from resolvers.invoices import resolvers as invoice_r
from resolvers.nodes import global_id
from resolvers.orders import carts as cart_r
from resolvers.orders import orders as order_r
from resolvers.orders import quick_links as link_r
from resolvers.quotes import quotes as quote_r
from schema.catalog.enums import PriceVisibilityReason
from schema.catalog.types import Carrier, CommercialPolicy, Money, Price, Product
from schema.companies.types import Company, Contact
from schema.core.common import Node, instance_of
from schema.identity.staff import StaffUser
from schema.invoices.types import Invoice
from schema.orders.enums import CheckoutProblemCode, OrderPart, OrderSource, OrderStatus

if TYPE_CHECKING:
    from schema.quotes.types import Quote


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
    language: str = strawberry.field(
        description="The language to show the cart in: the company's preferred one, else the "
        "storefront's."
    )


@strawberry.type(description="A shipping address as it was when the order was placed.")
class OrderAddress:
    street: str = strawberry.field(description="Street name.")
    number: str | None = strawberry.field(description="Street number.")
    complement: str | None = strawberry.field(description="Suite, floor, building.")
    district: str | None = strawberry.field(description="District or neighbourhood.")
    city: str = strawberry.field(description="City.")
    state: str | None = strawberry.field(description="State, province or county.")
    postal_code: str = strawberry.field(description="Postal code.")
    country: str = strawberry.field(description="ISO 3166-1 alpha-2 country code.")


@strawberry.type(description="The commercial terms an order was placed under.")
class OrderPolicyTerms:
    min_order_value: Money | None = strawberry.field(
        resolver=order_r.terms_min_order_value, description="The minimum order value in force."
    )
    payment_terms: list[str] = strawberry.field(
        resolver=order_r.terms_payment_terms, description="The payment terms allowed."
    )
    max_discount_percent: Decimal | None = strawberry.field(
        resolver=order_r.terms_max_discount, description="The cap on discounts in force."
    )


@strawberry.type(description="One product of an order, with its price as it was.")
class OrderLine:
    sku: str = strawberry.field(resolver=order_r.line_sku, description="SKU when ordered.")
    name: str = strawberry.field(resolver=order_r.line_name, description="Name when ordered.")
    unit: str = strawberry.field(resolver=order_r.line_unit, description="Unit of sale.")
    quantity: int = strawberry.field(resolver=order_r.line_quantity, description="Units.")
    product: Product | None = strawberry.field(
        resolver=order_r.line_product,
        description="The product today; null when it is gone or no longer visible.",
    )
    unit_price: Money | None = strawberry.field(
        resolver=order_r.line_unit_price,
        description="Unit price paid; null without the AMOUNTS part.",
    )
    base_unit_price: Money | None = strawberry.field(
        resolver=order_r.line_base_price,
        description="Unit price before the discount; null without the AMOUNTS part.",
    )
    discount_percent: Decimal | None = strawberry.field(
        resolver=order_r.line_discount, description="Discount applied; null without AMOUNTS."
    )
    applied_rules: list[str] | None = strawberry.field(
        resolver=order_r.line_rules,
        description="The rules that made the price (as Price.appliedRules); null without AMOUNTS.",
    )
    line_total: Money | None = strawberry.field(
        resolver=order_r.line_total, description="Unit price times quantity; null without AMOUNTS."
    )


@strawberry.type(description="One step of an order's workflow.")
class OrderStatusChange:
    from_status: OrderStatus | None = strawberry.field(
        description="The status before; null for the order's first entry."
    )
    to_status: OrderStatus = strawberry.field(description="The status after.")
    at: datetime.datetime = strawberry.field(
        resolver=order_r.change_at, description="When it happened."
    )
    note: str = strawberry.field(description="Why, as told to the buyer.")
    actor_name: str = strawberry.field(
        resolver=order_r.change_actor, description="Who made the change."
    )
    tracking_code: str | None = strawberry.field(description="Tracking code given when shipped.")
    tracking_url: str | None = strawberry.field(description="Tracking page given when shipped.")
    staff: StaffUser | None = strawberry.field(
        resolver=order_r.change_staff, description="The staff member who made it (staff only)."
    )


@strawberry.type(
    description="A placed order. What a contact reads depends on its roles (readableParts): "
    "fields of a part it may not read are null."
)
class Order(Node):
    id: strawberry.ID = strawberry.field(resolver=global_id, description="Global ID.")
    number: str = strawberry.field(description="Human order number, e.g. VT-000123.")
    status: OrderStatus = strawberry.field(description="Where the order is in the workflow.")
    source: OrderSource = strawberry.field(description="How the order came in.")
    placed_at: datetime.datetime = strawberry.field(
        resolver=order_r.order_placed_at, description="When it was placed."
    )
    updated_at: datetime.datetime = strawberry.field(description="When it last changed.")
    company_name: str = strawberry.field(description="The company's legal name when ordered.")
    company: Company | None = strawberry.field(
        resolver=order_r.order_company,
        description="The company, for staff and its contacts; null when it was deleted.",
    )
    contact: Contact | None = strawberry.field(
        resolver=order_r.order_contact,
        description="The contact who placed it, or whose order it is (PARTIES).",
    )
    contact_name: str | None = strawberry.field(
        resolver=order_r.order_contact_name,
        description="Who placed it as recorded: a name, or 'via quick-order link' (PARTIES).",
    )
    placed_by_staff: StaffUser | None = strawberry.field(
        resolver=order_r.order_staff,
        description="The staff member who ordered on the company's behalf (staff only).",
    )
    notes: str | None = strawberry.field(
        resolver=order_r.order_notes, description="The buyer's notes (PARTIES)."
    )
    currency: str | None = strawberry.field(
        resolver=order_r.order_currency, description="ISO 4217 currency (AMOUNTS)."
    )
    subtotal: Money | None = strawberry.field(
        resolver=order_r.order_subtotal, description="Before discounts (AMOUNTS)."
    )
    discount_total: Money | None = strawberry.field(
        resolver=order_r.order_discount, description="Discounts (AMOUNTS)."
    )
    total: Money | None = strawberry.field(
        resolver=order_r.order_total,
        description="What the order comes to, shipping included (AMOUNTS).",
    )
    shipping_total: Money | None = strawberry.field(
        resolver=order_r.order_shipping,
        description="Shipping charged: an accepted quote's shipping cost, else 0 (AMOUNTS).",
    )
    payment_term: str | None = strawberry.field(
        resolver=order_r.order_payment_term, description="The payment term chosen (AMOUNTS)."
    )
    purchase_order_number: str | None = strawberry.field(
        resolver=order_r.order_po_number,
        description="The buyer's purchase order number (AMOUNTS).",
    )
    policy_terms: OrderPolicyTerms | None = strawberry.field(
        resolver=order_r.order_policy_terms,
        description="The commercial terms it was placed under (AMOUNTS).",
    )
    shipping_address: OrderAddress | None = strawberry.field(
        resolver=order_r.order_address, description="Where it ships (SHIPPING)."
    )
    carrier: Carrier | None = strawberry.field(
        resolver=order_r.order_carrier, description="The carrier chosen (SHIPPING)."
    )
    carrier_name: str | None = strawberry.field(
        resolver=order_r.order_carrier_name,
        description="The carrier's name when ordered (SHIPPING).",
    )
    tracking_code: str | None = strawberry.field(
        resolver=order_r.order_tracking_code, description="Tracking code once shipped (SHIPPING)."
    )
    tracking_url: str | None = strawberry.field(
        resolver=order_r.order_tracking_url, description="Tracking page once shipped (SHIPPING)."
    )
    lines: list[OrderLine] | None = strawberry.field(
        resolver=order_r.order_lines, description="The products ordered (LINES)."
    )
    history: list[OrderStatusChange] = strawberry.field(
        resolver=order_r.order_history, description="Every status change, oldest first."
    )
    readable_parts: list[OrderPart] = strawberry.field(
        resolver=order_r.order_parts, description="What of this order the caller may read."
    )
    invoices: list[Invoice] | None = strawberry.field(
        resolver=invoice_r.order_invoices,
        description="Its invoices by number, cancelled ones too (AMOUNTS).",
    )
    uninvoiced_total: Money | None = strawberry.field(
        resolver=invoice_r.order_uninvoiced,
        description="What remains to invoice: the total less its invoices that are not "
        "cancelled (AMOUNTS).",
    )
    next_statuses: list[OrderStatus] = strawberry.field(
        resolver=order_r.order_next_statuses,
        description="Statuses transitionOrder may move it to (staff; empty for others).",
    )
    quote: Annotated[Quote, strawberry.lazy("schema.quotes.types")] | None = strawberry.field(
        resolver=quote_r.order_quote,
        description="The quote it was accepted from (source QUOTE); null otherwise.",
    )
    is_type_of = instance_of(models.Order)


@strawberry.type(description="A line of an earlier order that reorder could not put in the cart.")
class ReorderSkip:
    sku: str = strawberry.field(description="SKU when ordered.")
    name: str = strawberry.field(description="Name when ordered.")
    quantity: int = strawberry.field(description="Units ordered then.")
    code: CheckoutProblemCode = strawberry.field(
        description="Why: PRODUCT_UNAVAILABLE, or QUANTITY_RULE when the quantity no longer "
        "fits the product's minimum or multiple."
    )
    message: str = strawberry.field(description="For a person to read.")


@strawberry.type(description="A company's quick-order link (its token is shown only when made).")
class QuickOrderLink:
    company: Company = strawberry.field(
        resolver=link_r.link_company, description="The company it orders for."
    )
    created_at: datetime.datetime = strawberry.field(description="When it was made.")
    created_by: StaffUser | None = strawberry.field(
        resolver=link_r.link_created_by, description="Who made it."
    )
    revoked_at: datetime.datetime | None = strawberry.field(
        description="When it stopped working; null while live."
    )
    last_opened_at: datetime.datetime | None = strawberry.field(
        description="When someone last opened it."
    )
