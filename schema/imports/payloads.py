"""Customer CSV import and export (SPEC A9): mutation payloads (the changed object and
`userErrors`)."""

from __future__ import annotations

import strawberry

from schema.core.common import UserError
from schema.imports.types import ImportReport

IMPORT_ERRORS = (
    "Expected failures of the request as a whole (e.g. not signed in as staff); problems "
    "of single rows are in `report.rejected`."
)


@strawberry.type(description="Result of a customer import.")
class ImportCompaniesPayload:
    report: ImportReport | None = strawberry.field(
        description="The per-row report; null when the import could not run at all."
    )
    user_errors: list[UserError] = strawberry.field(description=IMPORT_ERRORS)
