"""Customer export to CSV (SPEC A9): the companies a staff member may see, in the import's own
format, so an export can be edited in a spreadsheet and imported again.

The text is written by `csv_writer` (byte-order mark, CRLF, formula-neutralised cells). The
header is the import's columns (`imports.COLUMNS`) followed by `custom.<key>` /
`contact_custom.<key>` for every custom field of the storefront. Per company: the MAIN address
(else the first one), all emails and phones joined with `|`, and the first contact (the oldest).

The number of queries does not depend on the number of companies.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from tortoise.expressions import Subquery

from graphql_api.auth.principal import Principal
from graphql_api.models import (
    Address,
    CompanyEmail,
    CompanyPhone,
    Contact,
    CustomFieldDefinition,
    CustomFieldValue,
    Storefront,
    TaxId,
)
from graphql_api.models.enums import AddressKind, CustomFieldTarget
from graphql_api.services import csv_writer, permissions
from graphql_api.services.imports import (
    ADDRESS_COLUMNS,
    COLUMNS,
    COMPANY_CUSTOM_PREFIX,
    CONTACT_CUSTOM_PREFIX,
    MULTI_SEPARATOR,
    TAX_ID_COLUMNS,
)
from graphql_api.services.validation.tax_ids import format_tax_id

_COMPANY_FIELDS = (
    "id",
    "legal_name",
    "trade_name",
    "is_individual",
    "responsible_first_name",
    "responsible_last_name",
    "responsible_phone",
    "status",
    "temperature",
    "group__name",
    "preferred_currency",
    "preferred_language",
    "discount_percent",
)


def _grouped(rows: Iterable[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        out[row["company_id"]].append(row)
    return out


async def companies_csv(principal: Principal, storefront: Storefront) -> str:
    """CSV of the companies of `storefront` that `principal` may see (all for an admin, the
    assigned ones for a sales rep), ordered by name. Raises for non-staff."""
    visible = permissions.visible_companies(principal).filter(storefront_id=storefront.id)
    ids = Subquery(visible.values("id"))

    companies = await visible.order_by("name_key", "id").values(*_COMPANY_FIELDS)
    addresses = _grouped(
        await Address.filter(company_id__in=ids)
        .order_by("company_id", "position", "id")
        .values("company_id", "kind", *ADDRESS_COLUMNS)
    )
    taxes = _grouped(await TaxId.filter(company_id__in=ids).values("company_id", "kind", "value"))
    emails = _grouped(
        await CompanyEmail.filter(company_id__in=ids)
        .order_by("company_id", "position", "id")
        .values("company_id", "email")
    )
    phones = _grouped(
        await CompanyPhone.filter(company_id__in=ids)
        .order_by("company_id", "position", "id")
        .values("company_id", "number")
    )
    first_contact: dict[int, dict[str, Any]] = {}
    contact: dict[str, Any] | None
    for contact in (
        await Contact.filter(company_id__in=ids)
        .order_by("company_id", "id")
        .values("id", "company_id", "first_name", "last_name", "email", "phone")
    ):
        first_contact.setdefault(contact["company_id"], contact)

    definitions = await CustomFieldDefinition.filter(storefront_id=storefront.id).order_by(
        "position", "id"
    )
    company_keys = [d for d in definitions if d.target == CustomFieldTarget.COMPANY]
    contact_keys = [d for d in definitions if d.target == CustomFieldTarget.CONTACT]
    company_values: dict[tuple[int, int], str] = {}
    contact_values: dict[tuple[int, int], str] = {}
    if company_keys:
        for value in await CustomFieldValue.filter(company_id__in=ids).values(
            "company_id", "definition_id", "value"
        ):
            company_values[(value["company_id"], value["definition_id"])] = value["value"]
    if contact_keys:
        for value in await CustomFieldValue.filter(contact__company_id__in=ids).values(
            "contact_id", "definition_id", "value"
        ):
            contact_values[(value["contact_id"], value["definition_id"])] = value["value"]

    header = [
        *COLUMNS,
        *(COMPANY_CUSTOM_PREFIX + d.key for d in company_keys),
        *(CONTACT_CUSTOM_PREFIX + d.key for d in contact_keys),
    ]
    rows: list[list[Any]] = []
    for company in companies:
        company_id = company["id"]
        cells: dict[str, Any] = {
            name: company.get(name) for name in COLUMNS if name in _COMPANY_FIELDS
        }
        cells["group"] = company["group__name"]
        by_kind = {t["kind"]: t["value"] for t in taxes.get(company_id, [])}
        for column, kind in TAX_ID_COLUMNS:
            cells[column] = format_tax_id(kind, by_kind[kind]) if kind in by_kind else None
        places = addresses.get(company_id, [])
        main = next((a for a in places if a["kind"] == AddressKind.MAIN), None)
        main = main or (places[0] if places else {})
        for column in ADDRESS_COLUMNS:
            cells[column] = main.get(column)
        cells["email"] = MULTI_SEPARATOR.join(e["email"] for e in emails.get(company_id, []))
        cells["phone"] = MULTI_SEPARATOR.join(p["number"] for p in phones.get(company_id, []))
        contact = first_contact.get(company_id)
        if contact is not None:
            cells["contact_first_name"] = contact["first_name"]
            cells["contact_last_name"] = contact["last_name"]
            cells["contact_email"] = contact["email"]
            cells["contact_phone"] = contact["phone"]
        row = [cells.get(name) for name in COLUMNS]
        row += [company_values.get((company_id, d.id)) for d in company_keys]
        row += [
            contact_values.get((contact["id"], d.id)) if contact else None for d in contact_keys
        ]
        rows.append(row)
    return csv_writer.write(header, rows)
