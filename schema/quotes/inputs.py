"""Quotes (SPEC D6): the inputs of its mutations and its list filter."""

from __future__ import annotations

import datetime
from decimal import Decimal

import strawberry

from graphql_api.models import Order
from schema.core.limits import column_length, limits
from schema.quotes.enums import QuoteStatus

TEXT = limits(max_length=2000)


@strawberry.input(description="A product and quantity to ask a price for.")
class QuoteLineInput:
    product_id: strawberry.ID = strawberry.field(description="A product the company may see.")
    quantity: int = strawberry.field(description="Units; the product's minimum and multiple.")


@strawberry.input(description="A request for a quote: lines, or the buyer's cart.")
class RequestQuoteInput:
    carrier_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="One of the carriers the company's commercial policy allows (required "
        "when the policy lists any).",
    )
    lines: list[QuoteLineInput] | None = strawberry.field(
        default=None,
        description="What to price (at most 200 lines), each product once.",
        metadata=limits(max_items=200),
    )
    from_cart: bool | None = strawberry.field(
        default=None,
        description="Price the buyer's cart instead of `lines` (buyers only). The cart is left "
        "as it is.",
    )
    company_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Staff: the company asking (one they hold). A buyer's is its own.",
    )
    notes: str | None = strawberry.field(
        default=None, description="What the seller should know.", metadata=TEXT
    )


@strawberry.input(description="A quote line's answer: price and quantity.")
class SendQuoteLineInput:
    line_id: strawberry.ID = strawberry.field(description="The quote line (QuoteLine.id).")
    unit_price: Decimal | None = strawberry.field(
        default=None,
        description="The unit price offered, in the quote's currency; default: the buyer's "
        "price when it asked. Never below the product's floor price; a discount off the list "
        "price within the policy's cap (and a sales rep's ceiling) unless an admin sends it.",
    )
    quantity: int | None = strawberry.field(
        default=None, description="A changed quantity; default: as asked."
    )


@strawberry.input(description="Staff's answer to a quote request.")
class SendQuoteInput:
    quote_id: strawberry.ID = strawberry.field(description="A REQUESTED quote.")
    lines: list[SendQuoteLineInput] | None = strawberry.field(
        default=None,
        description="Prices and quantities; lines left out keep theirs.",
        metadata=limits(max_items=200),
    )
    shipping_cost: Decimal | None = strawberry.field(
        default=None, description="Shipping, in the quote's currency (default 0)."
    )
    valid_until: datetime.datetime = strawberry.field(
        description="Until when the prices hold: in the future, a year at most."
    )
    message: str | None = strawberry.field(
        default=None, description="A message for the buyer.", metadata=TEXT
    )


@strawberry.input(description="The buyer accepts a quote: it becomes an order.")
class AcceptQuoteInput:
    quote_id: strawberry.ID = strawberry.field(description="A SENT quote, before validUntil.")
    idempotency_key: str = strawberry.field(
        description="A fresh random string, sent again unchanged when retrying: a retry "
        "returns the same order.",
        metadata=limits(max_length=column_length(Order, "idempotency_key")),
    )
    payment_term: str | None = strawberry.field(
        default=None,
        description="One of the payment terms of the company's policy (required when it "
        "lists any).",
        metadata=limits(max_length=column_length(Order, "payment_term")),
    )
    shipping_address_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="One of the company's addresses; default its SHIPPING, else MAIN one.",
    )
    purchase_order_number: str | None = strawberry.field(
        default=None,
        description="The buyer's own purchase order number.",
        metadata=limits(max_length=column_length(Order, "purchase_order_number")),
    )


@strawberry.input(description="The buyer turns down a quote it was sent.")
class RejectQuoteInput:
    quote_id: strawberry.ID = strawberry.field(description="A SENT quote.")
    reason: str = strawberry.field(description="Why, for the seller.", metadata=TEXT)


@strawberry.input(description="The buyer takes back a quote not yet answered.")
class WithdrawQuoteInput:
    quote_id: strawberry.ID = strawberry.field(description="A REQUESTED quote.")
    reason: str | None = strawberry.field(
        default=None, description="Why, for the seller.", metadata=TEXT
    )


@strawberry.input(description="Which quotes to list; filters combine with AND.")
class QuoteFilter:
    status: list[QuoteStatus] | None = strawberry.field(
        default=None, description="Only these statuses."
    )
    company_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only this company (staff; a buyer sees its own only)."
    )
