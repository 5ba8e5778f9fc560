"""Errors of the plain HTTP endpoints, in the same JSON shape as GraphQL's request errors."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from graphql_api.db import is_unavailable
from graphql_api.services.errors import ErrorCode
from schema.core.errors import UNAVAILABLE_MESSAGE

logger = logging.getLogger("vitrine.app")

# Seconds a client is asked to wait after a 503: about one import batch and well under the
# busy timeout, so a retry usually finds the lock free.
RETRY_AFTER = "2"


def error_response(
    status: int,
    code: str,
    message: str,
    headers: Mapping[str, str] | None = None,
    field: tuple[str, ...] = (),
) -> JSONResponse:
    extensions: dict[str, object] = {"code": code}
    if field:
        extensions["field"] = list(field)
    body = {"errors": [{"message": message, "extensions": extensions}]}
    return JSONResponse(body, status_code=status, headers=dict(headers or {}))


async def database_unavailable(request: Request, exc: Exception) -> Response:
    """Exception handler for database errors outside GraphQL resolvers (identify(), the CSV
    download, sign-in): a busy database is 503 with Retry-After, anything else stays a 500."""
    if not is_unavailable(exc):
        raise exc
    logger.warning("database unavailable for %s: %s", request.url.path, exc)
    return error_response(
        503,
        ErrorCode.SERVICE_UNAVAILABLE,
        UNAVAILABLE_MESSAGE,
        headers={"Retry-After": RETRY_AFTER},
    )
