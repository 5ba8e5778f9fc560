"""Carts, orders and quick-order links (SPEC D1-D5, D7)."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields

from graphql_api.models.base import TimestampedModel


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


class QuickOrderLink(TimestampedModel):
    """A magic link that lets whoever holds it order for one company without signing in. Only
    the SHA-256 of its token is stored. active_company_id holds the company id while the link
    is live and null once revoked: its unique index keeps one live link per company."""

    storefront = fields.ForeignKeyField("models.Storefront", related_name="quick_order_links")
    company = fields.ForeignKeyField(
        "models.Company", related_name="quick_order_links", on_delete=fields.CASCADE
    )
    token_hash = fields.CharField(max_length=64, unique=True)
    active_company_id = fields.IntField(null=True, unique=True)
    created_by = fields.ForeignKeyField(
        "models.StaffUser", related_name="quick_order_links", null=True, on_delete=fields.SET_NULL
    )
    revoked_at = fields.DatetimeField(null=True)
    last_opened_at = fields.DatetimeField(null=True)

    class Meta:
        table = "quick_order_link"
        indexes = (("company_id",),)


class Cart(TimestampedModel):
    """The one persisted cart of a buyer contact, of a quick-order link or of a guest session.
    Exactly one of contact, quick_link and guest_key is set; each is unique."""

    storefront = fields.ForeignKeyField("models.Storefront", related_name="carts")
    company = fields.ForeignKeyField(
        "models.Company", related_name="carts", null=True, on_delete=fields.CASCADE
    )
    contact = fields.OneToOneField(
        "models.Contact", related_name="cart", null=True, on_delete=fields.CASCADE
    )
    quick_link = fields.OneToOneField(
        "models.QuickOrderLink", related_name="cart", null=True, on_delete=fields.CASCADE
    )
    guest_key = fields.CharField(max_length=64, null=True, unique=True)

    class Meta:
        table = "cart"
        indexes = (("company_id",),)


class CartLine(TimestampedModel):
    """A product and quantity in a cart. seen_price is the unit price the buyer was shown when
    the line last changed, so the cart can show the old price beside a new one."""

    cart = fields.ForeignKeyField("models.Cart", related_name="lines", on_delete=fields.CASCADE)
    product = fields.ForeignKeyField(
        "models.Product", related_name="cart_lines", on_delete=fields.CASCADE
    )
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

    storefront = fields.OneToOneField(
        "models.Storefront", related_name="order_counter", on_delete=fields.CASCADE
    )
    prefix = fields.CharField(max_length=12)
    last_number = fields.IntField(default=0)

    class Meta:
        table = "order_counter"


class Order(TimestampedModel):
    """A placed order. Names, prices and terms are copied at placing time, so later changes to
    the catalog, prices, policies or the company do not rewrite history. The idempotency key is
    unique per principal (idempotency_owner), enforced by the database."""

    storefront = fields.ForeignKeyField("models.Storefront", related_name="orders")
    number = fields.CharField(max_length=30)
    sequence = fields.IntField()
    company = fields.ForeignKeyField(
        "models.Company", related_name="orders", null=True, on_delete=fields.SET_NULL
    )
    company_name = fields.CharField(max_length=200)
    contact = fields.ForeignKeyField(
        "models.Contact", related_name="orders", null=True, on_delete=fields.SET_NULL
    )
    contact_name = fields.CharField(max_length=200, default="")
    contact_email = fields.CharField(max_length=254, default="")
    placed_by_staff = fields.ForeignKeyField(
        "models.StaffUser", related_name="placed_orders", null=True, on_delete=fields.SET_NULL
    )
    quick_link = fields.ForeignKeyField(
        "models.QuickOrderLink", related_name="orders", null=True, on_delete=fields.SET_NULL
    )
    source = fields.CharEnumField(OrderSource, max_length=12)
    status = fields.CharEnumField(OrderStatus, max_length=20)
    currency = fields.CharField(max_length=3)
    subtotal = fields.DecimalField(max_digits=14, decimal_places=4)
    discount_total = fields.DecimalField(max_digits=14, decimal_places=4)
    total = fields.DecimalField(max_digits=14, decimal_places=4)
    payment_term = fields.CharField(max_length=60, null=True)
    carrier = fields.ForeignKeyField(
        "models.Carrier", related_name="orders", null=True, on_delete=fields.SET_NULL
    )
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

    order = fields.ForeignKeyField("models.Order", related_name="lines", on_delete=fields.CASCADE)
    position = fields.IntField()
    product = fields.ForeignKeyField(
        "models.Product", related_name="order_lines", null=True, on_delete=fields.SET_NULL
    )
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
        indexes = (("order_id", "position"), ("product_id",))


class OrderStatusChange(TimestampedModel):
    """One step of the workflow of an order: from, to, who, when, why, and tracking when shipped."""

    order = fields.ForeignKeyField("models.Order", related_name="history", on_delete=fields.CASCADE)
    from_status = fields.CharEnumField(OrderStatus, max_length=20, null=True)
    to_status = fields.CharEnumField(OrderStatus, max_length=20)
    staff = fields.ForeignKeyField(
        "models.StaffUser", related_name="order_changes", null=True, on_delete=fields.SET_NULL
    )
    contact = fields.ForeignKeyField(
        "models.Contact", related_name="order_changes", null=True, on_delete=fields.SET_NULL
    )
    actor_label = fields.CharField(max_length=200, default="")
    note = fields.TextField(default="")
    tracking_code = fields.CharField(max_length=100, null=True)
    tracking_url = fields.CharField(max_length=500, null=True)

    class Meta:
        table = "order_status_change"
        indexes = (("order_id", "id"),)
