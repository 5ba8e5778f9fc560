"""Catalog and personalized prices (SPEC C1-C8). `CatalogQueries` and `CatalogMutations` are
merged into the root types by schema/root.py."""

from __future__ import annotations

import datetime
from decimal import Decimal
from enum import Enum
from typing import Annotated

import strawberry
from strawberry.types import Info

from graphql_api import models
from graphql_api.models import enums
from resolvers import catalog as r
from resolvers.companies import global_id
from resolvers.ids import to_global_id
from schema.common import Connection, Node, UserError, arg, connection, input_dict, instance_of
from schema.companies import Company, CustomerGroup

_ERRORS = "Expected failures; empty when the mutation succeeded."
First = Annotated[int | None, arg("How many items to return (at most 100).")]
After = Annotated[str | None, arg("Return items after this cursor (a previous endCursor).")]
CompanyArg = Annotated[
    strawberry.ID | None,
    arg("Staff: price as this company would see it. A buyer may give only its own company."),
]


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


@strawberry.type(description="An amount of money.")
class Money:
    amount: Decimal = strawberry.field(description="The amount, as a decimal string.")
    currency: str = strawberry.field(description="ISO 4217 currency code.")


@strawberry.type(
    description="One step that changed a price: a price list, a quantity tier, a discount or "
    "the policy's cap on discounts."
)
class AppliedRule:
    kind: str = strawberry.field(
        description="COMPANY_LIST, GROUP_LIST, TIER, COMPANY_DISCOUNT, GROUP_DISCOUNT or "
        "MAX_DISCOUNT."
    )
    detail: str = strawberry.field(
        description="The list's name, the tier's minimum quantity, or the percent."
    )
    label: str = strawberry.field(description="`kind:detail`, as in `appliedRules`.")
    min_quantity: int | None = strawberry.field(description="For a tier: where it starts.")
    percent: Decimal | None = strawberry.field(description="For a discount: the percent applied.")

    price_list_id: strawberry.ID | None = strawberry.field(
        resolver=lambda root: (
            to_global_id("PriceList", root.price_list_id) if root.price_list_id else None
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
    is_type_of = instance_of(models.Supplier)


@strawberry.type(description="A node of the category tree.")
class Category(Node):
    id: strawberry.ID = strawberry.field(resolver=global_id, description="Global ID.")
    name: str = strawberry.field(description="Name, unique among its siblings.")
    position: int = strawberry.field(description="Order among its siblings.")
    parent: Category | None = strawberry.field(
        resolver=r.category_parent, description="The parent category; null at the top."
    )
    children: list[Category] = strawberry.field(
        resolver=r.category_children, description="Subcategories the caller may see."
    )
    is_type_of = instance_of(models.Category)


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
        amount, currency = r.product_base_price(self, info)  # type: ignore[arg-type]
        return Money(amount=amount, currency=currency)

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
        return r.product_price(self, info, quantity, company_id)  # type: ignore[arg-type,return-value]

    is_type_of = instance_of(models.Product)


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
            PriceTier(min_quantity=t["min_quantity"], price=Decimal(t["price"]))
            for t in self.tiers  # type: ignore[attr-defined]
        ]


@strawberry.type(description="Prices in one currency, assigned to groups and companies.")
class PriceList(Node):
    id: strawberry.ID = strawberry.field(resolver=global_id, description="Global ID.")
    name: str = strawberry.field(description="Name, unique in the storefront.")
    currency: str = strawberry.field(description="ISO 4217 currency of every price in it.")
    entries: list[PriceListEntry] = strawberry.field(
        resolver=r.price_list_entries, description="Its entries, by product name."
    )

    companies: list[Company] = strawberry.field(
        resolver=r.price_list_companies, description="Companies it is assigned to."
    )
    groups: list[CustomerGroup] = strawberry.field(
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
        value = self.min_order_value  # type: ignore[attr-defined]
        if value is None:
            return None
        return Money(amount=value.amount, currency=value.currency)

    @strawberry.field(description="Carriers a buyer may choose; empty means any active one.")
    async def carriers(self, info: Info) -> list[Carrier]:
        return await r.policy_carriers(self, info)  # type: ignore[arg-type,return-value]

    @strawberry.field(
        description="Which level set each term, as `term:LEVEL` (LEVEL is STOREFRONT, GROUP "
        "or COMPANY), e.g. `maxDiscountPercent:GROUP`."
    )
    def sources(self) -> list[str]:
        names = {
            "min_order_value": "minOrderValue",
            "payment_terms": "paymentTerms",
            "carrier_ids": "carriers",
            "max_discount_percent": "maxDiscountPercent",
        }
        return [f"{names[k]}:{v}" for k, v in self.sources.items()]  # type: ignore[attr-defined]


@strawberry.type(description="The suppliers and categories a company or group is limited to.")
class CatalogLimits:
    suppliers: list[Supplier] = strawberry.field(
        description="Only these suppliers' products are visible; empty: no supplier limit."
    )
    categories: list[Category] = strawberry.field(
        description="Only these categories (with their subcategories); empty: no limit."
    )


# Inputs


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
    supplier_id: strawberry.ID = strawberry.field(description="Its supplier.")
    category_id: strawberry.ID | None = strawberry.field(default=None, description="Category.")
    description: str | None = strawberry.field(default=None, description="Description.")
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
    supplier_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="New supplier."
    )
    category_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="New category; null for none."
    )
    description: str | None = strawberry.field(
        default=strawberry.UNSET, description="New description."
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
    )
    category_ids: list[strawberry.ID] | None = strawberry.field(
        default=None,
        description="Only these categories and their subcategories; empty lifts the limit.",
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
        default=None, description="Entries to add or replace (at most 1000)."
    )
    remove_product_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Products to take out of the list."
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


# Payloads


@strawberry.type(description="Result of a supplier mutation.")
class SupplierPayload:
    supplier: Supplier | None = strawberry.field(description="The supplier, when it succeeded.")
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="Result of a category mutation.")
class CategoryPayload:
    category: Category | None = strawberry.field(description="The category, when it succeeded.")
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="Result of creating a carrier.")
class CarrierPayload:
    carrier: Carrier | None = strawberry.field(description="The carrier, when it succeeded.")
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="Result of a product mutation.")
class ProductPayload:
    product: Product | None = strawberry.field(description="The product, when it succeeded.")
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="Result of setting catalog limits.")
class CatalogLimitsPayload:
    limits: CatalogLimits | None = strawberry.field(
        description="The holder's limits now, when it succeeded."
    )
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="Result of a price list mutation.")
class PriceListPayload:
    price_list: PriceList | None = strawberry.field(description="The list, when it succeeded.")
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="Result of setting a commercial policy.")
class CommercialPolicyPayload:
    policy: CommercialPolicy | None = strawberry.field(
        description="The terms now in force at that level, when it succeeded."
    )
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


# Roots


@strawberry.type(description="Catalog and prices: the readable part.")
class CatalogQueries:
    @strawberry.field(
        description="Products the caller may see, with its prices. Filters combine with AND."
    )
    async def products(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        search: Annotated[
            str | None, arg("Words of the name or SKU; ignores case and accents.")
        ] = None,
        category_id: Annotated[
            strawberry.ID | None, arg("Only this category and its subcategories.")
        ] = None,
        supplier_id: Annotated[strawberry.ID | None, arg("Only this supplier.")] = None,
        sort: Annotated[ProductSort, arg("Order of the list.")] = ProductSort.NAME_ASC,
    ) -> Connection[Product]:
        page = await r.product_list(
            info,
            first=first,
            after=after,
            search=search,
            category_id=category_id,
            supplier_id=supplier_id,
            sort=sort.value,
        )
        return connection(page)

    @strawberry.field(description="One product by ID or SKU; null if missing or not visible.")
    async def product(
        self,
        info: Info,
        id: Annotated[strawberry.ID | None, arg("The product's global ID.")] = None,
        sku: Annotated[str | None, arg("The product's SKU.")] = None,
    ) -> Product | None:
        return await r.product_by(info, id, sku)  # type: ignore[return-value]

    @strawberry.field(
        description="Visible categories: the top level, the children of `parentId`, or the "
        "whole tree with `all: true`."
    )
    async def categories(
        self,
        info: Info,
        parent_id: Annotated[strawberry.ID | None, arg("Children of this category.")] = None,
        all: Annotated[bool, arg("Every visible category, flat.")] = False,
    ) -> list[Category]:
        return await r.category_list(info, parent_id, all)  # type: ignore[return-value]

    @strawberry.field(description="Visible suppliers, by name.")
    async def suppliers(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[Supplier]:
        return connection(await r.supplier_list(info, first=first, after=after))

    @strawberry.field(description="Visible carriers, by name.")
    async def carriers(self, info: Info) -> list[Carrier]:
        return await r.carrier_list(info)  # type: ignore[return-value]

    @strawberry.field(description="Price lists of the storefront (staff).")
    async def price_lists(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[PriceList]:
        return connection(await r.price_list_list(info, first=first, after=after))

    @strawberry.field(
        description="The whole visible catalog with the viewer's prices, by name (staff and "
        "buyers). The same table as CSV: GET /price-table.csv with the same bearer token."
    )
    async def price_table(
        self,
        info: Info,
        company_id: CompanyArg = None,
        first: First = None,
        after: After = None,
    ) -> Connection[PriceTableRow]:
        page = await r.price_table_page(info, company_id=company_id, first=first, after=after)
        return connection(page)

    @strawberry.field(
        description="Commercial terms in force: a buyer's own; staff name a company, or get "
        "the storefront's."
    )
    async def commercial_policy(
        self, info: Info, company_id: CompanyArg = None
    ) -> CommercialPolicy | None:
        return await r.effective_policy(info, company_id)  # type: ignore[return-value]

    @strawberry.field(
        description="The suppliers and categories a company or a group (give one) is limited "
        "to: its own limits, not inherited ones (staff)."
    )
    async def catalog_limits(
        self,
        info: Info,
        company_id: Annotated[strawberry.ID | None, arg("A company.")] = None,
        group_id: Annotated[strawberry.ID | None, arg("A customer group.")] = None,
    ) -> CatalogLimits | None:
        return await r.catalog_limits(info, company_id, group_id)  # type: ignore[return-value]


@strawberry.type(description="Catalog and prices: the changing part.")
class CatalogMutations:
    @strawberry.mutation(description="Create a supplier (admin).")
    async def create_supplier(
        self, info: Info, input: Annotated[CreateSupplierInput, arg("The supplier.")]
    ) -> SupplierPayload:
        return await r.create_supplier(info, input_dict(input))  # type: ignore[return-value]

    @strawberry.mutation(description="Change a supplier (admin).")
    async def update_supplier(
        self, info: Info, input: Annotated[UpdateSupplierInput, arg("The changes.")]
    ) -> SupplierPayload:
        return await r.update_supplier(info, input_dict(input))  # type: ignore[return-value]

    @strawberry.mutation(description="Create a category (admin).")
    async def create_category(
        self, info: Info, input: Annotated[CreateCategoryInput, arg("The category.")]
    ) -> CategoryPayload:
        return await r.create_category(info, input_dict(input))  # type: ignore[return-value]

    @strawberry.mutation(description="Rename or move a category (admin); no cycles.")
    async def update_category(
        self, info: Info, input: Annotated[UpdateCategoryInput, arg("The changes.")]
    ) -> CategoryPayload:
        return await r.update_category(info, input_dict(input))  # type: ignore[return-value]

    @strawberry.mutation(description="Create a carrier (admin).")
    async def create_carrier(
        self, info: Info, input: Annotated[CreateCarrierInput, arg("The carrier.")]
    ) -> CarrierPayload:
        return await r.create_carrier(info, input_dict(input))  # type: ignore[return-value]

    @strawberry.mutation(description="Create a product (admin).")
    async def create_product(
        self, info: Info, input: Annotated[CreateProductInput, arg("The product.")]
    ) -> ProductPayload:
        return await r.create_product(info, input_dict(input))  # type: ignore[return-value]

    @strawberry.mutation(description="Change a product (admin).")
    async def update_product(
        self, info: Info, input: Annotated[UpdateProductInput, arg("The changes.")]
    ) -> ProductPayload:
        return await r.update_product(info, input_dict(input))  # type: ignore[return-value]

    @strawberry.mutation(
        description="Limit a company (staff with access to it) or a group (admin) to some "
        "suppliers and categories. A company's own limit of a kind replaces its group's."
    )
    async def set_company_visibility(
        self, info: Info, input: Annotated[SetCompanyVisibilityInput, arg("The limits.")]
    ) -> CatalogLimitsPayload:
        return await r.set_visibility(info, input_dict(input))  # type: ignore[return-value]

    @strawberry.mutation(description="Create a price list (admin).")
    async def create_price_list(
        self, info: Info, input: Annotated[CreatePriceListInput, arg("The list.")]
    ) -> PriceListPayload:
        return await r.create_price_list(info, input_dict(input))  # type: ignore[return-value]

    @strawberry.mutation(description="Add, replace or remove entries of a price list (admin).")
    async def set_price_list_entries(
        self, info: Info, input: Annotated[SetPriceListEntriesInput, arg("The entries.")]
    ) -> PriceListPayload:
        return await r.set_price_list_entries(info, input_dict(input))  # type: ignore[return-value]

    @strawberry.mutation(description="Assign a price list to a company or group (admin).")
    async def assign_price_list(
        self, info: Info, input: Annotated[AssignPriceListInput, arg("The assignment.")]
    ) -> PriceListPayload:
        return await r.assign_price_list(info, input_dict(input))  # type: ignore[return-value]

    @strawberry.mutation(
        description="Set commercial terms for the storefront, a group or a company (admin)."
    )
    async def set_commercial_policy(
        self, info: Info, input: Annotated[SetCommercialPolicyInput, arg("The terms.")]
    ) -> CommercialPolicyPayload:
        return await r.set_commercial_policy(info, input_dict(input))  # type: ignore[return-value]
