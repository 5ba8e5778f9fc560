"""The customer import and the single-company mutations share their rules (issue 13): the same
bad input gets the same code either way; the database's unique keys stay the last line when a
createCompany races an import; the import's statements do not grow with its rows."""

from __future__ import annotations

import asyncio
import io
import random
from typing import Any

import pytest

from graphql_api.auth.principal import STAFF_KIND, Principal
from graphql_api.cli_progress import Progress
from graphql_api.demo.generators import generate_cnpj
from graphql_api.models import Company, Contact, StaffUser
from graphql_api.services import companies, imports
from graphql_api.services.storefronts import ensure_default_storefront
from graphql_api.services.validation.tax_ids import format_tax_id
from tests.factories import CREATE

CREATE_CONTACT = """mutation($input: CreateContactInput!) { createContact(input: $input) {
  contact { id } userErrors { field message code } } }"""
IMPORT = """mutation($input: ImportCompaniesInput!) { importCompanies(input: $input) {
  report { rows valid created committed rejected { row line column message code } }
  userErrors { code } } }"""

_rng = random.Random(1313)
HEADER = (
    "legal_name;cnpj;vat;responsible_phone;preferred_currency;discount_percent;street;city;"
    "postal_code;country;email;contact_first_name;contact_email"
)


def _cnpj() -> str:
    return format_tax_id("CNPJ", generate_cnpj(_rng))


def _line(**cells: str) -> str:
    row = {
        "legal_name": "Ferragens Teste Ltda",
        "cnpj": _cnpj(),
        "vat": "",
        "responsible_phone": "",
        "preferred_currency": "",
        "discount_percent": "",
        "street": "Avenida Paulista",
        "city": "São Paulo",
        "postal_code": "01310-100",
        "country": "BR",
        "email": "",
        "contact_first_name": "",
        "contact_email": "",
    }
    row.update(cells)
    return ";".join(row[c] for c in HEADER.split(";"))


def _company(**cells: str) -> dict[str, Any]:
    """The createCompany input with the same values as _line(**cells)."""
    row = {"cnpj": _cnpj(), "postal_code": "01310-100", "country": "BR", **cells}
    data: dict[str, Any] = {
        "legalName": row.get("legal_name", "Ferragens Teste Ltda"),
        "taxIds": [{"kind": "CNPJ", "value": row["cnpj"]}] if row["cnpj"] else [],
        "addresses": [
            {
                "street": "Avenida Paulista",
                "city": "São Paulo",
                "postalCode": row["postal_code"],
                "country": row["country"],
            }
        ],
    }
    if row.get("vat"):
        data["taxIds"].append({"kind": "VAT", "value": row["vat"]})
    if row.get("responsible_phone"):
        data["responsiblePhone"] = row["responsible_phone"]
    if row.get("preferred_currency"):
        data["preferredCurrency"] = row["preferred_currency"]
    if row.get("discount_percent"):
        data["discountPercent"] = row["discount_percent"]
    if row.get("email"):
        data["emails"] = [{"email": row["email"]}]
    return data


TAKEN_CNPJ = _cnpj()
TAKEN_EMAIL = "ja.existe@example.com"

# (what is wrong, the CSV cells that say it); the createCompany input says the same.
COMPANY_CASES = [
    ("CNPJ check digits", {"cnpj": "11.222.333/0001-82"}),
    ("a CEP of four digits", {"postal_code": "1234"}),
    ("no legal name", {"legal_name": ""}),
    ("a broken email", {"email": "compras at example.com"}),
    ("a VAT of the wrong shape", {"cnpj": "", "vat": "ESX12345678", "country": "ES"}),
    ("a phone too short", {"responsible_phone": "+55 11 123"}),
    ("an unknown currency", {"preferred_currency": "XYZ"}),
    ("a discount over 100", {"discount_percent": "150"}),
    ("a CNPJ another company has", {"cnpj": TAKEN_CNPJ}),
    ("an unknown country", {"country": "ZZ"}),
]


async def _import_codes(admin: Any, line: str) -> set[tuple[str, str]]:
    text = HEADER + "\n" + line + "\n"
    body = await admin.data(IMPORT, {"input": {"csv": text, "dryRun": True}})
    report = body["importCompanies"]["report"]
    assert all(r["row"] == 1 and r["line"] == 2 and r["message"] for r in report["rejected"])
    return {r["code"] for r in report["rejected"]}


@pytest.mark.parametrize(("case", "cells"), COMPANY_CASES, ids=[c for c, _ in COMPANY_CASES])
async def test_create_company_and_the_import_give_a_bad_input_the_same_codes(admin, case, cells):
    taken = await admin.data(CREATE, {"input": _company(cnpj=TAKEN_CNPJ)})
    assert taken["createCompany"]["userErrors"] == []
    body = await admin.data(CREATE, {"input": _company(**cells)})
    api_codes = {e["code"] for e in body["createCompany"]["userErrors"]}
    assert api_codes, f"{case}: createCompany took it"
    assert await _import_codes(admin, _line(**cells)) == api_codes, case


CONTACT_CASES = [
    ("a broken contact email", {"contact_email": "ana@"}),
    ("a contact email another contact has", {"contact_email": TAKEN_EMAIL}),
    ("no first name", {"contact_first_name": ""}),
]


@pytest.mark.parametrize(("case", "cells"), CONTACT_CASES, ids=[c for c, _ in CONTACT_CASES])
async def test_create_contact_and_the_import_give_a_bad_contact_the_same_codes(admin, case, cells):
    made = await admin.data(CREATE, {"input": _company()})
    company_id = made["createCompany"]["company"]["id"]
    first = {"companyId": company_id, "firstName": "Já", "email": TAKEN_EMAIL}
    assert (await admin.data(CREATE_CONTACT, {"input": first}))["createContact"]["contact"]
    contact = {"contact_first_name": "Ana", "contact_email": "ana@example.com", **cells}
    data = {
        "companyId": company_id,
        "firstName": contact["contact_first_name"],
        "email": contact["contact_email"],
    }
    body = await admin.data(CREATE_CONTACT, {"input": data})
    api_codes = {e["code"] for e in body["createContact"]["userErrors"]}
    assert api_codes, f"{case}: createContact took it"
    # contact_first_name is refused by the importer itself when a contact has none (REQUIRED,
    # the code the service gives an empty first name).
    assert await _import_codes(admin, _line(**contact)) == api_codes, case


# --- races: the unique keys are the last line -------------------------------------------------


def _file(cnpjs: list[str]) -> str:
    lines = [HEADER]
    for n, cnpj in enumerate(cnpjs):
        lines.append(
            _line(
                legal_name=f"Importada {n} Ltda",
                cnpj=cnpj,
                contact_first_name="Ana",
                contact_email=f"ana{n}@importada{n}.com.br",
            )
        )
    return "\n".join(lines) + "\n"


async def _admin_principal() -> Principal:
    staff = await StaffUser.create(
        email="rules.admin@example.com", role="ADMIN", name="A", password_hash="-"
    )
    return Principal(kind=STAFF_KIND, staff=staff)


@pytest.mark.parametrize("skip_invalid", [True, False])
async def test_a_key_taken_after_the_write_phase_checked_it_is_a_row_error(
    monkeypatch, skip_invalid
):
    """PostgreSQL reads what was committed when each statement starts: a createCompany can
    commit a CNPJ after the batch's own check and before its insert. The insert then hits the
    unique key, the batch is written again row by row, and that row is refused with the
    service's DUPLICATE on its column; nothing raises."""
    admin_p = await _admin_principal()
    storefront = await ensure_default_storefront()
    cnpjs = [_cnpj() for _ in range(4)]
    real_taken = imports._Importer.taken
    calls: list[int] = []

    async def taken_then_race(importer: Any, items: Any) -> Any:
        found = await real_taken(importer, items)
        calls.append(len(items))
        if len(calls) == 2:  # the write phase's own check: the rival commits right after it
            rival = {"legal_name": "Rival Ltda", "tax_ids": [{"kind": "CNPJ", "value": cnpjs[2]}]}
            assert (await companies.create_company(admin_p, storefront, rival)).ok
        return found

    monkeypatch.setattr(imports._Importer, "taken", taken_then_race)
    report = await imports.import_companies(
        admin_p, storefront, _file(cnpjs), dry_run=False, skip_invalid=skip_invalid
    )
    assert [(e.row, e.line, e.field, e.code) for e in report.rejected] == [
        (3, 4, "cnpj", "DUPLICATE")
    ]
    assert report.rejected[0].message == "Another company already has this CNPJ."
    names = set(await Company.all().values_list("legal_name", flat=True))
    if skip_invalid:
        assert report.committed and (report.created, report.contacts_created) == (3, 3)
        assert names == {"Rival Ltda", "Importada 0 Ltda", "Importada 1 Ltda", "Importada 3 Ltda"}
        assert await Contact.all().count() == 3
    else:
        assert not report.committed and report.created == 0
        assert names == {"Rival Ltda"}
        assert await Contact.all().count() == 0
    assert calls[:2] == [4, 4]  # the check phase, then the batch's check before its insert


async def test_create_company_racing_an_import_over_http_never_fails_a_request(admin):
    """The import (skip_invalid) and createCompany calls for some of its CNPJs at once,
    through the ASGI app: every request answers without errors, each CNPJ belongs to one
    company, and every CNPJ the import lost is its row's DUPLICATE."""
    cnpjs = [_cnpj() for _ in range(40)]
    contested = cnpjs[::4]
    text = _file(cnpjs)

    async def create(cnpj: str) -> dict[str, Any]:
        return await admin.data(CREATE, {"input": _company(cnpj=cnpj)})

    imported, *created = await asyncio.gather(
        admin.data(IMPORT, {"input": {"csv": text, "dryRun": False, "skipInvalid": True}}),
        *(create(cnpj) for cnpj in contested),
    )
    report = imported["importCompanies"]["report"]
    lost_rows = {r["row"] for r in report["rejected"]}
    assert all(r["column"] == "cnpj" and r["code"] == "DUPLICATE" for r in report["rejected"])
    won_by_api = {
        cnpj
        for cnpj, body in zip(contested, created, strict=True)
        if body["createCompany"]["company"] is not None
    }
    for body in created:
        errors = body["createCompany"]["userErrors"]
        assert body["createCompany"]["company"] or [e["code"] for e in errors] == ["DUPLICATE"]
    assert {cnpjs[row - 1] for row in lost_rows} == won_by_api
    assert report["created"] == len(cnpjs) - len(lost_rows)
    assert await Company.all().count() == len(cnpjs)


# --- statements ---------------------------------------------------------------------------


async def test_an_import_sends_the_same_statements_for_5_and_50_rows(count_sql):
    admin_p = await _admin_principal()
    storefront = await ensure_default_storefront()
    counts = []
    for rows in (5, 50):
        text = _file([_cnpj() for _ in range(rows)]).replace("Importada", f"Lote{rows}")
        text = text.replace("@importada", f"@lote{rows}-")
        with count_sql() as counter:
            report = await imports.import_companies(admin_p, storefront, text, dry_run=False)
        assert report.committed and report.created == rows, report.rejected
        counts.append(counter.count)
    assert counts[0] == counts[1], counts


async def test_the_planner_statistics_follow_the_tables_an_import_grows(monkeypatch):
    """PostgreSQL plans the uniqueness checks from statistics autovacuum refreshes late or
    never; planned for an empty table, each batch's check read every tax id of its kind. The
    import refreshes them each time its rows double, and once at the end."""
    admin_p = await _admin_principal()
    storefront = await ensure_default_storefront()
    monkeypatch.setattr(imports, "BATCH_ROWS", 2)
    monkeypatch.setattr(imports, "ANALYZE_FROM", 2)
    real_refresh = imports._refresh_statistics
    written_at: list[int] = []

    async def counting_refresh() -> None:
        written_at.append(await Company.all().count())
        await real_refresh()

    monkeypatch.setattr(imports, "_refresh_statistics", counting_refresh)
    report = await imports.import_companies(
        admin_p, storefront, _file([_cnpj() for _ in range(9)]), dry_run=False
    )
    assert report.committed and report.created == 9
    assert written_at == [2, 4, 8, 9]
    conn = Company._meta.db
    if conn.capabilities.dialect == "postgres":
        # ANALYZE of a table this small reads every row: the planner's estimate is exact.
        _, rows = await conn.execute_query(
            "SELECT relname, reltuples FROM pg_class WHERE relname IN ('company_tax_id', "
            "'contact', 'company')"
        )
        assert {r["relname"]: r["reltuples"] for r in rows} == {
            "company_tax_id": 9,
            "contact": 9,
            "company": 9,
        }


# --- progress -------------------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


async def test_progress_follows_both_phases_on_a_terminal_and_stays_silent_elsewhere(
    monkeypatch,
):
    admin_p = await _admin_principal()
    storefront = await ensure_default_storefront()
    monkeypatch.setattr(imports, "PROGRESS_ROWS", 10)
    monkeypatch.setattr(imports, "BATCH_ROWS", 20)
    calls: list[tuple[str, int, int]] = []
    terminal = _Terminal()
    shown = Progress(terminal)
    pipe = io.StringIO()
    hidden = Progress(pipe)

    def both(phase: str, done: int, total: int) -> None:
        calls.append((phase, done, total))
        shown(phase, done, total)
        hidden(phase, done, total)

    text = _file([_cnpj() for _ in range(50)])
    report = await imports.import_companies(admin_p, storefront, text, dry_run=False, progress=both)
    shown.close()
    hidden.close()
    assert report.committed and report.created == 50
    checking = [c for c in calls if c[0] == "checking"]
    writing = [c for c in calls if c[0] == "writing"]
    assert checking[0] == ("checking", 10, 51) and checking[-1] == ("checking", 50, 50)
    assert writing == [("writing", 20, 50), ("writing", 40, 50), ("writing", 50, 50)]
    out = terminal.getvalue()
    assert "\r" in out and "rows/s" in out and out.endswith("\n")
    assert "checking  [####################] 50/50 rows" in out
    assert "writing   [####################] 50/50 rows" in out
    assert pipe.getvalue() == ""
