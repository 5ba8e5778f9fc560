"""Catalog and personalized prices (SPEC C1-C8): mutation payloads (the changed object and
`userErrors`)."""

from __future__ import annotations

import strawberry

from schema.catalog.types import (
    Carrier,
    CatalogLimits,
    Category,
    CommercialPolicy,
    PriceList,
    Product,
    Supplier,
)
from schema.core.common import ERRORS, UserError


@strawberry.type(description="Result of a supplier mutation.")
class SupplierPayload:
    supplier: Supplier | None = strawberry.field(description="The supplier, when it succeeded.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of a category mutation.")
class CategoryPayload:
    category: Category | None = strawberry.field(description="The category, when it succeeded.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of creating a carrier.")
class CarrierPayload:
    carrier: Carrier | None = strawberry.field(description="The carrier, when it succeeded.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of a product mutation.")
class ProductPayload:
    product: Product | None = strawberry.field(description="The product, when it succeeded.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of setting catalog limits.")
class CatalogLimitsPayload:
    limits: CatalogLimits | None = strawberry.field(
        description="The holder's limits now, when it succeeded."
    )
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of a price list mutation.")
class PriceListPayload:
    price_list: PriceList | None = strawberry.field(description="The list, when it succeeded.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of setting a commercial policy.")
class CommercialPolicyPayload:
    policy: CommercialPolicy | None = strawberry.field(
        description="The terms now in force at that level, when it succeeded."
    )
    user_errors: list[UserError] = strawberry.field(description=ERRORS)
