"""Fields every domain shares: `node` and `nodes` (SPEC F2)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from resolvers import nodes
from schema.core.common import Node, arg


@strawberry.type(description="Objects of any type by global ID.")
class CoreQueries:
    @strawberry.field(description="Any object by global ID; null if missing or not visible.")
    async def node(
        self, info: Info, id: Annotated[strawberry.ID, arg("A global ID.")]
    ) -> Node | None:
        return await nodes.node(info, id)

    @strawberry.field(description="Several objects by global ID, in the same order (max 100).")
    async def nodes(
        self, info: Info, ids: Annotated[list[strawberry.ID], arg("Global IDs.")]
    ) -> list[Node | None]:
        return await nodes.nodes(info, ids)
