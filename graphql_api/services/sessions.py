"""From a bearer token to the principal of a request: one dispatch for every kind of token."""

from __future__ import annotations

from graphql_api.auth.principal import ANONYMOUS, Principal
from graphql_api.auth.tokens import InvalidToken, TokenSigner
from graphql_api.services.access import contact_principal
from graphql_api.services.carts import GUEST_TOKEN_KIND, guest_principal
from graphql_api.services.partners import partner_principal
from graphql_api.services.quick_links import LINK_TOKEN_KIND, link_principal
from graphql_api.services.staff import staff_principal


async def principal_from_token(signer: TokenSigner, token: str | None) -> Principal:
    """The caller behind a bearer token; InvalidToken when it is bad, expired or revoked.
    Each kind's check runs against the database, so a block or logout takes effect on the very
    next request."""
    if not token:
        return ANONYMOUS
    claims = signer.read(token)
    if claims.kind == "staff":
        return await staff_principal(claims)
    if claims.kind == "contact":
        return await contact_principal(claims)
    if claims.kind == "partner":
        return await partner_principal(claims)
    if claims.kind == GUEST_TOKEN_KIND:
        return guest_principal(claims)
    if claims.kind == LINK_TOKEN_KIND:
        return await link_principal(claims)
    raise InvalidToken("unknown token kind")
