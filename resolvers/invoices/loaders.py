"""Loaders of invoices: an order's invoices, and invoices' orders (one query for a page)."""

from __future__ import annotations

from functools import cached_property

from aiodataloader import DataLoader

from graphql_api.models import Invoice, Order
from resolvers.batching import by_id, children


class InvoiceLoaders:
    @cached_property
    def of_order(self) -> DataLoader:
        """Every invoice of an order, cancelled ones too, by number."""
        return children(Invoice, "order_id", ("sequence", "id"))

    @cached_property
    def order(self) -> DataLoader:
        return by_id(Order)
