"""Companies: queries, nested fields through DataLoaders, and mutations."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from strawberry.types import Info

from graphql_api.global_ids import pk_of
from graphql_api.models import Company, CustomerGroup, Note, StaffUser
from graphql_api.models.enums import CompanyStatus, Temperature
from graphql_api.services import companies, permissions
from graphql_api.services.validation.tax_ids import format_tax_id
from resolvers.pagination import SortKey, keyset_page
from resolvers.payloads import mutation

SORTS = {
    "NAME_ASC": SortKey((("name_key", False),)),
    "NAME_DESC": SortKey((("name_key", True),)),
    "CREATED_AT_DESC": SortKey((("created_at", True),)),
    "CREATED_AT_ASC": SortKey((("created_at", False),)),
    "UPDATED_AT_DESC": SortKey((("updated_at", True),)),
}


async def company_list(
    info: Info,
    *,
    first: int | None,
    after: str | None,
    search: str | None,
    status: list[CompanyStatus] | None,
    temperature: list[Temperature] | None,
    group_ids: Sequence[str] | None,
    sales_rep_id: str | None,
    custom_fields: list[dict[str, Any]] | None,
    sort: str,
) -> Any:
    ctx = info.context
    storefront = ctx.require_storefront()
    custom = await companies.canonical_filter_values(
        storefront, [(f["key"], f["value"]) for f in custom_fields or []]
    )
    queryset = companies.list_companies(
        ctx.principal,
        storefront,
        search=search,
        statuses=status,
        temperatures=temperature,
        group_ids=[pk_of(g, "CustomerGroup") for g in group_ids or []],
        sales_rep_id=pk_of(sales_rep_id, "StaffUser") if sales_rep_id else None,
        custom_fields_equal=custom,
    )
    return await keyset_page(
        queryset,
        SORTS[sort],
        first=first,
        after=after,
        default_size=20,
        max_size=ctx.settings.max_page_size,
    )


async def company_by_id(info: Info, id: str) -> Company | None:
    principal = info.context.principal
    queryset = permissions.readable_companies(principal)
    return await queryset.filter(id=pk_of(id, "Company")).first()


# Nested fields. Each reaches the database only through the request's DataLoaders.


async def company_group(root: Company, info: Info) -> CustomerGroup | None:
    group_id = root.group_id
    return await info.context.loaders.companies.group.load(group_id) if group_id else None


async def company_sales_rep(root: Company, info: Info) -> StaffUser | None:
    rep_id = root.sales_rep_id
    return await info.context.loaders.identity.staff.load(rep_id) if rep_id else None


async def company_addresses(root: Company, info: Info) -> list[Any]:
    return await info.context.loaders.companies.addresses.load(root.id)


async def company_tax_ids(root: Company, info: Info) -> list[Any]:
    return await info.context.loaders.companies.tax_ids.load(root.id)


async def company_emails(root: Company, info: Info) -> list[Any]:
    return await info.context.loaders.companies.emails.load(root.id)


async def company_phones(root: Company, info: Info) -> list[Any]:
    return await info.context.loaders.companies.phones.load(root.id)


async def company_contacts(root: Company, info: Info) -> list[Any]:
    return await info.context.loaders.companies.contacts.load(root.id)


async def company_notes(root: Company, info: Info) -> list[Note]:
    permissions.require_staff_field(info.context.principal, "Notes")
    return await info.context.loaders.companies.notes.load(root.id)


async def company_top_note(root: Company, info: Info) -> Note | None:
    permissions.require_staff_field(info.context.principal, "Notes")
    notes = await info.context.loaders.companies.notes.load(root.id)
    return notes[0] if notes else None


async def company_custom_fields(root: Company, info: Info) -> list[Any]:
    permissions.require_staff_field(info.context.principal, "Custom fields")
    return await info.context.loaders.companies.company_custom_values.load(root.id)


def company_display_name(root: Company, info: Info) -> str:
    return root.trade_name or root.legal_name


def tax_id_formatted(root: Any, info: Info) -> str:
    return format_tax_id(root.kind, root.value)


# Mutations


def _company_data(data: dict[str, Any]) -> dict[str, Any]:
    """Input in service terms: global IDs become primary keys."""
    out = dict(data)
    if out.get("group_id") is not None:
        out["group_id"] = pk_of(out["group_id"], "CustomerGroup", "group_id")
    if out.get("sales_rep_id") is not None:
        out["sales_rep_id"] = pk_of(out["sales_rep_id"], "StaffUser", "sales_rep_id")
    return out


async def _company_for_change(info: Info, company_id: str) -> Company:
    company = await Company.get_or_none(id=pk_of(company_id, "Company"))
    return permissions.check_company(info.context.principal, company)


@mutation("company", id_field="id")
async def create_company(info: Info, data: dict[str, Any]) -> Any:
    ctx = info.context
    return await companies.create_company(
        ctx.principal, ctx.require_storefront(), _company_data(data)
    )


@mutation("company", id_field="id")
async def update_company(info: Info, data: dict[str, Any]) -> Any:
    data = dict(data)
    company = await _company_for_change(info, data.pop("id"))
    return await companies.update_company(info.context.principal, company, _company_data(data))


@mutation("deleted_id", id_field="id")
async def delete_company(info: Info, data: dict[str, Any]) -> Any:
    company = await _company_for_change(info, data["id"])
    result = await companies.delete_company(info.context.principal, company)
    if result.ok:
        result.value = data["id"]
    return result
