"""Which storefront a request is about."""

from __future__ import annotations

from graphql_api.models import Storefront


async def resolve_storefront(slug: str | None) -> Storefront | None:
    """The storefront named by `slug`, else the default one, else the only one."""
    if slug:
        return await Storefront.get_or_none(slug=slug)
    default = await Storefront.filter(is_default=True).first()
    if default is not None:
        return default
    return await Storefront.all().order_by("id").first()


async def ensure_default_storefront(
    slug: str = "main", name: str = "Vitrine", currency: str = "BRL", language: str = "pt-BR"
) -> Storefront:
    """A fresh installation gets one storefront so the API has something to scope to."""
    existing = await resolve_storefront(None)
    if existing is not None:
        return existing
    return await Storefront.create(
        slug=slug,
        name=name,
        default_currency=currency,
        default_language=language,
        is_default=True,
    )
