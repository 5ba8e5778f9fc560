from tortoise import fields

from graphql_api.models.base import TimestampedModel
from graphql_api.models.enums import CustomFieldTarget, CustomFieldType


class CustomFieldDefinition(TimestampedModel):
    """An extra field an admin adds to companies or contacts."""

    storefront = fields.ForeignKeyField("models.Storefront", related_name="custom_fields")
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

    definition = fields.ForeignKeyField("models.CustomFieldDefinition", related_name="values")
    company = fields.ForeignKeyField(
        "models.Company", related_name="custom_values", null=True, on_delete=fields.CASCADE
    )
    contact = fields.ForeignKeyField(
        "models.Contact", related_name="custom_values", null=True, on_delete=fields.CASCADE
    )
    value = fields.CharField(max_length=500)

    class Meta:
        table = "custom_field_value"
        unique_together = (("definition", "company"), ("definition", "contact"))
        indexes = (("definition_id", "value"), ("company_id",), ("contact_id",))
