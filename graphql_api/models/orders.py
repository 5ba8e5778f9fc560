"""Carts, orders and quick-order links (SPEC D1-D5, D7)."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields

from graphql_api.models.base import TimestampedModel

if TYPE_CHECKING:
    from graphql_api.models.catalog import Carrier, Product, Supplier
    from graphql_api.models.company import Company
    from graphql_api.models.contact import Contact
    from graphql_api.models.quotes import Quote
    from graphql_api.models.staff import StaffUser
    from graphql_api.models.storefront import Storefront


class OrderStatus(StrEnum):
    """Where an order is in the workflow (services/orders.py holds the transition table)."""

    PENDING_APPROVAL = "PENDING_APPROVAL"
    PENDING = "PENDING"
    CONFIRMED = "CONFIRMED"
    IN_PRODUCTION = "IN_PRODUCTION"
    SHIPPED = "SHIPPED"
    DELIVERED = "DELIVERED"
    CANCELLED = "CANCELLED"


class OrderSource(StrEnum):
    """How an order came in."""

    STOREFRONT = "STOREFRONT"
    API = "API"
    ON_BEHALF = "ON_BEHALF"
    QUICK_LINK = "QUICK_LINK"
    GUEST = "GUEST"
    QUOTE = "QUOTE"


class QuickOrderLink(TimestampedModel):
    """A magic link that lets whoever holds it order for one company without signing in. Only
    the SHA-256 of its token is stored. active_company_id holds the company id while the link
    is live and null once revoked: its unique index keeps one live link per company."""

    storefront: fields.ForeignKeyRelation[Storefront] = fields.ForeignKeyField(
        "models.Storefront", related_name="quick_order_links"
    )
    storefront_id: int
    company: fields.ForeignKeyRelation[Company] = fields.ForeignKeyField(
        "models.Company", related_name="quick_order_links", on_delete=fields.CASCADE
    )
    company_id: int
    token_hash = fields.CharField(max_length=64, unique=True)
    active_company_id = fields.IntField(null=True, unique=True)
    created_by: fields.ForeignKeyNullableRelation[StaffUser] = fields.ForeignKeyField(
        "models.StaffUser", related_name="quick_order_links", null=True, on_delete=fields.SET_NULL
    )
    created_by_id: int | None
    revoked_at = fields.DatetimeField(null=True)
    last_opened_at = fields.DatetimeField(null=True)

    class Meta:
        table = "quick_order_link"
        indexes = (("company_id",),)


class Cart(TimestampedModel):
    """The one persisted cart of a buyer contact, of a quick-order link or of a guest session.
    Exactly one of contact, quick_link and guest_key is set; each is unique."""

    storefront: fields.ForeignKeyRelation[Storefront] = fields.ForeignKeyField(
        "models.Storefront", related_name="carts"
    )
    storefront_id: int
    company: fields.ForeignKeyNullableRelation[Company] = fields.ForeignKeyField(
        "models.Company", related_name="carts", null=True, on_delete=fields.CASCADE
    )
    company_id: int | None
    contact: fields.OneToOneNullableRelation[Contact] = fields.OneToOneField(
        "models.Contact", related_name="cart", null=True, on_delete=fields.CASCADE
    )
    contact_id: int | None
    quick_link: fields.OneToOneNullableRelation[QuickOrderLink] = fields.OneToOneField(
        "models.QuickOrderLink", related_name="cart", null=True, on_delete=fields.CASCADE
    )
    quick_link_id: int | None
    guest_key = fields.CharField(max_length=64, null=True, unique=True)

    class Meta:
        table = "cart"
        indexes = (("company_id",),)


class CartLine(TimestampedModel):
    """A product and quantity in a cart. seen_price is the unit price the buyer was shown when
    the line last changed, so the cart can show the old price beside a new one."""

    cart: fields.ForeignKeyRelation[Cart] = fields.ForeignKeyField(
        "models.Cart", related_name="lines", on_delete=fields.CASCADE
    )
    cart_id: int
    product: fields.ForeignKeyRelation[Product] = fields.ForeignKeyField(
        "models.Product", related_name="cart_lines", on_delete=fields.CASCADE
    )
    product_id: int
    quantity = fields.IntField()
    seen_price = fields.DecimalField(max_digits=14, decimal_places=4, null=True)
    seen_currency = fields.CharField(max_length=3, null=True)

    class Meta:
        table = "cart_line"
        unique_together = (("cart", "product"),)
        indexes = (("product_id",),)


class OrderCounter(TimestampedModel):
    """The last order number given in a storefront. Placing an order increments it in the same
    transaction, so a rolled-back order gives its number back: placed orders have no gaps."""

    storefront: fields.OneToOneRelation[Storefront] = fields.OneToOneField(
        "models.Storefront", related_name="order_counter", on_delete=fields.CASCADE
    )
    storefront_id: int
    prefix = fields.CharField(max_length=12)
    last_number = fields.IntField(default=0)

    class Meta:
        table = "order_counter"


class Order(TimestampedModel):
    """A placed order. Names, prices and terms are copied at placing time, so later changes to
    the catalog, prices, policies or the company do not rewrite history. The idempotency key is
    unique per principal (idempotency_owner), enforced by the database."""

    storefront: fields.ForeignKeyRelation[Storefront] = fields.ForeignKeyField(
        "models.Storefront", related_name="orders"
    )
    storefront_id: int
    number = fields.CharField(max_length=30)
    sequence = fields.IntField()
    company: fields.ForeignKeyNullableRelation[Company] = fields.ForeignKeyField(
        "models.Company", related_name="orders", null=True, on_delete=fields.SET_NULL
    )
    company_id: int | None
    company_name = fields.CharField(max_length=200)
    contact: fields.ForeignKeyNullableRelation[Contact] = fields.ForeignKeyField(
        "models.Contact", related_name="orders", null=True, on_delete=fields.SET_NULL
    )
    contact_id: int | None
    contact_name = fields.CharField(max_length=200, default="")
    contact_email = fields.CharField(max_length=254, default="")
    placed_by_staff: fields.ForeignKeyNullableRelation[StaffUser] = fields.ForeignKeyField(
        "models.StaffUser", related_name="placed_orders", null=True, on_delete=fields.SET_NULL
    )
    placed_by_staff_id: int | None
    quick_link: fields.ForeignKeyNullableRelation[QuickOrderLink] = fields.ForeignKeyField(
        "models.QuickOrderLink", related_name="orders", null=True, on_delete=fields.SET_NULL
    )
    quick_link_id: int | None
    source = fields.CharEnumField(OrderSource, max_length=12)
    status = fields.CharEnumField(OrderStatus, max_length=20)
    currency = fields.CharField(max_length=3)
    subtotal = fields.DecimalField(max_digits=14, decimal_places=4)
    discount_total = fields.DecimalField(max_digits=14, decimal_places=4)
    total = fields.DecimalField(max_digits=14, decimal_places=4)
    payment_term = fields.CharField(max_length=60, null=True)
    carrier: fields.ForeignKeyNullableRelation[Carrier] = fields.ForeignKeyField(
        "models.Carrier", related_name="orders", null=True, on_delete=fields.SET_NULL
    )
    carrier_id: int | None
    carrier_name = fields.CharField(max_length=200, default="")
    shipping_address: fields.Field[dict] = fields.JSONField(null=True)
    notes = fields.TextField(default="")
    purchase_order_number = fields.CharField(max_length=60, null=True)
    policy_terms: fields.Field[dict] = fields.JSONField(default=dict)
    tracking_code = fields.CharField(max_length=100, null=True)
    tracking_url = fields.CharField(max_length=500, null=True)
    idempotency_owner = fields.CharField(max_length=80, null=True)
    idempotency_key = fields.CharField(max_length=100, null=True)
    request_hash = fields.CharField(max_length=64, default="")
    # An accepted quote's order (SPEC D6): unique, so one quote never makes two orders.
    quote: fields.OneToOneNullableRelation[Quote] = fields.OneToOneField(
        "models.Quote", related_name="order", null=True, on_delete=fields.SET_NULL
    )
    quote_id: int | None
    # The quote's shipping cost, part of the total (0 for orders from a cart).
    shipping_total = fields.DecimalField(max_digits=14, decimal_places=4, default=0, db_default=0)

    class Meta:
        table = "orders"
        unique_together = (("storefront", "number"), ("idempotency_owner", "idempotency_key"))
        indexes = (
            ("storefront_id", "created_at", "id"),
            ("company_id", "created_at", "id"),
            ("storefront_id", "status"),
        )


class OrderLine(TimestampedModel):
    """One product of an order with its price as it was: SKU, name, unit and base price,
    discount, the rules that made the price, and the currency."""

    order: fields.ForeignKeyRelation[Order] = fields.ForeignKeyField(
        "models.Order", related_name="lines", on_delete=fields.CASCADE
    )
    order_id: int
    position = fields.IntField()
    product: fields.ForeignKeyNullableRelation[Product] = fields.ForeignKeyField(
        "models.Product", related_name="order_lines", null=True, on_delete=fields.SET_NULL
    )
    product_id: int | None
    # The product's supplier when ordered, kept for the reports (SPEC D8): spend per supplier
    # stays as it was when a product later moves to another supplier or is deleted.
    supplier: fields.ForeignKeyNullableRelation[Supplier] = fields.ForeignKeyField(
        "models.Supplier", related_name="order_lines", null=True, on_delete=fields.SET_NULL
    )
    supplier_id: int | None
    supplier_name = fields.CharField(max_length=200, default="")
    sku = fields.CharField(max_length=60)
    name = fields.CharField(max_length=300)
    unit = fields.CharField(max_length=20, default="un")
    quantity = fields.IntField()
    currency = fields.CharField(max_length=3)
    unit_price = fields.DecimalField(max_digits=14, decimal_places=4)
    base_price = fields.DecimalField(max_digits=14, decimal_places=4)
    discount_percent = fields.DecimalField(max_digits=5, decimal_places=2)
    applied_rules: fields.Field[list] = fields.JSONField(default=list)
    line_total = fields.DecimalField(max_digits=14, decimal_places=4)

    class Meta:
        table = "order_line"
        indexes = (("order_id", "position"), ("product_id",), ("supplier_id",))


class OrderStatusChange(TimestampedModel):
    """One step of the workflow of an order: from, to, who, when, why, and tracking when shipped."""

    order: fields.ForeignKeyRelation[Order] = fields.ForeignKeyField(
        "models.Order", related_name="history", on_delete=fields.CASCADE
    )
    order_id: int
    from_status = fields.CharEnumField(OrderStatus, max_length=20, null=True)
    to_status = fields.CharEnumField(OrderStatus, max_length=20)
    staff: fields.ForeignKeyNullableRelation[StaffUser] = fields.ForeignKeyField(
        "models.StaffUser", related_name="order_changes", null=True, on_delete=fields.SET_NULL
    )
    staff_id: int | None
    contact: fields.ForeignKeyNullableRelation[Contact] = fields.ForeignKeyField(
        "models.Contact", related_name="order_changes", null=True, on_delete=fields.SET_NULL
    )
    contact_id: int | None
    actor_label = fields.CharField(max_length=200, default="")
    note = fields.TextField(default="")
    tracking_code = fields.CharField(max_length=100, null=True)
    tracking_url = fields.CharField(max_length=500, null=True)

    class Meta:
        table = "order_status_change"
        indexes = (("order_id", "id"),)
