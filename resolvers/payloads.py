"""Mutation outcomes: every mutation returns its object(s) and `userErrors`, and expected failures
(validation, permission, not found, bad IDs) become user errors, never GraphQL errors."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any

from strawberry.types import Info

from graphql_api.global_ids import BadGlobalId
from graphql_api.services.errors import (
    ErrorCode,
    NotFound,
    PermissionDenied,
    Result,
    ServiceError,
    UserError,
)


@dataclass(frozen=True)
class ErrorView:
    field: list[str] | None
    message: str
    code: str
    retry_after: int | None = None


class Outcome:
    """Attributes named as the payload's fields: `user_errors` and the changed object."""

    def __init__(self, user_errors: list[ErrorView], **values: Any) -> None:
        self.user_errors = user_errors
        self.__dict__.update(values)


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def error_views(
    errors: Iterable[UserError], prefix: tuple[str, ...] = ("input",)
) -> list[ErrorView]:
    return [
        ErrorView(
            field=[*prefix, *(camel(p) for p in e.field)] if e.field else None,
            message=e.message,
            code=e.code,
            retry_after=e.retry_after,
        )
        for e in errors
    ]


def mutation(
    value_name: str, *, id_field: str = "id"
) -> Callable[
    [Callable[..., Awaitable[Any]]], Callable[[Info, dict[str, Any]], Awaitable[Outcome]]
]:
    """Wrap a resolver `(info, data) -> Result` into one that returns an Outcome."""

    def decorate(fn: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Outcome]]:
        @functools.wraps(fn)
        async def run(info: Info, data: dict[str, Any]) -> Outcome:
            def failed(*errors: UserError) -> Outcome:
                return Outcome(error_views(errors), **{value_name: None})

            try:
                result = await fn(info, data)
            except PermissionDenied as exc:
                return failed(UserError(exc.message, exc.code))
            except BadGlobalId as exc:
                where = exc.field or id_field
                path = where if isinstance(where, tuple) else (where,)
                return failed(UserError(str(exc), ErrorCode.INVALID_ID, path))
            except NotFound as exc:
                path = exc.field if exc.field != ("id",) else (id_field,)
                return failed(UserError(exc.message, exc.code, path))
            except ServiceError as exc:
                return failed(*exc.errors)
            if isinstance(result, Result):
                if not result.ok:
                    return failed(*result.errors)
                return Outcome([], **{value_name: result.value})
            return Outcome([], **{value_name: result})

        return run

    return decorate
