"""Catalog and prices: queries, nested fields and mutations. Every read starts from the
request's CatalogView (services.visibility) and every price from services.pricing."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from strawberry.types import Info

from graphql_api.global_ids import pk_of
from graphql_api.models import (
    Carrier,
    Category,
    Company,
    CustomerGroup,
    PriceList,
    Product,
    Supplier,
)
from graphql_api.models.enums import PriceVisibilityReason
from graphql_api.services import (
    catalog,
    permissions,
    policies,
    price_lists,
    price_table,
    pricing,
    visibility,
)
from graphql_api.services.errors import (
    ErrorCode,
    NotFound,
    PermissionDenied,
    Result,
    ServiceError,
    UserError,
)
from resolvers.catalog import rows
from resolvers.lookup import get_by_id
from resolvers.pagination import BadPageArguments, Page, SortKey, keyset_page
from resolvers.payloads import mutation

SORTS = {
    "NAME_ASC": SortKey((("name_key", False),)),
    "NAME_DESC": SortKey((("name_key", True),)),
    "PRICE_ASC": SortKey((("base_price", False),)),
    "PRICE_DESC": SortKey((("base_price", True),)),
    "SKU_ASC": SortKey((("sku", False),)),
    "NEWEST": SortKey((("created_at", True),)),
}
MAX_QUANTITY = 10_000_000
T = TypeVar("T")


# Per-request state


async def once(info: Info, key: str, make: Callable[[], Awaitable[T]]) -> T:
    """A per-request value computed once, even when a page's resolvers ask for it at the same
    moment: they all await one task, wake together and so batch their DataLoader calls."""
    memo = info.context.memo
    task = memo.get(key)
    if task is None:
        task = memo[key] = asyncio.ensure_future(make())
    return await task


async def view_of(info: Info) -> visibility.CatalogView:
    return await info.context.catalog_view()


def _company_pk(company_id: str | None) -> int | None:
    return pk_of(company_id, "Company", "company_id") if company_id else None


async def _customer(info: Info, company_id: str | None) -> Company | None:
    return await permissions.customer_of(info.context.principal, _company_pk(company_id))


async def pricing_of(info: Info, company_id: str | None = None) -> pricing.PricingContext:
    return await info.context.pricing_context(_company_pk(company_id))


def price_visibility(info: Info) -> PriceVisibilityReason:
    ctx = info.context
    return pricing.price_visibility(ctx.principal, ctx.require_storefront())


# Queries


async def product_list(
    info: Info,
    *,
    first: int | None,
    after: str | None,
    search: str | None,
    category_id: str | None,
    supplier_id: str | None,
    sort: str,
) -> Any:
    """A page of ProductRows (resolvers/catalog/rows.py): the products, their category and
    supplier and, when the page shows the viewer's prices, their list entries, in one
    statement once the pricing context is known."""
    ctx = info.context
    view = await view_of(info)
    lists: tuple[pricing.ListRef, ...] = ()
    priced = price_visibility(info) == pricing.VISIBLE and _asks_for_price(info)
    if priced:
        lists = (await ctx.pricing_context(None)).lists
    # What the page's statement is made of, when nothing else goes into it (a category filter
    # reads the category tree): rows.fetch then builds it once.
    key = (view, search, supplier_id, sort, first, after) if category_id is None else None
    queryset = await catalog.filter_products(
        visibility.products(view),
        view.storefront_id,
        search=search,
        category_id=pk_of(category_id, "Category", "category_id") if category_id else None,
        supplier_id=pk_of(supplier_id, "Supplier", "supplier_id") if supplier_id else None,
    )
    page = await keyset_page(
        queryset,
        SORTS[sort],
        first=first,
        after=after,
        default_size=20,
        max_size=ctx.settings.max_page_size,
        fetch=lambda q: rows.fetch(q, lists, key),
    )
    if priced:
        ctx.remember_entries(None, {row.id: row.entries for row in page.items})
    return page


async def product_by(info: Info, id: str | None, sku: str | None) -> Product | None:
    if (id is None) == (sku is None):
        raise BadPageArguments("Give either `id` or `sku`.")
    queryset = visibility.products(await view_of(info)).select_related("category", "supplier")
    if id is not None:
        return await queryset.filter(id=pk_of(id, "Product")).first()
    return await queryset.filter(sku=str(sku).strip()).first()


async def product_nodes(info: Info, pks: list[int]) -> dict[int, Product]:
    queryset = visibility.products(await view_of(info)).select_related("category", "supplier")
    return {row.id: row for row in await queryset.filter(id__in=pks)}


async def supplier_nodes(info: Info, pks: list[int]) -> dict[int, Supplier]:
    return {
        row.id: row for row in await visibility.suppliers(await view_of(info)).filter(id__in=pks)
    }


async def category_nodes(info: Info, pks: list[int]) -> dict[int, Category]:
    visible = await _categories(info)
    return {pk: visible[pk] for pk in pks if pk in visible}


async def carrier_nodes(info: Info, pks: list[int]) -> dict[int, Carrier]:
    return {
        row.id: row for row in await visibility.carriers(await view_of(info)).filter(id__in=pks)
    }


async def supplier_list(info: Info, *, first: int | None, after: str | None) -> Any:
    return await keyset_page(
        visibility.suppliers(await view_of(info)),
        SortKey((("name_key", False),)),
        first=first,
        after=after,
        default_size=50,
        max_size=info.context.settings.max_page_size,
    )


async def carrier_list(info: Info) -> list[Carrier]:
    return list(await visibility.carriers(await view_of(info)).order_by("name"))


async def _categories(info: Info) -> dict[int, Category]:
    """The visible categories, loaded once a request: trees are small."""

    async def make() -> dict[int, Category]:
        queryset = await visibility.categories(await view_of(info))
        return {c.id: c for c in await queryset.order_by("position", "name")}

    return await once(info, "categories", make)


async def category_list(info: Info, parent_id: str | None, everything: bool) -> list[Category]:
    visible = await _categories(info)
    if everything:
        return list(visible.values())
    parent = pk_of(parent_id, "Category", "parent_id") if parent_id else None
    return [c for c in visible.values() if c.parent_id == parent]


async def category_children(root: Category, info: Info) -> list[Category]:
    visible = await _categories(info)
    return [c for c in visible.values() if c.parent_id == root.id]


async def category_parent(root: Category, info: Info) -> Category | None:
    parent_id = root.parent_id
    return (await _categories(info)).get(parent_id) if parent_id else None


def _related(root: Any, name: str, loader: Any) -> Any:
    """A relation read with the row (a ProductRow, or select_related), else through the
    request's loader; graphql-core awaits the loader's future."""
    if isinstance(root, rows.ProductRow):
        return getattr(root, name)
    if f"_{name}" in root.__dict__:
        return root.__dict__[f"_{name}"]
    pk = getattr(root, f"{name}_id")
    return loader.load(pk) if pk else None


def product_category(root: Product, info: Info) -> Any:
    return _related(root, "category", info.context.loaders.catalog.category)


def product_supplier(root: Product, info: Info) -> Any:
    return _related(root, "supplier", info.context.loaders.catalog.supplier)


def product_price_visibility(root: Product, info: Info) -> PriceVisibilityReason:
    return price_visibility(info)


def product_price(
    root: Product, info: Info, quantity: int, company_id: str | None
) -> pricing.Price | None | Awaitable[pricing.Price | None]:
    """Synchronous when the page prefetched its prices (see product_list): a hundred async
    field calls cost more than all the price arithmetic of a page."""
    if not 1 <= quantity <= MAX_QUANTITY:
        raise BadPageArguments(f"`quantity` must be between 1 and {MAX_QUANTITY}.")
    if price_visibility(info) != pricing.VISIBLE:
        return None
    ready = info.context.ready_price_inputs(_company_pk(company_id), root.id)
    if ready is not None:
        return pricing.price_of(ready[0], root, ready[1], quantity)
    return _price_later(root, info, quantity, company_id)


async def _price_later(
    root: Product, info: Info, quantity: int, company_id: str | None
) -> pricing.Price:
    context = await pricing_of(info, company_id)
    entries = await info.context.loaders.catalog.price_entries(context).load(root.id)
    return pricing.price_of(context, root, entries, quantity)


async def product_tier_prices(
    root: Product, info: Info, company_id: str | None
) -> list[pricing.Price]:
    if price_visibility(info) != pricing.VISIBLE:
        return []
    context = await pricing_of(info, company_id)
    entries = await info.context.loaders.catalog.price_entries(context).load(root.id)
    return pricing.tier_prices(context, root, entries)


def _asks_for_price(info: Info) -> bool:
    """Whether the products' `price` (for the viewer's own prices) is selected."""

    def walk(selections: list[Any], depth: int) -> bool:
        for item in selections:
            name = getattr(item, "name", None)
            arguments = getattr(item, "arguments", None) or {}
            if name == "price" and not arguments.get("companyId"):
                return True
            if depth < 3 and walk(getattr(item, "selections", None) or [], depth + 1):
                return True
        return False

    return walk(info.selected_fields, 0)


async def price_table_page(
    info: Info, *, company_id: str | None, first: int | None, after: str | None
) -> Any:
    ctx = info.context
    pk = _company_pk(company_id)
    # Before the pricing context, so a visitor is told to sign in, not that the company is hidden.
    permissions.require_staff_or_contact(ctx.principal, "price table")
    context = await ctx.pricing_context(pk)
    scope = await price_table.scope_for(ctx.principal, ctx.require_storefront(), pk, context)
    # Any: the page of products becomes a page of price table rows below.
    page: Page[Any] = await keyset_page(
        visibility.products(scope.view).select_related("category", "supplier"),
        SORTS["NAME_ASC"],
        first=first,
        after=after,
        default_size=50,
        max_size=ctx.settings.max_page_size,
    )
    page.items = await price_table.rows_for(scope.context, page.items, scope.price_visibility)
    return page


# Policies and limits


async def effective_policy(info: Info, company_id: str | None) -> policies.EffectivePolicy:
    ctx = info.context
    storefront = ctx.require_storefront()
    permissions.require_staff_or_contact(ctx.principal, "commercial terms")
    company = await _customer(info, company_id)
    if company is None:
        return await policies.effective_policy(storefront.id, None, None)
    return await policies.effective_policy(
        storefront.id,
        company.group_id,
        company.id,
    )


async def policy_carriers(root: policies.EffectivePolicy, info: Info) -> list[Carrier]:
    found = await info.context.loaders.catalog.carrier.load_many(root.carrier_ids)
    return [c for c in found if c is not None]


async def price_list_nodes(info: Info, pks: list[int]) -> dict[int, PriceList]:
    storefront = info.context.require_storefront()
    queryset = price_lists.readable_price_lists(info.context.principal, storefront.id)
    return {row.id: row for row in await queryset.filter(id__in=pks)}


async def price_list_list(info: Info, *, first: int | None, after: str | None) -> Any:
    ctx = info.context
    return await keyset_page(
        price_lists.readable_price_lists(ctx.principal, ctx.require_storefront().id),
        SortKey((("name", False),)),
        first=first,
        after=after,
        default_size=50,
        max_size=ctx.settings.max_page_size,
    )


async def price_list_entries(root: PriceList, info: Info) -> list[Any]:
    permissions.require_staff(info.context.principal)
    return await info.context.loaders.catalog.price_list_entries.load(root.id)


async def price_list_companies(root: PriceList, info: Info) -> list[Company]:
    """Companies holding the list; a sales rep sees only its own among them."""
    principal = info.context.principal
    assignments = await info.context.loaders.catalog.price_list_assignments.load(root.id)
    return [
        a.company
        for a in assignments
        if a.company_id is not None and permissions.can_see_company(principal, a.company)
    ]


async def price_list_groups(root: PriceList, info: Info) -> list[CustomerGroup]:
    assignments = await info.context.loaders.catalog.price_list_assignments.load(root.id)
    return [a.group for a in assignments if a.group_id is not None]


def product_floor_price(root: Product, info: Info) -> tuple[Any, str]:
    """The floor price of quotes and its currency: the seller's own business, staff only."""
    permissions.require_staff_field(info.context.principal, "Floor prices")
    return root.floor_price, info.context.require_storefront().default_currency


def product_base_price(root: Product, info: Info) -> tuple[Any, str]:
    """The base price and its currency: the seller's list price, for staff only."""
    permissions.require_staff_field(info.context.principal, "Base prices")
    return root.base_price, info.context.require_storefront().default_currency


# Mutations


def _storefront_id(info: Info) -> int:
    return info.context.require_storefront().id


def _ids(data: dict[str, Any], field: str, type_name: str) -> None:
    """Global IDs in `data[field]` (one or a list) become primary keys, in place."""
    value = data.get(field)
    if isinstance(value, list):
        data[field] = [pk_of(v, type_name, (field, str(n))) for n, v in enumerate(value)]
    elif value is not None:
        data[field] = pk_of(value, type_name, field)


async def _holder(
    info: Info, data: dict[str, Any], *, reading: bool = False
) -> Company | CustomerGroup:
    """The company or group an input names with `company_id` or `group_id` (exactly one)."""
    company_id, group_id = data.pop("company_id", None), data.pop("group_id", None)
    if (company_id is None) == (group_id is None):
        raise ServiceError(
            [UserError("Give either companyId or groupId.", ErrorCode.REQUIRED, ("company_id",))]
        )
    if company_id is not None:
        company = await Company.get_or_none(
            id=pk_of(company_id, "Company", "company_id"), storefront_id=_storefront_id(info)
        )
        try:
            return permissions.check_company(info.context.principal, company)
        except NotFound:
            raise ServiceError([_not_found("company", "company_id")]) from None
    if not reading:
        permissions.require_admin(info.context.principal)
    group = await CustomerGroup.get_or_none(
        id=pk_of(group_id, "CustomerGroup", "group_id"), storefront_id=_storefront_id(info)
    )
    if group is None:
        raise ServiceError([_not_found("customer group", "group_id")])
    return group


def _not_found(what: str, field: str) -> UserError:
    return UserError(
        f"There is no such {what}, or you may not see it.", ErrorCode.NOT_FOUND, (field,)
    )


@mutation("supplier")
async def create_supplier(info: Info, data: dict[str, Any]) -> Any:
    ctx = info.context
    return await catalog.create_supplier(ctx.principal, ctx.require_storefront(), data)


@mutation("supplier")
async def update_supplier(info: Info, data: dict[str, Any]) -> Any:
    supplier = await get_by_id(info, Supplier, data.pop("id"), "id")
    return await catalog.update_supplier(info.context.principal, supplier, data)


@mutation("category")
async def create_category(info: Info, data: dict[str, Any]) -> Any:
    ctx = info.context
    _ids(data, "parent_id", "Category")
    return await catalog.create_category(ctx.principal, ctx.require_storefront(), data)


@mutation("category")
async def update_category(info: Info, data: dict[str, Any]) -> Any:
    category = await get_by_id(info, Category, data.pop("id"), "id")
    _ids(data, "parent_id", "Category")
    return await catalog.update_category(info.context.principal, category, data)


@mutation("carrier")
async def create_carrier(info: Info, data: dict[str, Any]) -> Any:
    ctx = info.context
    return await catalog.create_carrier(ctx.principal, ctx.require_storefront(), data)


@mutation("product")
async def create_product(info: Info, data: dict[str, Any]) -> Any:
    ctx = info.context
    _ids(data, "supplier_id", "Supplier")
    _ids(data, "category_id", "Category")
    return await catalog.create_product(ctx.principal, ctx.require_storefront(), data)


@mutation("product")
async def update_product(info: Info, data: dict[str, Any]) -> Any:
    product = await get_by_id(info, Product, data.pop("id"), "id")
    _ids(data, "supplier_id", "Supplier")
    _ids(data, "category_id", "Category")
    return await catalog.update_product(info.context.principal, product, data)


@dataclass
class LimitsView:
    suppliers: list[Supplier]
    categories: list[Category]


async def limits_of(holder: Company | CustomerGroup) -> LimitsView:
    supplier_ids, category_ids = await visibility.limit_ids(holder)
    return LimitsView(
        list(await Supplier.filter(id__in=supplier_ids).order_by("name_key")),
        list(await Category.filter(id__in=category_ids).order_by("name")),
    )


async def catalog_limits(info: Info, company_id: str | None, group_id: str | None) -> LimitsView:
    permissions.require_staff(info.context.principal)
    data = {"company_id": company_id, "group_id": group_id}
    try:
        holder = await _holder(info, data, reading=True)
    except ServiceError as exc:
        # A query has no userErrors: the first problem becomes its error, with its code.
        problem = exc.errors[0]
        if problem.code == "NOT_FOUND":
            raise PermissionDenied(problem.message) from None
        raise
    return await limits_of(holder)


@mutation("limits", id_field="company_id")
async def set_visibility(info: Info, data: dict[str, Any]) -> Any:
    holder = await _holder(info, data)
    _ids(data, "supplier_ids", "Supplier")
    _ids(data, "category_ids", "Category")
    result = await visibility.set_limits(
        info.context.principal, info.context.require_storefront(), holder, data
    )
    return Result(await limits_of(holder)) if result.ok else result


@mutation("price_list")
async def create_price_list(info: Info, data: dict[str, Any]) -> Any:
    ctx = info.context
    return await price_lists.create_price_list(ctx.principal, ctx.require_storefront(), data)


async def _price_list(info: Info, data: dict[str, Any]) -> PriceList:
    return await get_by_id(info, PriceList, data.pop("price_list_id"), "price_list_id")


@mutation("price_list", id_field="price_list_id")
async def set_price_list_entries(info: Info, data: dict[str, Any]) -> Any:
    price_list = await _price_list(info, data)
    for n, entry in enumerate(data.get("entries") or []):
        entry["product_id"] = pk_of(
            entry["product_id"], "Product", ("entries", str(n), "product_id")
        )
    _ids(data, "remove_product_ids", "Product")
    return await price_lists.set_entries(info.context.principal, price_list, data)


@mutation("price_list", id_field="price_list_id")
async def assign_price_list(info: Info, data: dict[str, Any]) -> Any:
    price_list = await _price_list(info, data)
    holder = await _holder(info, data)
    return await price_lists.assign(
        info.context.principal, price_list, holder, unassign=bool(data.get("unassign"))
    )


@mutation("policy", id_field="company_id")
async def set_commercial_policy(info: Info, data: dict[str, Any]) -> Any:
    holder = None
    if data.get("company_id") is not None or data.get("group_id") is not None:
        holder = await _holder(info, data)
    data.pop("company_id", None)
    data.pop("group_id", None)
    _ids(data, "carrier_ids", "Carrier")
    ctx = info.context
    # Any: the stored row is answered as the policy in force, merged across levels.
    result: Result[Any] = await policies.set_policy(
        ctx.principal, ctx.require_storefront(), holder, data
    )
    if result.ok:
        result.value = await policies.effective_policy(
            ctx.require_storefront().id,
            holder.id if isinstance(holder, CustomerGroup) else getattr(holder, "group_id", None),
            holder.id if isinstance(holder, Company) else None,
        )
    return result
