from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields

from graphql_api.models.base import TimestampedModel
from graphql_api.models.enums import (
    AddressKind,
    ApprovalStatus,
    CompanyStatus,
    NotePriority,
    TaxIdKind,
    Temperature,
)

if TYPE_CHECKING:
    from graphql_api.models.group import CustomerGroup
    from graphql_api.models.staff import StaffUser
    from graphql_api.models.storefront import Storefront


class Company(TimestampedModel):
    """A business customer (or an individual buying as one)."""

    storefront: fields.ForeignKeyRelation[Storefront] = fields.ForeignKeyField(
        "models.Storefront", related_name="companies"
    )
    storefront_id: int
    legal_name = fields.CharField(max_length=200)
    trade_name = fields.CharField(max_length=200, null=True)
    is_individual = fields.BooleanField(default=False)
    responsible_first_name = fields.CharField(max_length=100, default="")
    responsible_last_name = fields.CharField(max_length=100, default="")
    responsible_phone = fields.CharField(max_length=20, null=True)
    status = fields.CharEnumField(CompanyStatus, max_length=20, default=CompanyStatus.PROSPECT)
    temperature = fields.CharEnumField(Temperature, max_length=20, default=Temperature.WARM)
    group: fields.ForeignKeyNullableRelation[CustomerGroup] = fields.ForeignKeyField(
        "models.CustomerGroup", related_name="companies", null=True, on_delete=fields.SET_NULL
    )
    group_id: int | None
    sales_rep: fields.ForeignKeyNullableRelation[StaffUser] = fields.ForeignKeyField(
        "models.StaffUser", related_name="companies", null=True, on_delete=fields.SET_NULL
    )
    sales_rep_id: int | None
    preferred_currency = fields.CharField(max_length=3, null=True)
    preferred_language = fields.CharField(max_length=10, null=True)
    discount_percent = fields.DecimalField(max_digits=5, decimal_places=2, default=0)
    # Buyers who register where approval is required start NEW; staff-made ones are VALIDATED.
    approval_status = fields.CharEnumField(
        ApprovalStatus, max_length=10, default=ApprovalStatus.VALIDATED
    )
    # Lower-cased, accent-free text of names, emails and phone digits: the same LIKE works on
    # SQLite and PostgreSQL without extensions.
    search_text = fields.TextField(default="")
    # Folded legal name: sorting by name ignores case and accents on both engines.
    name_key = fields.CharField(max_length=200, default="")

    class Meta:
        table = "company"
        indexes = (("storefront_id", "status", "temperature"), ("storefront_id", "name_key"))


class Address(TimestampedModel):
    company: fields.ForeignKeyRelation[Company] = fields.ForeignKeyField(
        "models.Company", related_name="addresses"
    )
    company_id: int
    kind = fields.CharEnumField(AddressKind, max_length=20, default=AddressKind.MAIN)
    street = fields.CharField(max_length=200)
    number = fields.CharField(max_length=20, null=True)
    complement = fields.CharField(max_length=120, null=True)
    district = fields.CharField(max_length=120, null=True)
    city = fields.CharField(max_length=120)
    state = fields.CharField(max_length=120, null=True)
    postal_code = fields.CharField(max_length=12)
    country = fields.CharField(max_length=2)
    position = fields.IntField(default=0)

    class Meta:
        table = "company_address"
        indexes = (("company_id", "position"),)


class TaxId(TimestampedModel):
    company: fields.ForeignKeyRelation[Company] = fields.ForeignKeyField(
        "models.Company", related_name="tax_ids"
    )
    company_id: int
    kind = fields.CharEnumField(TaxIdKind, max_length=10)
    value = fields.CharField(max_length=20)
    # The company's storefront id when the kind names one company only (CNPJ, CPF, VAT), else
    # null: the unique key below then holds per storefront for those kinds, and NULLs never
    # collide, so shared kinds (IE, IM) stay free. An index cannot reach company.storefront_id.
    unique_storefront_id = fields.IntField(null=True)

    class Meta:
        table = "company_tax_id"
        unique_together = (("company", "kind"), ("unique_storefront_id", "kind", "value"))
        indexes = (("kind", "value"),)


class CompanyEmail(TimestampedModel):
    company: fields.ForeignKeyRelation[Company] = fields.ForeignKeyField(
        "models.Company", related_name="emails"
    )
    company_id: int
    email = fields.CharField(max_length=254)
    label = fields.CharField(max_length=60, default="")
    position = fields.IntField(default=0)

    class Meta:
        table = "company_email"
        indexes = (("company_id", "position"),)


class CompanyPhone(TimestampedModel):
    company: fields.ForeignKeyRelation[Company] = fields.ForeignKeyField(
        "models.Company", related_name="phones"
    )
    company_id: int
    number = fields.CharField(max_length=20)
    label = fields.CharField(max_length=60, default="")
    whatsapp = fields.BooleanField(default=False)
    position = fields.IntField(default=0)

    class Meta:
        table = "company_phone"
        indexes = (("company_id", "position"),)


class Note(TimestampedModel):
    company: fields.ForeignKeyRelation[Company] = fields.ForeignKeyField(
        "models.Company", related_name="notes"
    )
    company_id: int
    author: fields.ForeignKeyNullableRelation[StaffUser] = fields.ForeignKeyField(
        "models.StaffUser", related_name="notes", null=True, on_delete=fields.SET_NULL
    )
    author_id: int | None
    body = fields.TextField()
    priority = fields.CharEnumField(NotePriority, max_length=10, default=NotePriority.NONE)
    # 0 = HIGH, 1 = MEDIUM, 2 = NONE: lets the database order by priority on both engines.
    priority_rank = fields.SmallIntField(default=2)

    class Meta:
        table = "company_note"
        indexes = (("company_id", "priority_rank", "created_at"),)
