"""Loaders of quotes: lines, history, and the order an accepted quote became (one query each
for a page, whatever its size)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Any

from aiodataloader import DataLoader

from graphql_api.models import Order, Quote, QuoteEvent, QuoteLine
from resolvers.batching import by_id, children


class QuoteLoaders:
    @cached_property
    def quote(self) -> DataLoader:
        return by_id(Quote)

    @cached_property
    def lines(self) -> DataLoader:
        return children(QuoteLine, "quote_id", ("position", "id"))

    @cached_property
    def history(self) -> DataLoader:
        return children(QuoteEvent, "quote_id", ("id",))

    @cached_property
    def order(self) -> DataLoader:
        """The order made from a quote, by quote id (orders.quote_id is unique)."""

        async def load(ids: Sequence[int]) -> list[Any]:
            found = {o.quote_id: o for o in await Order.filter(quote_id__in=list(ids))}
            return [found.get(i) for i in ids]

        return DataLoader(load)
