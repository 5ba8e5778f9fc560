"""Invoices of orders (SPEC D9, B2)."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields

from graphql_api.models.base import TimestampedModel

if TYPE_CHECKING:
    from graphql_api.models.company import Company
    from graphql_api.models.orders import Order
    from graphql_api.models.staff import StaffUser
    from graphql_api.models.storefront import Storefront


class InvoiceStatus(StrEnum):
    """Where an invoice is. OVERDUE is never stored: it is an OPEN invoice past its due date,
    worked out when read (services/invoices.py: status_of), so it cannot go stale."""

    OPEN = "OPEN"
    OVERDUE = "OVERDUE"
    PAID = "PAID"
    CANCELLED = "CANCELLED"


class InvoiceCounter(TimestampedModel):
    """The last invoice number given in a storefront, taken in the creating transaction."""

    storefront: fields.OneToOneRelation[Storefront] = fields.OneToOneField(
        "models.Storefront", related_name="invoice_counter", on_delete=fields.CASCADE
    )
    storefront_id: int
    prefix = fields.CharField(max_length=16)
    last_number = fields.IntField(default=0)

    class Meta:
        table = "invoice_counter"


class Invoice(TimestampedModel):
    """One instalment billed for an order. The seller and buyer blocks are copied when it is
    issued, so the document reads the same after the company or the settings change."""

    storefront: fields.ForeignKeyRelation[Storefront] = fields.ForeignKeyField(
        "models.Storefront", related_name="invoices"
    )
    storefront_id: int
    number = fields.CharField(max_length=30)
    sequence = fields.IntField()
    order: fields.ForeignKeyRelation[Order] = fields.ForeignKeyField(
        "models.Order", related_name="invoices", on_delete=fields.CASCADE
    )
    order_id: int
    order_number = fields.CharField(max_length=30)
    company: fields.ForeignKeyNullableRelation[Company] = fields.ForeignKeyField(
        "models.Company", related_name="invoices", null=True, on_delete=fields.SET_NULL
    )
    company_id: int | None
    company_name = fields.CharField(max_length=200)
    currency = fields.CharField(max_length=3)
    amount = fields.DecimalField(max_digits=14, decimal_places=4)
    issue_date = fields.DateField()
    due_date = fields.DateField()
    instalment = fields.SmallIntField()
    instalment_count = fields.SmallIntField()
    payment_term = fields.CharField(max_length=60, null=True)
    status = fields.CharEnumField(InvoiceStatus, max_length=10, default=InvoiceStatus.OPEN)
    paid_at = fields.DatetimeField(null=True)
    cancelled_at = fields.DatetimeField(null=True)
    cancel_reason = fields.TextField(default="")
    seller: fields.Field[dict] = fields.JSONField(default=dict)
    buyer: fields.Field[dict] = fields.JSONField(default=dict)
    created_by: fields.ForeignKeyNullableRelation[StaffUser] = fields.ForeignKeyField(
        "models.StaffUser", related_name="invoices", null=True, on_delete=fields.SET_NULL
    )
    created_by_id: int | None

    class Meta:
        table = "invoice"
        unique_together = (("storefront", "number"),)
        indexes = (
            ("storefront_id", "sequence"),
            ("company_id", "sequence"),
            ("order_id", "sequence"),
            ("storefront_id", "status", "due_date"),
        )
