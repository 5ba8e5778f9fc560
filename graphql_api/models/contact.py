from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields

from graphql_api.models.base import TimestampedModel
from graphql_api.models.enums import AccessState

if TYPE_CHECKING:
    from graphql_api.models.company import Company
    from graphql_api.models.storefront import Storefront


class Contact(TimestampedModel):
    """A person at a company, with roles and, once access is created, a sign-in."""

    company: fields.ForeignKeyRelation[Company] = fields.ForeignKeyField(
        "models.Company", related_name="contacts"
    )
    company_id: int
    storefront: fields.ForeignKeyRelation[Storefront] = fields.ForeignKeyField(
        "models.Storefront", related_name="contacts"
    )
    storefront_id: int
    first_name = fields.CharField(max_length=100)
    last_name = fields.CharField(max_length=100, default="")
    email = fields.CharField(max_length=254)
    phone = fields.CharField(max_length=20, null=True)
    job_title = fields.CharField(max_length=120, null=True)
    is_purchasing = fields.BooleanField(default=False)
    is_billing = fields.BooleanField(default=False)
    is_shipping = fields.BooleanField(default=False)
    is_support = fields.BooleanField(default=False)
    # The company id while this contact holds PURCHASING, else null. Its unique index is what
    # lets the database itself refuse a second purchasing contact, on SQLite and PostgreSQL alike
    # (NULLs never collide, and Tortoise builds no partial indexes on SQLite).
    purchasing_company_id = fields.IntField(null=True, unique=True)
    access_state = fields.CharEnumField(AccessState, max_length=12, default=AccessState.NOT_CREATED)
    password_hash = fields.CharField(max_length=255, null=True)
    # Bumped to revoke every token issued before: block, logout, password change.
    token_version = fields.IntField(default=1)
    last_access_at = fields.DatetimeField(null=True)

    class Meta:
        table = "contact"
        unique_together = (("storefront", "email"),)
        indexes = (("company_id",),)
