"""Customer groups (SPEC A6). Prices, visibility and policies hang off them in later issues."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql_api.auth.principal import Principal
from graphql_api.models import CustomerGroup, Storefront
from graphql_api.services import permissions
from graphql_api.services.errors import ErrorCode, Result, UserError
from graphql_api.services.money import parse_percent


async def _clean(
    storefront_id: int, data: Mapping[str, Any], group: CustomerGroup | None
) -> tuple[dict[str, Any], list[UserError]]:
    errors: list[UserError] = []
    clean: dict[str, Any] = {}
    if group is None or "name" in data:
        name = str(data.get("name") or "").strip()
        if not name or len(name) > 120:
            errors.append(
                UserError("Name must have 1 to 120 characters.", ErrorCode.INVALID, ("name",))
            )
        else:
            clash = CustomerGroup.filter(storefront_id=storefront_id, name=name)
            if group is not None:
                clash = clash.exclude(id=group.id)
            if await clash.exists():
                errors.append(
                    UserError(
                        f"A group named {name} already exists.", ErrorCode.DUPLICATE, ("name",)
                    )
                )
            clean["name"] = name
    if "description" in data:
        clean["description"] = str(data.get("description") or "")[:2000]
    if data.get("discount_percent") is not None:
        try:
            clean["discount_percent"] = parse_percent(data["discount_percent"])
        except ValueError as exc:
            errors.append(UserError(str(exc), ErrorCode.INVALID, ("discount_percent",)))
    return clean, errors


async def create_group(
    principal: Principal, storefront: Storefront, data: Mapping[str, Any]
) -> Result[CustomerGroup]:
    permissions.require_admin(principal)
    clean, errors = await _clean(storefront.id, data, None)
    if errors:
        return Result.fail(*errors)
    return Result(await CustomerGroup.create(storefront_id=storefront.id, **clean))


async def check_new_group(
    principal: Principal, storefront: Storefront, data: Mapping[str, Any]
) -> list[UserError]:
    """What create_group would refuse in `data`, found with reads only (the customer import)."""
    permissions.require_admin(principal)
    _, errors = await _clean(storefront.id, data, None)
    return errors


async def update_group(
    principal: Principal, group: CustomerGroup, data: Mapping[str, Any]
) -> Result[CustomerGroup]:
    permissions.require_admin(principal)
    clean, errors = await _clean(group.storefront_id, data, group)  # type: ignore[attr-defined]
    if errors:
        return Result.fail(*errors)
    group.update_from_dict(clean)
    await group.save()
    return Result(group)
