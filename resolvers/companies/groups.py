"""Customer groups."""

from __future__ import annotations

from typing import Any

from strawberry.types import Info

from graphql_api.models import CustomerGroup
from graphql_api.services import groups, permissions
from resolvers.lookup import get_by_id
from resolvers.pagination import SortKey, keyset_page
from resolvers.payloads import mutation


async def group_list(info: Info, *, first: int | None, after: str | None) -> Any:
    ctx = info.context
    permissions.require_staff(ctx.principal)
    queryset = CustomerGroup.filter(storefront_id=ctx.require_storefront().id)
    return await keyset_page(
        queryset,
        SortKey((("name", False),)),
        first=first,
        after=after,
        default_size=50,
        max_size=ctx.settings.max_page_size,
    )


async def group_company_count(root: CustomerGroup, info: Info) -> int:
    return await info.context.loaders.companies.group_company_count.load(root.id)


@mutation("customer_group")
async def create_group(info: Info, data: dict[str, Any]) -> Any:
    ctx = info.context
    return await groups.create_group(ctx.principal, ctx.require_storefront(), data)


@mutation("customer_group")
async def update_group(info: Info, data: dict[str, Any]) -> Any:
    data = dict(data)
    group = await get_by_id(info, CustomerGroup, data.pop("id"))
    return await groups.update_group(info.context.principal, group, data)
