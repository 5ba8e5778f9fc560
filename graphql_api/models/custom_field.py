from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields

from graphql_api.models.base import TimestampedModel
from graphql_api.models.enums import CustomFieldTarget, CustomFieldType

if TYPE_CHECKING:
    from graphql_api.models.company import Company
    from graphql_api.models.contact import Contact
    from graphql_api.models.storefront import Storefront


class CustomFieldDefinition(TimestampedModel):
    """An extra field an admin adds to companies or contacts."""

    storefront: fields.ForeignKeyRelation[Storefront] = fields.ForeignKeyField(
        "models.Storefront", related_name="custom_fields"
    )
    storefront_id: int
    target = fields.CharEnumField(CustomFieldTarget, max_length=10)
    key = fields.CharField(max_length=60)
    label = fields.CharField(max_length=120)
    type = fields.CharEnumField(CustomFieldType, max_length=10)
    required = fields.BooleanField(default=False)
    choices: fields.Field[list[str]] = fields.JSONField(default=list)
    position = fields.IntField(default=0)

    class Meta:
        table = "custom_field_definition"
        unique_together = (("storefront", "target", "key"),)


class CustomFieldValue(TimestampedModel):
    """A value in canonical text form (numbers as plain decimals, dates ISO, booleans true/false),
    so equality filters are one indexed comparison whatever the type."""

    definition: fields.ForeignKeyRelation[CustomFieldDefinition] = fields.ForeignKeyField(
        "models.CustomFieldDefinition", related_name="values"
    )
    definition_id: int
    company: fields.ForeignKeyNullableRelation[Company] = fields.ForeignKeyField(
        "models.Company", related_name="custom_values", null=True, on_delete=fields.CASCADE
    )
    company_id: int | None
    contact: fields.ForeignKeyNullableRelation[Contact] = fields.ForeignKeyField(
        "models.Contact", related_name="custom_values", null=True, on_delete=fields.CASCADE
    )
    contact_id: int | None
    value = fields.CharField(max_length=500)

    class Meta:
        table = "custom_field_value"
        unique_together = (("definition", "company"), ("definition", "contact"))
        indexes = (("definition_id", "value"), ("company_id",), ("contact_id",))
