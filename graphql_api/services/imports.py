"""Customer import from CSV (SPEC A9): a catalog of companies migrated from another platform.

The file
--------
UTF-8 text, with or without a byte-order mark; fields separated by `;`, `,` or a tab (whichever
the header line uses most); fields may be quoted with `"` (a quoted field may hold the separator,
quotes written twice, or line breaks); lines end in LF or CRLF. The first line names the columns
(case-insensitive, surrounding spaces ignored, any order); completely blank lines are skipped.
A value exported as `'=...`, `'+...`, `'-...` or `'@...` (the apostrophe a spreadsheet needs to
show it as text) is read without the apostrophe.

Columns (all optional except legal_name; an empty cell means "not given"):

    legal_name              Legal name (razão social). Required.
    trade_name              Trade name (nome fantasia).
    is_individual           true/false, 1/0, yes/no, sim/não: the customer is a person (CPF).
                            Left empty, a row with a CPF and no CNPJ is a person.
    cnpj, cpf, ie, im, vat  Tax ids: CNPJ, CPF (individuals), state and municipal registrations
                            (Brazil), EU VAT number (with or without the country prefix).
    responsible_first_name, responsible_last_name, responsible_phone
                            The responsible person and their phone / WhatsApp.
    status                  CURRENT or PROSPECT (default PROSPECT).
    temperature             HOT, WARM, COLD or NOT_INTERESTED (default WARM).
    group                   Customer group NAME; a group missing in the storefront is created
                            (admins only: a sales rep's row naming a group is rejected).
    preferred_currency      ISO 4217 code, e.g. BRL, EUR, RON.
    preferred_language      pt-BR, es, ro or en.
    discount_percent        0 to 100, at most two decimals; `7,5` and `7.5%` are read as 7.5.
                            A sales rep's rows: at most the storefront's repMaxDiscountPercent.
    street, number, complement, district, city, state, postal_code, country
                            The main address. When any of these is filled, street, city,
                            postal_code and country (ISO 3166-1 alpha-2, e.g. BR) are required.
    email                   Company emails: one, or several separated by `|`.
    phone                   Company phones: one, or several separated by `|`. Every phone column
                            takes international numbers (+55 11 98765-4321) or, with a country
                            given, national ones ((11) 98765-4321); they are stored as +5511...
    contact_first_name, contact_last_name, contact_email, contact_phone
                            One optional contact person per row (first name and email required
                            when any of these is filled). Imported contacts get no access: they
                            claim their account later. Two rows may not give the same
                            contact_email.
    custom.<key>            Value of the company custom field <key> (SPEC A7).
    contact_custom.<key>    Value of the contact custom field <key>.

Validation
----------
Every row becomes the same input the API's createCompany / createContact take, and goes through
the same rules: `companies.validate_company` and `contacts.validate_contact` (pure functions:
text, tax id check digits, postal codes, emails, phones, VAT shape, custom fields) and the
same uniqueness checks (`companies.taken_tax_ids`, `contacts.taken_emails`), run for a chunk of
`CHECK_ROWS` rows at once with a few IN queries instead of per row. So every rule of SPEC A1/A2
applies with the codes the API gives. Errors come back per row, named by CSV column. On top of
that the import rejects a CNPJ, CPF, VAT or contact email given twice in the same file (the
later row, code DUPLICATE_IN_FILE).

Checking, then writing
----------------------
An import first checks every row with reads only (no transaction, no write lock), so a dry run
never writes and never holds other requests up: on SQLite one process's queries run one at a
time, and a long transaction there used to stall every other request of the server for its
whole run. The file is read as it is checked (never held as a list of rows), and the rows that
pass are kept pickled and compressed until they are written, so a 100,000-row file fits in a
few hundred MB. A real run then writes those rows in batches of `BATCH_ROWS`, each batch one
short transaction of bulk inserts (one statement per table, ids taken beforehand so children
can name their company: an executemany on SQLite, a COPY on PostgreSQL), so other requests are
served between batches. On PostgreSQL the tables it grows are ANALYZEd each time its written
rows double, so the planner keeps looking tax ids and emails up by their unique keys.

Someone may take a row's CNPJ or contact email between the check and the write: each batch
checks its keys again inside its transaction, and the database's unique keys stay the last
line (a bulk insert that hits one is redone row by row, each row a savepoint, and the row
that lost gets the service's DUPLICATE). Without `skip_invalid` nothing is written when any
row is rejected (all or nothing); a row that fails at write time makes the run delete again
what its earlier batches wrote, so it still leaves nothing behind, though other requests may
have seen those rows for a moment. A process killed during the write phase keeps the batches
it committed. With `skip_invalid` the valid rows are written and the rejected ones reported.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import logging
import pickle
import re
import zlib
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import asyncpg
from tortoise import fields, timezone
from tortoise.exceptions import IntegrityError
from tortoise.fields.data import CharEnumFieldInstance
from tortoise.models import Model
from tortoise.transactions import in_transaction

from graphql_api.auth.principal import Principal
from graphql_api.models import (
    Address,
    Company,
    CompanyEmail,
    CompanyPhone,
    Contact,
    CustomerGroup,
    CustomFieldDefinition,
    CustomFieldValue,
    Storefront,
    TaxId,
)
from graphql_api.models.enums import CompanyStatus, CustomFieldTarget, Temperature
from graphql_api.services import (
    catalog_versions,
    companies,
    contacts,
    csv_writer,
    custom_fields,
    groups,
    permissions,
)
from graphql_api.services.checks import Checker
from graphql_api.services.constraints import unique_violation
from graphql_api.services.errors import ErrorCode, PermissionDenied, UserError, ValidationError
from graphql_api.services.text import fold
from graphql_api.services.validation import emails, tax_ids

logger = logging.getLogger("vitrine.imports")

# (name, meaning): the fixed columns, in the order an export writes them.
_COLUMNS: tuple[tuple[str, str], ...] = (
    ("legal_name", "Legal name (razão social). Required."),
    ("trade_name", "Trade name (nome fantasia)."),
    (
        "is_individual",
        "The customer is a person: true/false, 1/0, yes/no, sim/não. Left empty: true when "
        "the row has a CPF and no CNPJ.",
    ),
    ("cnpj", "Brazilian company tax id (CNPJ), with or without punctuation."),
    ("cpf", "Brazilian personal tax id (CPF), for individuals."),
    ("ie", "Brazilian state registration (inscrição estadual), or ISENTO."),
    ("im", "Brazilian municipal registration (inscrição municipal)."),
    ("vat", "EU VAT number, with or without the country prefix."),
    ("responsible_first_name", "First name of the responsible person."),
    ("responsible_last_name", "Last name of the responsible person."),
    ("responsible_phone", "Phone or WhatsApp of the responsible person."),
    ("status", "CURRENT or PROSPECT (default PROSPECT)."),
    ("temperature", "HOT, WARM, COLD or NOT_INTERESTED (default WARM)."),
    ("group", "Customer group name (admins only); created when missing."),
    ("preferred_currency", "ISO 4217 currency code, e.g. BRL, EUR, RON."),
    ("preferred_language", "pt-BR, es, ro or en."),
    ("discount_percent", "Discount from 0 to 100, at most two decimals (reps: up to a ceiling)."),
    ("street", "Main address: street. Required with an address."),
    ("number", "Main address: number."),
    ("complement", "Main address: complement (suite, floor)."),
    ("district", "Main address: district (bairro)."),
    ("city", "Main address: city. Required with an address."),
    ("state", "Main address: state, province or county."),
    ("postal_code", "Main address: postal code (CEP in Brazil). Required with an address."),
    ("country", "Main address: ISO 3166-1 alpha-2 country code. Required with an address."),
    ("email", "Company emails, several separated by |."),
    (
        "phone",
        "Company phones, several separated by |; without a +country prefix a number is read "
        "as a number of the address's country and stored as E.164.",
    ),
    ("contact_first_name", "Contact person: first name. Required with a contact."),
    ("contact_last_name", "Contact person: last name."),
    ("contact_email", "Contact person: email, unique in the storefront. Required with a contact."),
    ("contact_phone", "Contact person: phone."),
)
COLUMNS: tuple[str, ...] = tuple(name for name, _ in _COLUMNS)
COMPANY_CUSTOM_PREFIX = "custom."
CONTACT_CUSTOM_PREFIX = "contact_custom."
_PATTERN_COLUMNS: tuple[tuple[str, str], ...] = (
    (COMPANY_CUSTOM_PREFIX + "<key>", "Value of the company custom field <key>."),
    (CONTACT_CUSTOM_PREFIX + "<key>", "Value of the contact custom field <key>."),
)

TAX_ID_COLUMNS: tuple[tuple[str, str], ...] = (
    ("cnpj", "CNPJ"),
    ("cpf", "CPF"),
    ("ie", "IE"),
    ("im", "IM"),
    ("vat", "VAT"),
)
ADDRESS_COLUMNS: tuple[str, ...] = (
    "street",
    "number",
    "complement",
    "district",
    "city",
    "state",
    "postal_code",
    "country",
)
CONTACT_COLUMNS: tuple[str, ...] = (
    "contact_first_name",
    "contact_last_name",
    "contact_email",
    "contact_phone",
)
_PLAIN_TEXT = (
    "legal_name",
    "trade_name",
    "responsible_first_name",
    "responsible_last_name",
    "responsible_phone",
    "preferred_currency",
)
_UNIQUE_IN_FILE = ("CNPJ", "CPF", "VAT")
MULTI_SEPARATOR = "|"

_TRUE = {"true", "1", "yes", "y", "sim", "s", "si", "sí", "da", "x"}
_FALSE = {"false", "0", "no", "n", "não", "nao", "nu"}
_UNNAMED = "\x00unnamed"


def import_columns() -> list[tuple[str, str]]:
    """(name, meaning) of every column an import accepts, in export order; the last two are
    patterns for custom field columns. The one source of the column spec: the `importColumns`
    query, `vitrine import-columns` and the README table all come from it."""
    return [*_COLUMNS, *_PATTERN_COLUMNS]


def columns_markdown() -> str:
    """The column table as Markdown (the README's, checked for drift by a test)."""
    rows = [
        f"| `{name}` | {meaning.replace('|', '&#124;')} |" for name, meaning in import_columns()
    ]
    return "\n".join(["| column | meaning |", "| --- | --- |", *rows]) + "\n"


@dataclass(frozen=True)
class RowError:
    """One problem of the file. `row` is the 1-based number of the data row (the header is not
    counted; 0 means the header itself); `line` is the physical line of the file where that row
    starts (the header is line 1); `field` is the CSV column name ("" for the row as a whole)."""

    row: int
    line: int
    field: str
    message: str
    code: str


@dataclass
class ImportReport:
    """What an import did. `created` and `contacts_created` count what was written, or in a dry
    run what a real run with the same options would write; both are 0 when rejected rows made a
    run without `skip_invalid` roll back. `valid` counts the rows that passed validation."""

    rows: int = 0
    created: int = 0
    contacts_created: int = 0
    valid: int = 0
    rejected: list[RowError] = dataclasses.field(default_factory=list)
    groups_created: list[str] = dataclasses.field(default_factory=list)
    dry_run: bool = False
    committed: bool = False

    @property
    def rejected_rows(self) -> int:
        return len({e.row for e in self.rejected})


@dataclass
class _Record:
    row: int
    line: int
    cells: dict[str, str]
    extra: list[str]


@dataclass
class _Header:
    columns: list[str]
    company_custom: list[str]  # custom field keys, in file order
    contact_custom: list[str]


# --- reading the file -------------------------------------------------------------------


def _sniff(text: str, start: int = 0) -> str:
    end = text.find("\n", start)
    first = text[start : end if end >= 0 else len(text)]  # not split(): it copies the rest
    counts = {sep: first.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _cell(value: str) -> str:
    return csv_writer.unneutralise(value.strip())


# A physical line with its ending (CRLF, LF or a lone CR, as universal newlines read them).
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


class _Reader:
    """The file's records, read as they are needed: a 100,000-row file is never held as a
    list of rows (nor copied into a StringIO, four bytes a character). Iterating gives (start
    line, cells) per non-blank record after the header; a record the csv module cannot read
    ends the iteration and sets `error`."""

    def __init__(self, text: str) -> None:
        # Skipped, not removed: removeprefix would copy the whole text (a 100,000-row file is
        # some 60 MB in memory).
        start = 1 if text.startswith("\ufeff") else 0
        lines = (match.group() for match in _LINE.finditer(text, start))
        self._reader = csv.reader(lines, delimiter=_sniff(text, start))
        self._previous_line = 0
        self._records = 0
        self.error: RowError | None = None

    def _next(self) -> tuple[int, list[str]] | None:
        try:
            for cells in self._reader:
                start = self._previous_line + 1
                self._previous_line = self._reader.line_num
                if any(c.strip() for c in cells):
                    return start, cells
        except csv.Error as exc:
            self.error = RowError(
                self._records + 1,
                self._previous_line + 1,
                "",
                f"The file cannot be read: {exc}.",
                ErrorCode.BAD_CSV,
            )
        return None

    def header(self) -> list[str] | None:
        found = self._next()
        return found[1] if found is not None else None

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        while (found := self._next()) is not None:
            self._records += 1
            yield found


def _parse_header(
    cells: Sequence[str],
    company_keys: set[str],
    contact_keys: set[str],
) -> tuple[_Header, list[RowError]]:
    names = [re.sub(r"[\s-]+", "_", c.strip().lower()) for c in cells]
    # A header cell left empty (a trailing separator, say) is fine while its column is empty.
    names = [name or f"{_UNNAMED}{index}" for index, name in enumerate(names)]
    known = set(COLUMNS)
    unknown: list[str] = []
    duplicate: list[str] = []
    seen: set[str] = set()
    company_custom: list[str] = []
    contact_custom: list[str] = []
    for raw, name in zip(cells, names, strict=True):
        if name in seen:
            duplicate.append(raw.strip())
            continue
        seen.add(name)
        if name in known or name.startswith(_UNNAMED):
            continue
        if name.startswith(COMPANY_CUSTOM_PREFIX) and name[len(COMPANY_CUSTOM_PREFIX) :] in (
            company_keys
        ):
            company_custom.append(name[len(COMPANY_CUSTOM_PREFIX) :])
        elif name.startswith(CONTACT_CUSTOM_PREFIX) and name[len(CONTACT_CUSTOM_PREFIX) :] in (
            contact_keys
        ):
            contact_custom.append(name[len(CONTACT_CUSTOM_PREFIX) :])
        else:
            unknown.append(raw.strip())
    errors: list[RowError] = []
    if unknown:
        errors.append(
            RowError(
                0,
                1,
                ", ".join(unknown),
                f"Unknown column{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}. "
                f"Known columns: {', '.join(COLUMNS)}, and custom.<key> / contact_custom.<key> "
                "for custom fields.",
                ErrorCode.UNKNOWN_COLUMN,
            )
        )
    if duplicate:
        errors.append(
            RowError(
                0,
                1,
                ", ".join(duplicate),
                f"Column given twice: {', '.join(duplicate)}.",
                ErrorCode.DUPLICATE_COLUMN,
            )
        )
    if "legal_name" not in seen:
        errors.append(
            RowError(
                0, 1, "legal_name", "The legal_name column is required.", ErrorCode.MISSING_COLUMN
            )
        )
    return _Header(names, company_custom, contact_custom), errors


# --- turning a row into service input ----------------------------------------------------


@dataclass
class _Row:
    """One record on its way to the services, with where each input came from."""

    record: _Record
    errors: list[RowError] = dataclasses.field(default_factory=list)
    tax_columns: list[str] = dataclasses.field(default_factory=list)
    emails: list[str] = dataclasses.field(default_factory=list)
    phones: list[str] = dataclasses.field(default_factory=list)
    company_custom: list[str] = dataclasses.field(default_factory=list)
    contact_custom: list[str] = dataclasses.field(default_factory=list)

    def get(self, column: str) -> str:
        return self.record.cells.get(column, "")

    def error(self, column: str, message: str, code: str) -> None:
        if any(e.field == column for e in self.errors):
            return  # one complaint per column is enough; the first is the most specific
        self.errors.append(RowError(self.record.row, self.record.line, column, message, code))

    def has_error(self, column: str) -> bool:
        return any(e.field == column for e in self.errors)


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(MULTI_SEPARATOR) if part.strip()]


def _enum(row: _Row, column: str, enum: Any) -> str | None:
    raw = row.get(column)
    if not raw:
        return None
    key = re.sub(r"[\s-]+", "_", raw.strip().upper())
    if key in enum.__members__:
        return enum(key).value
    row.error(
        column,
        f"'{raw}' is not one of {', '.join(enum.__members__)}.",
        "INVALID",
    )
    return None


def _language(raw: str) -> str:
    wanted = raw.replace("_", "-").casefold()
    return next((code for code in companies.LANGUAGES if code.casefold() == wanted), raw)


def _percent(raw: str) -> str:
    value = raw.strip().removesuffix("%").strip()
    if "," in value and "." not in value:
        value = value.replace(",", ".")
    return value


def _company_input(row: _Row, header: _Header) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in _PLAIN_TEXT:
        if row.get(name):
            data[name] = row.get(name)
    if "legal_name" not in data:
        data["legal_name"] = ""
    raw_individual = row.get("is_individual")
    if not raw_individual and row.get("cpf") and not row.get("cnpj"):
        data["is_individual"] = True  # a CPF and no CNPJ: the customer is a person
    elif raw_individual:
        lowered = raw_individual.casefold()
        if lowered in _TRUE:
            data["is_individual"] = True
        elif lowered in _FALSE:
            data["is_individual"] = False
        else:
            row.error(
                "is_individual",
                f"'{raw_individual}' is not a yes/no value (true/false, 1/0, yes/no, sim/não).",
                "INVALID",
            )
    for column, enum in (("status", CompanyStatus), ("temperature", Temperature)):
        value = _enum(row, column, enum)
        if value is not None:
            data[column] = value
    if row.get("preferred_language"):
        data["preferred_language"] = _language(row.get("preferred_language"))
    if row.get("discount_percent"):
        data["discount_percent"] = _percent(row.get("discount_percent"))

    data["tax_ids"] = []
    for column, kind in TAX_ID_COLUMNS:
        if row.get(column):
            data["tax_ids"].append({"kind": kind, "value": row.get(column)})
            row.tax_columns.append(column)

    if any(row.get(c) for c in ADDRESS_COLUMNS):
        if not row.get("country"):
            row.error("country", "Country is required when an address is given.", "REQUIRED")
        data["addresses"] = [{"kind": "MAIN", **{c: row.get(c) or None for c in ADDRESS_COLUMNS}}]

    row.emails = _split(row.get("email"))
    data["emails"] = [{"email": e} for e in row.emails]
    row.phones = _split(row.get("phone"))
    data["phones"] = [{"number": p} for p in row.phones]
    if header.company_custom:
        row.company_custom = list(header.company_custom)
        data["custom_fields"] = [
            {"key": key, "value": row.get(COMPANY_CUSTOM_PREFIX + key) or None}
            for key in header.company_custom
        ]
    return data


def _contact_input(row: _Row, header: _Header) -> dict[str, Any] | None:
    custom_columns = [CONTACT_CUSTOM_PREFIX + key for key in header.contact_custom]
    if not any(row.get(c) for c in (*CONTACT_COLUMNS, *custom_columns)):
        return None
    if not row.get("contact_email"):
        row.error("contact_email", "Contact email is required when a contact is given.", "REQUIRED")
    if not row.get("contact_first_name"):
        row.error(
            "contact_first_name",
            "Contact first name is required when a contact is given.",
            "REQUIRED",
        )
    data: dict[str, Any] = {
        "first_name": row.get("contact_first_name"),
        "last_name": row.get("contact_last_name"),
        "email": row.get("contact_email"),
    }
    if row.get("contact_phone"):
        data["phone"] = row.get("contact_phone")
    if header.contact_custom:
        row.contact_custom = list(header.contact_custom)
        data["custom_fields"] = [
            {"key": key, "value": row.get(CONTACT_CUSTOM_PREFIX + key) or None}
            for key in header.contact_custom
        ]
    return data


# --- mapping service errors back to columns ------------------------------------------------


def _company_column(row: _Row, path: tuple[str, ...]) -> tuple[str, str | None]:
    """(CSV column, the single value at fault when the column holds several) for a path of the
    company service."""
    head = path[0] if path else ""
    index = int(path[1]) if len(path) > 1 and path[1].isdigit() else None
    if head == "tax_ids" and index is not None and index < len(row.tax_columns):
        return row.tax_columns[index], None
    if head == "addresses":
        return (path[2] if len(path) > 2 else "street"), None
    if head == "emails":
        several = len(row.emails) > 1 and index is not None and index < len(row.emails)
        return "email", row.emails[index] if several and index is not None else None
    if head == "phones":
        several = len(row.phones) > 1 and index is not None and index < len(row.phones)
        return "phone", row.phones[index] if several and index is not None else None
    if head == "custom_fields":
        if index is not None and index < len(row.company_custom):
            return COMPANY_CUSTOM_PREFIX + row.company_custom[index], None
        if len(path) > 1:
            return COMPANY_CUSTOM_PREFIX + path[1], None
    if head == "group_id":
        return "group", None
    return head, None


def _contact_column(row: _Row, path: tuple[str, ...]) -> tuple[str, str | None]:
    head = path[0] if path else ""
    if head == "custom_fields" and len(path) > 1:
        if path[1].isdigit() and int(path[1]) < len(row.contact_custom):
            return CONTACT_CUSTOM_PREFIX + row.contact_custom[int(path[1])], None
        return CONTACT_CUSTOM_PREFIX + path[1], None
    if head in ("first_name", "last_name", "email", "phone"):
        return "contact_" + head, None
    return head, None


def _add_service_errors(row: _Row, errors: Sequence[UserError], column_of: Any) -> None:
    for error in errors:
        column, value = column_of(row, error.field)
        message = f"{value}: {error.message}" if value else error.message
        row.error(column, message, error.code)


# --- the import ---------------------------------------------------------------------------

# Rows written per transaction: other requests wait at most one batch (a fraction of a second
# with bulk inserts) for SQLite's write lock and for this process's one SQLite connection.
BATCH_ROWS = 500
# PostgreSQL's statistics of the tables an import grows are refreshed each time the rows it
# has written double, from this many (see _refresh_statistics).
ANALYZE_FROM = 1000
# Rows checked against the database together (tax ids and contact emails taken by companies
# already there): a few IN queries per chunk instead of several queries per row.
CHECK_ROWS = 1000
PROGRESS_ROWS = 100  # rows between two calls of a progress callback while checking

# (phase, rows done, rows in all)
ProgressCallback = Callable[[str, int, int], None]


@dataclass
class _Checked:
    """A row that passed every check, ready to write: the services' cleaned values, and what
    maps a write-time problem back to a CSV column."""

    row: int
    line: int
    company: dict[str, Any]
    contact: dict[str, Any] | None
    new_group: str | None  # the name of a group to create for it (admins only)
    tax_columns: list[str]

    def error(self, column: str, message: str, code: str) -> RowError:
        return RowError(self.row, self.line, column, message, code)


class _Spool:
    """The checked rows until they are written, pickled and compressed a chunk at a time: a
    100,000-row file's cleaned values take several hundred MB as Python dicts, a few tens
    this way, and a dry run or a refused file never unpacks them."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.count = 0
        self.contacts = 0
        self.new_groups: dict[str, str] = {}  # folded -> first spelling

    def add(self, items: list[_Checked]) -> None:
        if not items:
            return
        self.chunks.append(zlib.compress(pickle.dumps(items, protocol=5), 1))
        self.count += len(items)
        self.contacts += sum(1 for item in items if item.contact is not None)
        for item in items:
            if item.new_group is not None:
                self.new_groups.setdefault(fold(item.new_group), item.new_group)

    def batches(self, size: int) -> Iterator[list[_Checked]]:
        batch: list[_Checked] = []
        for blob in self.chunks:
            for item in pickle.loads(zlib.decompress(blob)):  # noqa: S301 - our own bytes
                batch.append(item)
                if len(batch) >= size:
                    yield batch
                    batch = []
        if batch:
            yield batch


def _country(row: _Row) -> str | None:
    return row.get("country").upper() or None


class _Importer:
    def __init__(
        self, principal: Principal, storefront: Storefront, header: _Header, report: ImportReport
    ) -> None:
        self.principal = principal
        self.storefront = storefront
        self.header = header
        self.report = report
        self.groups: dict[str, int] = {}  # folded name -> id
        self.group_errors: dict[str, list[UserError]] = {}  # a new group's name -> why not
        # (kind, canonical value) or ("contact_email", address) -> first row that gave it
        self.seen: dict[tuple[str, str], int] = {}
        self.company_fields: list[CustomFieldDefinition] = []
        self.contact_fields: list[CustomFieldDefinition] = []
        self.spool = _Spool()
        self.written: list[int] = []  # companies this run wrote
        self.new_groups: list[int] = []  # groups this run created

    async def load(self) -> None:
        """What every row's check reads, read once: groups and custom field definitions."""
        await self.load_groups()
        storefront_id = self.storefront.id
        self.company_fields = await custom_fields.definitions_for(
            storefront_id, CustomFieldTarget.COMPANY
        )
        self.contact_fields = await custom_fields.definitions_for(
            storefront_id, CustomFieldTarget.CONTACT
        )

    async def load_groups(self) -> None:
        rows = await CustomerGroup.filter(storefront_id=self.storefront.id).values_list(
            "id", "name"
        )
        for group_id, name in sorted(rows, key=lambda r: r[0]):
            self.groups.setdefault(fold(name), group_id)

    # --- checking (reads only) ---

    async def check_group(self, row: _Row, data: dict[str, Any]) -> str | None:
        """Put the id of the row's existing group in `data`, or return the name of the group
        the row needs created."""
        name = " ".join(row.get("group").split())
        if not name:
            return None
        key = fold(name)
        if key in self.groups:
            data["group_id"] = self.groups[key]
            return None
        if name not in self.group_errors:  # by spelling: the messages quote the name
            try:
                self.group_errors[name] = await groups.check_new_group(
                    self.principal, self.storefront, {"name": name}
                )
            except PermissionDenied:
                self.group_errors[name] = [
                    UserError(
                        f"There is no customer group named '{name}', and only an admin may "
                        "create one.",
                        ErrorCode.NOT_FOUND,
                    )
                ]
        errors = self.group_errors[name]
        for error in errors:
            row.error("group", error.message, error.code)
        return None if errors else name

    def check_duplicates(self, row: _Row) -> None:
        country = _country(row)
        for column, kind in TAX_ID_COLUMNS:
            if kind not in _UNIQUE_IN_FILE or not row.get(column):
                continue
            try:
                value = tax_ids.normalize_tax_id(kind, row.get(column), country)
            except ValidationError:
                continue  # the service says what is wrong with it
            first = self.seen.setdefault((kind, value), row.record.row)
            if first != row.record.row:
                row.error(
                    column,
                    f"The same {kind} is already in row {first} of this file.",
                    ErrorCode.DUPLICATE_IN_FILE,
                )
        if row.get("contact_email"):
            try:
                email = emails.normalize_email(row.get("contact_email"))
            except ValidationError:
                return
            first = self.seen.setdefault(("contact_email", email), row.record.row)
            if first != row.record.row:
                row.error(
                    "contact_email",
                    f"The same contact email is already in row {first} of this file.",
                    ErrorCode.DUPLICATE_IN_FILE,
                )

    async def check_row(self, record: _Record) -> tuple[_Row, _Checked | None]:
        """The row through the rules that need no database (the same functions createCompany
        and createContact call), with its problems on the row. Every problem of the row is
        listed at once: the contact is checked even when the company is refused."""
        row = _Row(record)
        if record.extra:
            row.error(
                "",
                f"The row has {len(record.extra)} more field(s) than the header has columns.",
                ErrorCode.TOO_MANY_FIELDS,
            )
        data = _company_input(row, self.header)
        contact_data = _contact_input(row, self.header)
        self.check_duplicates(row)
        new_group = await self.check_group(row, data)
        check = Checker()
        company = companies.validate_company(
            check,
            data,
            creating=True,
            company=None,
            principal=self.principal,
            storefront=self.storefront,
            stored_country=None,
            definitions=self.company_fields,
        )
        _add_service_errors(row, check.errors, _company_column)
        contact = None
        if contact_data is not None:
            check = Checker()
            contact = contacts.validate_contact(
                check,
                contact_data,
                contact=None,
                country=_country(row),
                definitions=self.contact_fields,
            )
            _add_service_errors(row, check.errors, _contact_column)
        if row.errors:
            return row, None
        item = _Checked(record.row, record.line, company, contact, new_group, list(row.tax_columns))
        return row, item

    async def taken(self, items: Sequence[_Checked]) -> dict[int, list[UserError]]:
        """The rows whose CNPJ, CPF, VAT or contact email a company or contact of the
        storefront already has, with the services' errors named by CSV column: a few
        set-based queries for all the rows."""
        pairs = [p for item in items for p in companies.unique_tax_ids(item.company["tax_ids"])]
        taken_ids = await companies.taken_tax_ids(self.storefront.id, pairs)
        addresses = [i.contact["email"] for i in items if i.contact and "email" in i.contact]
        taken_emails = await contacts.taken_emails(self.storefront.id, addresses)
        found: dict[int, list[UserError]] = {}
        for item in items:
            errors = [
                UserError(
                    companies.tax_id_taken(t["kind"]),
                    ErrorCode.DUPLICATE,
                    (item.tax_columns[int(t["path"][1])],),
                )
                for t in item.company["tax_ids"]
                if (t["kind"], t["value"]) in taken_ids
            ]
            if item.contact is not None and item.contact.get("email") in taken_emails:
                error = contacts.email_taken()
                errors.append(UserError(error.message, error.code, ("contact_email",)))
            if errors:
                found[item.row] = errors
        return found

    @staticmethod
    def report_taken(item: _Checked, errors: Sequence[UserError]) -> list[RowError]:
        """The errors of `taken` (named by CSV column), or a unique key's own error (named by
        the service's field) when the recheck found nothing."""
        columns = {"email": "contact_email", "roles": "contact_email"}
        unique = [c for c, kind in TAX_ID_COLUMNS if kind in _UNIQUE_IN_FILE]
        keyed = [c for c in item.tax_columns if c in unique]
        if len(keyed) == 1:
            columns["tax_ids"] = keyed[0]
        out = []
        for error in errors:
            field = error.field[0] if error.field else ""
            out.append(item.error(columns.get(field, field), error.message, error.code))
        return out

    async def check_chunk(self, pending: list[tuple[_Row, _Checked | None]]) -> None:
        """The database's checks for a chunk of rows, then each row to the report or the
        spool, in file order."""
        passed = [item for _, item in pending if item is not None]
        taken = await self.taken(passed) if passed else {}
        kept: list[_Checked] = []
        for row, item in pending:
            if item is not None and item.row in taken:
                self.report.rejected.extend(self.report_taken(item, taken[item.row]))
            elif item is not None:
                kept.append(item)
            else:
                self.report.rejected.extend(row.errors)
        self.spool.add(kept)

    # --- writing ---

    async def write(
        self, *, stop_on_failure: bool, progress: ProgressCallback | None = None
    ) -> bool:
        """Write the checked rows in batches, each one transaction; False when a row failed
        and `stop_on_failure` ended the run there (what the earlier batches wrote stays until
        `undo`)."""
        done = 0
        analyzed = ANALYZE_FROM // 2
        for batch in self.spool.batches(BATCH_ROWS):
            async with in_transaction():
                # New companies and groups: no cached read shows them yet, but a batch is one
                # bump, and the rule stays "every write path bumps".
                await catalog_versions.bump(self.storefront.id)
                if not await self.write_batch(batch, stop_on_failure) and stop_on_failure:
                    return False
            done += len(batch)
            if done >= 2 * analyzed:
                await _refresh_statistics()
                analyzed = done
            if progress is not None:
                progress("writing", done, self.spool.count)
        if done != analyzed:
            await _refresh_statistics()
        return True

    def refuse(self, errors: Sequence[RowError]) -> None:
        self.report.rejected.extend(errors)
        self.report.valid -= 1

    async def write_batch(self, batch: list[_Checked], stop_on_failure: bool) -> bool:
        """Bulk inserts for the batch; False when a row was refused. Someone may have taken a
        row's CNPJ or contact email since the check: the check runs again inside the
        transaction (exact on SQLite, which holds the write lock from BEGIN), and the unique
        keys of the database stay the last line, row by row when a bulk insert hits one."""
        taken = await self.taken(batch)
        ready: list[_Checked] = []
        for item in batch:
            if item.row in taken:
                self.refuse(self.report_taken(item, taken[item.row]))
                if stop_on_failure:
                    return False
            elif item.new_group is None or await self.place_in_group(item):
                ready.append(item)
            elif stop_on_failure:
                return False
        complete = len(ready) == len(batch)
        try:
            async with in_transaction():
                await _insert(self.storefront, ready)
        except IntegrityError:
            # A key taken by a transaction that committed after the check (PostgreSQL reads
            # what was committed when each statement starts): one row at a time finds which.
            for item in ready:
                async with unique_violation(self._recheck(item)) as clash:
                    await _insert(self.storefront, [item])
                if not clash.errors:
                    self.count_written([item])
                    continue
                self.refuse(self.report_taken(item, clash.errors))
                if stop_on_failure:
                    return False
                complete = False
            return complete
        self.count_written(ready)
        return complete

    def count_written(self, items: Sequence[_Checked]) -> None:
        self.written.extend(item.company["id"] for item in items)
        self.report.created += len(items)
        self.report.contacts_created += sum(1 for item in items if item.contact is not None)

    def _recheck(self, item: _Checked) -> Callable[[], Awaitable[list[UserError]]]:
        async def recheck() -> list[UserError]:
            return (await self.taken([item])).get(item.row, [])

        return recheck

    async def place_in_group(self, item: _Checked) -> bool:
        """Put the row in the group it names, creating the group (this run's first row to name
        it); False with the row refused when that cannot be done."""
        name = item.new_group
        assert name is not None
        key = fold(name)
        if key not in self.groups:
            result = await groups.create_group(self.principal, self.storefront, {"name": name})
            if result.ok and result.value is not None:
                self.groups[key] = result.value.id
                self.new_groups.append(result.value.id)
                self.report.groups_created.append(name)
            else:
                await self.load_groups()  # someone else may have created it meanwhile
                if key not in self.groups:
                    self.refuse([item.error("group", e.message, e.code) for e in result.errors])
                    return False
        item.company["group_id"] = self.groups[key]
        return True

    async def undo(self) -> None:
        """Delete what this run wrote: an all-or-nothing run whose row failed at write time."""
        for start in range(0, len(self.written), companies.IN_CHUNK):
            ids = self.written[start : start + companies.IN_CHUNK]
            async with in_transaction():
                await CustomFieldValue.filter(company_id__in=ids).delete()
                await CustomFieldValue.filter(contact__company_id__in=ids).delete()
                await Company.filter(id__in=ids).delete()
                await catalog_versions.bump(self.storefront.id)
        for group_id in self.new_groups:
            # Kept when someone put a company of theirs in it meanwhile.
            if not await Company.exists(group_id=group_id):
                async with catalog_versions.changing(self.storefront.id):
                    await CustomerGroup.filter(id=group_id).delete()
        self.written.clear()
        self.new_groups.clear()


# --- bulk inserts ---------------------------------------------------------------------------


async def _refresh_statistics() -> None:
    """ANALYZE the tables the uniqueness checks read, on PostgreSQL. Its planner picks a plan
    from statistics that autovacuum refreshes late (a minute's nap, 10 % growth) or never (it
    can be off): planned for the empty table an import started on, the check of 500 tax ids
    read every tax id of the kind through the index instead of looking each one up, so each
    batch's recheck grew with the table (67 ms a batch at 100,000 rows, 20 s of the run).
    SQLite's planner uses the unique index without statistics."""
    conn = Company._meta.db
    if conn.capabilities.dialect != "postgres":
        return
    tables = ", ".join(f'"{m._meta.db_table}"' for m in (TaxId, Contact, Company))
    await conn.execute_script(f"ANALYZE {tables}")


async def _allocate_ids(model: type[Model], count: int) -> list[int]:
    """Ids for `count` new rows of `model`, taken before the insert so that the rows of other
    tables can name them in the same bulk insert. PostgreSQL: the table's sequence. SQLite:
    past the largest id (its tables have no AUTOINCREMENT), inside the transaction, which holds
    the database's write lock from its BEGIN, so no other writer can take them meanwhile."""
    if not count:
        return []
    conn = model._meta.db
    table = model._meta.db_table
    if conn.capabilities.dialect == "postgres":
        _, rows = await conn.execute_query(
            f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) AS id "
            "FROM generate_series(1, $1)",
            [count],
        )
        return [int(row["id"]) for row in rows]
    _, rows = await conn.execute_query(f'SELECT COALESCE(MAX(id), 0) AS top FROM "{table}"')
    top = int(rows[0]["top"])
    return list(range(top + 1, top + 1 + count))


@dataclass(frozen=True, slots=True)
class _Converted:
    """A column's default already in its database form."""

    value: Any


class _Table:
    """Rows of one table, inserted with the statement Tortoise's bulk_create sends (one
    executemany; a COPY of the same columns on PostgreSQL) but without a model object per row:
    building 60,000 of them took longer than the inserts. Values are converted by the model's
    own fields where the database form differs (timestamps, decimals, enums); a column a row
    does not give takes the field's default."""

    _CONVERTED = (fields.DatetimeField, fields.DecimalField, CharEnumFieldInstance)

    def __init__(self, model: type[Model], *, with_id: bool, now: datetime.datetime) -> None:
        self.model = model
        conn = model._meta.db
        executor = conn.executor_class(model=model, db=conn)
        self.sql = executor.insert_query_all if with_id else executor.insert_query
        names = executor.regular_columns_all if with_id else executor.regular_columns
        fields_map = model._meta.fields_map
        self.columns: list[tuple[str, Any, Any]] = []  # (name, default, converter)
        for name in names:
            field = fields_map[name]
            default = now if name in ("created_at", "updated_at") else field.default
            convert: Callable[[Any, Any], Any] | None = (
                field.to_db_value if isinstance(field, self._CONVERTED) else None
            )
            if convert is not None and default is not None and not callable(default):
                default = _Converted(convert(default, None))  # the same for every row
            self.columns.append((name, default, convert))
        projection = model._meta.fields_db_projection
        self.db_columns = [projection[name] for name in names]
        self.rows: list[list[Any]] = []

    def add(self, values: Mapping[str, Any]) -> None:
        row = []
        for name, default, convert in self.columns:
            value = values.get(name, default)
            if type(value) is _Converted:
                row.append(value.value)
                continue
            if callable(value):
                value = value()
            if convert is not None and value is not None:
                value = convert(value, None)
            row.append(value)
        self.rows.append(row)

    async def insert(self) -> None:
        if not self.rows:
            return
        conn = self.model._meta.db
        if conn.capabilities.dialect != "postgres":
            await conn.execute_many(self.sql, self.rows)
            return
        # COPY: a third of executemany's time for the same rows on PostgreSQL.
        async with conn.acquire_connection() as raw:
            try:
                await raw.copy_records_to_table(
                    self.model._meta.db_table,
                    records=self.rows,
                    columns=self.db_columns,
                )
            except asyncpg.IntegrityConstraintViolationError as exc:
                # What executemany raises through Tortoise, so write_batch's fallback runs.
                raise IntegrityError(exc) from exc


async def _insert(storefront: Storefront, items: Sequence[_Checked]) -> None:
    """Write the rows' companies, everything they own and their contacts: one bulk insert per
    table. The search text is built from the cleaned values, as companies.refresh_search
    builds it from the stored ones."""
    if not items:
        return
    now = timezone.now()
    company_ids = await _allocate_ids(Company, len(items))
    with_contact = [item for item in items if item.contact is not None]
    contact_ids = iter(await _allocate_ids(Contact, len(with_contact)))
    company_rows = _Table(Company, with_id=True, now=now)
    contact_rows = _Table(Contact, with_id=True, now=now)
    children = {
        key: _Table(model, with_id=False, now=now)
        for key, model in (
            ("tax_ids", TaxId),
            ("addresses", Address),
            ("emails", CompanyEmail),
            ("phones", CompanyPhone),
            ("custom_fields", CustomFieldValue),
        )
    }
    values = children["custom_fields"]
    storefront_id = storefront.id
    for item, company_id in zip(items, company_ids, strict=True):
        clean = item.company
        clean["id"] = company_id
        clean["storefront_id"] = storefront_id
        contact = item.contact
        clean.update(
            companies.search_fields(
                clean,
                emails=[e["email"] for e in clean.get("emails", [])],
                phones=[p["number"] for p in clean.get("phones", [])],
                contacts=[contact] if contact is not None else [],
                cities=[a["city"] for a in clean.get("addresses", []) if a.get("city")],
            )
        )
        company_rows.add(clean)
        for key in ("addresses", "emails", "phones"):
            for row in clean.get(key, []):
                children[key].add({**row, "company_id": company_id})
        for row in clean.get("tax_ids", []):
            children["tax_ids"].add(
                {**companies.tax_id_row(storefront_id, row), "company_id": company_id}
            )
        for definition_id, value in clean.get("custom_fields", {}).items():
            if value is not None:
                values.add(
                    {"definition_id": definition_id, "value": value, "company_id": company_id}
                )
        if contact is not None:
            contact_id = next(contact_ids)
            contact_rows.add(
                {
                    **contact,
                    "id": contact_id,
                    "company_id": company_id,
                    "storefront_id": storefront_id,
                }
            )
            for definition_id, value in contact.get("custom_fields", {}).items():
                if value is not None:
                    values.add(
                        {"definition_id": definition_id, "value": value, "contact_id": contact_id}
                    )
    await company_rows.insert()
    for key in ("tax_ids", "addresses", "emails", "phones"):
        await children[key].insert()
    await contact_rows.insert()
    await values.insert()


# --- the import ---------------------------------------------------------------------------


def _forecast(report: ImportReport, spool: _Spool) -> None:
    """A dry run's counts: what a real run with the same options would write."""
    report.created = spool.count
    report.contacts_created = spool.contacts
    report.groups_created = list(spool.new_groups.values())


async def import_companies(
    principal: Principal,
    storefront: Storefront,
    csv_text: str,
    *,
    dry_run: bool,
    skip_invalid: bool = False,
    progress: ProgressCallback | None = None,
) -> ImportReport:
    """Import companies (and one optional contact each) from CSV text; see the module docstring
    for the format. Staff only: an admin's companies are unassigned, a sales rep's are assigned
    to the rep. Rows are numbered from 1 (the header row is not counted; `line` gives the
    physical line). Raises PermissionDenied / NotAuthenticated for anyone else. `progress` is
    called with ("checking" or "writing", rows done, rows in all) as the run advances; while
    checking, "in all" counts the file's lines, an upper bound of its rows."""
    permissions.require_staff(principal)
    report = ImportReport(dry_run=dry_run)
    reader = _Reader(csv_text)
    header_cells = reader.header()
    if header_cells is None:
        report.rejected.append(RowError(0, 1, "", "The file is empty.", ErrorCode.EMPTY_FILE))
        return report

    definitions = await CustomFieldDefinition.filter(storefront_id=storefront.id).values_list(
        "target", "key"
    )
    header, header_errors = _parse_header(
        header_cells,
        {key for target, key in definitions if target == CustomFieldTarget.COMPANY},
        {key for target, key in definitions if target == CustomFieldTarget.CONTACT},
    )
    importer = _Importer(principal, storefront, header, report)
    await importer.load()
    width = len(header.columns)
    unnamed = [(i, n) for i, n in enumerate(header.columns) if n.startswith(_UNNAMED)]
    holders: dict[int, int] = {}  # index of an unnamed column -> first row with a value in it
    lines = csv_text.count("\n") if progress is not None else 0
    pending: list[tuple[_Row, _Checked | None]] = []
    rows = 0
    for line, cells in reader:
        rows += 1
        extra = [c for c in cells[width:] if c.strip()]
        values = {
            name: _cell(value) for name, value in zip(header.columns, cells[:width], strict=False)
        }
        record = _Record(rows, line, values, extra)
        for index, name in unnamed:
            if index not in holders and values.get(name):
                holders[index] = rows
        if header_errors or holders:
            continue  # the file is refused as a whole: only count its rows
        pending.append(await importer.check_row(record))
        if progress is not None and rows % PROGRESS_ROWS == 0:
            progress("checking", rows, max(rows, lines))
        if len(pending) >= CHECK_ROWS:
            await importer.check_chunk(pending)
            pending = []
    report.rows = rows
    for index, holder in sorted(holders.items()):
        header_errors.append(
            RowError(
                0,
                1,
                f"column {index + 1}",
                f"Column {index + 1} has no name in the header, but row {holder} has a "
                "value in it.",
                ErrorCode.UNKNOWN_COLUMN,
            )
        )
    if header_errors:
        # Columns the import does not understand would be dropped silently: stop here.
        report.rejected = header_errors
        return report
    await importer.check_chunk(pending)
    if progress is not None:
        progress("checking", rows, rows)
    if reader.error is not None:
        report.rejected.append(reader.error)

    report.valid = importer.spool.count
    # A file that could not be read to the end is never written, skip_invalid or not.
    refused = bool(report.rejected) and (not skip_invalid or reader.error is not None)
    if refused:
        return report
    if dry_run:
        _forecast(report, importer.spool)
        return report
    try:
        complete = await importer.write(stop_on_failure=not skip_invalid, progress=progress)
    except Exception:
        # A batch that could not be written (the database busy for too long, say) ends the
        # run with an error; all or nothing still holds for what the earlier batches wrote.
        if not skip_invalid:
            await _undo_after_error(importer)
        raise
    if not complete:
        await importer.undo()
        report.created = report.contacts_created = 0
        report.groups_created = []
        return report
    report.committed = True
    return report


async def _undo_after_error(importer: _Importer) -> None:
    try:
        await importer.undo()
    except Exception:
        # The error that stopped the run is the one to report; this one goes to the log.
        logger.exception(
            "Could not delete the %s companies of a failed import", len(importer.written)
        )
