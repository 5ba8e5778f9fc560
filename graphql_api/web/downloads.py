"""File downloads beside the GraphQL API, with the same identity (bearer token or session
cookie, storefront header). The price table CSV (SPEC C7) streams the same rows `priceTable`
pages; an invoice's PDF (SPEC D9) is for whoever may read the invoice (`invoice(id)`)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from graphql_api.global_ids import BadGlobalId, pk_of
from graphql_api.services import invoices, price_table
from graphql_api.services.errors import ErrorCode, NotAuthenticated, NotFound, PermissionDenied
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
