"""Quotes (SPEC D6): the object types, thin views over the Quote models; field values are their
attributes, or come from the resolvers in resolvers/quotes/ named on each field."""

from __future__ import annotations

import datetime
from decimal import Decimal

import strawberry

from graphql_api import models
from resolvers.nodes import global_id
from resolvers.quotes import quotes as r
from schema.catalog.types import Carrier, Money, Product
from schema.companies.types import Company, Contact
from schema.core.common import Node, instance_of
from schema.identity.staff import StaffUser
from schema.orders.types import Order
from schema.quotes.enums import QuoteStatus


@strawberry.type(
    description="A product of a quote: its list price, the buyer's price when it asked and the "
    "price quoted. Prices are null for contacts who do not read amounts, and for a buyer not "
    "shown prices until the seller has answered."
)
class QuoteLine:
    id: strawberry.ID = strawberry.field(
        resolver=r.line_global_id, description="ID, for sendQuote's lines."
    )
    sku: str = strawberry.field(resolver=r.line_sku, description="SKU when asked.")
    name: str = strawberry.field(resolver=r.line_name, description="Name when asked.")
    quantity: int = strawberry.field(resolver=r.line_quantity, description="Units.")
    product: Product | None = strawberry.field(
        resolver=r.line_product,
        description="The product today; null when it is gone or no longer visible.",
    )
    list_price: Money | None = strawberry.field(
        resolver=r.line_list_price,
        description="Unit price before any discount (list and tier) when asked.",
    )
    requested_price: Money | None = strawberry.field(
        resolver=r.line_requested_price,
        description="The buyer's own unit price when it asked (its discounts applied).",
    )
    quoted_price: Money | None = strawberry.field(
        resolver=r.line_quoted_price,
        description="The unit price quoted; the buyer's price until staff send the quote.",
    )
    discount_percent: Decimal | None = strawberry.field(
        resolver=r.line_discount, description="How far the quoted price is below the list price."
    )
    line_total: Money | None = strawberry.field(
        resolver=r.line_total, description="Quoted price times quantity."
    )


@strawberry.type(description="One change of a quote.")
class QuoteEvent:
    from_status: QuoteStatus | None = strawberry.field(
        description="The status before; null for the request itself."
    )
    to_status: QuoteStatus = strawberry.field(description="The status after.")
    at: datetime.datetime = strawberry.field(resolver=r.event_at, description="When.")
    actor_name: str = strawberry.field(
        resolver=r.event_actor, description="Who: a contact, staff, or empty for the expiry."
    )
    note: str = strawberry.field(description="The request's notes, the message or the reason.")
    staff: StaffUser | None = strawberry.field(
        resolver=r.event_staff, description="The staff member who made it (staff only)."
    )


@strawberry.type(
    description="A quote (SPEC D6): a buyer's request for prices and the seller's answer. "
    "Staff who hold the company and the company's contacts with a role read it, as orders."
)
class Quote(Node):
    id: strawberry.ID = strawberry.field(resolver=global_id, description="Global ID.")
    number: str = strawberry.field(description="Human quote number, e.g. QT-000012.")
    status: QuoteStatus = strawberry.field(description="Where the quote is.")
    requested_at: datetime.datetime = strawberry.field(
        resolver=r.quote_requested_at, description="When it was asked for."
    )
    updated_at: datetime.datetime = strawberry.field(description="When it last changed.")
    sent_at: datetime.datetime | None = strawberry.field(
        description="When staff sent it; null before."
    )
    valid_until: datetime.datetime | None = strawberry.field(
        description="Until when the quoted prices hold; null before it is sent."
    )
    expired: bool = strawberry.field(
        resolver=r.quote_expired,
        description="Whether its validity has ended (the worker then marks it EXPIRED).",
    )
    company: Company | None = strawberry.field(
        resolver=r.quote_company, description="The company asking."
    )
    requested_by: Contact | None = strawberry.field(
        resolver=r.quote_contact, description="The contact who asked; null when staff did."
    )
    requested_by_staff: StaffUser | None = strawberry.field(
        resolver=r.quote_staff, description="The staff member who asked for it (staff only)."
    )
    carrier: Carrier | None = strawberry.field(
        resolver=r.quote_carrier, description="The carrier chosen."
    )
    carrier_name: str = strawberry.field(description="The carrier's name when asked.")
    currency: str = strawberry.field(description="ISO 4217 currency of every amount.")
    notes: str = strawberry.field(description="The buyer's notes.")
    message: str = strawberry.field(description="Staff's message with the answer.")
    reason: str = strawberry.field(description="Why it was rejected or withdrawn.")
    shipping_cost: Money | None = strawberry.field(
        resolver=r.quote_shipping, description="Shipping quoted."
    )
    subtotal: Money | None = strawberry.field(
        resolver=r.quote_subtotal, description="The lines at their quoted prices."
    )
    total: Money | None = strawberry.field(
        resolver=r.quote_total, description="Subtotal plus shipping."
    )
    lines: list[QuoteLine] = strawberry.field(
        resolver=r.quote_lines, description="The products, in the order asked."
    )
    history: list[QuoteEvent] = strawberry.field(
        resolver=r.quote_history, description="Every change, oldest first."
    )
    order: Order | None = strawberry.field(
        resolver=r.quote_order, description="The order it became, once ACCEPTED."
    )
    next_statuses: list[QuoteStatus] = strawberry.field(
        resolver=r.quote_next_statuses,
        description="The moves the caller may make now: SENT for staff; ACCEPTED, REJECTED "
        "or WITHDRAWN for the company's purchasing contact.",
    )
    is_type_of = instance_of(models.Quote)
