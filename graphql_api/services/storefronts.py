"""Which storefront a request is about."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import Any

from graphql_api.auth.principal import Principal
from graphql_api.models import Product, Storefront
from graphql_api.models.enums import CatalogVisibility, PriceVisibility, RegistrationMode
from graphql_api.services import catalog_versions, permissions
from graphql_api.services.checks import Checker
from graphql_api.services.errors import ErrorCode, Result, UserError
from graphql_api.services.money import currency_code, parse_percent
from graphql_api.services.validation import countries, tax_ids

LANGUAGES = ("pt-BR", "es", "ro", "en")
SLUG_MAX_LENGTH: int = Storefront._meta.fields_map["slug"].max_length  # type: ignore[attr-defined]  # Field has max_length only on CharField
_SLUG = re.compile(r"[A-Za-z0-9_-]+")


def is_slug(text: str) -> bool:
    """Whether `text` could name a storefront: what a header may carry is anything, and the
    column takes at most SLUG_MAX_LENGTH characters."""
    return len(text) <= SLUG_MAX_LENGTH and _SLUG.fullmatch(text) is not None


async def resolve_storefront(slug: str | None) -> Storefront | None:
    """The storefront named by `slug`, else the default one, else the only one."""
    if slug:
        if not is_slug(slug):
            return None
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


async def update_storefront(
    principal: Principal,
    storefront: Storefront,
    data: Mapping[str, Any],
    themes: Collection[str] = (),
) -> Result[Storefront]:
    """Change a storefront's settings (admin). Takes effect on the next request. `themes` are
    the installed theme names a `theme` must be one of (services/themes.py finds them)."""
    permissions.require_admin(principal)
    errors: list[UserError] = []
    clean: dict[str, Any] = {}
    if "name" in data:
        check = Checker()
        clean["name"] = check.text(data, "name", 200, True)
        errors.extend(check.errors)
    for key, kind in (
        ("registration_mode", RegistrationMode),
        ("catalog_visibility", CatalogVisibility),
        ("price_visibility", PriceVisibility),
    ):
        if data.get(key) is not None:
            clean[key] = kind(data[key])
    if data.get("default_currency") is not None:
        try:
            clean["default_currency"] = currency_code(data["default_currency"])
        except ValueError as exc:
            errors.append(UserError(str(exc), ErrorCode.INVALID, ("default_currency",)))
        else:
            # Base prices are amounts in the default currency: switching it would silently turn
            # R$ 10 into EUR 10 across the catalog.
            changed = clean["default_currency"] != storefront.default_currency
            if changed and await Product.filter(storefront_id=storefront.id).exists():
                errors.append(
                    UserError(
                        "The default currency cannot change once products have base prices in "
                        "it; use price lists in other currencies.",
                        ErrorCode.CURRENCY_IN_USE,
                        ("default_currency",),
                    )
                )
    if data.get("rep_max_discount_percent") is not None:
        try:
            clean["rep_max_discount_percent"] = parse_percent(data["rep_max_discount_percent"])
        except ValueError as exc:
            message = str(exc).replace("Discount percent", "The ceiling")
            errors.append(UserError(message, ErrorCode.INVALID, ("rep_max_discount_percent",)))
    if data.get("default_language") is not None:
        if data["default_language"] not in LANGUAGES:
            errors.append(
                UserError(
                    "Language must be one of " + ", ".join(LANGUAGES) + ".",
                    ErrorCode.INVALID,
                    ("default_language",),
                )
            )
        clean["default_language"] = data["default_language"]
    if data.get("theme") is not None:
        if data["theme"] not in themes:
            errors.append(
                UserError(
                    "Theme must be one of the installed themes: " + ", ".join(sorted(themes)) + ".",
                    ErrorCode.INVALID,
                    ("theme",),
                )
            )
        clean["theme"] = data["theme"]
    errors.extend(_fiscal_data(storefront, data, clean))
    if errors:
        return Result.fail(*errors)
    storefront.update_from_dict(clean)
    async with catalog_versions.changing(storefront.id):
        await storefront.save()
    return Result(storefront)


def _fiscal_data(
    storefront: Storefront, data: Mapping[str, Any], clean: dict[str, Any]
) -> list[UserError]:
    """The seller's data printed on invoices: legal name, tax id (checked like a company's, a
    VAT number against the country), state registration, address. A field sent empty clears it."""
    check = Checker()
    for name, limit in (("legal_name", 200), ("state_registration", 20)):
        if name in data:
            clean[name] = check.text(data, name, limit, False) or ""
    if "fiscal_address" in data:
        clean["fiscal_address"] = check.text(data, "fiscal_address", 500, False, multiline=True)
        clean["fiscal_address"] = clean["fiscal_address"] or ""
    if "country" in data:
        raw = str(data["country"] or "").strip()
        clean["country"] = check.validate(("country",), countries.normalize_country, raw) or ""
        if not raw:
            clean["country"] = ""
    if "tax_id" in data or "tax_id_kind" in data:
        kind = str(data.get("tax_id_kind", storefront.tax_id_kind) or "")
        value = str(data.get("tax_id", storefront.tax_id) or "").strip()
        if value and not kind:
            check.add(("tax_id_kind",), "Say which kind of tax id it is.", ErrorCode.REQUIRED)
        elif value:
            country = clean.get("country", storefront.country) or None
            normalized = check.validate(("tax_id",), tax_ids.normalize_tax_id, kind, value, country)
            if normalized is not None:
                clean["tax_id"], clean["tax_id_kind"] = normalized, kind
        else:
            clean["tax_id"], clean["tax_id_kind"] = "", ""
    return check.errors
