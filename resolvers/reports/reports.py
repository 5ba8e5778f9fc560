"""Reports: the caller's scope and the checked date range, then the services/reports.py figure.
A refused argument is a GraphQL error with code BAD_USER_INPUT and `extensions.field` naming it
(queries have no userErrors)."""

from __future__ import annotations

import datetime
from collections.abc import Awaitable, Callable
from typing import TypeVar

import strawberry
from graphql import GraphQLError
from strawberry.types import Info

from graphql_api.global_ids import pk_of, to_global_id
from graphql_api.services import reports
from graphql_api.services.errors import ErrorCode, ServiceError, UserError

T = TypeVar("T")

# The GraphQL type whose global ID a sales report row's key is.
KEY_TYPES = {
    reports.SalesDimension.REP: "StaffUser",
    reports.SalesDimension.GROUP: "CustomerGroup",
    reports.SalesDimension.SUPPLIER: "Supplier",
}


async def _checked(work: Callable[[], Awaitable[T]]) -> T:
    try:
        return await work()
    except ServiceError as exc:
        first = exc.errors[0]
        raise GraphQLError(
            exc.args[0],
            extensions={"code": ErrorCode.BAD_USER_INPUT, "field": list(first.field)},
        ) from None


async def _scope(info: Info, company_id: str | None) -> reports.Scope:
    ctx = info.context
    pk = pk_of(company_id, "Company", "companyId") if company_id else None
    return await reports.scope_for(ctx.principal, ctx.require_storefront(), pk)


async def purchase_report(
    info: Info,
    company_id: str | None,
    first: datetime.date,
    last: datetime.date,
    group_by: reports.Period,
) -> reports.PurchaseReport:
    async def work() -> reports.PurchaseReport:
        # Who asks first: a visitor is told to sign in, not that its dates are wrong.
        scope = await _scope(info, company_id)
        when = reports.required_range(first, last)
        return await reports.purchase_report(scope, when, group_by)

    return await _checked(work)


async def most_bought_products(
    info: Info, company_id: str | None, first_day: datetime.date, last: datetime.date, first: int
) -> list[reports.ProductBought]:
    async def work() -> list[reports.ProductBought]:
        scope = await _scope(info, company_id)
        when = reports.required_range(first_day, last)
        if not 1 <= first <= reports.MAX_PRODUCTS:
            raise ServiceError(
                [
                    UserError(
                        f"first takes 1 to {reports.MAX_PRODUCTS}.", ErrorCode.INVALID, ("first",)
                    )
                ]
            )
        return await reports.most_bought_products(scope, when, first)

    return await _checked(work)


async def order_summary(
    info: Info, company_id: str | None, first: datetime.date | None, last: datetime.date | None
) -> reports.OrderSummary:
    async def work() -> reports.OrderSummary:
        scope = await _scope(info, company_id)
        when = reports.date_range(first, last)
        return await reports.order_summary(scope, when)

    return await _checked(work)


async def sales_report(
    info: Info, first: datetime.date, last: datetime.date, group_by: reports.SalesDimension
) -> reports.SalesReport:
    async def work() -> reports.SalesReport:
        ctx = info.context
        scope = reports.staff_scope(ctx.principal, ctx.require_storefront())
        when = reports.required_range(first, last)
        return await reports.sales_report(scope, when, group_by)

    return await _checked(work)


def product_id(root: reports.ProductBought) -> strawberry.ID | None:
    return (
        strawberry.ID(to_global_id("Product", root.product_id))
        if root.product_id is not None
        else None
    )


def supplier_id(root: reports.SupplierSpend) -> strawberry.ID | None:
    return (
        strawberry.ID(to_global_id("Supplier", root.supplier_id))
        if root.supplier_id is not None
        else None
    )


def sales_key_id(root: reports.SalesRow) -> strawberry.ID | None:
    if root.key_id is None:
        return None
    return strawberry.ID(to_global_id(KEY_TYPES[root.dimension], root.key_id))


def company_id(root: reports.PurchaseReport | reports.OrderSummary) -> strawberry.ID | None:
    company = root.scope.company_id
    return strawberry.ID(to_global_id("Company", company)) if company is not None else None


def range_from(root: reports.PurchaseReport) -> datetime.date:
    return root.range.first


def range_to(root: reports.PurchaseReport) -> datetime.date:
    return root.range.last
