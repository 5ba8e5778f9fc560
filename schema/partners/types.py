"""Partner OAuth clients (SPEC B9): the object types, thin views over domain objects; field values
come from the resolvers named on each field, or are plain attributes of the model."""

from __future__ import annotations

import datetime
from typing import Annotated

import strawberry
from strawberry.types import Info

from graphql_api.models import PartnerClient as PartnerClientModel
from graphql_api.services.storefronts import SLUG_MAX_LENGTH
from resolvers.nodes import global_id
from resolvers.partners import resolvers as r
from schema.core.common import Node, arg, instance_of


@strawberry.type(
    description="An OAuth 2 client-credentials client of a partner site. It exchanges its "
    "client ID and secret at `POST /oauth/token` for a short-lived bearer token."
)
class PartnerClient(Node):
    id: strawberry.ID = strawberry.field(
        resolver=global_id, description="The global ID of the client."
    )
    name: str = strawberry.field(description="Who the partner is, for the admin to recognise.")
    client_id: str = strawberry.field(
        description="The OAuth `client_id` (starts with `vp_`); not secret."
    )
    scopes: list[str] = strawberry.field(description="What its tokens may do, e.g. `catalog:read`.")
    storefronts: list[str] = strawberry.field(
        resolver=r.storefront_slugs, description="Slugs of the storefronts the client is bound to."
    )
    allowed_origins: list[str] = strawberry.field(
        description="Browser origins (scheme, host, port) allowed to call with its tokens."
    )
    embed_key: str | None = strawberry.field(
        description="The publishable key of the client's catalog embed (starts with `vpk_`): "
        "it sits in the partner's page, so it is no secret; the allowed origins decide where "
        "it shows. `rotatePartnerEmbedKey` replaces it. Null until one is made."
    )

    @strawberry.field(
        description="The HTML the partner pastes where the catalog should appear (a script tag "
        "that puts a frame of the storefront's catalog, with its public prices, in its place). "
        "Null without an embed key or when revoked. See docs/embed.md."
    )
    async def embed_snippet(
        self,
        info: Info,
        storefront: Annotated[
            str | None,
            arg(
                "Slug of the storefront to show; one of the client's. Default: its first.",
                max_length=SLUG_MAX_LENGTH,
            ),
        ] = None,
    ) -> str | None:
        return await r.embed_snippet(self, info, storefront)  # type: ignore[arg-type]  # strawberry passes the model as self

    revoked_at: datetime.datetime | None = strawberry.field(
        description="When it was revoked; a revoked client gets no tokens and its tokens stop "
        "working. Null while active."
    )
    created_at: datetime.datetime = strawberry.field(description="When it was created.")

    is_type_of = instance_of(PartnerClientModel)
