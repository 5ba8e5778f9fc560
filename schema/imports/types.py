"""Customer CSV import and export (SPEC A9): the object types, thin views over domain objects;
field values come from the resolvers named on each field, or are plain attributes of the model."""

from __future__ import annotations

import strawberry


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
