"""DataLoaders: one SQL query per relation per request, whatever the page size (SPEC F3).

Each domain keeps its loaders in `resolvers/<domain>/loaders.py`; `Loaders` gives a request one
group of each, built on first use (aiodataloader binds to the running loop, so loaders are made
inside the request). Loaders never check permissions: they are only reached from objects a
permission check has already let through."""

from __future__ import annotations

from functools import cached_property

from resolvers.catalog.loaders import CatalogLoaders
from resolvers.companies.loaders import CompanyLoaders
from resolvers.identity.loaders import IdentityLoaders
from resolvers.invoices.loaders import InvoiceLoaders
from resolvers.orders.loaders import OrderLoaders
from resolvers.quotes.loaders import QuoteLoaders


class Loaders:
    """The request's loaders, one group per domain."""

    @cached_property
    def companies(self) -> CompanyLoaders:
        return CompanyLoaders()

    @cached_property
    def catalog(self) -> CatalogLoaders:
        return CatalogLoaders()

    @cached_property
    def identity(self) -> IdentityLoaders:
        return IdentityLoaders()

    @cached_property
    def orders(self) -> OrderLoaders:
        return OrderLoaders()

    @cached_property
    def quotes(self) -> QuoteLoaders:
        return QuoteLoaders()

    @cached_property
    def invoices(self) -> InvoiceLoaders:
        return InvoiceLoaders()
