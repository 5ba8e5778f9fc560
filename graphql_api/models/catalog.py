from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields

from graphql_api.models.base import TimestampedModel

if TYPE_CHECKING:
    from graphql_api.models.company import Company
    from graphql_api.models.group import CustomerGroup
    from graphql_api.models.storefront import Storefront


class Supplier(TimestampedModel):
    """A manufacturer or represented brand whose products the storefront sells. An inactive
    supplier hides all its products from everyone but staff."""

    storefront: fields.ForeignKeyRelation[Storefront] = fields.ForeignKeyField(
        "models.Storefront", related_name="suppliers"
    )
    storefront_id: int
    name = fields.CharField(max_length=200)
    code = fields.CharField(max_length=40, null=True)
    is_active = fields.BooleanField(default=True)
    name_key = fields.CharField(max_length=200, default="")

    class Meta:
        table = "supplier"
        unique_together = (("storefront", "name"),)


class Category(TimestampedModel):
    """A node of the category tree. A limit to a category includes its whole subtree."""

    storefront: fields.ForeignKeyRelation[Storefront] = fields.ForeignKeyField(
        "models.Storefront", related_name="categories"
    )
    storefront_id: int
    parent: fields.ForeignKeyNullableRelation[Category] = fields.ForeignKeyField(
        "models.Category", related_name="children", null=True, on_delete=fields.RESTRICT
    )
    parent_id: int | None
    name = fields.CharField(max_length=120)
    position = fields.IntField(default=0)

    class Meta:
        table = "category"
        # NULLs never collide in a unique key, so this one holds below the root only; root
        # names are unique through the partial index category_root_name (migration 0006), which
        # Tortoise cannot declare here for SQLite.
        unique_together = (("storefront", "parent", "name"),)


class Carrier(TimestampedModel):
    """A transport company buyers may choose at checkout, as commercial policies allow."""

    storefront: fields.ForeignKeyRelation[Storefront] = fields.ForeignKeyField(
        "models.Storefront", related_name="carriers"
    )
    storefront_id: int
    name = fields.CharField(max_length=200)
    tracking_url = fields.CharField(max_length=500, default="")
    is_active = fields.BooleanField(default=True)

    class Meta:
        table = "carrier"
        unique_together = (("storefront", "name"),)


class Product(TimestampedModel):
    """A sellable item. The base price is in the storefront default currency."""

    storefront: fields.ForeignKeyRelation[Storefront] = fields.ForeignKeyField(
        "models.Storefront", related_name="products"
    )
    storefront_id: int
    sku = fields.CharField(max_length=60)
    name = fields.CharField(max_length=300)
    description = fields.TextField(default="")
    image_urls: fields.Field[list[str]] = fields.JSONField(default=list)
    unit = fields.CharField(max_length=20, default="un")
    minimum_quantity = fields.IntField(default=1)
    quantity_multiple = fields.IntField(default=1)
    stock = fields.IntField(null=True)
    is_active = fields.BooleanField(default=True)
    base_price = fields.DecimalField(max_digits=14, decimal_places=4)
    # The lowest unit price a quote may offer, in the default currency (SPEC D6); staff only.
    floor_price = fields.DecimalField(max_digits=14, decimal_places=4, null=True)
    supplier: fields.ForeignKeyRelation[Supplier] = fields.ForeignKeyField(
        "models.Supplier", related_name="products", on_delete=fields.RESTRICT
    )
    supplier_id: int
    category: fields.ForeignKeyNullableRelation[Category] = fields.ForeignKeyField(
        "models.Category", related_name="products", null=True, on_delete=fields.SET_NULL
    )
    category_id: int | None
    # Folded name and SKU: the same LIKE works on both engines.
    search_text = fields.TextField(default="")
    name_key = fields.CharField(max_length=300, default="")

    class Meta:
        table = "product"
        unique_together = (("storefront", "sku"),)
        indexes = (
            ("storefront_id", "name_key", "id"),
            ("storefront_id", "base_price", "id"),
            ("supplier_id", "name_key", "id"),
            ("category_id", "name_key", "id"),
        )


class CatalogLimit(TimestampedModel):
    """One supplier or one category a company or a group is limited to. A holder with no rows
    of a kind sees every item of that kind, and a company with rows of a kind ignores its
    group rows of that kind."""

    company: fields.ForeignKeyNullableRelation[Company] = fields.ForeignKeyField(
        "models.Company", related_name="catalog_limits", null=True, on_delete=fields.CASCADE
    )
    company_id: int | None
    group: fields.ForeignKeyNullableRelation[CustomerGroup] = fields.ForeignKeyField(
        "models.CustomerGroup", related_name="catalog_limits", null=True, on_delete=fields.CASCADE
    )
    group_id: int | None
    supplier: fields.ForeignKeyNullableRelation[Supplier] = fields.ForeignKeyField(
        "models.Supplier", related_name="limits", null=True, on_delete=fields.CASCADE
    )
    supplier_id: int | None
    category: fields.ForeignKeyNullableRelation[Category] = fields.ForeignKeyField(
        "models.Category", related_name="limits", null=True, on_delete=fields.CASCADE
    )
    category_id: int | None

    class Meta:
        table = "catalog_limit"
        indexes = (("company_id",), ("group_id",))
