"""Partner OAuth clients (SPEC B9): mutation payloads (the changed object and `userErrors`)."""

from __future__ import annotations

import strawberry

from schema.core.common import ERRORS, UserError
from schema.partners.types import PartnerClient


@strawberry.type(description="Result of creating a partner client.")
class CreatePartnerClientPayload:
    partner_client: PartnerClient | None = strawberry.field(
        description="The new client, when it succeeded."
    )
    client_secret: str | None = strawberry.field(
        description="The client secret. Shown this once: only a hash of it is stored, so keep "
        "it now (a lost secret means creating a new client)."
    )
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of revoking a partner client.")
class RevokePartnerClientPayload:
    partner_client: PartnerClient | None = strawberry.field(
        description="The revoked client, when it succeeded."
    )
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of replacing a partner client's embed key.")
class RotatePartnerEmbedKeyPayload:
    partner_client: PartnerClient | None = strawberry.field(
        description="The client with its new `embedKey`, when it succeeded."
    )
    user_errors: list[UserError] = strawberry.field(description=ERRORS)
