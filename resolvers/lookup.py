"""The one storefront-scoped "get by global ID" of the mutations: decode the ID for its type,
find the row within the request's storefront, or raise NotFound naming the input field."""

from __future__ import annotations

from typing import TypeVar

from strawberry.types import Info
from tortoise.models import Model

from graphql_api.global_ids import pk_of
from graphql_api.models import Note, PartnerClient, Storefront
from graphql_api.services.errors import NotFound

M = TypeVar("M", bound=Model)

# How a row reaches its storefront when it has no storefront column of its own; None: the row
# is not owned by one storefront (partner clients serve several; storefronts are their own).
_SCOPE: dict[type[Model], str | None] = {
    Note: "company__storefront_id",
    PartnerClient: None,
    Storefront: None,
}


def _label(model: type[Model]) -> str:
    return "".join(f" {c.lower()}" if c.isupper() else c for c in model.__name__).strip()


async def get_by_id(
    info: Info, model: type[M], global_id: str, field: str | tuple[str, ...] = "id"
) -> M:
    """The row of `model` that `global_id` names in the request's storefront."""
    path = field if isinstance(field, tuple) else (field,)
    pk = pk_of(global_id, model.__name__, field)
    scope = _SCOPE.get(model, "storefront_id")
    queryset = model.filter(id=pk)
    if scope is not None:
        queryset = queryset.filter(**{scope: info.context.require_storefront().id})
    row = await queryset.first()
    if row is None:
        raise NotFound(_label(model), path)
    return row
