"""Partner OAuth clients (SPEC B9). `PartnerQueries` and `PartnerMutations` are merged into the
root types by schema/root.py."""

from __future__ import annotations

import datetime
from typing import Annotated

import strawberry
from strawberry.types import Info

from graphql_api.models import PartnerClient as PartnerClientModel
from resolvers.companies import companies as company_resolvers
from resolvers.partners import resolvers as r
from schema.common import Node, UserError, input_dict, instance_of

_ERRORS = "Expected failures; empty when the mutation succeeded."


@strawberry.type(
    description="An OAuth 2 client-credentials client of a partner site. It exchanges its "
    "client ID and secret at `POST /oauth/token` for a short-lived bearer token."
)
class PartnerClient(Node):
    id: strawberry.ID = strawberry.field(
        resolver=company_resolvers.global_id, description="The global ID of the client."
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


@strawberry.input(description="A new partner client.")
class CreatePartnerClientInput:
    name: str = strawberry.field(description="Who the partner is (1 to 200 characters).")
    scopes: list[str] = strawberry.field(
        description="What its tokens may do; at least one. Offered now: `catalog:read`."
    )
    storefronts: list[str] = strawberry.field(
        description="Slugs of the storefronts it may reach; at least one."
    )
    allowed_origins: list[str] = strawberry.field(
        default_factory=list,
        description="Browser origins that may call with its tokens, like "
        "`https://partner.example` (no path; http only for localhost). Empty for a "
        "server-to-server partner.",
    )


@strawberry.input(description="The partner client to revoke.")
class RevokePartnerClientInput:
    id: strawberry.ID = strawberry.field(description="The global ID of the client.")


@strawberry.type(description="Result of creating a partner client.")
class CreatePartnerClientPayload:
    partner_client: PartnerClient | None = strawberry.field(
        description="The new client, when it succeeded."
    )
    client_secret: str | None = strawberry.field(
        description="The client secret. Shown this once: only a hash of it is stored, so keep "
        "it now (a lost secret means creating a new client)."
    )
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="Result of revoking a partner client.")
class RevokePartnerClientPayload:
    partner_client: PartnerClient | None = strawberry.field(
        description="The revoked client, when it succeeded."
    )
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="Partner OAuth clients: the readable part.")
class PartnerQueries:
    @strawberry.field(description="All partner OAuth clients, newest first (admin).")
    async def partner_clients(self, info: Info) -> list[PartnerClient]:
        return await r.partner_clients(info)  # type: ignore[return-value]


@strawberry.type(description="Partner OAuth clients: the changing part.")
class PartnerMutations:
    @strawberry.mutation(
        description="Create a partner OAuth client (admin). The payload shows its secret once."
    )
    async def create_partner_client(
        self,
        info: Info,
        input: Annotated[
            CreatePartnerClientInput, strawberry.argument(description="The new client.")
        ],
    ) -> CreatePartnerClientPayload:
        return await r.create_partner_client(info, input_dict(input))  # type: ignore[return-value]

    @strawberry.mutation(
        description="Revoke a partner OAuth client (admin): no new tokens, and the tokens it "
        "holds stop working on their next request."
    )
    async def revoke_partner_client(
        self,
        info: Info,
        input: Annotated[RevokePartnerClientInput, strawberry.argument(description="The client.")],
    ) -> RevokePartnerClientPayload:
        return await r.revoke_partner_client(info, input_dict(input))  # type: ignore[return-value]
