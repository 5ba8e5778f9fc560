"""`node(id:)` and `nodes(ids:)`: every type goes through the same permission checks as its own
root field."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from strawberry.types import Info

from graphql_api.global_ids import BadGlobalId, from_global_id, to_global_id
from graphql_api.models import (
    Contact,
    CustomerGroup,
    CustomFieldDefinition,
    Note,
    PartnerClient,
    PriceList,
    StaffUser,
    Storefront,
)
from graphql_api.services import activity, notifications, permissions
from graphql_api.services.errors import PermissionDenied
from resolvers.catalog import resolvers as catalog


async def _company(info: Info, pk: int) -> Any:
    return await permissions.readable_companies(info.context.principal).filter(id=pk).first()


async def _owned_by_company(model: type, info: Info, pk: int) -> Any:
    row = await model.get_or_none(id=pk)
    if row is None:
        return None
    company = await info.context.loaders.companies.company.load(row.company_id)
    permissions.require_staff(info.context.principal)
    return row if company and permissions.can_see_company(info.context.principal, company) else None


async def _contact(info: Info, pk: int) -> Any:
    principal = info.context.principal
    if principal.is_contact and principal.contact is not None:
        # A buyer sees the people of its own company, as through company { contacts }.
        return await Contact.get_or_none(
            id=pk,
            company_id=principal.contact.company_id,  # type: ignore[attr-defined]
        )
    return await _owned_by_company(Contact, info, pk)


async def _notification(info: Info, pk: int) -> Any:
    queryset = notifications.list_notifications(info.context.principal, info.context.storefront)
    return await queryset.filter(id=pk).first()


async def _staff_only(model: type, info: Info, pk: int) -> Any:
    permissions.require_staff(info.context.principal)
    return await model.get_or_none(id=pk)


async def _staff_user(info: Info, pk: int) -> Any:
    principal = info.context.principal
    permissions.require_staff(principal)
    if not principal.is_admin and principal.staff.id != pk:
        return None
    return await StaffUser.get_or_none(id=pk)


async def _activity(info: Info, pk: int) -> Any:
    return await activity.list_activities(info.context.principal).filter(id=pk).first()


async def _admin_only(model: type, info: Info, pk: int) -> Any:
    permissions.require_admin(info.context.principal)
    return await model.get_or_none(id=pk)


def global_id(root: Any, info: Info) -> str:
    """The `id` field of every Node type: the model's class name and primary key."""
    return to_global_id(type(root).__name__, root.pk)


RESOLVERS: dict[str, Callable[[Info, int], Awaitable[Any]]] = {
    "Company": _company,
    "Note": lambda info, pk: _owned_by_company(Note, info, pk),
    "Contact": _contact,
    "CustomerGroup": lambda info, pk: _staff_only(CustomerGroup, info, pk),
    "CustomFieldDefinition": lambda info, pk: _staff_only(CustomFieldDefinition, info, pk),
    "StaffUser": _staff_user,
    "Storefront": lambda info, pk: _staff_only(Storefront, info, pk),
    "Activity": _activity,
    "PartnerClient": lambda info, pk: _admin_only(PartnerClient, info, pk),
    "Notification": _notification,
    "Product": catalog.product_node,
    "Category": catalog.category_node,
    "Supplier": catalog.supplier_node,
    "Carrier": catalog.carrier_node,
    "PriceList": lambda info, pk: _staff_only(PriceList, info, pk),
}


async def node(info: Info, id: str) -> Any:
    """The object, or null when it does not exist or the caller may not see it."""
    type_name, pk = from_global_id(id)
    resolver = RESOLVERS.get(type_name)
    if resolver is None:
        raise BadGlobalId(f"'{id}' is not a valid ID.")
    try:
        return await resolver(info, pk)
    except PermissionDenied:
        # Not visible to this caller: the same answer as a missing object.
        return None


async def nodes(info: Info, ids: list[str]) -> list[Any]:
    if len(ids) > info.context.settings.max_page_size:
        raise BadGlobalId(f"At most {info.context.settings.max_page_size} ids at a time.")
    return [await node(info, i) for i in ids]
