from tortoise import fields

from graphql_api.models.base import TimestampedModel


class Contact(TimestampedModel):
    """A person at a company. Access, roles and sign-in are added by the identity models."""

    company = fields.ForeignKeyField("models.Company", related_name="contacts")
    storefront = fields.ForeignKeyField("models.Storefront", related_name="contacts")
    first_name = fields.CharField(max_length=100)
    last_name = fields.CharField(max_length=100, default="")
    email = fields.CharField(max_length=254)
    phone = fields.CharField(max_length=20, null=True)
    job_title = fields.CharField(max_length=120, null=True)

    class Meta:
        table = "contact"
        unique_together = (("storefront", "email"),)
