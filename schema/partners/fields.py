"""Partner OAuth clients (SPEC B9): its root query and mutation fields, merged into the roots by
schema/root.py. Each field hands its arguments to a resolver in resolvers/."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from resolvers.partners import resolvers as r
from schema.core.common import input_dict
from schema.partners.inputs import (
    CreatePartnerClientInput,
    RevokePartnerClientInput,
    RotatePartnerEmbedKeyInput,
)
from schema.partners.payloads import (
    CreatePartnerClientPayload,
    RevokePartnerClientPayload,
    RotatePartnerEmbedKeyPayload,
)
from schema.partners.types import PartnerClient


@strawberry.type(description="Partner OAuth clients: the readable part.")
class PartnerQueries:
    @strawberry.field(description="All partner OAuth clients, newest first (admin).")
    async def partner_clients(self, info: Info) -> list[PartnerClient]:
        return await r.partner_clients(info)


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
        return await r.create_partner_client(info, input_dict(input))

    @strawberry.mutation(
        description="Revoke a partner OAuth client (admin): no new tokens, and the tokens it "
        "holds stop working on their next request."
    )
    async def revoke_partner_client(
        self,
        info: Info,
        input: Annotated[RevokePartnerClientInput, strawberry.argument(description="The client.")],
    ) -> RevokePartnerClientPayload:
        return await r.revoke_partner_client(info, input_dict(input))

    @strawberry.mutation(
        description="Replace a partner client's embed key (admin): pages carrying the old key "
        "show nothing from the next request on; the partner pastes the new snippet."
    )
    async def rotate_partner_embed_key(
        self,
        info: Info,
        input: Annotated[
            RotatePartnerEmbedKeyInput, strawberry.argument(description="The client.")
        ],
    ) -> RotatePartnerEmbedKeyPayload:
        return await r.rotate_partner_embed_key(info, input_dict(input))
