from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields

from graphql_api.models.base import TimestampedModel

if TYPE_CHECKING:
    from graphql_api.models.storefront import Storefront


class CustomerGroup(TimestampedModel):
    """A segment of companies that shares prices, visibility and commercial policies."""

    storefront: fields.ForeignKeyRelation[Storefront] = fields.ForeignKeyField(
        "models.Storefront", related_name="groups"
    )
    storefront_id: int
    name = fields.CharField(max_length=120)
    description = fields.TextField(default="")
    discount_percent = fields.DecimalField(max_digits=5, decimal_places=2, default=0)

    class Meta:
        table = "customer_group"
        unique_together = (("storefront", "name"),)
