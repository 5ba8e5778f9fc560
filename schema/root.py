"""The query and mutation roots. Each field hands its arguments to a resolver in resolvers/."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.tools import merge_types
from strawberry.types import Info

from resolvers import nodes
from resolvers.companies import companies, contacts, custom_fields, groups, notes
from resolvers.identity import staff
from schema import inputs as i
from schema import payloads as p
from schema.catalog import CatalogMutations, CatalogQueries
from schema.common import Connection, Node, arg, connection, input_dict
from schema.companies import Company, CustomerGroup, CustomFieldDefinition
from schema.enums import CompanySort, CompanyStatus, CustomFieldTarget, Temperature
from schema.identity import IdentityMutations, IdentityQueries
from schema.imports import ImportMutations, ImportQueries
from schema.notifications import NotificationQueries
from schema.partners import PartnerMutations, PartnerQueries

First = Annotated[int | None, arg("How many items to return (at most 100; default 20).")]
After = Annotated[str | None, arg("Return items after this cursor (a previous endCursor).")]


@strawberry.type(description="Customer records and staff: the readable part.")
class CoreQuery:
    @strawberry.field(description="Any object by global ID; null if missing or not visible.")
    async def node(
        self, info: Info, id: Annotated[strawberry.ID, arg("A global ID.")]
    ) -> Node | None:
        return await nodes.node(info, id)

    @strawberry.field(description="Several objects by global ID, in the same order (max 100).")
    async def nodes(
        self, info: Info, ids: Annotated[list[strawberry.ID], arg("Global IDs.")]
    ) -> list[Node | None]:
        return await nodes.nodes(info, ids)

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
            list[i.CustomFieldFilter] | None, arg("Custom field values to match.")
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


@strawberry.type(description="Customer records and staff: the changing part.")
class CoreMutation:
    @strawberry.mutation(description="Sign in as staff; returns a bearer token.")
    async def staff_login(
        self, info: Info, input: Annotated[i.StaffLoginInput, arg("Credentials.")]
    ) -> p.StaffLoginPayload:
        return await staff.staff_login(info, input_dict(input))

    @strawberry.mutation(description="Create a company (staff).")
    async def create_company(
        self, info: Info, input: Annotated[i.CreateCompanyInput, arg("The company.")]
    ) -> p.CompanyPayload:
        return await companies.create_company(info, input_dict(input))

    @strawberry.mutation(description="Change a company (staff with access to it).")
    async def update_company(
        self, info: Info, input: Annotated[i.UpdateCompanyInput, arg("The changes.")]
    ) -> p.CompanyPayload:
        return await companies.update_company(info, input_dict(input))

    @strawberry.mutation(description="Delete a company and all it owns (admin).")
    async def delete_company(
        self, info: Info, input: Annotated[i.DeleteInput, arg("The company.")]
    ) -> p.DeletePayload:
        return await companies.delete_company(info, input_dict(input))

    @strawberry.mutation(description="Add a note to a company.")
    async def add_note(
        self, info: Info, input: Annotated[i.AddNoteInput, arg("The note.")]
    ) -> p.NotePayload:
        return await notes.add_note(info, input_dict(input))

    @strawberry.mutation(description="Change a note's text or priority.")
    async def update_note(
        self, info: Info, input: Annotated[i.UpdateNoteInput, arg("The changes.")]
    ) -> p.NotePayload:
        return await notes.update_note(info, input_dict(input))

    @strawberry.mutation(description="Delete a note.")
    async def delete_note(
        self, info: Info, input: Annotated[i.DeleteInput, arg("The note.")]
    ) -> p.DeletePayload:
        return await notes.delete_note(info, input_dict(input))

    @strawberry.mutation(description="Add a contact to a company.")
    async def create_contact(
        self, info: Info, input: Annotated[i.CreateContactInput, arg("The contact.")]
    ) -> p.ContactPayload:
        return await contacts.create_contact(info, input_dict(input))

    @strawberry.mutation(description="Change a contact.")
    async def update_contact(
        self, info: Info, input: Annotated[i.UpdateContactInput, arg("The changes.")]
    ) -> p.ContactPayload:
        return await contacts.update_contact(info, input_dict(input))

    @strawberry.mutation(description="Delete a contact.")
    async def delete_contact(
        self, info: Info, input: Annotated[i.DeleteInput, arg("The contact.")]
    ) -> p.DeletePayload:
        return await contacts.delete_contact(info, input_dict(input))

    @strawberry.mutation(description="Create a customer group (admin).")
    async def create_customer_group(
        self, info: Info, input: Annotated[i.CreateCustomerGroupInput, arg("The group.")]
    ) -> p.CustomerGroupPayload:
        return await groups.create_group(info, input_dict(input))

    @strawberry.mutation(description="Change a customer group (admin).")
    async def update_customer_group(
        self, info: Info, input: Annotated[i.UpdateCustomerGroupInput, arg("The changes.")]
    ) -> p.CustomerGroupPayload:
        return await groups.update_group(info, input_dict(input))

    @strawberry.mutation(description="Define a custom field for companies or contacts (admin).")
    async def create_custom_field(
        self, info: Info, input: Annotated[i.CreateCustomFieldInput, arg("The field.")]
    ) -> p.CustomFieldPayload:
        return await custom_fields.define(info, input_dict(input))

    @strawberry.mutation(description="Delete a custom field and all its values (admin).")
    async def delete_custom_field(
        self, info: Info, input: Annotated[i.DeleteInput, arg("The field.")]
    ) -> p.DeletePayload:
        return await custom_fields.delete(info, input_dict(input))


def _root(name: str, description: str, parts: tuple[type, ...]) -> type:
    """One root type from per-domain parts (each domain keeps its fields in its own module)."""
    merged = merge_types(name, parts)
    merged.__strawberry_definition__.description = description  # type: ignore[attr-defined]
    return merged


Query = _root(
    "Query",
    "Everything that can be read.",
    (
        IdentityQueries,
        CoreQuery,
        CatalogQueries,
        PartnerQueries,
        NotificationQueries,
        ImportQueries,
    ),
)
Mutation = _root(
    "Mutation",
    "Everything that changes data. Each mutation returns `userErrors`.",
    (CoreMutation, IdentityMutations, CatalogMutations, PartnerMutations, ImportMutations),
)
