"""Catalog and personalized prices (SPEC C1-C8): the enums of its GraphQL types."""

from __future__ import annotations

from enum import Enum

import strawberry

from graphql_api.models.enums import PriceVisibilityReason
from graphql_api.services.policies import PolicyLevel
from graphql_api.services.pricing import RuleKind

# strawberry.enum registers a StrEnum of the models or services in place and returns the same
# class; the GraphQL types annotate with that class, imported from this module.
strawberry.enum(
    PriceVisibilityReason,
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


# The services' enum under its GraphQL name: a name bound to strawberry.enum's result is no type
# to mypy, an alias of the class is.
AppliedRuleKind = RuleKind
strawberry.enum(
    RuleKind,
    name="AppliedRuleKind",
    description="What changed a price: COMPANY_LIST or GROUP_LIST (the price list that gave the "
    "price), TIER (a quantity tier of that list), COMPANY_DISCOUNT or GROUP_DISCOUNT (the "
    "discount percent applied), MAX_DISCOUNT (the commercial policy's cap on discounts).",
)
strawberry.enum(
    PolicyLevel,
    description="A level of commercial policies: STOREFRONT (everyone), GROUP (a customer "
    "group) or COMPANY (one company); the most specific level that sets a term wins.",
)


@strawberry.enum(description="A term of a commercial policy.")
class PolicyTerm(Enum):
    MIN_ORDER_VALUE = strawberry.enum_value("MIN_ORDER_VALUE", description="minOrderValue.")
    PAYMENT_TERMS = strawberry.enum_value("PAYMENT_TERMS", description="paymentTerms.")
    CARRIERS = strawberry.enum_value("CARRIERS", description="carriers.")
    MAX_DISCOUNT_PERCENT = strawberry.enum_value(
        "MAX_DISCOUNT_PERCENT", description="maxDiscountPercent."
    )
