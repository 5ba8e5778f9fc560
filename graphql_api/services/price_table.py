"""The price table (SPEC C7): a customer's whole visible catalog with its prices, as pages for
the API and as one CSV file. Rows come from services.visibility and prices from
services.pricing, like every other path."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

from tortoise.expressions import Q

from graphql_api.auth.principal import Principal
from graphql_api.models import Product, Storefront
from graphql_api.services import csv_writer, permissions, pricing, visibility

CHUNK = 500
COLUMNS = (
    "sku",
    "name",
    "supplier",
    "category",
    "unit",
    "minimum_quantity",
    "quantity_multiple",
    "currency",
    "price",
    "base_price",
    "discount_percent",
    "tier_prices",
    "applied_rules",
)


@dataclass(frozen=True)
class PriceTableRow:
    product: Product
    price: pricing.Price | None
    tier_prices: list[pricing.Price]
    price_visibility: str


async def rows_for(
    context: pricing.PricingContext, products: list[Product], price_visibility: str
) -> list[PriceTableRow]:
    """Rows for a page of products: one query for all their list entries."""
    if price_visibility != pricing.VISIBLE:
        return [PriceTableRow(p, None, [], price_visibility) for p in products]
    entries = await pricing.load_entries(context, [p.id for p in products])
    return [
        PriceTableRow(
            p,
            pricing.price_of(context, p, entries[p.id], 1),
            pricing.tier_prices(context, p, entries[p.id]),
            price_visibility,
        )
        for p in products
    ]


async def all_rows(
    view: visibility.CatalogView, context: pricing.PricingContext, price_visibility: str
) -> AsyncIterator[PriceTableRow]:
    """Every visible product in name order, read in chunks by keyset so memory stays flat."""
    last: tuple[str, int] | None = None
    while True:
        queryset = visibility.products(view).select_related("category", "supplier")
        if last is not None:
            queryset = queryset.filter(
                Q(name_key__gt=last[0]) | Q(name_key=last[0], id__gt=last[1])
            )
        chunk = list(await queryset.order_by("name_key", "id").limit(CHUNK))
        if not chunk:
            return
        for row in await rows_for(context, chunk, price_visibility):
            yield row
        last = (chunk[-1].name_key, chunk[-1].id)


def _line(row: PriceTableRow) -> list[str]:
    product, price = row.product, row.price
    tiers = "; ".join(f"{p.quantity}+: {p.amount}" for p in row.tier_prices)
    return [
        product.sku,
        product.name,
        product.supplier.name if product.supplier else "",
        product.category.name if product.category else "",
        product.unit,
        str(product.minimum_quantity),
        str(product.quantity_multiple),
        price.currency if price else "",
        str(price.amount) if price else row.price_visibility,
        str(price.base_amount) if price else "",
        f"{price.discount_percent:f}" if price else "",
        tiers,
        " ".join(price.applied_rules) if price else "",
    ]


async def csv_chunks(
    view: visibility.CatalogView, context: pricing.PricingContext, price_visibility: str
) -> AsyncIterator[str]:
    """The CSV text, a chunk of rows at a time, header first."""

    async def lines() -> AsyncIterator[list[str]]:
        async for row in all_rows(view, context, price_visibility):
            yield _line(row)

    async for chunk in csv_writer.stream(COLUMNS, lines(), CHUNK):
        yield chunk


@dataclass(frozen=True)
class TableScope:
    view: visibility.CatalogView
    context: pricing.PricingContext
    price_visibility: str


async def scope_for(
    principal: Principal,
    storefront: Storefront,
    company_id: int | None,
    context: pricing.PricingContext | None = None,
) -> TableScope:
    """Whose table: a contact's own; for staff, the company named (its catalog as that company
    sees it) or, without one, the whole catalog at public prices. `context` is the request's
    own answer of pricing.context_for for `company_id`, when the caller has one already."""
    permissions.require_staff_or_contact(principal, "price table")
    if context is None:
        context = await pricing.context_for(principal, storefront, company_id)
    if context.company is not None and principal.is_staff:
        return TableScope(
            await visibility.company_view(storefront, context.company), context, pricing.VISIBLE
        )
    return TableScope(
        await visibility.catalog_view(principal, storefront),
        context,
        pricing.price_visibility(principal, storefront),
    )
