"""Shared GraphQL building blocks: Node, connections, user errors, argument helpers."""

from __future__ import annotations

import dataclasses
import enum
from typing import Annotated, Any, Generic, TypeVar

import strawberry
from strawberry.types.base import StrawberryObjectDefinition

from schema.core.limits import limits

T = TypeVar("T")

ERRORS = "Expected failures; empty when the mutation succeeded."


def arg(description: str, *, max_length: int | None = None, max_items: int | None = None) -> Any:
    """An argument annotation with its description (for `Annotated[type, arg("...")]`) and,
    when tighter than the defaults of schema/core/limits.py, its size limits."""
    if max_length is None and max_items is None:
        return strawberry.argument(description=description)
    return strawberry.argument(
        description=description, metadata=limits(max_length=max_length, max_items=max_items)
    )


def instance_of(*models: type) -> Any:
    """`is_type_of` for a type that views a model (or rows read without one): lets interfaces
    resolve model instances."""

    def is_type_of(cls: type, obj: Any, info: Any) -> bool:
        return isinstance(obj, models)

    # The planned executor (schema/core/executor.py) checks these classes itself, building
    # no info for it.
    is_type_of.vitrine_classes = models  # type: ignore[attr-defined]
    return classmethod(is_type_of)


@strawberry.interface(description="An object with a global ID, fetchable with `node(id:)`.")
class Node:
    id: strawberry.ID = strawberry.field(description="The global ID of the object.")


@strawberry.type(description="An expected failure of a mutation: validation, permission or rule.")
class UserError:
    field: list[str] | None = strawberry.field(
        description='Path to the input field at fault, e.g. ["input", "taxIds", "0", '
        '"value"]; null when the error concerns the request as a whole.'
    )
    message: str = strawberry.field(description="What went wrong, for a person to read.")
    code: str = strawberry.field(
        description="Stable machine-readable code, e.g. INVALID, REQUIRED, NOT_FOUND, FORBIDDEN."
    )
    retry_after: int | None = strawberry.field(
        default=None,
        description="Seconds to wait before trying again (TOO_MANY_ATTEMPTS); null otherwise.",
    )


@strawberry.type(description="Where a page sits in its list.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="Whether more items follow this page.")
    has_previous_page: bool = strawberry.field(
        description="Whether items precede this page (true when `after` was given)."
    )
    start_cursor: str | None = strawberry.field(description="Cursor of the first item.")
    end_cursor: str | None = strawberry.field(
        description="Cursor of the last item: pass it as `after` for the next page."
    )


@strawberry.type(description="An item of a list with its cursor.")
class Edge(Generic[T]):
    cursor: str = strawberry.field(description="Opaque position of this item in the list.")
    node: T = strawberry.field(description="The item.")


@strawberry.type(description="A page of a list (Relay cursor connection).")
class Connection(Generic[T]):
    nodes: list[T] = strawberry.field(description="The items of this page.")
    page_info: PageInfo = strawberry.field(description="Paging information.")
    _page: strawberry.Private[Any]

    @strawberry.field(description="The items of this page with cursors.")
    def edges(self) -> list[Edge[T]]:
        # Encoded only when asked for (resolvers/pagination.py Page.cursor).
        page = self._page
        return [Edge(cursor=page.cursor(i), node=n) for i, n in enumerate(page.items)]

    @strawberry.field(description="How many items the whole list has, across all pages.")
    async def total_count(self) -> int:
        return await self._page.count()


def connection(page: Any) -> Any:
    """A Connection from a resolvers.pagination.Page."""
    last = len(page.items) - 1
    info = PageInfo(
        has_next_page=page.has_next_page,
        has_previous_page=page.has_previous_page,
        start_cursor=page.cursor(0) if last >= 0 else None,
        end_cursor=page.cursor(last) if last >= 0 else None,
    )
    return Connection(nodes=list(page.items), page_info=info, _page=page)


def input_dict(value: Any) -> Any:
    """A Strawberry input as plain dicts and lists in snake_case, with fields the client did not
    send left out (so an update changes only what it names)."""
    if isinstance(value, list):
        return [input_dict(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    definition = getattr(type(value), "__strawberry_definition__", None)
    if isinstance(definition, StrawberryObjectDefinition) and dataclasses.is_dataclass(value):
        out = {}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            if item is strawberry.UNSET:
                continue
            out[f.name] = input_dict(item)
        return out
    return value


First = Annotated[int | None, arg("How many items to return (at most 100; default 20).")]
After = Annotated[str | None, arg("Return items after this cursor (a previous endCursor).")]
