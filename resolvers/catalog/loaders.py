"""Loaders of the catalog: categories, suppliers, carriers, price list entries and holders, and
the list entries that price a page of products."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Any

from aiodataloader import DataLoader

from graphql_api.models import (
    Carrier,
    Category,
    PriceListAssignment,
    PriceListEntry,
    Supplier,
)
from graphql_api.services import pricing
from resolvers.batching import by_id, children


class CatalogLoaders:
    def __init__(self) -> None:
        self._price_entries: dict[int | None, DataLoader] = {}

    @cached_property
    def category(self) -> DataLoader:
        return by_id(Category)

    @cached_property
    def supplier(self) -> DataLoader:
        return by_id(Supplier)

    @cached_property
    def carrier(self) -> DataLoader:
        return by_id(Carrier)

    @cached_property
    def price_list_entries(self) -> DataLoader:
        """Entries by price list, with their products, in product name order."""
        return children(
            PriceListEntry,
            "price_list_id",
            ("product__name_key",),
            lambda q: q.select_related("product"),
        )

    @cached_property
    def price_list_assignments(self) -> DataLoader:
        """Assignments by price list, with their company or group."""
        return children(
            PriceListAssignment,
            "price_list_id",
            ("id",),
            lambda q: q.select_related("company", "group"),
        )

    def price_entries(self, context: pricing.PricingContext) -> DataLoader:
        """List entries by product id, for one pricing context: one query for a page."""
        loader = self._price_entries.get(context.company_id)
        if loader is None:

            async def load(ids: Sequence[int]) -> list[Any]:
                entries = await pricing.load_entries(context, ids)
                return [entries[i] for i in ids]

            loader = self._price_entries[context.company_id] = DataLoader(load)
        return loader
