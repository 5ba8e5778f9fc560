"""Companies, contacts, notes, customer groups and custom fields (SPEC A1-A10): its root query and
mutation fields, merged into the roots by schema/root.py. Each field hands its arguments to a
resolver in resolvers/."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from resolvers.companies import companies, contacts, custom_fields, groups, notes
from schema.companies.enums import CompanySort, CompanyStatus, CustomFieldTarget, Temperature
from schema.companies.inputs import (
    AddNoteInput,
    CreateCompanyInput,
    CreateContactInput,
    CreateCustomerGroupInput,
    CreateCustomFieldInput,
    CustomFieldFilter,
    DeleteInput,
    UpdateCompanyInput,
    UpdateContactInput,
    UpdateCustomerGroupInput,
    UpdateNoteInput,
)
from schema.companies.payloads import (
    CompanyPayload,
    ContactPayload,
    CustomerGroupPayload,
    CustomFieldPayload,
    DeletePayload,
    NotePayload,
)
from schema.companies.types import Company, CustomerGroup, CustomFieldDefinition
from schema.core.common import After, Connection, First, arg, connection, input_dict


@strawberry.type(description="Companies, groups and custom fields: the readable part.")
class CompanyQueries:
    @strawberry.field(
        description="Companies of the storefront the caller may see (staff; a sales rep sees "
        "assigned companies only). Filters combine with AND."
    )
    async def companies(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        search: Annotated[
            str | None,
            arg("Part of a name, email, city or phone; ignores case and accents."),
        ] = None,
        status: Annotated[list[CompanyStatus] | None, arg("Only these statuses.")] = None,
        temperature: Annotated[list[Temperature] | None, arg("Only these temperatures.")] = None,
        group_id: Annotated[
            list[strawberry.ID] | None, arg("Only companies in these customer groups.")
        ] = None,
        sales_rep_id: Annotated[
            strawberry.ID | None, arg("Only companies assigned to this sales rep.")
        ] = None,
        custom_fields: Annotated[
            list[CustomFieldFilter] | None, arg("Custom field values to match.")
        ] = None,
        sort: Annotated[CompanySort, arg("Order of the list.")] = CompanySort.NAME_ASC,
    ) -> Connection[Company]:
        page = await companies.company_list(
            info,
            first=first,
            after=after,
            search=search,
            status=status,
            temperature=temperature,
            group_ids=group_id,
            sales_rep_id=sales_rep_id,
            custom_fields=input_dict(custom_fields),
            sort=sort.value,
        )
        return connection(page)

    @strawberry.field(description="One company; null if missing or not visible to the caller.")
    async def company(
        self, info: Info, id: Annotated[strawberry.ID, arg("The company's global ID.")]
    ) -> Company | None:
        return await companies.company_by_id(info, id)

    @strawberry.field(description="Customer groups of the storefront (staff).")
    async def customer_groups(
        self, info: Info, first: First = None, after: After = None
    ) -> Connection[CustomerGroup]:
        return connection(await groups.group_list(info, first=first, after=after))

    @strawberry.field(description="Custom field definitions of the storefront (staff).")
    async def custom_field_definitions(
        self,
        info: Info,
        target: Annotated[
            CustomFieldTarget | None, arg("Only fields of companies or of contacts.")
        ] = None,
    ) -> list[CustomFieldDefinition]:
        return await custom_fields.definitions(info, target.value if target else None)


@strawberry.type(
    description="Companies, contacts, notes, groups, custom fields: the changing part."
)
class CompanyMutations:
    @strawberry.mutation(description="Create a company (staff).")
    async def create_company(
        self, info: Info, input: Annotated[CreateCompanyInput, arg("The company.")]
    ) -> CompanyPayload:
        return await companies.create_company(info, input_dict(input))

    @strawberry.mutation(description="Change a company (staff with access to it).")
    async def update_company(
        self, info: Info, input: Annotated[UpdateCompanyInput, arg("The changes.")]
    ) -> CompanyPayload:
        return await companies.update_company(info, input_dict(input))

    @strawberry.mutation(description="Delete a company and all it owns (admin).")
    async def delete_company(
        self, info: Info, input: Annotated[DeleteInput, arg("The company.")]
    ) -> DeletePayload:
        return await companies.delete_company(info, input_dict(input))

    @strawberry.mutation(description="Add a note to a company.")
    async def add_note(
        self, info: Info, input: Annotated[AddNoteInput, arg("The note.")]
    ) -> NotePayload:
        return await notes.add_note(info, input_dict(input))

    @strawberry.mutation(description="Change a note's text or priority.")
    async def update_note(
        self, info: Info, input: Annotated[UpdateNoteInput, arg("The changes.")]
    ) -> NotePayload:
        return await notes.update_note(info, input_dict(input))

    @strawberry.mutation(description="Delete a note.")
    async def delete_note(
        self, info: Info, input: Annotated[DeleteInput, arg("The note.")]
    ) -> DeletePayload:
        return await notes.delete_note(info, input_dict(input))

    @strawberry.mutation(description="Add a contact to a company.")
    async def create_contact(
        self, info: Info, input: Annotated[CreateContactInput, arg("The contact.")]
    ) -> ContactPayload:
        return await contacts.create_contact(info, input_dict(input))

    @strawberry.mutation(description="Change a contact.")
    async def update_contact(
        self, info: Info, input: Annotated[UpdateContactInput, arg("The changes.")]
    ) -> ContactPayload:
        return await contacts.update_contact(info, input_dict(input))

    @strawberry.mutation(description="Delete a contact.")
    async def delete_contact(
        self, info: Info, input: Annotated[DeleteInput, arg("The contact.")]
    ) -> DeletePayload:
        return await contacts.delete_contact(info, input_dict(input))

    @strawberry.mutation(description="Create a customer group (admin).")
    async def create_customer_group(
        self, info: Info, input: Annotated[CreateCustomerGroupInput, arg("The group.")]
    ) -> CustomerGroupPayload:
        return await groups.create_group(info, input_dict(input))

    @strawberry.mutation(description="Change a customer group (admin).")
    async def update_customer_group(
        self, info: Info, input: Annotated[UpdateCustomerGroupInput, arg("The changes.")]
    ) -> CustomerGroupPayload:
        return await groups.update_group(info, input_dict(input))

    @strawberry.mutation(description="Define a custom field for companies or contacts (admin).")
    async def create_custom_field(
        self, info: Info, input: Annotated[CreateCustomFieldInput, arg("The field.")]
    ) -> CustomFieldPayload:
        return await custom_fields.define(info, input_dict(input))

    @strawberry.mutation(description="Delete a custom field and all its values (admin).")
    async def delete_custom_field(
        self, info: Info, input: Annotated[DeleteInput, arg("The field.")]
    ) -> DeletePayload:
        return await custom_fields.delete(info, input_dict(input))
