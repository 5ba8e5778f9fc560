"""File downloads beside the GraphQL API, authenticated with the same bearer token and
storefront header. The price table CSV (SPEC C7) streams the same rows `priceTable` pages."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from graphql_api.auth.tokens import InvalidToken, TokenSigner
from graphql_api.services import price_table
from graphql_api.services.errors import NotAuthenticated, PermissionDenied
from graphql_api.services.sessions import principal_from_token
from graphql_api.services.storefronts import resolve_storefront


def _error(status: int, code: str, message: str) -> Response:
    headers = {"www-authenticate": "Bearer"} if status == 401 else None
    body = {"errors": [{"message": message, "extensions": {"code": code}}]}
    return JSONResponse(body, status_code=status, headers=headers)


def _company_pk(raw: str | None) -> int | None:
    """`companyId` as a global ID; imported late so the composition layer keeps its one job."""
    if not raw:
        return None
    from graphql_api.global_ids import pk_of

    return pk_of(raw, "Company", "companyId")


def price_table_csv(signer: TokenSigner) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        try:
            principal = await principal_from_token(
                signer, token.strip() if scheme.lower() == "bearer" else None
            )
        except InvalidToken:
            return _error(401, "UNAUTHENTICATED", "The bearer token is invalid or expired.")
        slug = request.headers.get("vitrine-storefront")
        storefront = await resolve_storefront(slug)
        if storefront is None:
            return _error(400, "BAD_REQUEST", "There is no such storefront.")
        try:
            company = _company_pk(request.query_params.get("companyId"))
            scope = await price_table.scope_for(principal, storefront, company)
        except NotAuthenticated as exc:
            return _error(401, exc.code, exc.message)
        except PermissionDenied as exc:
            return _error(403, exc.code, exc.message)
        except ValueError as exc:  # a malformed companyId
            return _error(400, "BAD_USER_INPUT", str(exc))
        chunks = price_table.csv_chunks(scope.view, scope.context, scope.price_visibility)
        return StreamingResponse(
            chunks,
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": 'attachment; filename="price-table.csv"'},
        )

    return endpoint
