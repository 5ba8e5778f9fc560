"""Companies, contacts, notes, customer groups and custom fields (SPEC A1-A10): mutation payloads
(the changed object and `userErrors`)."""

from __future__ import annotations

import strawberry

from schema.companies.types import Company, Contact, CustomerGroup, CustomFieldDefinition, Note
from schema.core.common import ERRORS, UserError


@strawberry.type(description="Result of creating or changing a company.")
class CompanyPayload:
    company: Company | None = strawberry.field(description="The company, when it succeeded.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of a deletion.")
class DeletePayload:
    deleted_id: strawberry.ID | None = strawberry.field(description="ID of what was deleted.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of adding or changing a note.")
class NotePayload:
    note: Note | None = strawberry.field(description="The note, when it succeeded.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of creating or changing a contact.")
class ContactPayload:
    contact: Contact | None = strawberry.field(description="The contact, when it succeeded.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of creating or changing a customer group.")
class CustomerGroupPayload:
    customer_group: CustomerGroup | None = strawberry.field(description="The group.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of defining a custom field.")
class CustomFieldPayload:
    definition: CustomFieldDefinition | None = strawberry.field(description="The definition.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)
