"""File downloads beside the GraphQL API, with the same identity (bearer token or session
cookie, storefront header). The price table CSV (SPEC C7) streams the same rows `priceTable`
pages."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from graphql_api.global_ids import pk_of
from graphql_api.services import price_table
from graphql_api.services.errors import ErrorCode, NotAuthenticated, PermissionDenied
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
