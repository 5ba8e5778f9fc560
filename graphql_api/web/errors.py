"""Errors of the plain HTTP endpoints, in the same JSON shape as GraphQL's request errors."""

from __future__ import annotations

from collections.abc import Mapping

from starlette.responses import JSONResponse


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
