"""Customer groups (SPEC A6). Prices, visibility and policies hang off them in later issues."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql_api.auth.principal import Principal
from graphql_api.models import CustomerGroup, Storefront
from graphql_api.services import catalog_versions, permissions
from graphql_api.services.checks import Checker
from graphql_api.services.constraints import unique_violation
from graphql_api.services.errors import ErrorCode, Result, UserError
from graphql_api.services.money import parse_percent


async def _clean(
    storefront_id: int, data: Mapping[str, Any], group: CustomerGroup | None
) -> tuple[dict[str, Any], list[UserError]]:
    errors: list[UserError] = []
    clean: dict[str, Any] = {}
    check = Checker()
    if group is None or "name" in data:
        name = check.text(data, "name", 120, True)
        if name:
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
        clean["description"] = check.text(data, "description", 2000, False, multiline=True) or ""
    errors.extend(check.errors)
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

    async def recheck() -> list[UserError]:
        return (await _clean(storefront.id, data, None))[1]

    clean, errors = await _clean(storefront.id, data, None)
    if errors:
        return Result.fail(*errors)
    async with unique_violation(recheck) as clash:
        group = await CustomerGroup.create(storefront_id=storefront.id, **clean)
    if clash.errors:
        return Result.fail(*clash.errors)
    return Result(group)


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
    storefront_id: int = group.storefront_id

    async def recheck() -> list[UserError]:
        await group.refresh_from_db()
        return (await _clean(storefront_id, data, group))[1]

    clean, errors = await _clean(storefront_id, data, group)
    if errors:
        return Result.fail(*errors)
    pricing = any(
        name in catalog_versions.GROUP_PRICING_FIELDS and getattr(group, name) != value
        for name, value in clean.items()
    )
    group.update_from_dict(clean)
    async with unique_violation(recheck) as clash:
        await group.save()
        if pricing:
            await catalog_versions.bump(storefront_id)
    if clash.errors:
        return Result.fail(*clash.errors)
    return Result(group)
