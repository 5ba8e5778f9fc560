"""Quick-order links: generate and revoke (staff who hold the company)."""

from __future__ import annotations

from typing import Any

from strawberry.types import Info

from graphql_api.global_ids import pk_of
from graphql_api.models import Company
from graphql_api.services import permissions, quick_links
from graphql_api.services.errors import NotFound, Result
from resolvers.payloads import mutation


async def _company(info: Info, company_id: str) -> Company:
    ctx = info.context
    permissions.require_staff(ctx.principal)
    company = await Company.get_or_none(
        id=pk_of(company_id, "Company", "company_id"), storefront_id=ctx.require_storefront().id
    )
    if company is None:
        raise NotFound("company", ("company_id",))
    return company


@mutation("issued", id_field="company_id")
async def generate_link(info: Info, data: dict[str, Any]) -> Any:
    ctx = info.context
    company = await _company(info, data["company_id"])
    try:
        return await quick_links.generate(ctx.principal, ctx.settings, company)
    except NotFound:
        raise NotFound("company", ("company_id",)) from None


@mutation("issued", id_field="company_id")
async def revoke_link(info: Info, data: dict[str, Any]) -> Any:
    company = await _company(info, data["company_id"])
    try:
        result = await quick_links.revoke(info.context.principal, company)
    except NotFound:
        raise NotFound("company", ("company_id",)) from None
    if result.ok and result.value is not None:
        return Result(quick_links.IssuedLink(result.value, ""))
    return result


async def link_company(root: Any, info: Info) -> Company | None:
    return await info.context.loaders.companies.company.load(root.company_id)


async def link_created_by(root: Any, info: Info) -> Any:
    staff_id = root.created_by_id
    return await info.context.loaders.identity.staff.load(staff_id) if staff_id else None
