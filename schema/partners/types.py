"""Partner OAuth clients (SPEC B9): the object types, thin views over domain objects; field values
come from the resolvers named on each field, or are plain attributes of the model."""

from __future__ import annotations

import datetime

import strawberry

from graphql_api.models import PartnerClient as PartnerClientModel
from resolvers.nodes import global_id
from resolvers.partners import resolvers as r
from schema.core.common import Node, instance_of


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
    revoked_at: datetime.datetime | None = strawberry.field(
        description="When it was revoked; a revoked client gets no tokens and its tokens stop "
        "working. Null while active."
    )
    created_at: datetime.datetime = strawberry.field(description="When it was created.")

    is_type_of = instance_of(PartnerClientModel)
