"""Companies, contacts, notes, customer groups and custom fields (SPEC A1-A10): the object types,
thin views over domain objects; field values come from the resolvers named on each field, or are
plain attributes of the model."""

from __future__ import annotations

import datetime
from decimal import Decimal

import strawberry

from graphql_api import models
from resolvers.companies import companies as r
from resolvers.companies import contacts as contact_r
from resolvers.companies import custom_fields as field_r
from resolvers.companies import groups as group_r
from resolvers.companies import notes as note_r
from resolvers.identity import resolvers as identity_r
from resolvers.nodes import global_id
from schema.companies.enums import (
    AccessState,
    AddressKind,
    ApprovalStatus,
    CompanyStatus,
    ContactRole,
    CustomFieldTarget,
    CustomFieldType,
    NotePriority,
    TaxIdKind,
    Temperature,
)
from schema.core.common import Node, instance_of
from schema.identity.staff import StaffUser


@strawberry.type(description="A segment of companies that shares prices, visibility and policies.")
class CustomerGroup(Node):
    id: strawberry.ID = strawberry.field(resolver=global_id, description="Global ID.")
    name: str = strawberry.field(description="Name, unique in the storefront.")
    description: str = strawberry.field(description="What the group is for.")
    discount_percent: Decimal = strawberry.field(
        description="Discount applied to members that have none of their own (0-100)."
    )
    company_count: int = strawberry.field(
        resolver=group_r.group_company_count, description="How many companies are in the group."
    )
    is_type_of = instance_of(models.CustomerGroup)


@strawberry.type(description="A postal address of a company.")
class Address:
    id: strawberry.ID = strawberry.field(
        resolver=global_id, description="Global ID, for placeOrder's shippingAddressId."
    )
    kind: AddressKind = strawberry.field(description="MAIN, BILLING or SHIPPING.")
    street: str = strawberry.field(description="Street name.")
    number: str | None = strawberry.field(description="Street number.")
    complement: str | None = strawberry.field(description="Suite, floor, building.")
    district: str | None = strawberry.field(description="District or neighbourhood (bairro).")
    city: str = strawberry.field(description="City.")
    state: str | None = strawberry.field(description="State, province or county.")
    postal_code: str = strawberry.field(description="Postal code, normalised for the country.")
    country: str = strawberry.field(description="ISO 3166-1 alpha-2 country code.")


@strawberry.type(description="A tax identifier of a company.")
class TaxId:
    kind: TaxIdKind = strawberry.field(description="Which identifier this is.")
    value: str = strawberry.field(description="Canonical value, without punctuation.")
    formatted: str = strawberry.field(
        resolver=r.tax_id_formatted,
        description="Value as usually written, e.g. 11.222.333/0001-81.",
    )


@strawberry.type(description="An email address of a company.")
class CompanyEmail:
    email: str = strawberry.field(description="The address, lower-cased.")
    label: str = strawberry.field(description="What it is for, e.g. purchasing, billing.")


@strawberry.type(description="A phone number of a company.")
class CompanyPhone:
    number: str = strawberry.field(description="Number in international form, e.g. +5511987654321.")
    label: str = strawberry.field(description="What it is for, e.g. mobile, office.")
    whatsapp: bool = strawberry.field(description="Whether the number takes WhatsApp messages.")


@strawberry.type(description="An admin-defined extra field for companies or contacts.")
class CustomFieldDefinition(Node):
    id: strawberry.ID = strawberry.field(resolver=global_id, description="Global ID.")
    key: str = strawberry.field(description="Stable key used in inputs and filters.")
    label: str = strawberry.field(description="Label shown to people.")
    type: CustomFieldType = strawberry.field(description="Type values must have.")
    target: CustomFieldTarget = strawberry.field(description="Companies or contacts.")
    required: bool = strawberry.field(description="Whether every record must have a value.")
    choices: list[str] = strawberry.field(description="Allowed values of a CHOICE field.")
    is_type_of = instance_of(models.CustomFieldDefinition)


@strawberry.type(description="The value of a custom field on a record.")
class CustomFieldValue:
    key: str = strawberry.field(resolver=field_r.value_key, description="The field's key.")
    value: str = strawberry.field(
        resolver=field_r.value_text,
        description="Canonical text: numbers plain (1200.5), dates YYYY-MM-DD, booleans "
        "true/false.",
    )
    definition: CustomFieldDefinition = strawberry.field(
        resolver=field_r.value_definition, description="The field's definition."
    )


@strawberry.type(description="A note staff keep about a company.")
class Note(Node):
    id: strawberry.ID = strawberry.field(resolver=global_id, description="Global ID.")
    body: str = strawberry.field(description="The text of the note.")
    priority: NotePriority = strawberry.field(description="HIGH, MEDIUM or NONE.")
    created_at: datetime.datetime = strawberry.field(description="When it was written.")
    updated_at: datetime.datetime = strawberry.field(description="When it last changed.")
    company: Company | None = strawberry.field(
        resolver=note_r.note_company, description="The company the note is about."
    )
    is_type_of = instance_of(models.Note)


@strawberry.type(description="A person at a company.")
class Contact(Node):
    id: strawberry.ID = strawberry.field(resolver=global_id, description="Global ID.")
    first_name: str = strawberry.field(description="First name.")
    last_name: str = strawberry.field(description="Last name.")
    email: str = strawberry.field(description="Email, unique in the storefront.")
    phone: str | None = strawberry.field(description="Phone in international form.")
    job_title: str | None = strawberry.field(description="Job title.")
    roles: list[ContactRole] = strawberry.field(  # type: ignore[assignment]  # role names, as the enum's values
        resolver=identity_r.contact_roles,
        description="What the contact does: at most one PURCHASING contact per company.",
    )
    access_state: AccessState = strawberry.field(description="Access of the contact's email.")
    last_access_at: datetime.datetime | None = strawberry.field(
        description="When the contact last signed in."
    )
    company: Company | None = strawberry.field(
        resolver=contact_r.contact_company, description="The company the contact belongs to."
    )
    custom_fields: list[CustomFieldValue] = strawberry.field(
        resolver=contact_r.contact_custom_fields, description="Values of contact custom fields."
    )
    is_type_of = instance_of(models.Contact)


@strawberry.type(description="How many emails of a company have access, and when one last used it.")
class AccessSummary:
    emails_with_access: int = strawberry.field(description="Contacts INVITED or ACTIVE.")
    last_access_at: datetime.datetime | None = strawberry.field(
        description="Most recent sign-in of any of its contacts."
    )


@strawberry.type(description="A business customer, or an individual buying as one.")
class Company(Node):
    id: strawberry.ID = strawberry.field(resolver=global_id, description="Global ID.")
    legal_name: str = strawberry.field(description="Legal name (razão social).")
    trade_name: str | None = strawberry.field(description="Trade name (nome fantasia).")
    display_name: str = strawberry.field(
        resolver=r.company_display_name, description="Trade name if set, else legal name."
    )
    is_individual: bool = strawberry.field(description="An individual (CPF) rather than a firm.")
    responsible_first_name: str = strawberry.field(description="Responsible person: first name.")
    responsible_last_name: str = strawberry.field(description="Responsible person: last name.")
    responsible_phone: str | None = strawberry.field(
        description="Responsible person: WhatsApp or phone, international form."
    )
    status: CompanyStatus = strawberry.field(description="CURRENT customer or PROSPECT.")
    temperature: Temperature = strawberry.field(description="HOT, WARM, COLD, NOT_INTERESTED.")
    preferred_currency: str | None = strawberry.field(description="ISO 4217 currency code.")
    preferred_language: str | None = strawberry.field(description="pt-BR, es, ro or en.")
    discount_percent: Decimal = strawberry.field(description="Company discount, 0-100.")
    approval_status: ApprovalStatus = strawberry.field(
        description="VALIDATED, or NEW / CANCELLED for self-registrations awaiting or refused."
    )
    access_summary: AccessSummary = strawberry.field(
        resolver=identity_r.company_access_summary,
        description="How many of its emails have access, and the last access.",
    )
    created_at: datetime.datetime = strawberry.field(description="When the record was created.")
    updated_at: datetime.datetime = strawberry.field(description="When it last changed.")
    group: CustomerGroup | None = strawberry.field(
        resolver=r.company_group, description="The customer group."
    )
    sales_rep: StaffUser | None = strawberry.field(
        resolver=r.company_sales_rep, description="The sales rep the company is assigned to."
    )
    tax_ids: list[TaxId] = strawberry.field(resolver=r.company_tax_ids, description="Tax ids.")
    addresses: list[Address] = strawberry.field(
        resolver=r.company_addresses, description="Addresses, MAIN first as entered."
    )
    emails: list[CompanyEmail] = strawberry.field(
        resolver=r.company_emails, description="Email addresses."
    )
    phones: list[CompanyPhone] = strawberry.field(
        resolver=r.company_phones, description="Phone numbers."
    )
    contacts: list[Contact] = strawberry.field(
        resolver=r.company_contacts, description="People at the company."
    )
    notes: list[Note] = strawberry.field(  # type: ignore[assignment]  # the resolver returns the models this type views
        resolver=r.company_notes, description="Notes: HIGH, then MEDIUM, then NONE; newest first."
    )
    top_note: Note | None = strawberry.field(
        resolver=r.company_top_note,
        description="The first note in that order: the preview shown on list items.",
    )
    custom_fields: list[CustomFieldValue] = strawberry.field(
        resolver=r.company_custom_fields, description="Values of company custom fields."
    )
    is_type_of = instance_of(models.Company)
