"""The per-request context every resolver receives as `info.context`."""

from __future__ import annotations

import asyncio
import dataclasses
from dataclasses import dataclass, field
from typing import Any

from graphql_api.auth.principal import Principal
from graphql_api.auth.tokens import TokenSigner
from graphql_api.models import PriceListEntry, Storefront
from graphql_api.services import buyer_memo, pricing, visibility
from graphql_api.services.errors import NotFound
from graphql_api.settings import Settings
from resolvers.loaders import Loaders


@dataclass
class Context:
    settings: Settings
    signer: TokenSigner
    principal: Principal
    storefront: Storefront | None
    request: Any = None
    response: Any = None
    # How the caller authenticated: "bearer", "cookie", or None (no credentials).
    via: str | None = None
    loaders: Loaders = field(default_factory=Loaders)
    # Computed once a request, through the methods below.
    _view: asyncio.Future[visibility.CatalogView] | None = field(
        default=None, init=False, repr=False
    )
    _pricing: dict[int | None, asyncio.Future[pricing.PricingContext]] = field(
        default_factory=dict, init=False, repr=False
    )
    # List entries a page loaded before its price fields resolve: company id -> product id ->
    # price list id -> entry.
    _entries: dict[int | None, pricing.Entries] = field(
        default_factory=dict, init=False, repr=False
    )
    # Other per-request values of the resolvers (the visible category tree).
    memo: dict[str, Any] = field(default_factory=dict)

    def require_storefront(self) -> Storefront:
        if self.storefront is None:
            raise NotFound("storefront", ())
        return self.storefront

    async def catalog_view(self) -> visibility.CatalogView:
        """What the caller may see of the storefront's catalog."""
        if self._view is None:
            storefront = self.require_storefront()
            principal = self.principal
            self._view = asyncio.ensure_future(
                buyer_memo.kept(
                    principal,
                    storefront,
                    "view",
                    lambda: visibility.catalog_view(principal, storefront),
                )
            )
        return await self._view

    async def pricing_context(self, company_id: int | None = None) -> pricing.PricingContext:
        """Whose prices to show (pricing.context_for): the caller's own, or for staff those of
        the company `company_id` names. Raises PermissionDenied as context_for does."""
        # One task per company id: the fields of a page that ask at the same moment all await
        # it, wake together and so batch their DataLoader calls.
        task = self._pricing.get(company_id)
        if task is None:
            storefront = self.require_storefront()
            task = self._pricing[company_id] = asyncio.ensure_future(
                self._pricing_context(storefront, company_id)
            )
        return await task

    async def _pricing_context(
        self, storefront: Storefront, company_id: int | None
    ) -> pricing.PricingContext:
        principal = self.principal
        if company_id is not None or principal.buyer_company is None:
            return await pricing.context_for(principal, storefront, company_id)
        kept = await buyer_memo.kept(
            principal, storefront, "pricing", lambda: pricing.context_for(principal, storefront)
        )
        # The kept context with this request's company row (its pricing fields are the same:
        # they are part of the key).
        return dataclasses.replace(kept, company=principal.buyer_company)

    def remember_entries(self, company_id: int | None, entries: pricing.Entries) -> None:
        self._entries.setdefault(company_id, {}).update(entries)

    def ready_price_inputs(
        self, company_id: int | None, product_id: int
    ) -> tuple[pricing.PricingContext, dict[int, PriceListEntry]] | None:
        """The pricing context and a product's list entries when both are loaded already, so
        a price can be computed without awaiting; None otherwise."""
        task = self._pricing.get(company_id)
        entries = self._entries.get(company_id)
        if task is None or not task.done() or entries is None or product_id not in entries:
            return None
        return task.result(), entries[product_id]
