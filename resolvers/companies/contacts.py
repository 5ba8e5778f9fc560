"""Contacts of companies."""

from __future__ import annotations

from typing import Any

from strawberry.types import Info

from graphql_api.models import Company, Contact
from graphql_api.services import contacts, permissions
from resolvers.lookup import get_by_id
from resolvers.payloads import mutation


async def contact_company(root: Contact, info: Info) -> Company | None:
    return await info.context.loaders.companies.company.load(root.company_id)


async def contact_custom_fields(root: Contact, info: Info) -> list[Any]:
    permissions.require_staff_field(info.context.principal, "Custom fields")
    return await info.context.loaders.companies.contact_custom_values.load(root.id)


async def _contact(info: Info, contact_id: str) -> Contact:
    return await get_by_id(info, Contact, contact_id)


@mutation("contact", id_field="company_id")
async def create_contact(info: Info, data: dict[str, Any]) -> Any:
    data = dict(data)
    company = await get_by_id(info, Company, data.pop("company_id"), "company_id")
    company = permissions.check_company(info.context.principal, company)
    return await contacts.create_contact(info.context.principal, company, data)


@mutation("contact")
async def update_contact(info: Info, data: dict[str, Any]) -> Any:
    data = dict(data)
    contact = await _contact(info, data.pop("id"))
    return await contacts.update_contact(info.context.principal, contact, data)


@mutation("deleted_id")
async def delete_contact(info: Info, data: dict[str, Any]) -> Any:
    contact = await _contact(info, data["id"])
    result = await contacts.delete_contact(info.context.principal, contact)
    if result.ok:
        result.value = data["id"]
    return result
