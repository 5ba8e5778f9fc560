"""Loaders of orders: lines, history, and the products of lines as the caller's catalog shows
them (one query for a page, whatever its size)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Any

from aiodataloader import DataLoader

from graphql_api.models import OrderLine, OrderStatusChange
from graphql_api.services import visibility
from resolvers.batching import children


class OrderLoaders:
    def __init__(self) -> None:
        self._products: dict[visibility.CatalogView, DataLoader] = {}

    @cached_property
    def lines(self) -> DataLoader:
        return children(OrderLine, "order_id", ("position", "id"))

    @cached_property
    def history(self) -> DataLoader:
        return children(OrderStatusChange, "order_id", ("id",))

    def products(self, view: visibility.CatalogView) -> DataLoader:
        """Products by id, or None when the view does not show them."""
        loader = self._products.get(view)
        if loader is None:

            async def load(ids: Sequence[int]) -> list[Any]:
                queryset = visibility.products(view).filter(id__in=list(ids))
                found = {p.id: p for p in await queryset.select_related("category", "supplier")}
                return [found.get(i) for i in ids]

            loader = self._products[view] = DataLoader(load)
        return loader
