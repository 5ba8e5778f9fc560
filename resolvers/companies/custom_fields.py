"""Custom field definitions and values."""

from __future__ import annotations

from typing import Any

from strawberry.types import Info

from graphql_api.models import CustomFieldDefinition, CustomFieldValue
from graphql_api.models.enums import CustomFieldTarget
from graphql_api.services import custom_fields, permissions
from resolvers.lookup import get_by_id
from resolvers.payloads import mutation


async def definitions(info: Info, target: str | None) -> list[CustomFieldDefinition]:
    ctx = info.context
    permissions.require_staff(ctx.principal)
    queryset = CustomFieldDefinition.filter(storefront_id=ctx.require_storefront().id)
    if target:
        queryset = queryset.filter(target=CustomFieldTarget(target))
    return await queryset.order_by("target", "position", "id")


def value_key(root: CustomFieldValue, info: Info) -> str:
    return root.definition.key


def value_definition(root: CustomFieldValue, info: Info) -> CustomFieldDefinition:
    return root.definition


def value_text(root: CustomFieldValue, info: Info) -> str:
    return root.value


@mutation("definition")
async def define(info: Info, data: dict[str, Any]) -> Any:
    ctx = info.context
    return await custom_fields.define_field(ctx.principal, ctx.require_storefront(), data)


@mutation("deleted_id")
async def delete(info: Info, data: dict[str, Any]) -> Any:
    definition = await get_by_id(info, CustomFieldDefinition, data["id"])
    await custom_fields.delete_field(info.context.principal, definition)
    return data["id"]
