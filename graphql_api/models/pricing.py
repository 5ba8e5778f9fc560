from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields

from graphql_api.models.base import TimestampedModel

if TYPE_CHECKING:
    from graphql_api.models.catalog import Product
    from graphql_api.models.company import Company
    from graphql_api.models.group import CustomerGroup
    from graphql_api.models.storefront import Storefront


class PriceList(TimestampedModel):
    """Prices in one currency for some products, assigned to groups and companies."""

    storefront: fields.ForeignKeyRelation[Storefront] = fields.ForeignKeyField(
        "models.Storefront", related_name="price_lists"
    )
    storefront_id: int
    name = fields.CharField(max_length=120)
    currency = fields.CharField(max_length=3)

    class Meta:
        table = "price_list"
        unique_together = (("storefront", "name"),)


class PriceListEntry(TimestampedModel):
    """The price of one product in a list. Tiers hold a JSON list of objects with min_quantity
    and price (a decimal string), sorted by min_quantity, each above one."""

    price_list: fields.ForeignKeyRelation[PriceList] = fields.ForeignKeyField(
        "models.PriceList", related_name="entries", on_delete=fields.CASCADE
    )
    price_list_id: int
    product: fields.ForeignKeyRelation[Product] = fields.ForeignKeyField(
        "models.Product", related_name="price_entries", on_delete=fields.CASCADE
    )
    product_id: int
    price = fields.DecimalField(max_digits=14, decimal_places=4)
    tiers: fields.Field[list[dict[str, Any]]] = fields.JSONField(default=list)

    class Meta:
        table = "price_list_entry"
        unique_together = (("price_list", "product"),)
        indexes = (("product_id",),)


class PriceListAssignment(TimestampedModel):
    """A list given to a company or a group. The currency is copied from the list so the
    database keeps one list per holder and currency."""

    price_list: fields.ForeignKeyRelation[PriceList] = fields.ForeignKeyField(
        "models.PriceList", related_name="assignments", on_delete=fields.CASCADE
    )
    price_list_id: int
    company: fields.ForeignKeyNullableRelation[Company] = fields.ForeignKeyField(
        "models.Company", related_name="price_lists", null=True, on_delete=fields.CASCADE
    )
    company_id: int | None
    group: fields.ForeignKeyNullableRelation[CustomerGroup] = fields.ForeignKeyField(
        "models.CustomerGroup", related_name="price_lists", null=True, on_delete=fields.CASCADE
    )
    group_id: int | None
    currency = fields.CharField(max_length=3)

    class Meta:
        table = "price_list_assignment"
        unique_together = (("company", "currency"), ("group", "currency"))
        indexes = (("price_list_id",),)


class CommercialPolicy(TimestampedModel):
    """Terms for a storefront (no company, no group), a group or a company. Each null field
    is inherited from the less specific level. Carrier ids are a JSON list."""

    storefront: fields.ForeignKeyRelation[Storefront] = fields.ForeignKeyField(
        "models.Storefront", related_name="policies"
    )
    storefront_id: int
    group: fields.OneToOneNullableRelation[CustomerGroup] = fields.OneToOneField(
        "models.CustomerGroup", related_name="policy", null=True, on_delete=fields.CASCADE
    )
    group_id: int | None
    company: fields.OneToOneNullableRelation[Company] = fields.OneToOneField(
        "models.Company", related_name="policy", null=True, on_delete=fields.CASCADE
    )
    company_id: int | None
    # Four places: the finest minor unit Babel knows (CLF); JPY amounts are whole, BHD take 3.
    min_order_value = fields.DecimalField(max_digits=14, decimal_places=4, null=True)
    min_order_currency = fields.CharField(max_length=3, null=True)
    payment_terms: fields.Field[list[str] | None] = fields.JSONField(null=True)
    carrier_ids: fields.Field[list[int] | None] = fields.JSONField(null=True)
    max_discount_percent = fields.DecimalField(max_digits=5, decimal_places=2, null=True)

    class Meta:
        table = "commercial_policy"
        indexes = (("storefront_id",),)
