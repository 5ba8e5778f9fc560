"""Companies, contacts, notes, customer groups and custom fields (SPEC A1-A10): the enums of its
GraphQL types."""

from __future__ import annotations

import enum

import strawberry

from graphql_api.models.enums import (
    AccessState,
    AddressKind,
    ApprovalStatus,
    CompanyStatus,
    CustomFieldTarget,
    CustomFieldType,
    NotePriority,
    TaxIdKind,
    Temperature,
)

# strawberry.enum registers a StrEnum of the models or services in place and returns the same
# class; the GraphQL types annotate with that class, imported from this module.
strawberry.enum(
    CompanyStatus, description="CURRENT customers buy; PROSPECT ones are being courted."
)


strawberry.enum(Temperature, description="How likely a company is to buy, as judged by the seller.")


strawberry.enum(
    NotePriority, description="Priority of a note; lists show HIGH, then MEDIUM, then NONE."
)


strawberry.enum(AddressKind, description="What an address is used for.")


strawberry.enum(
    TaxIdKind,
    description="CNPJ (Brazilian company), CPF (Brazilian individual), IE and IM (Brazilian "
    "state and municipal registrations), VAT (EU VAT number).",
)


strawberry.enum(CustomFieldType, description="The type that custom field values must have.")


strawberry.enum(CustomFieldTarget, description="What a custom field is attached to.")


@strawberry.enum(description="Orders of the companies list.")
class CompanySort(enum.Enum):
    NAME_ASC = "NAME_ASC"
    NAME_DESC = "NAME_DESC"
    CREATED_AT_DESC = "CREATED_AT_DESC"
    CREATED_AT_ASC = "CREATED_AT_ASC"
    UPDATED_AT_DESC = "UPDATED_AT_DESC"


strawberry.enum(
    AccessState,
    description="Access of a contact's email: NOT_CREATED, INVITED (link sent), ACTIVE, BLOCKED.",
)


strawberry.enum(
    ApprovalStatus,
    description="Registration approval: NEW (waiting), VALIDATED, CANCELLED (refused).",
)


@strawberry.enum(description="What a contact does for its company.")
class ContactRole(enum.Enum):
    PURCHASING = "PURCHASING"
    BILLING = "BILLING"
    SHIPPING = "SHIPPING"
    SUPPORT = "SUPPORT"
