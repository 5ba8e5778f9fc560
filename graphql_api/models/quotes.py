"""Quotes (SPEC D6): a buyer asks, staff answer with prices, the buyer accepts into an order."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields

from graphql_api.models.base import TimestampedModel

if TYPE_CHECKING:
    from graphql_api.models.catalog import Carrier, Product
    from graphql_api.models.company import Company
    from graphql_api.models.contact import Contact
    from graphql_api.models.staff import StaffUser
    from graphql_api.models.storefront import Storefront


class QuoteStatus(StrEnum):
    """Where a quote is (services/quotes.py holds the transition table)."""

    REQUESTED = "REQUESTED"
    SENT = "SENT"
    ACCEPTED = "ACCEPTED"
    REJECTED = "REJECTED"
    EXPIRED = "EXPIRED"
    WITHDRAWN = "WITHDRAWN"


class QuoteCounter(TimestampedModel):
    """The last quote number given in a storefront, taken in the quote's own transaction as
    order numbers are, so a rolled-back request gives its number back."""

    storefront: fields.OneToOneRelation[Storefront] = fields.OneToOneField(
        "models.Storefront", related_name="quote_counter", on_delete=fields.CASCADE
    )
    storefront_id: int
    prefix = fields.CharField(max_length=12)
    last_number = fields.IntField(default=0)

    class Meta:
        table = "quote_counter"


class Quote(TimestampedModel):
    """A request for prices and the seller's answer. Totals are of the quoted prices. The order
    made on acceptance holds the link (orders.quote_id, unique: one order per quote), so there
    is one truth for it and the database refuses a second order."""

    storefront: fields.ForeignKeyRelation[Storefront] = fields.ForeignKeyField(
        "models.Storefront", related_name="quotes"
    )
    storefront_id: int
    number = fields.CharField(max_length=30)
    sequence = fields.IntField()
    company: fields.ForeignKeyRelation[Company] = fields.ForeignKeyField(
        "models.Company", related_name="quotes", on_delete=fields.CASCADE
    )
    company_id: int
    requested_by_contact: fields.ForeignKeyNullableRelation[Contact] = fields.ForeignKeyField(
        "models.Contact", related_name="quotes", null=True, on_delete=fields.SET_NULL
    )
    requested_by_contact_id: int | None
    requested_by_staff: fields.ForeignKeyNullableRelation[StaffUser] = fields.ForeignKeyField(
        "models.StaffUser", related_name="requested_quotes", null=True, on_delete=fields.SET_NULL
    )
    requested_by_staff_id: int | None
    carrier: fields.ForeignKeyNullableRelation[Carrier] = fields.ForeignKeyField(
        "models.Carrier", related_name="quotes", null=True, on_delete=fields.SET_NULL
    )
    carrier_id: int | None
    carrier_name = fields.CharField(max_length=200, default="")
    status = fields.CharEnumField(QuoteStatus, max_length=12)
    currency = fields.CharField(max_length=3)
    notes = fields.TextField(default="")
    message = fields.TextField(default="")
    reason = fields.TextField(default="")
    shipping_cost = fields.DecimalField(max_digits=14, decimal_places=4, default=0)
    subtotal = fields.DecimalField(max_digits=14, decimal_places=4, default=0)
    total = fields.DecimalField(max_digits=14, decimal_places=4, default=0)
    valid_until = fields.DatetimeField(null=True)
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "quote"
        unique_together = (("storefront", "number"),)
        indexes = (
            ("storefront_id", "created_at", "id"),
            ("company_id", "created_at", "id"),
            ("status", "valid_until"),
        )


class QuoteLine(TimestampedModel):
    """A product of a quote: SKU and name as asked, the list price (before any discount), the
    buyer's own price when it asked, and the price staff quote."""

    quote: fields.ForeignKeyRelation[Quote] = fields.ForeignKeyField(
        "models.Quote", related_name="lines", on_delete=fields.CASCADE
    )
    quote_id: int
    position = fields.IntField()
    product: fields.ForeignKeyNullableRelation[Product] = fields.ForeignKeyField(
        "models.Product", related_name="quote_lines", null=True, on_delete=fields.SET_NULL
    )
    product_id: int | None
    sku = fields.CharField(max_length=60)
    name = fields.CharField(max_length=300)
    quantity = fields.IntField()
    currency = fields.CharField(max_length=3)
    list_price = fields.DecimalField(max_digits=14, decimal_places=4)
    requested_price = fields.DecimalField(max_digits=14, decimal_places=4)
    quoted_price = fields.DecimalField(max_digits=14, decimal_places=4)

    class Meta:
        table = "quote_line"
        indexes = (("quote_id", "position"), ("product_id",))


class QuoteEvent(TimestampedModel):
    """One change of a quote: from, to, who (contact, staff or the expiry worker), when, why."""

    quote: fields.ForeignKeyRelation[Quote] = fields.ForeignKeyField(
        "models.Quote", related_name="events", on_delete=fields.CASCADE
    )
    quote_id: int
    from_status = fields.CharEnumField(QuoteStatus, max_length=12, null=True)
    to_status = fields.CharEnumField(QuoteStatus, max_length=12)
    staff: fields.ForeignKeyNullableRelation[StaffUser] = fields.ForeignKeyField(
        "models.StaffUser", related_name="quote_events", null=True, on_delete=fields.SET_NULL
    )
    staff_id: int | None
    contact: fields.ForeignKeyNullableRelation[Contact] = fields.ForeignKeyField(
        "models.Contact", related_name="quote_events", null=True, on_delete=fields.SET_NULL
    )
    contact_id: int | None
    actor_label = fields.CharField(max_length=200, default="")
    note = fields.TextField(default="")

    class Meta:
        table = "quote_event"
        indexes = (("quote_id", "id"),)
