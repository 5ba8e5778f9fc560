"""File downloads beside the GraphQL API, with the same identity (bearer token or session
cookie, storefront header). The price table CSV (SPEC C7) streams the same rows `priceTable`
pages; an invoice's PDF (SPEC D9) is for whoever may read the invoice (`invoice(id)`); the
reports' CSVs (SPEC D8) hold the rows of the report queries of the same name."""

from __future__ import annotations

import datetime
from collections.abc import Awaitable, Callable
from typing import TypeVar

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from graphql_api.global_ids import BadGlobalId, pk_of
from graphql_api.services import invoices, price_table, report_csv, reports
from graphql_api.services.errors import (
    ErrorCode,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    ServiceError,
)
from graphql_api.web.errors import error_response
from graphql_api.web.identity import IdentityError, identify


def _company_pk(raw: str | None) -> int | None:
    return pk_of(raw, "Company", "companyId") if raw else None


async def price_table_csv(request: Request) -> Response:
    """`GET /price-table.csv[?companyId=...]`."""
    try:
        identity = await identify(request)
    except IdentityError as exc:
        return exc.response(request)
    if identity.storefront is None:
        return error_response(400, ErrorCode.BAD_REQUEST, "There is no storefront.")
    try:
        company = _company_pk(request.query_params.get("companyId"))
        scope = await price_table.scope_for(identity.principal, identity.storefront, company)
    except NotAuthenticated as exc:
        return error_response(401, exc.code, exc.message, {"www-authenticate": "Bearer"})
    except PermissionDenied as exc:
        return error_response(403, exc.code, exc.message)
    except ValueError as exc:  # a malformed companyId
        return error_response(400, ErrorCode.BAD_USER_INPUT, str(exc))
    chunks = price_table.csv_chunks(scope.view, scope.context, scope.price_visibility)
    return StreamingResponse(
        chunks,
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="price-table.csv"'},
    )


async def invoice_pdf(request: Request) -> Response:
    """`GET /invoices/<invoice global id>.pdf` (Invoice.documentUrl)."""
    try:
        identity = await identify(request)
    except IdentityError as exc:
        return exc.response(request)
    if identity.storefront is None:
        return error_response(400, ErrorCode.BAD_REQUEST, "There is no storefront.")
    try:
        invoice_id = pk_of(request.path_params["invoice_id"], "Invoice")
        document = await invoices.document(identity.principal, identity.storefront, invoice_id)
    except BadGlobalId as exc:
        return error_response(404, ErrorCode.NOT_FOUND, str(exc))
    except NotAuthenticated as exc:
        return error_response(401, exc.code, exc.message, {"www-authenticate": "Bearer"})
    except PermissionDenied as exc:
        return error_response(403, exc.code, exc.message)
    except NotFound as exc:
        return error_response(404, exc.code, exc.message)
    return Response(
        document.content,
        media_type="application/pdf",
        headers={
            "content-disposition": f'attachment; filename="{document.filename}"',
            # A fiscal document of one company: no shared cache keeps it.
            "cache-control": "private, no-store",
        },
    )


# Reports (SPEC D8): GET /reports/<name>.csv?companyId=&from=YYYY-MM-DD&to=YYYY-MM-DD&...


Choice = TypeVar("Choice", reports.Period, reports.SalesDimension)


class _Params:
    """The query string of a report download, read as the GraphQL arguments would be."""

    def __init__(self, request: Request) -> None:
        self.raw = request.query_params

    def day(self, name: str) -> datetime.date | None:
        text = self.raw.get(name)
        if not text:
            return None
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise _BadParam(name, f"{name} is not a date (YYYY-MM-DD).") from None

    def choice(self, name: str, kind: type[Choice], default: Choice | None) -> Choice:
        text = self.raw.get(name)
        if not text:
            if default is None:
                raise _BadParam(name, f"Give {name}.")
            return default
        try:
            return kind(text)
        except ValueError:
            names = ", ".join(str(k) for k in kind)
            raise _BadParam(name, f"{name} is one of {names}.") from None

    def number(self, name: str, default: int) -> int:
        text = self.raw.get(name)
        if not text:
            return default
        if not text.isdigit() or len(text) > 4:
            raise _BadParam(name, f"{name} is a whole number.")
        return int(text)


class _BadParam(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


Report = Callable[[reports.Scope, _Params], Awaitable[str]]


async def _report_csv(request: Request, filename: str, make: Report, *, staff: bool) -> Response:
    try:
        identity = await identify(request)
    except IdentityError as exc:
        return exc.response(request)
    if identity.storefront is None:
        return error_response(400, ErrorCode.BAD_REQUEST, "There is no storefront.")
    params = _Params(request)
    try:
        if staff:
            scope = reports.staff_scope(identity.principal, identity.storefront)
        else:
            company = _company_pk(params.raw.get("companyId"))
            scope = await reports.scope_for(identity.principal, identity.storefront, company)
        text = await make(scope, params)
    except NotAuthenticated as exc:
        return error_response(401, exc.code, exc.message, {"www-authenticate": "Bearer"})
    except PermissionDenied as exc:
        return error_response(403, exc.code, exc.message)
    except _BadParam as exc:
        return error_response(400, ErrorCode.BAD_USER_INPUT, str(exc), field=(exc.field,))
    except ServiceError as exc:
        first = exc.errors[0]
        return error_response(400, ErrorCode.BAD_USER_INPUT, first.message, field=first.field)
    except ValueError as exc:  # a malformed companyId
        return error_response(400, ErrorCode.BAD_USER_INPUT, str(exc), field=("companyId",))
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{filename}"'},
    )


def _range(params: _Params) -> reports.DateRange:
    return reports.required_range(params.day("from"), params.day("to"))


async def _purchases(scope: reports.Scope, params: _Params) -> str:
    group_by = params.choice("groupBy", reports.Period, reports.Period.MONTH)
    return report_csv.purchases(await reports.purchase_report(scope, _range(params), group_by))


async def _products(scope: reports.Scope, params: _Params) -> str:
    when = _range(params)
    first = params.number("first", reports.MAX_PRODUCTS)
    if not 1 <= first <= reports.MAX_PRODUCTS:
        raise _BadParam("first", f"first takes 1 to {reports.MAX_PRODUCTS}.")
    return report_csv.products(scope, await reports.most_bought_products(scope, when, first))


async def _orders(scope: reports.Scope, params: _Params) -> str:
    when = reports.date_range(params.day("from"), params.day("to"))
    return report_csv.order_summary(await reports.order_summary(scope, when))


async def _sales(scope: reports.Scope, params: _Params) -> str:
    group_by = params.choice("groupBy", reports.SalesDimension, None)
    return report_csv.sales(await reports.sales_report(scope, _range(params), group_by))


async def purchases_csv(request: Request) -> Response:
    """`GET /reports/purchases.csv?from=&to=[&groupBy=MONTH|QUARTER][&companyId=]`."""
    return await _report_csv(request, "purchases.csv", _purchases, staff=False)


async def products_csv(request: Request) -> Response:
    """`GET /reports/products.csv?from=&to=[&first=100][&companyId=]`."""
    return await _report_csv(request, "most-bought-products.csv", _products, staff=False)


async def orders_csv(request: Request) -> Response:
    """`GET /reports/orders.csv[?from=&to=][&companyId=]`: the order summary."""
    return await _report_csv(request, "order-summary.csv", _orders, staff=False)


async def sales_csv(request: Request) -> Response:
    """`GET /reports/sales.csv?from=&to=&groupBy=REP|GROUP|SUPPLIER` (staff)."""
    return await _report_csv(request, "sales.csv", _sales, staff=True)
