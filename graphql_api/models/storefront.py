from tortoise import fields

from graphql_api.models.base import TimestampedModel


class Storefront(TimestampedModel):
    """One catalog a seller runs: companies, contacts and settings belong to one storefront."""

    slug = fields.CharField(max_length=60, unique=True)
    name = fields.CharField(max_length=200)
    default_currency = fields.CharField(max_length=3, default="BRL")
    default_language = fields.CharField(max_length=10, default="pt-BR")
    is_default = fields.BooleanField(default=False)

    class Meta:
        table = "storefront"
