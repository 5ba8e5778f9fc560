"""Customer CSV import and export (SPEC A9): the inputs of its mutations and filters."""

from __future__ import annotations

import strawberry

from schema.core.limits import limits

# The request body limit (VITRINE_MAX_BODY_BYTES, 1 MB by default) is what bounds a file sent
# through GraphQL; this only keeps the default string limit from applying to it.
MAX_CSV_LENGTH = 50_000_000


@strawberry.input(description="A CSV file of customers to import.")
class ImportCompaniesInput:
    csv: str = strawberry.field(
        description="The file's text: UTF-8, `;` or `,` separated, a header row naming the "
        "columns (see `importColumns`). Larger files: `vitrine import-customers`.",
        metadata=limits(max_length=MAX_CSV_LENGTH),
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
