"""Who sees which part of the catalog (SPEC C2). Every path that reads products, suppliers or
categories (lists, look-ups by id, search, the price table and its CSV, and later carts,
quotes and reports) starts from a `CatalogView` made here, so the rule lives in one place."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tortoise.expressions import Q
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from graphql_api.auth.principal import Principal
from graphql_api.models import (
    Carrier,
    CatalogLimit,
    Category,
    Company,
    CustomerGroup,
    Product,
    Storefront,
    Supplier,
)
from graphql_api.models.enums import CatalogVisibility
from graphql_api.services import catalog_versions, permissions
from graphql_api.services.catalog import parents_of, subtree
from graphql_api.services.checks import Checker, owned
from graphql_api.services.errors import Result

CATALOG_SCOPE = "catalog:read"


@dataclass(frozen=True)
class CatalogView:
    """What one caller may see of one storefront's catalog. `supplier_ids` and `category_ids`
    are None when not limited; category ids already include the subtrees."""

    storefront_id: int
    staff: bool = False
    closed: bool = False
    supplier_ids: frozenset[int] | None = None
    category_ids: frozenset[int] | None = None


def _limits(rows: Sequence[tuple[Any, ...]], column: int) -> set[int] | None:
    """Most specific wins: the company's own rows of a kind, else its group's, else no limit."""
    own = {r[column] for r in rows if r[0] is not None and r[column] is not None}
    if own:
        return own
    inherited = {r[column] for r in rows if r[1] is not None and r[column] is not None}
    return inherited or None


async def company_view(storefront: Storefront, company: Company) -> CatalogView:
    """The catalog as a company's contacts see it."""
    if company.storefront_id != storefront.id:
        return CatalogView(storefront.id, closed=True)
    holder = Q(company_id=company.id)
    if company.group_id is not None:
        holder |= Q(group_id=company.group_id)
    rows = await CatalogLimit.filter(holder).values_list(
        "company_id", "group_id", "supplier_id", "category_id"
    )
    suppliers, categories = _limits(rows, 2), _limits(rows, 3)
    if categories is not None:
        categories = subtree(await parents_of(storefront.id), categories)
    return CatalogView(
        storefront.id,
        supplier_ids=frozenset(suppliers) if suppliers is not None else None,
        category_ids=frozenset(categories) if categories is not None else None,
    )


async def catalog_view(principal: Principal, storefront: Storefront) -> CatalogView:
    if principal.is_staff:
        return CatalogView(storefront.id, staff=True)
    if principal.buyer_company is not None:
        return await company_view(storefront, principal.buyer_company)
    if principal.is_partner and principal.partner is not None:
        bound = storefront.id in (principal.partner.storefront_ids or [])
        # A partner is let in by an admin, so a private storefront is open to it.
        return CatalogView(storefront.id, closed=not (bound and CATALOG_SCOPE in principal.scopes))
    closed = storefront.catalog_visibility == CatalogVisibility.PRIVATE
    return CatalogView(storefront.id, closed=closed)


def products(view: CatalogView) -> QuerySet[Product]:
    queryset = Product.filter(storefront_id=view.storefront_id)
    if view.closed:
        return queryset.filter(id__in=[0])
    if view.staff:
        return queryset
    queryset = queryset.filter(is_active=True, supplier__is_active=True)
    if view.supplier_ids is not None:
        queryset = queryset.filter(supplier_id__in=sorted(view.supplier_ids))
    if view.category_ids is not None:
        queryset = queryset.filter(category_id__in=sorted(view.category_ids))
    return queryset


def suppliers(view: CatalogView) -> QuerySet[Supplier]:
    queryset = Supplier.filter(storefront_id=view.storefront_id)
    if view.closed:
        return queryset.filter(id__in=[0])
    if view.staff:
        return queryset
    queryset = queryset.filter(is_active=True)
    if view.supplier_ids is not None:
        queryset = queryset.filter(id__in=sorted(view.supplier_ids))
    return queryset


async def categories(view: CatalogView) -> QuerySet[Category]:
    """Visible categories: with a category limit, the allowed subtrees and their ancestors, so a
    buyer can still walk down the tree to what it may see."""
    queryset = Category.filter(storefront_id=view.storefront_id)
    if view.closed:
        return queryset.filter(id__in=[0])
    if view.category_ids is None:
        return queryset
    parents = await parents_of(view.storefront_id)
    shown = set(view.category_ids)
    for node in view.category_ids:
        parent = parents.get(node)
        while parent is not None and parent not in shown:
            shown.add(parent)
            parent = parents.get(parent)
    return queryset.filter(id__in=sorted(shown))


def carriers(view: CatalogView) -> QuerySet[Carrier]:
    queryset = Carrier.filter(storefront_id=view.storefront_id)
    if view.closed:
        return queryset.filter(id__in=[0])
    return queryset if view.staff else queryset.filter(is_active=True)


# Setting limits


async def set_limits(
    principal: Principal,
    storefront: Storefront,
    holder: Company | CustomerGroup,
    data: Mapping[str, Any],
) -> Result[Company | CustomerGroup]:
    """Replace the holder's supplier and/or category limits. An empty list lifts the limit of
    that kind; a kind left out of `data` stays as it is."""
    if isinstance(holder, Company):
        permissions.check_company(principal, holder)
        key = {"company_id": holder.id}
    else:
        permissions.require_admin(principal)
        key = {"group_id": holder.id}
    changes: dict[str, list[int]] = {}
    check = Checker()
    for field, model, column, what in (
        ("supplier_ids", Supplier, "supplier_id", "supplier"),
        ("category_ids", Category, "category_id", "category"),
    ):
        if data.get(field) is not None:
            changes[column] = await owned(check, model, storefront.id, data[field], field, what)
    if check.errors:
        return Result.fail(*check.errors)
    async with in_transaction():
        for column, ids in changes.items():
            await CatalogLimit.filter(**key, **{f"{column}__isnull": False}).delete()
            await CatalogLimit.bulk_create([CatalogLimit(**key, **{column: pk}) for pk in ids])
        await catalog_versions.bump(storefront.id)
    return Result(holder)


async def limit_ids(holder: Company | CustomerGroup) -> tuple[list[int], list[int]]:
    """The holder's own supplier and category limits (not inherited ones)."""
    key = {"company_id": holder.id} if isinstance(holder, Company) else {"group_id": holder.id}
    rows = await CatalogLimit.filter(**key).order_by("id").values_list("supplier_id", "category_id")
    return [r[0] for r in rows if r[0] is not None], [r[1] for r in rows if r[1] is not None]
