"""Customer CSV import and export (SPEC A9): `importCompanies`, `companiesCsv`, `importColumns`.

`ImportQueries` and `ImportMutations` are merged into the root types by schema/root.py."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from resolvers.imports import resolvers as imports
from schema.common import UserError, input_dict

_ERRORS = "Expected failures of the request as a whole (e.g. not signed in as staff); problems "
_ERRORS += "of single rows are in `report.rejected`."


@strawberry.type(description="A column the customer CSV import reads and the export writes.")
class ImportColumn:
    name: str = strawberry.field(
        description="Header name, matched case-insensitively; `<key>` stands for a custom "
        "field key."
    )
    description: str = strawberry.field(description="What the column holds and how it is read.")


@strawberry.type(description="A problem found in one row (or in the header) of an imported file.")
class ImportRowError:
    row: int = strawberry.field(
        description="1-based number of the data row, the header not counted; 0 for the header."
    )
    line: int = strawberry.field(
        description="Line of the file where the row starts (the header is line 1)."
    )
    message: str = strawberry.field(description="What is wrong, for a person to read.")
    code: str = strawberry.field(
        description="Stable machine-readable code, e.g. REQUIRED, INVALID_CNPJ, "
        "INVALID_POSTAL_CODE, DUPLICATE, DUPLICATE_IN_FILE, UNKNOWN_COLUMN."
    )

    @strawberry.field(
        description="CSV column at fault, e.g. cnpj or postal_code; empty when the problem "
        "concerns the whole row."
    )
    def column(self) -> str:
        return self.field  # type: ignore[attr-defined]  # root is services.imports.RowError


@strawberry.type(description="What a customer import did, or in a dry run would do.")
class ImportReport:
    rows: int = strawberry.field(
        description="Data rows read (the header and blank lines not counted)."
    )
    valid: int = strawberry.field(description="Rows that passed every check.")
    created: int = strawberry.field(
        description="Companies written; in a dry run, companies a real run with the same "
        "options would write. 0 when rejected rows made the import roll back."
    )
    contacts_created: int = strawberry.field(
        description="Contacts written (or, in a dry run, that would be written). Imported "
        "contacts have no access yet: they claim their account later."
    )
    groups_created: list[str] = strawberry.field(
        description="Names of the customer groups created because a row named them."
    )
    committed: bool = strawberry.field(
        description="Whether anything was saved: false for a dry run, and for a run without "
        "skipInvalid in which a row was rejected."
    )
    dry_run: bool = strawberry.field(description="Whether this was a dry run.")
    rejected: list[ImportRowError] = strawberry.field(
        description="Every problem found, by row and column; a row may appear several times."
    )


@strawberry.input(description="A CSV file of customers to import.")
class ImportCompaniesInput:
    csv: str = strawberry.field(
        description="The file's text: UTF-8, `;` or `,` separated, a header row naming the "
        "columns (see `importColumns`). Larger files: `vitrine import-customers`."
    )
    dry_run: bool | None = strawberry.field(
        default=True,
        description="Check everything and write nothing. The default; null means true.",
    )
    skip_invalid: bool | None = strawberry.field(
        default=False,
        description="Write the valid rows even when others are rejected. Without it the "
        "import is all or nothing. Null means false.",
    )


@strawberry.type(description="Result of a customer import.")
class ImportCompaniesPayload:
    report: ImportReport | None = strawberry.field(
        description="The per-row report; null when the import could not run at all."
    )
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


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
        return imports.import_columns(info)  # type: ignore[return-value]


@strawberry.type(description="Customer CSV import.")
class ImportMutations:
    @strawberry.mutation(
        description="Import companies (and one contact per row) from CSV (staff; a sales rep's "
        "companies are assigned to the rep). Every row is validated like createCompany and "
        "createContact and every problem is reported with its row, line and column. Runs in "
        "one transaction: a dry run (the default) writes nothing; otherwise nothing is written "
        "when any row is rejected, unless skipInvalid is set."
    )
    async def import_companies(
        self,
        info: Info,
        input: Annotated[
            ImportCompaniesInput, strawberry.argument(description="The file and options.")
        ],
    ) -> ImportCompaniesPayload:
        return await imports.import_companies(info, input_dict(input))  # type: ignore[return-value]
