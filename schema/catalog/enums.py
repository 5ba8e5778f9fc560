"""Catalog and personalized prices (SPEC C1-C8): the enums of its GraphQL types."""

from __future__ import annotations

from enum import Enum

import strawberry

from graphql_api.models import enums

PriceVisibilityReason = strawberry.enum(
    enums.PriceVisibilityReason,
    description="Why a price is shown or withheld: VISIBLE; LOGIN_REQUIRED (prices for "
    "signed-in buyers only); ON_REQUEST (the storefront gives prices through quotes only); "
    "PENDING_APPROVAL (the buyer's company awaits the seller's approval); ROLE_REQUIRED "
    "(prices are for the company's purchasing contact; billing, shipping and support "
    "contacts see the catalog without them).",
)


@strawberry.enum(description="Order of a product list.")
class ProductSort(Enum):
    NAME_ASC = strawberry.enum_value("NAME_ASC", description="By name, A to Z (accents ignored).")
    NAME_DESC = strawberry.enum_value("NAME_DESC", description="By name, Z to A.")
    PRICE_ASC = strawberry.enum_value(
        "PRICE_ASC", description="By base price, lowest first (not the personalized price)."
    )
    PRICE_DESC = strawberry.enum_value("PRICE_DESC", description="By base price, highest first.")
    SKU_ASC = strawberry.enum_value("SKU_ASC", description="By SKU.")
    NEWEST = strawberry.enum_value("NEWEST", description="Most recently created first.")
