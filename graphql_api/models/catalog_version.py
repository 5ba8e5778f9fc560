"""The version of what a storefront's catalog reads depend on, for the response cache."""

from __future__ import annotations

from tortoise import fields

from graphql_api.models.base import TimestampedModel
from graphql_api.models.storefront import Storefront


class CatalogVersion(TimestampedModel):
    """One row a storefront. Every write that can change a cached catalog read (products,
    categories, suppliers, price lists, entries and assignments, catalog limits, commercial
    policies, storefront settings, company pricing fields) bumps it in its own transaction
    (services/catalog_versions.py). `stamp` is new at each bump and is what cache keys hold, so
    a database emptied or restored never meets the entries of another with the same count."""

    storefront: fields.OneToOneRelation[Storefront] = fields.OneToOneField(
        "models.Storefront", related_name="catalog_version", on_delete=fields.CASCADE
    )
    storefront_id: int
    version = fields.BigIntField(default=0)
    stamp = fields.CharField(max_length=32)

    class Meta:
        table = "catalog_version"
