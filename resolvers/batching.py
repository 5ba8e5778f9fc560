"""The two shapes of DataLoader most relations need: rows by id, and child rows by parent id."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from aiodataloader import DataLoader
from tortoise.models import Model

M = TypeVar("M", bound=Model)


def by_id(model: type[M]) -> DataLoader:
    async def load(ids: Sequence[int]) -> list[M | None]:
        rows = {row.pk: row for row in await model.filter(id__in=list(ids))}
        return [rows.get(i) for i in ids]

    return DataLoader(load)


def children(
    model: type[M],
    parent: str,
    order: Iterable[str],
    prepare: Callable[[Any], Any] | None = None,
) -> DataLoader:
    """Rows of `model` grouped by the foreign key column `parent`, in `order`."""
    order_by = tuple(order)

    async def load(ids: Sequence[int]) -> list[list[M]]:
        queryset = model.filter(**{f"{parent}__in": list(ids)}).order_by(*order_by)
        if prepare is not None:
            queryset = prepare(queryset)
        groups: dict[int, list[M]] = defaultdict(list)
        for row in await queryset:
            groups[getattr(row, parent)].append(row)
        return [groups.get(i, []) for i in ids]

    return DataLoader(load)
