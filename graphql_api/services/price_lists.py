"""Price lists (SPEC C4, C5): a currency, entries with quantity tiers, and the groups and
companies they are assigned to. Admins only change them: prices are the seller's policy."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

from graphql_api.auth.principal import Principal
from graphql_api.models import (
    Company,
    CustomerGroup,
    PriceList,
    PriceListAssignment,
    PriceListEntry,
    Product,
    Storefront,
)
from graphql_api.services import catalog_versions, permissions
from graphql_api.services.checks import Checker, taken
from graphql_api.services.constraints import unique_violation
from graphql_api.services.errors import ErrorCode, NotFound, Result, UserError
from graphql_api.services.money import currency_code

MAX_ENTRIES = 1000
MAX_TIERS = 20


def readable_price_lists(principal: Principal, storefront_id: int) -> QuerySet[PriceList]:
    """The storefront's lists this caller may read: every one for an admin; for a sales rep the
    lists assigned to its companies or to their groups (SPEC A10), nothing else, since a
    customer's contract list is named after the customer. Raises for anyone but staff."""
    companies = permissions.visible_companies(principal)
    lists = PriceList.filter(storefront_id=storefront_id)
    if principal.is_admin:
        return lists
    groups = companies.filter(group_id__isnull=False).values("group_id")
    assigned = PriceListAssignment.filter(
        Q(company_id__in=Subquery(companies.values("id"))) | Q(group_id__in=Subquery(groups))
    ).values("price_list_id")
    return lists.filter(id__in=Subquery(assigned))


async def create_price_list(
    principal: Principal, storefront: Storefront, data: Mapping[str, Any]
) -> Result[PriceList]:
    permissions.require_admin(principal)

    async def clean() -> tuple[str | None, str | None, Checker]:
        check = Checker()
        name = check.text(data, "name", 120, True)
        if name and await taken(PriceList, storefront.id, None, name=name):
            check.add(("name",), f"A price list named {name} already exists.", ErrorCode.DUPLICATE)
        currency = None
        try:
            currency = currency_code(data.get("currency"))
        except ValueError as exc:
            check.add(("currency",), str(exc), ErrorCode.INVALID_CURRENCY)
        return name, currency, check

    async def recheck() -> list[UserError]:
        return (await clean())[2].errors

    name, currency, check = await clean()
    if check.errors:
        return Result.fail(*check.errors)
    async with unique_violation(recheck) as clash:
        price_list = await PriceList.create(
            storefront_id=storefront.id, name=name, currency=currency
        )
        await catalog_versions.bump(storefront.id)
    if clash.errors:
        return Result.fail(*clash.errors)
    return Result(price_list)


def _clean_tiers(check: Checker, raw: Any, path: tuple[str, ...]) -> list[dict[str, Any]]:
    tiers = list(raw or [])
    if len(tiers) > MAX_TIERS:
        check.add(path, f"At most {MAX_TIERS} tiers.")
        return []
    seen: set[int] = set()
    out = []
    for n, tier in enumerate(tiers):
        at = (*path, str(n))
        quantity = check.integer(
            tier.get("min_quantity"), (*at, "min_quantity"), minimum=2, maximum=10_000_000
        )
        price = check.price(tier.get("price"), (*at, "price"))
        if quantity is not None and quantity in seen:
            check.add(
                (*at, "min_quantity"),
                f"Two tiers start at {quantity}: keep one.",
                ErrorCode.DUPLICATE,
            )
        if quantity is not None:
            seen.add(quantity)
        if quantity is not None and price is not None:
            out.append({"min_quantity": quantity, "price": str(price)})
    return sorted(out, key=lambda t: t["min_quantity"])


async def set_entries(
    principal: Principal, price_list: PriceList, data: Mapping[str, Any]
) -> Result[PriceList]:
    """Add or replace the entries given, and remove the products in `remove_product_ids`; all
    or nothing."""
    permissions.require_admin(principal)
    check = Checker()
    entries = list(data.get("entries") or [])
    removed = list(data.get("remove_product_ids") or [])
    if len(entries) + len(removed) > MAX_ENTRIES:
        check.add(("entries",), f"At most {MAX_ENTRIES} entries at a time.")
        return Result.fail(*check.errors)
    wanted = {e.get("product_id") for e in entries} | set(removed)
    known = set(
        await Product.filter(
            storefront_id=price_list.storefront_id,
            id__in=[pk for pk in wanted if pk],
        ).values_list("id", flat=True)
    )
    rows: dict[int, PriceListEntry] = {}
    for n, entry in enumerate(entries):
        at = ("entries", str(n))
        product_id = entry.get("product_id")
        if product_id not in known:
            check.add((*at, "product_id"), "There is no such product.", ErrorCode.NOT_FOUND)
        elif product_id in rows:
            check.add((*at, "product_id"), "This product is listed twice.", ErrorCode.DUPLICATE)
        price = check.price(entry.get("price"), (*at, "price"))
        tiers = _clean_tiers(check, entry.get("tiers"), (*at, "tiers"))
        if product_id in known and price is not None:
            rows[product_id] = PriceListEntry(
                price_list_id=price_list.id, product_id=product_id, price=price, tiers=tiers
            )
    for n, pk in enumerate(removed):
        if pk not in known:
            check.add(
                ("remove_product_ids", str(n)), "There is no such product.", ErrorCode.NOT_FOUND
            )
    if check.errors:
        return Result.fail(*check.errors)
    # Two requests that set the same product at once can both delete, then both insert.
    async with unique_violation() as clash:
        gone = list(dict.fromkeys([*rows, *removed]))
        if gone:
            await PriceListEntry.filter(price_list_id=price_list.id, product_id__in=gone).delete()
        await PriceListEntry.bulk_create(list(rows.values()))
        await price_list.save(update_fields=["updated_at"])
        await catalog_versions.bump(price_list.storefront_id)
    if clash.errors:
        return Result.fail(*clash.errors)
    return Result(price_list)


async def assign(
    principal: Principal,
    price_list: PriceList,
    holder: Company | CustomerGroup,
    *,
    unassign: bool = False,
) -> Result[PriceList]:
    """Give the list to a company or group, replacing the list it held in that currency; or
    take it back."""
    permissions.require_admin(principal)
    key: dict[str, Any] = (
        {"company_id": holder.id} if isinstance(holder, Company) else {"group_id": holder.id}
    )
    if holder.storefront_id != price_list.storefront_id:
        raise NotFound("price list")
    async with unique_violation() as clash:
        if unassign:
            await PriceListAssignment.filter(price_list_id=price_list.id, **key).delete()
        else:
            await PriceListAssignment.filter(currency=price_list.currency, **key).delete()
            await PriceListAssignment.create(
                price_list_id=price_list.id, currency=price_list.currency, **key
            )
        await catalog_versions.bump(price_list.storefront_id)
    if clash.errors:
        return Result.fail(*clash.errors)
    return Result(price_list)
