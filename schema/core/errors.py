"""Error masking: internal errors become a generic message (logged with their traceback), while
permission and input errors keep their message and get a machine-readable code. A database that
is busy for now (a SQLite lock timeout, a PostgreSQL deadlock) is SERVICE_UNAVAILABLE, which the
endpoint answers with 503 and Retry-After."""

from __future__ import annotations

import logging

from graphql.error import GraphQLError
from strawberry.extensions import MaskErrors

from graphql_api.db import is_unavailable
from graphql_api.global_ids import BadGlobalId
from graphql_api.services.errors import (
    ErrorCode,
    PermissionDenied,
    ServiceError,
    ValidationError,
)
from resolvers.pagination import BadPageArguments

logger = logging.getLogger("vitrine.graphql")


_INPUT_ERRORS = (BadGlobalId, BadPageArguments, ServiceError, ValidationError)
UNAVAILABLE_MESSAGE = "The database is busy. Retry in a moment."


def _code(error: GraphQLError) -> str | None:
    """The code of an expected error, or None for an internal one (which gets masked)."""
    original = error.original_error
    if original is None:
        if error.message.startswith("Syntax Error"):
            return ErrorCode.GRAPHQL_PARSE_FAILED
        return ErrorCode.GRAPHQL_VALIDATION_FAILED
    if is_unavailable(original):
        return ErrorCode.SERVICE_UNAVAILABLE
    if isinstance(original, PermissionDenied):
        return original.code
    if isinstance(original, _INPUT_ERRORS):
        return ErrorCode.BAD_USER_INPUT
    if isinstance(original, GraphQLError):
        return ErrorCode.BAD_USER_INPUT
    return None


class VitrineMaskErrors(MaskErrors):
    def __init__(self) -> None:
        super().__init__(
            should_mask_error=lambda error: _code(error) is None,
            error_message="Internal server error.",
        )

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        logger.error("unexpected error in %s", error.path, exc_info=error.original_error)
        masked = super().anonymise_error(error)
        masked.extensions = {"code": ErrorCode.INTERNAL_SERVER_ERROR}
        return masked

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        out = [_unavailable(e) if is_unavailable(e.original_error) else e for e in errors]
        out = super()._process_errors(out)
        for error in out:
            add_code(error)
        return out


def _unavailable(error: GraphQLError) -> GraphQLError:
    """The same error with a fixed message: the driver's may name tables and locks."""
    logger.warning("database unavailable in %s: %s", error.path, error.original_error)
    return GraphQLError(
        UNAVAILABLE_MESSAGE,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions={"code": ErrorCode.SERVICE_UNAVAILABLE},
    )


def add_code(error: GraphQLError) -> None:
    """Give an expected error its `extensions.code` unless it has one."""
    code = _code(error)
    if code and not (error.extensions or {}).get("code"):
        error.extensions = {**(error.extensions or {}), "code": code}
