"""Staff sign-in and the viewer."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from strawberry.types import Info

from graphql_api.services import staff
from graphql_api.services.errors import Result
from resolvers.payloads import mutation


@mutation("session")
async def staff_login(info: Info, data: dict[str, Any]) -> Any:
    ctx = info.context
    request = ctx.request
    result = await staff.login(
        ctx.signer,
        ctx.settings,
        data.get("email", ""),
        data.get("password", ""),
        request.client.host if request is not None and request.client else None,
    )
    if not result.ok:
        return result
    assert result.value is not None  # an ok result carries its value
    user, token, expires = result.value
    return Result(SimpleNamespace(token=token, expires_at=expires, staff_user=user))
