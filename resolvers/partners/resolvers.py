"""Partner OAuth clients (SPEC B9): the admin's list, creation and revocation."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from strawberry.types import Info

from graphql_api.models import PartnerClient, Storefront
from graphql_api.services import partners, permissions
from graphql_api.services.errors import Result, UserError
from graphql_api.services.storefronts import is_slug
from resolvers.lookup import get_by_id
from resolvers.payloads import Outcome, mutation

# GraphQL names storefronts by slug (the same slug as the Vitrine-Storefront header); the
# service takes primary keys. Errors about them point at the GraphQL input field.
_STOREFRONTS_IN = "storefront_ids"
_STOREFRONTS_OUT = "storefronts"


async def partner_clients(info: Info) -> list[PartnerClient]:
    return await partners.list_partner_clients(info.context.principal)


async def storefront_slugs(root: PartnerClient, info: Info) -> list[str]:
    """The client's storefronts as slugs, in the order they were given."""
    found = await info.context.loaders.identity.storefront.load_many(list(root.storefront_ids))
    return [storefront.slug for storefront in found if storefront is not None]


def _renamed(errors: list[UserError]) -> list[UserError]:
    return [
        UserError(e.message, e.code, (_STOREFRONTS_OUT, *e.field[1:]))
        if e.field and e.field[0] == _STOREFRONTS_IN
        else e
        for e in errors
    ]


@mutation("created")
async def _create(info: Info, data: dict[str, Any]) -> Any:
    principal = info.context.principal
    # Refuse before looking anything up, so a non-admin learns nothing about storefronts.
    permissions.require_admin(principal)
    slugs = [str(s) for s in data.get("storefronts") or []]
    # A text that cannot be a slug names no storefront; looking it up would only fail.
    possible = [slug for slug in slugs if is_slug(slug)]
    found = dict(await Storefront.filter(slug__in=possible).values_list("slug", "id"))
    result = await partners.create_partner_client(
        principal,
        {
            "name": data.get("name"),
            "scopes": data.get("scopes"),
            "allowed_origins": data.get("allowed_origins"),
            # An unknown slug becomes id 0, which no row has: the service then reports it at
            # its index along with every other mistake, and creates nothing.
            "storefront_ids": [found.get(slug, 0) for slug in slugs],
        },
    )
    if not result.ok:
        return Result.fail(*_renamed(result.errors))
    assert result.value is not None  # an ok result carries its value
    client, secret = result.value
    return Result(SimpleNamespace(partner_client=client, client_secret=secret))


async def create_partner_client(info: Info, data: dict[str, Any]) -> Outcome:
    outcome = await _create(info, data)
    created = outcome.created  # type: ignore[attr-defined]  # Outcome takes its fields as kwargs
    return Outcome(
        outcome.user_errors,
        partner_client=created.partner_client if created else None,
        client_secret=created.client_secret if created else None,
    )


@mutation("partner_client")
async def revoke_partner_client(info: Info, data: dict[str, Any]) -> Any:
    principal = info.context.principal
    client = await get_by_id(info, PartnerClient, data["id"])
    return await partners.revoke_partner_client(principal, client)


@mutation("partner_client")
async def rotate_partner_embed_key(info: Info, data: dict[str, Any]) -> Any:
    principal = info.context.principal
    # Before the lookup, so a non-admin learns nothing about which clients exist.
    permissions.require_admin(principal)
    client = await get_by_id(info, PartnerClient, data["id"])
    return await partners.rotate_embed_key(principal, client)


async def embed_snippet(root: PartnerClient, info: Info, storefront: str | None) -> str | None:
    """The snippet for one of the client's storefronts (its first by default); null for a
    storefront it is not bound to."""
    permissions.require_admin(info.context.principal)
    ids = list(root.storefront_ids)
    found = await info.context.loaders.identity.storefront.load_many(ids)
    slugs = [s.slug for s in found if s is not None]
    slug = storefront if storefront is not None else (slugs[0] if slugs else None)
    if slug is None or slug not in slugs:
        return None
    return partners.embed_snippet(root, info.context.settings.public_url, slug)
