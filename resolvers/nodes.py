"""The Node registry: `node(id:)` and `nodes(ids:)`, and the `id` field of every Node type.

Each type names one batch fetcher that applies the same permission and storefront checks as the
type's own root field, so `nodes(ids:)` costs a constant number of statements per type, whatever
the number of ids (SPEC F2, F3)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import strawberry
from strawberry.types import Info
from tortoise.models import Model

from graphql_api.global_ids import BadGlobalId, from_global_id, to_global_id
from graphql_api.models import (
    CustomerGroup,
    CustomFieldDefinition,
    Note,
    PartnerClient,
    Storefront,
)
from graphql_api.services import activity, notifications, permissions
from graphql_api.services.errors import PermissionDenied
from resolvers.catalog import resolvers as catalog
from resolvers.invoices import resolvers as invoices
from resolvers.orders import orders
from resolvers.quotes import quotes

Fetch = Callable[[Info, list[int]], Awaitable[dict[int, Any]]]


def node_id(root: Any) -> strawberry.ID:
    """The global ID of a model (its class name) or of a row read without a model (its
    `node_type`, resolvers/catalog/rows.py) and its primary key."""
    return strawberry.ID(
        to_global_id(getattr(root, "node_type", None) or type(root).__name__, root.pk)
    )


def global_id(root: Any, info: Info) -> strawberry.ID:
    """The `id` field of every Node type."""
    return node_id(root)


def _by_id(rows: Any) -> dict[int, Any]:
    return {row.pk: row for row in rows}


def _storefront_id(info: Info) -> int | None:
    storefront = info.context.storefront
    return storefront.id if storefront is not None else None


async def _companies(info: Info, pks: list[int]) -> dict[int, Any]:
    queryset = permissions.readable_companies(info.context.principal)
    return _by_id(await queryset.filter(id__in=pks, storefront_id=_storefront_id(info)))


async def _owned_by_company(model: type[Note], info: Info, pks: list[int]) -> dict[int, Any]:
    """Rows of a company (notes) for staff who may see that company."""
    permissions.require_staff(info.context.principal)
    rows = await model.filter(id__in=pks)
    companies = await _companies(info, list({row.company_id for row in rows}))
    return {row.pk: row for row in rows if row.company_id in companies}


async def _contacts(info: Info, pks: list[int]) -> dict[int, Any]:
    queryset = permissions.readable_contacts(info.context.principal)
    return _by_id(await queryset.filter(id__in=pks, storefront_id=_storefront_id(info)))


def _staff_only(model: type[Model]) -> Fetch:
    async def fetch(info: Info, pks: list[int]) -> dict[int, Any]:
        permissions.require_staff(info.context.principal)
        return _by_id(await model.filter(id__in=pks, storefront_id=_storefront_id(info)))

    return fetch


async def _storefronts(info: Info, pks: list[int]) -> dict[int, Any]:
    permissions.require_staff(info.context.principal)
    return _by_id(await Storefront.filter(id__in=pks))


async def _staff_users(info: Info, pks: list[int]) -> dict[int, Any]:
    return _by_id(await permissions.visible_staff(info.context.principal).filter(id__in=pks))


async def _activities(info: Info, pks: list[int]) -> dict[int, Any]:
    return _by_id(await activity.list_activities(info.context.principal).filter(id__in=pks))


async def _notifications(info: Info, pks: list[int]) -> dict[int, Any]:
    queryset = notifications.list_notifications(info.context.principal, info.context.storefront)
    return _by_id(await queryset.filter(id__in=pks))


async def _partner_clients(info: Info, pks: list[int]) -> dict[int, Any]:
    permissions.require_admin(info.context.principal)
    return _by_id(await PartnerClient.filter(id__in=pks))


async def _notes(info: Info, pks: list[int]) -> dict[int, Any]:
    return await _owned_by_company(Note, info, pks)


FETCHERS: dict[str, Fetch] = {
    "Company": _companies,
    "Note": _notes,
    "Contact": _contacts,
    "CustomerGroup": _staff_only(CustomerGroup),
    "CustomFieldDefinition": _staff_only(CustomFieldDefinition),
    "StaffUser": _staff_users,
    "Storefront": _storefronts,
    "Activity": _activities,
    "PartnerClient": _partner_clients,
    "Notification": _notifications,
    "Product": catalog.product_nodes,
    "Category": catalog.category_nodes,
    "Supplier": catalog.supplier_nodes,
    "Carrier": catalog.carrier_nodes,
    "PriceList": catalog.price_list_nodes,
    "Order": orders.order_nodes,
    "Quote": quotes.quote_nodes,
    "Invoice": invoices.invoice_nodes,
}


def _decode(global_id: str) -> tuple[str, int]:
    type_name, pk = from_global_id(global_id)
    if type_name not in FETCHERS:
        raise BadGlobalId(f"'{global_id}' is not a valid ID.")
    return type_name, pk


async def _fetch(info: Info, type_name: str, pks: list[int]) -> dict[int, Any]:
    try:
        return await FETCHERS[type_name](info, pks)
    except PermissionDenied:
        # Not visible to this caller: the same answer as a missing object.
        return {}


async def node(info: Info, id: str) -> Any:
    """The object, or null when it does not exist or the caller may not see it."""
    type_name, pk = _decode(id)
    return (await _fetch(info, type_name, [pk])).get(pk)


async def nodes(info: Info, ids: Sequence[str]) -> list[Any]:
    """The objects in the order asked, one batch per type."""
    if len(ids) > info.context.settings.max_page_size:
        raise BadGlobalId(f"At most {info.context.settings.max_page_size} ids at a time.")
    decoded = [_decode(i) for i in ids]
    wanted: dict[str, list[int]] = defaultdict(list)
    for type_name, pk in decoded:
        wanted[type_name].append(pk)
    found = {
        name: await _fetch(info, name, list(dict.fromkeys(pks))) for name, pks in wanted.items()
    }
    return [found[type_name].get(pk) for type_name, pk in decoded]
