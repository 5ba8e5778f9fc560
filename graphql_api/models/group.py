from tortoise import fields

from graphql_api.models.base import TimestampedModel


class CustomerGroup(TimestampedModel):
    """A segment of companies that shares prices, visibility and commercial policies."""

    storefront = fields.ForeignKeyField("models.Storefront", related_name="groups")
    name = fields.CharField(max_length=120)
    description = fields.TextField(default="")
    discount_percent = fields.DecimalField(max_digits=5, decimal_places=2, default=0)

    class Meta:
        table = "customer_group"
        unique_together = (("storefront", "name"),)
