"""Cursor pagination by keyset: the cursor holds the sort values of the last row, so page 500
costs what page 1 costs (no OFFSET)."""

from __future__ import annotations

import base64
import binascii
import datetime
import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from tortoise.expressions import Q
from tortoise.fields import DatetimeField
from tortoise.models import Model
from tortoise.queryset import QuerySet

M = TypeVar("M", bound=Model)


class BadPageArguments(ValueError):
    pass


@dataclass(frozen=True)
class SortKey:
    """Columns to order by, each (name, descending); the primary key is appended as tie-breaker."""

    columns: tuple[tuple[str, bool], ...]


@dataclass
class Page(Generic[M]):
    items: list[M]
    has_next_page: bool
    has_previous_page: bool
    count: Callable[[], Awaitable[int]] = field(repr=False)
    # The sort columns a cursor holds, and the rows read (a caller may replace `items` by views
    # of them, as the price table does). A cursor is encoded when asked for: a page whose edges
    # are not selected needs only its end cursor, not a hundred.
    sort_names: Sequence[str] = ()
    read: Sequence[Any] = ()

    def cursor(self, index: int) -> str:
        return _encode([getattr(self.read[index], n) for n in self.sort_names])

    @property
    def cursors(self) -> list[str]:
        return [self.cursor(i) for i in range(len(self.items))]


def _encode(values: Sequence[Any]) -> str:
    plain = [v.isoformat() if isinstance(v, datetime.datetime) else v for v in values]
    raw = json.dumps(plain, separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str, model: type[Model], names: Sequence[str]) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise BadPageArguments("The cursor is not valid for this list.") from None
    if not isinstance(values, list) or len(values) != len(names):
        raise BadPageArguments("The cursor is not valid for this list.")
    out = []
    for name, value in zip(names, values, strict=True):
        if isinstance(model._meta.fields_map.get(name), DatetimeField) and value is not None:
            try:
                value = datetime.datetime.fromisoformat(value)
            except (TypeError, ValueError):
                raise BadPageArguments("The cursor is not valid for this list.") from None
        out.append(value)
    return out


def _after(columns: Sequence[tuple[str, bool]], values: Sequence[Any]) -> Q:
    """Rows strictly after `values` in the order of `columns`."""
    condition: Q | None = None
    for index, (name, descending) in enumerate(columns):
        step = Q(**{f"{name}__{'lt' if descending else 'gt'}": values[index]})
        for earlier, (prior, _) in enumerate(columns[:index]):
            step &= Q(**{prior: values[earlier]})
        condition = step if condition is None else condition | step
    assert condition is not None
    # The same rows, plus a plain range on the first column: with bound parameters SQLite
    # cannot use the index for the OR alone and scans from the start (page 500 cost 100x more).
    first, descending = columns[0]
    return Q(**{f"{first}__{'lte' if descending else 'gte'}": values[0]}) & condition


async def keyset_page(
    queryset: QuerySet[M],
    sort: SortKey,
    *,
    first: int | None,
    after: str | None,
    default_size: int,
    max_size: int,
    fetch: Callable[[QuerySet[M]], Awaitable[list[Any]]] | None = None,
) -> Page[Any]:
    """A page of `queryset` in `sort` order after the cursor `after`. `fetch` reads the final
    queryset (default: the models); whatever it returns must have the sort columns as
    attributes, for the cursors."""
    size = default_size if first is None else first
    if size < 0 or size > max_size:
        raise BadPageArguments(f"`first` must be between 0 and {max_size}.")
    columns = (*sort.columns, ("id", sort.columns[-1][1] if sort.columns else False))
    names = [name for name, _ in columns]
    model = queryset.model
    ordered = queryset.order_by(*[f"-{n}" if d else n for n, d in columns])
    if after:
        ordered = ordered.filter(_after(columns, _decode(after, model, names)))
    limited = ordered.limit(size + 1)
    rows: list[Any] = []
    if size:
        rows = list(await (fetch(limited) if fetch is not None else limited))
    has_next = len(rows) > size
    rows = rows[:size]

    async def count() -> int:
        return await queryset.count()

    return Page(rows, has_next, bool(after), count, names, rows)
