"""Companies, contacts, notes, customer groups and custom fields (SPEC A1-A10): the inputs of its
mutations and filters."""

from __future__ import annotations

from decimal import Decimal

import strawberry
from strawberry import UNSET

from schema.companies.enums import (
    AddressKind,
    CompanyStatus,
    ContactRole,
    CustomFieldTarget,
    CustomFieldType,
    NotePriority,
    TaxIdKind,
    Temperature,
)


@strawberry.input(description="A postal address.")
class AddressInput:
    street: str = strawberry.field(description="Street name.")
    city: str = strawberry.field(description="City.")
    postal_code: str = strawberry.field(description="Postal code; checked for BR, PT, ES, RO.")
    country: str = strawberry.field(description="ISO 3166-1 alpha-2 code, e.g. BR.")
    kind: AddressKind = strawberry.field(default=AddressKind.MAIN, description="Use of it.")
    number: str | None = strawberry.field(default=None, description="Street number.")
    complement: str | None = strawberry.field(default=None, description="Suite, floor.")
    district: str | None = strawberry.field(default=None, description="District (bairro).")
    state: str | None = strawberry.field(default=None, description="State, province or county.")


@strawberry.input(description="A tax identifier; validated by kind and the company's country.")
class TaxIdInput:
    kind: TaxIdKind = strawberry.field(description="Which identifier.")
    value: str = strawberry.field(description="The value; punctuation is accepted.")


@strawberry.input(description="An email address with a label.")
class EmailInput:
    email: str = strawberry.field(description="The address.")
    label: str | None = strawberry.field(default=None, description="What it is for.")


@strawberry.input(description="A phone number with a label.")
class PhoneInput:
    number: str = strawberry.field(description="The number, with country code, e.g. +55 11 ...")
    label: str | None = strawberry.field(default=None, description="What it is for.")
    whatsapp: bool = strawberry.field(default=False, description="Takes WhatsApp messages.")


@strawberry.input(description="A custom field value; an empty value removes it.")
class CustomFieldValueInput:
    key: str = strawberry.field(description="The field's key.")
    value: str | None = strawberry.field(description="The value as text (see CustomFieldValue).")


@strawberry.input(description="Companies whose custom field `key` equals `value`.")
class CustomFieldFilter:
    key: str = strawberry.field(description="The field's key.")
    value: str = strawberry.field(description="The value to match, in the field's type.")


@strawberry.input(description="A new company. Lists replace what the company had.")
class CreateCompanyInput:
    legal_name: str = strawberry.field(description="Legal name (razão social).")
    trade_name: str | None = strawberry.field(default=UNSET, description="Trade name.")
    is_individual: bool | None = strawberry.field(
        default=UNSET, description="An individual identified by CPF rather than a firm."
    )
    responsible_first_name: str | None = strawberry.field(
        default=UNSET, description="Responsible person's first name."
    )
    responsible_last_name: str | None = strawberry.field(
        default=UNSET, description="Responsible person's last name."
    )
    responsible_phone: str | None = strawberry.field(
        default=UNSET, description="Responsible person's WhatsApp or phone."
    )
    status: CompanyStatus | None = strawberry.field(default=UNSET, description="Default PROSPECT.")
    temperature: Temperature | None = strawberry.field(default=UNSET, description="Default WARM.")
    group_id: strawberry.ID | None = strawberry.field(default=UNSET, description="Customer group.")
    sales_rep_id: strawberry.ID | None = strawberry.field(
        default=UNSET,
        description="Sales rep (admins only). A rep's new company is assigned to that rep.",
    )
    preferred_currency: str | None = strawberry.field(default=UNSET, description="ISO 4217 code.")
    preferred_language: str | None = strawberry.field(
        default=UNSET, description="pt-BR, es, ro or en."
    )
    discount_percent: Decimal | None = strawberry.field(default=UNSET, description="0 to 100.")
    tax_ids: list[TaxIdInput] | None = strawberry.field(default=UNSET, description="Tax ids.")
    addresses: list[AddressInput] | None = strawberry.field(
        default=UNSET, description="Addresses; at most one MAIN."
    )
    emails: list[EmailInput] | None = strawberry.field(default=UNSET, description="Emails.")
    phones: list[PhoneInput] | None = strawberry.field(default=UNSET, description="Phones.")
    custom_fields: list[CustomFieldValueInput] | None = strawberry.field(
        default=UNSET, description="Custom field values; required fields must be present."
    )


@strawberry.input(description="Changes to a company: only the fields given change.")
class UpdateCompanyInput:
    id: strawberry.ID = strawberry.field(description="The company.")
    legal_name: str | None = strawberry.field(default=UNSET, description="Legal name.")
    trade_name: str | None = strawberry.field(default=UNSET, description="Trade name.")
    is_individual: bool | None = strawberry.field(default=UNSET, description="Individual or firm.")
    responsible_first_name: str | None = strawberry.field(default=UNSET, description="First name.")
    responsible_last_name: str | None = strawberry.field(default=UNSET, description="Last name.")
    responsible_phone: str | None = strawberry.field(default=UNSET, description="WhatsApp/phone.")
    status: CompanyStatus | None = strawberry.field(default=UNSET, description="Status.")
    temperature: Temperature | None = strawberry.field(default=UNSET, description="Temperature.")
    group_id: strawberry.ID | None = strawberry.field(
        default=UNSET, description="Customer group; null removes it."
    )
    sales_rep_id: strawberry.ID | None = strawberry.field(
        default=UNSET, description="Sales rep (admins only); null unassigns."
    )
    preferred_currency: str | None = strawberry.field(default=UNSET, description="ISO 4217.")
    preferred_language: str | None = strawberry.field(default=UNSET, description="Language.")
    discount_percent: Decimal | None = strawberry.field(default=UNSET, description="0 to 100.")
    tax_ids: list[TaxIdInput] | None = strawberry.field(
        default=UNSET, description="Replaces all tax ids."
    )
    addresses: list[AddressInput] | None = strawberry.field(
        default=UNSET, description="Replaces all addresses."
    )
    emails: list[EmailInput] | None = strawberry.field(
        default=UNSET, description="Replaces all emails."
    )
    phones: list[PhoneInput] | None = strawberry.field(
        default=UNSET, description="Replaces all phones."
    )
    custom_fields: list[CustomFieldValueInput] | None = strawberry.field(
        default=UNSET, description="Sets the named custom fields; others keep their value."
    )


@strawberry.input(description="Which object to delete.")
class DeleteInput:
    id: strawberry.ID = strawberry.field(description="Global ID of the object.")


@strawberry.input(description="A new note on a company.")
class AddNoteInput:
    company_id: strawberry.ID = strawberry.field(description="The company.")
    body: str = strawberry.field(description="Text of the note.")
    priority: NotePriority = strawberry.field(
        default=NotePriority.NONE, description="HIGH, MEDIUM or NONE."
    )


@strawberry.input(description="Changes to a note.")
class UpdateNoteInput:
    id: strawberry.ID = strawberry.field(description="The note.")
    body: str | None = strawberry.field(default=None, description="New text.")
    priority: NotePriority | None = strawberry.field(default=None, description="New priority.")


@strawberry.input(description="A new contact at a company.")
class CreateContactInput:
    company_id: strawberry.ID = strawberry.field(description="The company.")
    first_name: str = strawberry.field(description="First name.")
    email: str = strawberry.field(description="Email, unique in the storefront.")
    last_name: str | None = strawberry.field(default=UNSET, description="Last name.")
    phone: str | None = strawberry.field(default=UNSET, description="Phone with country code.")
    job_title: str | None = strawberry.field(default=UNSET, description="Job title.")
    roles: list[ContactRole] | None = strawberry.field(
        default=UNSET, description="Roles; at most one PURCHASING contact per company."
    )
    custom_fields: list[CustomFieldValueInput] | None = strawberry.field(
        default=UNSET, description="Contact custom field values."
    )


@strawberry.input(description="Changes to a contact.")
class UpdateContactInput:
    id: strawberry.ID = strawberry.field(description="The contact.")
    first_name: str | None = strawberry.field(default=UNSET, description="First name.")
    last_name: str | None = strawberry.field(default=UNSET, description="Last name.")
    email: str | None = strawberry.field(default=UNSET, description="Email.")
    phone: str | None = strawberry.field(default=UNSET, description="Phone.")
    job_title: str | None = strawberry.field(default=UNSET, description="Job title.")
    roles: list[ContactRole] | None = strawberry.field(
        default=UNSET, description="Replaces the roles; at most one PURCHASING per company."
    )
    custom_fields: list[CustomFieldValueInput] | None = strawberry.field(
        default=UNSET, description="Contact custom field values to set."
    )


@strawberry.input(description="A new customer group.")
class CreateCustomerGroupInput:
    name: str = strawberry.field(description="Name, unique in the storefront.")
    description: str | None = strawberry.field(default=UNSET, description="What it is for.")
    discount_percent: Decimal | None = strawberry.field(default=UNSET, description="0 to 100.")


@strawberry.input(description="Changes to a customer group.")
class UpdateCustomerGroupInput:
    id: strawberry.ID = strawberry.field(description="The group.")
    name: str | None = strawberry.field(default=UNSET, description="Name.")
    description: str | None = strawberry.field(default=UNSET, description="Description.")
    discount_percent: Decimal | None = strawberry.field(default=UNSET, description="0 to 100.")


@strawberry.input(description="A new custom field.")
class CreateCustomFieldInput:
    key: str = strawberry.field(description="Key: lower-case letters, digits and _.")
    label: str = strawberry.field(description="Label shown to people.")
    type: CustomFieldType = strawberry.field(description="Type of the values.")
    target: CustomFieldTarget = strawberry.field(
        default=CustomFieldTarget.COMPANY, description="Companies or contacts."
    )
    required: bool = strawberry.field(default=False, description="Whether a value is required.")
    choices: list[str] | None = strawberry.field(
        default=UNSET, description="Allowed values, for CHOICE fields only."
    )
