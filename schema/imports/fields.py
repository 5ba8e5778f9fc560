"""Customer CSV import and export (SPEC A9): its root query and mutation fields, merged into the
roots by schema/root.py. Each field hands its arguments to a resolver in resolvers/."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from resolvers.imports import resolvers as imports
from schema.core.common import input_dict
from schema.imports.inputs import ImportCompaniesInput
from schema.imports.payloads import ImportCompaniesPayload
from schema.imports.types import ImportColumn


@strawberry.type(description="Customer CSV export and the import's column list.")
class ImportQueries:
    @strawberry.field(
        description="The companies the caller may see (staff; a sales rep gets assigned ones "
        "only) as CSV in the import's format: UTF-8 with BOM, `,` separated, one company per "
        "row with its main address and first contact."
    )
    async def companies_csv(self, info: Info) -> str:
        return await imports.companies_csv(info)

    @strawberry.field(description="The columns a customer CSV import reads, in export order.")
    def import_columns(self, info: Info) -> list[ImportColumn]:
        return imports.import_columns(info)


@strawberry.type(description="Customer CSV import.")
class ImportMutations:
    @strawberry.mutation(
        description="Import companies (and one contact per row) from CSV (staff; a sales rep's "
        "companies are assigned to the rep). Every row is validated like createCompany and "
        "createContact and every problem is reported with its row, line and column. Every "
        "row is checked before any is written, and rows are written in short batches. A dry "
        "run (the default) writes nothing; otherwise nothing is written when any row is "
        "rejected, unless skipInvalid is set."
    )
    async def import_companies(
        self,
        info: Info,
        input: Annotated[
            ImportCompaniesInput, strawberry.argument(description="The file and options.")
        ],
    ) -> ImportCompaniesPayload:
        return await imports.import_companies(info, input_dict(input))
