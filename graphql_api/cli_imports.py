"""`vitrine import-customers` and `vitrine export-customers` (SPEC A9, F5).

    vitrine import-customers FILE [--dry-run] [--skip-invalid] [--storefront SLUG] [--as EMAIL]
    vitrine export-customers [-o FILE|-] [--storefront SLUG] [--as EMAIL]

The import runs as the admin named by --as, else as the first active admin. Exit status: 0 when
every row was imported (or a dry run found no problem), 1 when rows were rejected, 2 for a usage
problem (no such file, not UTF-8, no admin, no storefront), 3 when the database cannot be
opened. `graphql_api.cli` calls `add_commands` to put these on its parser.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from graphql_api.auth.principal import STAFF_KIND, Principal
from graphql_api.cli_progress import Progress
from graphql_api.cli_support import CommandError, with_database
from graphql_api.models import StaffUser
from graphql_api.services.imports import ImportReport, import_columns
from graphql_api.settings import Settings

if TYPE_CHECKING:
    from graphql_api.models import Storefront

EXIT_FAILED, EXIT_USAGE = 1, 2
MAX_LISTED = 200  # rejected rows printed one by one; the rest are counted


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add import-customers and export-customers to the `vitrine` sub-command parser."""
    columns = ", ".join(_column_names())
    importer = sub.add_parser(
        "import-customers",
        help="import companies and contacts from a CSV file",
        description="Import companies (and one contact per row) from a UTF-8 CSV file separated "
        f"by ; or , with a header row. Columns: {columns}. Every row is checked before any is "
        "written: without --skip-invalid nothing is written when any row is rejected.",
    )
    importer.add_argument("file", metavar="FILE", help="the CSV file, or - for standard input")
    importer.add_argument(
        "--dry-run", action="store_true", help="check every row and write nothing"
    )
    importer.add_argument(
        "--skip-invalid",
        action="store_true",
        help="write the valid rows even when others are rejected",
    )
    _common(importer)
    importer.set_defaults(handler=cmd_import_customers)

    exporter = sub.add_parser(
        "export-customers",
        help="export companies to CSV (the import's format)",
        description="Write the storefront's companies as CSV (UTF-8 with BOM) that "
        "import-customers reads back.",
    )
    exporter.add_argument(
        "-o", "--output", default="-", help="file to write, or - for standard output (default)"
    )
    _common(exporter)
    exporter.set_defaults(handler=cmd_export_customers)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--storefront", metavar="SLUG", help="storefront (default: the default)")
    parser.add_argument(
        "--as",
        dest="as_email",
        metavar="EMAIL",
        help="email of the admin to act as (default: the first active admin)",
    )


def _column_names() -> list[str]:

    return [name for name, _ in import_columns()]


def _say(message: str = "") -> None:
    print(message, flush=True)


async def _actor(as_email: str | None) -> Principal:
    from graphql_api.cli import CommandError
    from graphql_api.models.enums import StaffRole

    admins = StaffUser.filter(role=StaffRole.ADMIN, is_active=True)
    if as_email:
        staff = await admins.filter(email=as_email.strip().lower()).first()
        if staff is None:
            raise CommandError(f"There is no active admin {as_email}.", EXIT_USAGE)
    else:
        staff = await admins.order_by("id").first()
        if staff is None:
            raise CommandError(
                "There is no active admin to run as: create one with `vitrine create-admin`.",
                EXIT_USAGE,
            )
    return Principal(kind=STAFF_KIND, staff=staff)


async def _storefront(slug: str | None) -> Storefront:
    from graphql_api.services.storefronts import resolve_storefront

    storefront = await resolve_storefront(slug)
    if storefront is None:
        raise CommandError(f"There is no storefront {slug!r}.", EXIT_USAGE)
    return storefront


def _read_text(name: str) -> str:

    try:
        data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError as exc:
        raise CommandError(f"Cannot read {name}: {exc.strerror or exc}", EXIT_USAGE) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CommandError(
            f"{name} is not UTF-8 text (byte {exc.start}): save it as 'CSV UTF-8' and retry.",
            EXIT_USAGE,
        ) from exc


def print_report(report: ImportReport, *, limit: int = MAX_LISTED) -> None:
    """The human report: counts, then one line per problem."""
    mode = "Dry run" if report.dry_run else "Import"
    _say(f"{mode}: {report.rows} rows read, {report.valid} valid, {report.rejected_rows} rejected.")
    if report.dry_run:
        _say(
            f"Nothing was written. A real run would create {report.created} companies and "
            f"{report.contacts_created} contacts."
        )
        if report.rejected and report.valid and not report.created:
            _say(f"(With --skip-invalid it would import the {report.valid} valid rows.)")
    elif report.committed:
        _say(f"Created {report.created} companies and {report.contacts_created} contacts.")
    else:
        _say("Nothing was written: fix the rejected rows, or use --skip-invalid.")
    if report.groups_created:
        verb = "Would create" if report.dry_run or not report.committed else "Created"
        _say(f"{verb} customer groups: {', '.join(report.groups_created)}.")
    if report.rejected:
        _say("Rejected:")
    for error in report.rejected[:limit]:
        where = "header" if error.row == 0 else f"row {error.row}"
        column = f", {error.field}" if error.field else ""
        _say(f"  {where} (line {error.line}){column}: {error.message} [{error.code}]")
    if len(report.rejected) > limit:
        _say(f"  ... and {len(report.rejected) - limit} more.")


def cmd_import_customers(args: argparse.Namespace, settings: Settings) -> None:
    from graphql_api.services.imports import import_companies

    text = _read_text(args.file)
    reports: list[ImportReport] = []
    # On standard error, and only on a terminal: the report on standard output stays as is.
    progress = Progress(sys.stderr)

    async def work() -> None:
        principal = await _actor(args.as_email)
        storefront = await _storefront(args.storefront)
        reports.append(
            await import_companies(
                principal,
                storefront,
                text,
                dry_run=args.dry_run,
                skip_invalid=args.skip_invalid,
                progress=progress,
            )
        )

    try:
        asyncio.run(with_database(settings, work))
    finally:
        progress.close()
    report = reports[0]
    print_report(report)
    if report.rejected:
        if report.dry_run:
            what = "the import would be refused"
        elif report.committed:
            what = "the other rows were imported"
        else:
            what = "nothing was imported"
        count = report.rejected_rows
        rows = "header" if count == 1 and report.rejected[0].row == 0 else "row"
        plural = "" if count == 1 else "s"
        raise CommandError(f"{count} {rows}{plural} rejected; {what}.", EXIT_FAILED)


def cmd_export_customers(args: argparse.Namespace, settings: Settings) -> None:
    from graphql_api.services.exports import companies_csv

    texts: list[str] = []

    async def work() -> None:
        principal = await _actor(args.as_email)
        storefront = await _storefront(args.storefront)
        texts.append(await companies_csv(principal, storefront))

    to_stdout = args.output == "-"
    # Progress messages (migrations) must not end up inside a CSV written to standard output.
    with contextlib.redirect_stdout(sys.stderr) if to_stdout else contextlib.nullcontext():
        asyncio.run(with_database(settings, work))
    text = texts[0]
    if to_stdout:
        out = getattr(sys.stdout, "buffer", None)
        if out is not None:
            out.write(text.encode("utf-8"))
        else:
            sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        Path(args.output).write_bytes(text.encode("utf-8"))
    except OSError as exc:
        raise CommandError(
            f"Cannot write {args.output}: {exc.strerror or exc}", EXIT_USAGE
        ) from exc
    companies = sum(1 for _ in csv.reader(io.StringIO(text, newline=""))) - 1
    _say(f"Wrote {companies} companies to {args.output}.")
