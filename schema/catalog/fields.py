"""Catalog and personalized prices (SPEC C1-C8): its root query and mutation fields, merged into
the roots by schema/root.py. Each field hands its arguments to a resolver in resolvers/."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from graphql_api import models
from resolvers.catalog import resolvers as r
from schema.catalog.enums import ProductSort
from schema.catalog.inputs import (
    AssignPriceListInput,
    CreateCarrierInput,
    CreateCategoryInput,
    CreatePriceListInput,
    CreateProductInput,
    CreateSupplierInput,
    SetCommercialPolicyInput,
    SetCompanyVisibilityInput,
    SetPriceListEntriesInput,
    UpdateCategoryInput,
    UpdateProductInput,
    UpdateSupplierInput,
)
from schema.catalog.payloads import (
    CarrierPayload,
    CatalogLimitsPayload,
    CategoryPayload,
    CommercialPolicyPayload,
    PriceListPayload,
    ProductPayload,
    SupplierPayload,
)
from schema.catalog.types import (
    Carrier,
    CatalogLimits,
    Category,
    CommercialPolicy,
    CompanyArg,
    PriceList,
    PriceTableRow,
    Product,
    Supplier,
)
from schema.core.common import After, Connection, First, arg, connection, input_dict
from schema.core.limits import column_length


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
            sort=sort.name,
        )
        return connection(page)

    @strawberry.field(description="One product by ID or SKU; null if missing or not visible.")
    async def product(
        self,
        info: Info,
        id: Annotated[strawberry.ID | None, arg("The product's global ID.")] = None,
        sku: Annotated[
            str | None, arg("The product's SKU.", max_length=column_length(models.Product, "sku"))
        ] = None,
    ) -> Product | None:
        return await r.product_by(info, id, sku)

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
        return await r.category_list(info, parent_id, all)

    @strawberry.field(description="Visible suppliers, by name.")
    async def suppliers(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[Supplier]:
        return connection(await r.supplier_list(info, first=first, after=after))

    @strawberry.field(description="Visible carriers, by name.")
    async def carriers(self, info: Info) -> list[Carrier]:
        return await r.carrier_list(info)

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
        return await r.effective_policy(info, company_id)

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
        return await r.catalog_limits(info, company_id, group_id)


@strawberry.type(description="Catalog and prices: the changing part.")
class CatalogMutations:
    @strawberry.mutation(description="Create a supplier (admin).")
    async def create_supplier(
        self, info: Info, input: Annotated[CreateSupplierInput, arg("The supplier.")]
    ) -> SupplierPayload:
        return await r.create_supplier(info, input_dict(input))

    @strawberry.mutation(description="Change a supplier (admin).")
    async def update_supplier(
        self, info: Info, input: Annotated[UpdateSupplierInput, arg("The changes.")]
    ) -> SupplierPayload:
        return await r.update_supplier(info, input_dict(input))

    @strawberry.mutation(description="Create a category (admin).")
    async def create_category(
        self, info: Info, input: Annotated[CreateCategoryInput, arg("The category.")]
    ) -> CategoryPayload:
        return await r.create_category(info, input_dict(input))

    @strawberry.mutation(description="Rename or move a category (admin); no cycles.")
    async def update_category(
        self, info: Info, input: Annotated[UpdateCategoryInput, arg("The changes.")]
    ) -> CategoryPayload:
        return await r.update_category(info, input_dict(input))

    @strawberry.mutation(description="Create a carrier (admin).")
    async def create_carrier(
        self, info: Info, input: Annotated[CreateCarrierInput, arg("The carrier.")]
    ) -> CarrierPayload:
        return await r.create_carrier(info, input_dict(input))

    @strawberry.mutation(description="Create a product (admin).")
    async def create_product(
        self, info: Info, input: Annotated[CreateProductInput, arg("The product.")]
    ) -> ProductPayload:
        return await r.create_product(info, input_dict(input))

    @strawberry.mutation(description="Change a product (admin).")
    async def update_product(
        self, info: Info, input: Annotated[UpdateProductInput, arg("The changes.")]
    ) -> ProductPayload:
        return await r.update_product(info, input_dict(input))

    @strawberry.mutation(
        description="Limit a company (staff with access to it) or a group (admin) to some "
        "suppliers and categories. A company's own limit of a kind replaces its group's."
    )
    async def set_company_visibility(
        self, info: Info, input: Annotated[SetCompanyVisibilityInput, arg("The limits.")]
    ) -> CatalogLimitsPayload:
        return await r.set_visibility(info, input_dict(input))

    @strawberry.mutation(description="Create a price list (admin).")
    async def create_price_list(
        self, info: Info, input: Annotated[CreatePriceListInput, arg("The list.")]
    ) -> PriceListPayload:
        return await r.create_price_list(info, input_dict(input))

    @strawberry.mutation(description="Add, replace or remove entries of a price list (admin).")
    async def set_price_list_entries(
        self, info: Info, input: Annotated[SetPriceListEntriesInput, arg("The entries.")]
    ) -> PriceListPayload:
        return await r.set_price_list_entries(info, input_dict(input))

    @strawberry.mutation(description="Assign a price list to a company or group (admin).")
    async def assign_price_list(
        self, info: Info, input: Annotated[AssignPriceListInput, arg("The assignment.")]
    ) -> PriceListPayload:
        return await r.assign_price_list(info, input_dict(input))

    @strawberry.mutation(
        description="Set commercial terms for the storefront, a group or a company (admin)."
    )
    async def set_commercial_policy(
        self, info: Info, input: Annotated[SetCommercialPolicyInput, arg("The terms.")]
    ) -> CommercialPolicyPayload:
        return await r.set_commercial_policy(info, input_dict(input))
