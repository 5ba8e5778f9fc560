"""Catalog and personalized prices (SPEC C1-C8): the object types, thin views over domain objects;
field values come from the resolvers named on each field, or are plain attributes of the model."""

from __future__ import annotations

import datetime
from decimal import Decimal
from operator import attrgetter
from typing import Annotated

import strawberry
from strawberry.types import Info

from graphql_api import models
from graphql_api.global_ids import to_global_id
from resolvers.catalog import resolvers as r
from resolvers.catalog import rows
from resolvers.nodes import global_id, node_id
from schema.catalog.enums import AppliedRuleKind, PolicyLevel, PolicyTerm, PriceVisibilityReason
from schema.companies.types import Company, CustomerGroup
from schema.core.common import Node, arg, instance_of
from schema.core.direct import Direct, path_free, reads_from, source_reader

CompanyArg = Annotated[
    strawberry.ID | None,
    arg("Staff: price as this company would see it. A buyer may give only its own company."),
]


@strawberry.type(description="An amount of money.")
class Money:
    amount: Decimal = strawberry.field(description="The amount, as a decimal string.")
    currency: str = strawberry.field(description="ISO 4217 currency code.")


@strawberry.type(
    description="One step that changed a price: a price list, a quantity tier, a discount or "
    "the policy's cap on discounts."
)
class AppliedRule:
    kind: AppliedRuleKind = strawberry.field(description="What changed the price.")
    detail: str = strawberry.field(
        description="The list's name, the tier's minimum quantity, or the percent."
    )
    label: str = strawberry.field(description="`kind:detail`, as in `appliedRules`.")
    min_quantity: int | None = strawberry.field(description="For a tier: where it starts.")
    percent: Decimal | None = strawberry.field(description="For a discount: the percent applied.")

    price_list_id: strawberry.ID | None = strawberry.field(
        resolver=lambda root: (
            strawberry.ID(to_global_id("PriceList", root.price_list_id))
            if root.price_list_id
            else None
        ),
        description="For a list or tier: the price list's global ID.",
    )


@strawberry.type(
    description="A personalized unit price, computed by the one pricing service. The "
    "precedence is in the README: company list, else group list, else base price; then the "
    "quantity tier; then the company or group discount, capped by the commercial policy; "
    "rounded half-up to the currency's minor unit."
)
class Price:
    amount: Decimal = strawberry.field(description="The unit price the buyer pays.")
    base_amount: Decimal = strawberry.field(
        description="The unit price before the discount (after list and tier)."
    )
    discount_percent: Decimal = strawberry.field(description="The discount applied, 0-100.")
    currency: str = strawberry.field(description="ISO 4217 currency code of both amounts.")
    quantity: int = strawberry.field(description="The quantity this price is for.")
    applied_rules: list[str] = strawberry.field(
        description="Each step that changed the price, as `KIND:detail` (e.g. "
        "`GROUP_LIST:Atacado`, `TIER:10`, `COMPANY_DISCOUNT:5.00`). Empty: the base price."
    )

    rules: list[AppliedRule] = strawberry.field(description="The same steps as objects.")


@strawberry.type(description="A supplier (manufacturer or represented brand).")
class Supplier(Node):
    id: strawberry.ID = strawberry.field(resolver=global_id, description="Global ID.")
    name: str = strawberry.field(description="Name, unique in the storefront.")
    code: str | None = strawberry.field(description="The seller's own code for it.")
    is_active: bool = strawberry.field(
        description="False hides the supplier and all its products from everyone but staff."
    )
    is_type_of = instance_of(models.Supplier, rows.SupplierRow)


@strawberry.type(description="A node of the category tree.")
class Category(Node):
    id: strawberry.ID = strawberry.field(resolver=global_id, description="Global ID.")
    name: str = strawberry.field(description="Name, unique among its siblings.")
    position: int = strawberry.field(description="Order among its siblings.")
    parent: Category | None = strawberry.field(
        resolver=r.category_parent, description="The parent category; null at the top."
    )
    children: list[Category] = strawberry.field(  # type: ignore[assignment]  # the resolver returns the models this type views
        resolver=r.category_children, description="Subcategories the caller may see."
    )
    is_type_of = instance_of(models.Category, rows.CategoryRow)


@strawberry.type(description="A carrier buyers may ship with, as commercial policies allow.")
class Carrier(Node):
    id: strawberry.ID = strawberry.field(resolver=global_id, description="Global ID.")
    name: str = strawberry.field(description="Name, unique in the storefront.")
    tracking_url: str = strawberry.field(description="Tracking page address, if any.")
    is_active: bool = strawberry.field(description="False hides it from buyers.")
    is_type_of = instance_of(models.Carrier)


@strawberry.type(description="A product of the catalog.")
class Product(Node):
    id: strawberry.ID = strawberry.field(resolver=global_id, description="Global ID.")
    sku: str = strawberry.field(description="Stock keeping unit, unique in the storefront.")
    name: str = strawberry.field(description="Name.")
    description: str = strawberry.field(description="Description (plain text).")
    image_urls: list[str] = strawberry.field(description="Image addresses, first is the main.")
    unit: str = strawberry.field(description="Unit of sale, e.g. un, cx, kg.")
    minimum_quantity: int = strawberry.field(description="Smallest quantity per order line.")
    quantity_multiple: int = strawberry.field(description="Quantities must be multiples of this.")
    stock: int | None = strawberry.field(description="Units in stock; null when not tracked.")
    is_active: bool = strawberry.field(description="False hides it from everyone but staff.")
    created_at: datetime.datetime = strawberry.field(description="When it was created.")
    category: Category | None = strawberry.field(
        resolver=r.product_category, description="Its category."
    )
    supplier: Supplier = strawberry.field(resolver=r.product_supplier, description="Its supplier.")
    price_visibility: PriceVisibilityReason = strawberry.field(
        resolver=r.product_price_visibility,
        description="VISIBLE, or why `price` is null for this caller.",
    )

    @strawberry.field(description="The storefront's base price (staff only; buyers use `price`).")
    def base_price(self, info: Info) -> Money | None:
        amount, currency = r.product_base_price(self, info)  # type: ignore[arg-type]  # self is the model
        return Money(amount=amount, currency=currency)

    @strawberry.field(
        description="The lowest unit price a quote may offer, in the storefront's default "
        "currency; null when unset (staff only)."
    )
    def floor_price(self, info: Info) -> Money | None:
        amount, currency = r.product_floor_price(self, info)  # type: ignore[arg-type]  # self is the model
        return Money(amount=amount, currency=currency) if amount is not None else None

    @strawberry.field(
        description="The caller's price for a quantity: a buyer's company prices, the public "
        "prices for visitors and partners. Null when withheld (see `priceVisibility`)."
    )
    def price(
        self,
        info: Info,
        quantity: Annotated[int, arg("How many units (tiers depend on it); 1 or more.")] = 1,
        company_id: CompanyArg = None,
    ) -> Price | None:
        return r.product_price(self, info, quantity, company_id)  # type: ignore[arg-type,return-value]  # self is the model; Price views pricing.Price

    @strawberry.field(
        description="The caller's price at each quantity tier of its price list, lowest first; "
        "empty when prices are withheld or the list has no tiers."
    )
    async def tier_prices(self, info: Info, company_id: CompanyArg = None) -> list[Price]:
        return await r.product_tier_prices(self, info, company_id)  # type: ignore[arg-type,return-value]  # self is the model; Price views pricing.Price

    is_type_of = instance_of(models.Product, rows.ProductRow)


@strawberry.type(description="A quantity tier of a price list entry.")
class PriceTier:
    min_quantity: int = strawberry.field(description="The tier applies from this quantity.")
    price: Decimal = strawberry.field(description="Unit price from that quantity on.")


@strawberry.type(description="A product's price in a price list.")
class PriceListEntry:
    product: Product = strawberry.field(description="The product.")
    price: Decimal = strawberry.field(description="Unit price below the first tier.")

    @strawberry.field(description="Quantity tiers, lowest first.")
    def tiers(self) -> list[PriceTier]:
        return [
            PriceTier(min_quantity=t["min_quantity"], price=Decimal(t["price"])) for t in self.tiers
        ]


@strawberry.type(description="Prices in one currency, assigned to groups and companies.")
class PriceList(Node):
    id: strawberry.ID = strawberry.field(resolver=global_id, description="Global ID.")
    name: str = strawberry.field(description="Name, unique in the storefront.")
    currency: str = strawberry.field(description="ISO 4217 currency of every price in it.")
    entries: list[PriceListEntry] = strawberry.field(
        resolver=r.price_list_entries, description="Its entries, by product name."
    )

    companies: list[Company] = strawberry.field(  # type: ignore[assignment]  # the resolver returns the models this type views
        resolver=r.price_list_companies, description="Companies it is assigned to."
    )
    groups: list[CustomerGroup] = strawberry.field(  # type: ignore[assignment]  # the resolver returns the models this type views
        resolver=r.price_list_groups, description="Groups it is assigned to."
    )

    is_type_of = instance_of(models.PriceList)


@strawberry.type(description="A row of the price table: a product with the viewer's prices.")
class PriceTableRow:
    product: Product = strawberry.field(description="The product.")
    price: Price | None = strawberry.field(description="Price of one unit; null when withheld.")
    tier_prices: list[Price] = strawberry.field(
        description="The price at each quantity tier that applies, lowest first."
    )
    price_visibility: PriceVisibilityReason = strawberry.field(
        description="VISIBLE, or why prices are withheld."
    )


@strawberry.type(
    description="Commercial terms in force: each term comes from the most specific level that "
    "sets it (company, else group, else storefront)."
)
class CommercialPolicy:
    payment_terms: list[str] = strawberry.field(description="Payment terms a buyer may choose.")
    max_discount_percent: Decimal | None = strawberry.field(
        description="The cap on any discount; null when none."
    )

    @strawberry.field(description="Smallest order total accepted; null when none.")
    def min_order_value(self) -> Money | None:
        value = self.min_order_value
        if value is None:
            return None
        return Money(amount=value.amount, currency=value.currency)

    @strawberry.field(description="Carriers a buyer may choose; empty means any active one.")
    async def carriers(self, info: Info) -> list[Carrier]:
        return await r.policy_carriers(self, info)  # type: ignore[arg-type,return-value]  # self is the EffectivePolicy; Carrier views the models

    @strawberry.field(description="Which level set each term; a term no level sets is absent.")
    def sources(self) -> list[PolicySource]:
        return [
            PolicySource(term=_TERMS[term], level=level) for term, level in self.sources.items()
        ]


@strawberry.type(description="The level of the commercial policies that set one term.")
class PolicySource:
    term: PolicyTerm = strawberry.field(description="The term.")
    level: PolicyLevel = strawberry.field(description="The level whose value is in force.")


_TERMS = {
    "min_order_value": PolicyTerm.MIN_ORDER_VALUE,
    "payment_terms": PolicyTerm.PAYMENT_TERMS,
    "carrier_ids": PolicyTerm.CARRIERS,
    "max_discount_percent": PolicyTerm.MAX_DISCOUNT_PERCENT,
}


@strawberry.type(description="The suppliers and categories a company or group is limited to.")
class CatalogLimits:
    suppliers: list[Supplier] = strawberry.field(
        description="Only these suppliers' products are visible; empty: no supplier limit."
    )
    categories: list[Category] = strawberry.field(
        description="Only these categories (with their subcategories); empty: no limit."
    )


def _product_price(
    root: models.Product, info: Info, quantity: int = 1, companyId: str | None = None
) -> object:
    return r.product_price(root, info, quantity, companyId)


# The fields a page of products resolves a hundred times, called by graphql-core directly
# (schema/core/direct.py); the methods and resolvers above stay their declarations.
DIRECT: Direct = {
    ("Product", "id"): source_reader(node_id),
    ("Product", "category"): reads_from(rows.ProductRow, attrgetter("category"))(
        r.product_category
    ),
    ("Product", "supplier"): reads_from(rows.ProductRow, attrgetter("supplier"))(
        r.product_supplier
    ),
    ("Product", "price"): path_free(_product_price),
    ("Category", "id"): source_reader(node_id),
    ("Supplier", "id"): source_reader(node_id),
}
# Types whose plain attribute fields graphql-core reads itself (schema/core/direct.py).
READ_DIRECTLY = ("Product", "Category", "Supplier", "Price", "AppliedRule", "Money")
