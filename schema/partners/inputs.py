"""Partner OAuth clients (SPEC B9): the inputs of its mutations and filters."""

from __future__ import annotations

import strawberry


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


@strawberry.input(description="The partner client whose embed key to replace.")
class RotatePartnerEmbedKeyInput:
    id: strawberry.ID = strawberry.field(description="The global ID of the client.")
