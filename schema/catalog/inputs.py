"""Catalog and personalized prices (SPEC C1-C8): the inputs of its mutations and filters."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from graphql_api.services.catalog import MAX_DESCRIPTION
from graphql_api.services.price_lists import MAX_ENTRIES
from schema.core.limits import limits

# A seller with a large catalog may limit a customer to many suppliers or categories at once.
MAX_VISIBLE_IDS = 1000


@strawberry.input(description="A new supplier.")
class CreateSupplierInput:
    name: str = strawberry.field(description="Name, 1 to 200 characters, unique.")
    code: str | None = strawberry.field(default=None, description="Your code for it.")
    is_active: bool | None = strawberry.field(default=True, description="Visible to buyers.")


@strawberry.input(description="Changes to a supplier; fields left out stay as they are.")
class UpdateSupplierInput:
    id: strawberry.ID = strawberry.field(description="The supplier.")
    name: str | None = strawberry.field(default=strawberry.UNSET, description="New name.")
    code: str | None = strawberry.field(default=strawberry.UNSET, description="New code.")
    is_active: bool | None = strawberry.field(
        default=strawberry.UNSET, description="False hides it and its products from buyers."
    )


@strawberry.input(description="A new category.")
class CreateCategoryInput:
    name: str = strawberry.field(description="Name, 1 to 120 characters.")
    parent_id: strawberry.ID | None = strawberry.field(
        default=None, description="Parent category; none for a top-level category."
    )
    position: int | None = strawberry.field(default=None, description="Order among siblings.")


@strawberry.input(description="Changes to a category; fields left out stay as they are.")
class UpdateCategoryInput:
    id: strawberry.ID = strawberry.field(description="The category.")
    name: str | None = strawberry.field(default=strawberry.UNSET, description="New name.")
    parent_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET,
        description="New parent; null moves it to the top. Not itself or a descendant.",
    )
    position: int | None = strawberry.field(default=strawberry.UNSET, description="New order.")


@strawberry.input(description="A new carrier.")
class CreateCarrierInput:
    name: str = strawberry.field(description="Name, 1 to 200 characters, unique.")
    tracking_url: str | None = strawberry.field(default=None, description="Tracking page.")


@strawberry.input(description="A new product.")
class CreateProductInput:
    sku: str = strawberry.field(description="SKU: letters, digits, . _ / -; unique.")
    name: str = strawberry.field(description="Name, 1 to 300 characters.")
    base_price: Decimal = strawberry.field(
        description="Price in the storefront's default currency; 0 or more, 4 decimals at most."
    )
    floor_price: Decimal | None = strawberry.field(
        default=None,
        description="The lowest unit price a quote may offer, in the default currency; "
        "none by default.",
    )
    supplier_id: strawberry.ID = strawberry.field(description="Its supplier.")
    category_id: strawberry.ID | None = strawberry.field(default=None, description="Category.")
    description: str | None = strawberry.field(
        default=None, description="Description.", metadata=limits(max_length=MAX_DESCRIPTION)
    )
    image_urls: list[str] | None = strawberry.field(
        default=None, description="http(s) image addresses, at most 20."
    )
    unit: str | None = strawberry.field(default=None, description="Unit of sale (default un).")
    minimum_quantity: int | None = strawberry.field(
        default=None, description="Smallest quantity per line (default 1)."
    )
    quantity_multiple: int | None = strawberry.field(
        default=None, description="Quantities in multiples of this (default 1)."
    )
    stock: int | None = strawberry.field(default=None, description="Units in stock, if tracked.")
    is_active: bool | None = strawberry.field(default=True, description="Visible to buyers.")


@strawberry.input(description="Changes to a product; fields left out stay as they are.")
class UpdateProductInput:
    id: strawberry.ID = strawberry.field(description="The product.")
    sku: str | None = strawberry.field(default=strawberry.UNSET, description="New SKU.")
    name: str | None = strawberry.field(default=strawberry.UNSET, description="New name.")
    base_price: Decimal | None = strawberry.field(
        default=strawberry.UNSET, description="New base price."
    )
    floor_price: Decimal | None = strawberry.field(
        default=strawberry.UNSET, description="New floor price of quotes; null for none."
    )
    supplier_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="New supplier."
    )
    category_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="New category; null for none."
    )
    description: str | None = strawberry.field(
        default=strawberry.UNSET,
        description="New description.",
        metadata=limits(max_length=MAX_DESCRIPTION),
    )
    image_urls: list[str] | None = strawberry.field(
        default=strawberry.UNSET, description="New image addresses."
    )
    unit: str | None = strawberry.field(default=strawberry.UNSET, description="New unit.")
    minimum_quantity: int | None = strawberry.field(
        default=strawberry.UNSET, description="New minimum quantity."
    )
    quantity_multiple: int | None = strawberry.field(
        default=strawberry.UNSET, description="New quantity multiple."
    )
    stock: int | None = strawberry.field(
        default=strawberry.UNSET, description="New stock; null stops tracking."
    )
    is_active: bool | None = strawberry.field(
        default=strawberry.UNSET, description="False hides it from buyers."
    )


@strawberry.input(description="Limits of a company or a group (give exactly one of the two).")
class SetCompanyVisibilityInput:
    company_id: strawberry.ID | None = strawberry.field(default=None, description="A company.")
    group_id: strawberry.ID | None = strawberry.field(default=None, description="A customer group.")
    supplier_ids: list[strawberry.ID] | None = strawberry.field(
        default=None,
        description="Only these suppliers; empty lifts the limit; left out: unchanged.",
        metadata=limits(max_items=MAX_VISIBLE_IDS),
    )
    category_ids: list[strawberry.ID] | None = strawberry.field(
        default=None,
        description="Only these categories and their subcategories; empty lifts the limit.",
        metadata=limits(max_items=MAX_VISIBLE_IDS),
    )


@strawberry.input(description="A new price list.")
class CreatePriceListInput:
    name: str = strawberry.field(description="Name, 1 to 120 characters, unique.")
    currency: str = strawberry.field(description="ISO 4217 code of its prices, e.g. BRL, EUR.")


@strawberry.input(description="A quantity tier.")
class PriceTierInput:
    min_quantity: int = strawberry.field(description="From this quantity on; 2 or more.")
    price: Decimal = strawberry.field(description="Unit price; 0 or more.")


@strawberry.input(description="A product's price in a list.")
class PriceListEntryInput:
    product_id: strawberry.ID = strawberry.field(description="The product.")
    price: Decimal = strawberry.field(description="Unit price below the first tier; 0 or more.")
    tiers: list[PriceTierInput] | None = strawberry.field(
        default=None, description="Quantity tiers, each starting at a different quantity."
    )


@strawberry.input(description="Entries to add or replace, and products to take out.")
class SetPriceListEntriesInput:
    price_list_id: strawberry.ID = strawberry.field(description="The price list.")
    entries: list[PriceListEntryInput] | None = strawberry.field(
        default=None,
        description=f"Entries to add or replace (at most {MAX_ENTRIES}, with the removals).",
        metadata=limits(max_items=MAX_ENTRIES),
    )
    remove_product_ids: list[strawberry.ID] | None = strawberry.field(
        default=None,
        description="Products to take out of the list.",
        metadata=limits(max_items=MAX_ENTRIES),
    )


@strawberry.input(description="Give a list to a company or a group (exactly one), or take it back.")
class AssignPriceListInput:
    price_list_id: strawberry.ID = strawberry.field(description="The price list.")
    company_id: strawberry.ID | None = strawberry.field(default=None, description="A company.")
    group_id: strawberry.ID | None = strawberry.field(default=None, description="A group.")
    unassign: bool | None = strawberry.field(
        default=False,
        description="True takes the list back. Assigning replaces the list the holder had in "
        "the same currency.",
    )


@strawberry.input(description="An amount with its currency.")
class MoneyInput:
    amount: Decimal = strawberry.field(description="The amount, 0 or more.")
    currency: str = strawberry.field(description="ISO 4217 code.")


@strawberry.input(
    description="Terms for the storefront (no company, no group), a group or a company. Terms "
    "left out stay; a term set to null is inherited from the level above again."
)
class SetCommercialPolicyInput:
    company_id: strawberry.ID | None = strawberry.field(default=None, description="A company.")
    group_id: strawberry.ID | None = strawberry.field(default=None, description="A group.")
    min_order_value: MoneyInput | None = strawberry.field(
        default=strawberry.UNSET, description="Smallest order total."
    )
    payment_terms: list[str] | None = strawberry.field(
        default=strawberry.UNSET, description="Allowed payment terms, e.g. `30/60/90 days`."
    )
    carrier_ids: list[strawberry.ID] | None = strawberry.field(
        default=strawberry.UNSET, description="Allowed carriers."
    )
    max_discount_percent: Decimal | None = strawberry.field(
        default=strawberry.UNSET, description="Cap on discounts, 0-100."
    )
