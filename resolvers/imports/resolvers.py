"""Customer CSV import and export: glue between schema/imports.py and the services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from strawberry.types import Info

from graphql_api.services import exports, permissions
from graphql_api.services import imports as service
from resolvers.payloads import mutation


@dataclass(frozen=True)
class ColumnView:
    name: str
    description: str


@mutation("report")
async def import_companies(info: Info, data: dict[str, Any]) -> Any:
    ctx = info.context
    dry_run = data.get("dry_run")
    return await service.import_companies(
        ctx.principal,
        ctx.require_storefront(),
        data["csv"],
        # An explicit null must not turn a dry run into a real import.
        dry_run=True if dry_run is None else bool(dry_run),
        skip_invalid=bool(data.get("skip_invalid")),
    )


async def companies_csv(info: Info) -> str:
    ctx = info.context
    return await exports.companies_csv(ctx.principal, ctx.require_storefront())


def import_columns(info: Info) -> list[ColumnView]:
    permissions.require_staff(info.context.principal)
    return [ColumnView(name, meaning) for name, meaning in service.import_columns()]
