"""Companies, contacts, notes, customer groups and custom fields (SPEC A1-A10): the enums of its
GraphQL types."""

from __future__ import annotations

import enum

import strawberry

from graphql_api.models import enums

CompanyStatus = strawberry.enum(
    enums.CompanyStatus, description="CURRENT customers buy; PROSPECT ones are being courted."
)


Temperature = strawberry.enum(
    enums.Temperature, description="How likely a company is to buy, as judged by the seller."
)


NotePriority = strawberry.enum(
    enums.NotePriority, description="Priority of a note; lists show HIGH, then MEDIUM, then NONE."
)


AddressKind = strawberry.enum(enums.AddressKind, description="What an address is used for.")


TaxIdKind = strawberry.enum(
    enums.TaxIdKind,
    description="CNPJ (Brazilian company), CPF (Brazilian individual), IE and IM (Brazilian "
    "state and municipal registrations), VAT (EU VAT number).",
)


CustomFieldType = strawberry.enum(
    enums.CustomFieldType, description="The type that custom field values must have."
)


CustomFieldTarget = strawberry.enum(
    enums.CustomFieldTarget, description="What a custom field is attached to."
)


@strawberry.enum(description="Orders of the companies list.")
class CompanySort(enum.Enum):
    NAME_ASC = "NAME_ASC"
    NAME_DESC = "NAME_DESC"
    CREATED_AT_DESC = "CREATED_AT_DESC"
    CREATED_AT_ASC = "CREATED_AT_ASC"
    UPDATED_AT_DESC = "UPDATED_AT_DESC"


AccessState = strawberry.enum(
    enums.AccessState,
    description="Access of a contact's email: NOT_CREATED, INVITED (link sent), ACTIVE, BLOCKED.",
)


ApprovalStatus = strawberry.enum(
    enums.ApprovalStatus,
    description="Registration approval: NEW (waiting), VALIDATED, CANCELLED (refused).",
)


@strawberry.enum(description="What a contact does for its company.")
class ContactRole(enum.Enum):
    PURCHASING = "PURCHASING"
    BILLING = "BILLING"
    SHIPPING = "SHIPPING"
    SUPPORT = "SUPPORT"
