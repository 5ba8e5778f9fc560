"""Customer CSV import and export (SPEC A9): services, CLI commands and GraphQL types."""

from __future__ import annotations

import csv
import io
import os
import random
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
import strawberry
from strawberry.tools import merge_types

from graphql_api.auth.principal import (
    ANONYMOUS,
    CONTACT_KIND,
    PARTNER_KIND,
    STAFF_KIND,
    Principal,
)
from graphql_api.demo.generators import generate_cnpj
from graphql_api.models import (
    Address,
    Company,
    CompanyEmail,
    CompanyPhone,
    Contact,
    CustomerGroup,
    CustomFieldValue,
    Note,
    StaffUser,
    TaxId,
)
from graphql_api.models.enums import AccessState, StaffRole
from graphql_api.services import companies, custom_fields, exports, imports
from graphql_api.services.errors import NotAuthenticated, PermissionDenied
from graphql_api.services.storefronts import ensure_default_storefront
from graphql_api.services.validation.tax_ids import format_tax_id

REPO = Path(__file__).resolve().parent.parent

# 11.222.333/0001-81 and CPF 529.982.247-25 are the textbook valid examples; the others come from
# the application's own generator, so their check digits are right too.
_rng = random.Random(2024)
CNPJ_A = "11.222.333/0001-81"
CNPJ_B, CNPJ_C, CNPJ_D, CNPJ_E = (format_tax_id("CNPJ", generate_cnpj(_rng)) for _ in range(4))
CPF_A = "529.982.247-25"

MIXED = (
    "\ufeff"
    "Legal_Name;trade_name;is_individual;cnpj;cpf;ie;vat;responsible_first_name;"
    "responsible_phone;status;temperature;group;preferred_currency;preferred_language;"
    "discount_percent;street;number;complement;district;city;state;postal_code;country;"
    "email;phone;contact_first_name;contact_last_name;contact_email;contact_phone\r\n"
    f"Ferragens São João Ltda;Ferragens SJ;não;{CNPJ_A};;110.042.490.114;;João;"
    "+55 (11) 98765-4321;current;hot;Atacado;brl;PT-br;"
    '7,5;Rua Augusta;1500;"Sala 12; fundos";Consolação;São Paulo;SP;01304001;br;'
    "compras@ferragens.com.br|financeiro@ferragens.com.br;(11) 3333-4444|(11) 98765-4321;"
    "Marcos;Lima;Marcos.Lima@Ferragens.com.br;(11) 91234-5678\r\n"
    f"Ana Paula Gonçalves;;sim;;{CPF_A};;;Ana;;PROSPECT;not interested;Varejo;BRL;pt-BR;"
    ";Rua das Flores;10;;Centro;Curitiba;PR;80020-310;BR;ana@gmail.com;;;;;\r\n"
    ";;;;;;;;;;;;;;;;;;;;;;;;;;;;\r\n"
    'Suministros Ibáñez S.L.;"Ibáñez ""Suministros""";;;;;B12345674;Lucía;;CURRENT;WARM;'
    "atacado;EUR;es;10;Calle Mayor;5;;;Madrid;Madrid;28013;ES;pedidos@ibanez.es;"
    "+34 912 345 678;Lucía;García;lucia@ibanez.es;\r\n"
    "Construcții Popescu S.R.L.;Popescu;false;;;;RO18547290;Andrei;;;COLD;Distribuitor;RON;"
    "ro;0;Strada Lipscani;12;;;București;București;030167;RO;office@popescu.ro;;;;;\r\n"
)


@pytest.fixture
async def storefront():
    return await ensure_default_storefront()


async def _staff(email: str, role: StaffRole) -> Principal:
    staff = await StaffUser.create(email=email, role=role, name=email, password_hash="-")
    return Principal(kind=STAFF_KIND, staff=staff)


@pytest.fixture
async def admin_p() -> Principal:
    return await _staff("import.admin@example.com", StaffRole.ADMIN)


@pytest.fixture
async def rep_p() -> Principal:
    return await _staff("import.rep@example.com", StaffRole.SALES_REP)


async def _counts() -> dict[str, int]:
    return {
        model.__name__: await model.all().count()
        for model in (
            Company,
            Contact,
            CustomerGroup,
            Address,
            TaxId,
            CompanyEmail,
            CompanyPhone,
            CustomFieldValue,
        )
    }


def _errors(report: imports.ImportReport) -> set[tuple[int, str, str]]:
    return {(e.row, e.field, e.code) for e in report.rejected}


def _csv(*rows: str, sep: str = ";") -> str:
    header = sep.join(
        [
            "legal_name",
            "cnpj",
            "street",
            "city",
            "postal_code",
            "country",
            "email",
            "group",
            "contact_first_name",
            "contact_email",
        ]
    )
    return "\r\n".join([header, *rows]) + "\r\n"


# --- the file format and values -------------------------------------------------------------


async def test_mixed_file_imports_with_right_counts_and_values(admin_p, storefront):
    report = await imports.import_companies(admin_p, storefront, MIXED, dry_run=False)

    assert report.rejected == []
    assert (report.rows, report.valid, report.created, report.contacts_created) == (4, 4, 4, 2)
    assert report.committed and not report.dry_run
    assert sorted(report.groups_created) == ["Atacado", "Distribuitor", "Varejo"]

    ferragens = await Company.get(legal_name="Ferragens São João Ltda").prefetch_related(
        "group", "addresses", "tax_ids", "emails", "phones", "contacts"
    )
    assert ferragens.trade_name == "Ferragens SJ"
    assert ferragens.is_individual is False
    assert (ferragens.status, ferragens.temperature) == ("CURRENT", "HOT")
    assert ferragens.group.name == "Atacado"
    assert ferragens.discount_percent == Decimal("7.50")
    assert (ferragens.preferred_currency, ferragens.preferred_language) == ("BRL", "pt-BR")
    assert ferragens.responsible_phone == "+5511987654321"
    assert ferragens.sales_rep_id is None  # an admin's import assigns nobody
    [address] = ferragens.addresses
    assert address.complement == "Sala 12; fundos"  # the quoted `;` stayed inside the field
    assert (address.postal_code, address.country, address.city) == ("01304-001", "BR", "São Paulo")
    assert {(t.kind, t.value) for t in ferragens.tax_ids} == {
        ("CNPJ", "11222333000181"),
        ("IE", "110.042.490.114"),
    }
    assert [e.email for e in sorted(ferragens.emails, key=lambda e: e.position)] == [
        "compras@ferragens.com.br",
        "financeiro@ferragens.com.br",
    ]
    # Typed without +55, read as Brazilian numbers (the row's country) and stored in E.164.
    assert [p.number for p in sorted(ferragens.phones, key=lambda p: p.position)] == [
        "+551133334444",
        "+5511987654321",
    ]
    [contact] = ferragens.contacts
    assert (contact.first_name, contact.last_name, contact.email, contact.phone) == (
        "Marcos",
        "Lima",
        "marcos.lima@ferragens.com.br",
        "+5511912345678",
    )
    assert "marcos" in ferragens.search_text  # written through the service: search is fresh

    person = await Company.get(legal_name="Ana Paula Gonçalves").prefetch_related("tax_ids")
    assert person.is_individual is True
    assert person.temperature == "NOT_INTERESTED"
    assert [(t.kind, t.value) for t in person.tax_ids] == [("CPF", "52998224725")]

    spanish = await Company.get(legal_name="Suministros Ibáñez S.L.").prefetch_related(
        "tax_ids", "group"
    )
    assert spanish.trade_name == 'Ibáñez "Suministros"'
    assert [(t.kind, t.value) for t in spanish.tax_ids] == [("VAT", "ESB12345674")]
    assert spanish.group.name == "Atacado"  # "atacado" found the group row 1 created

    romanian = await Company.get(legal_name="Construcții Popescu S.R.L.").prefetch_related(
        "addresses", "tax_ids"
    )
    assert romanian.addresses[0].postal_code == "030167"
    assert [(t.kind, t.value) for t in romanian.tax_ids] == [("VAT", "RO18547290")]
    assert await CustomerGroup.all().count() == 3


async def test_imported_contacts_have_no_access_yet(admin_p, storefront):
    report = await imports.import_companies(admin_p, storefront, MIXED, dry_run=False)
    assert report.contacts_created == 2
    contacts = await Contact.all()
    assert len(contacts) == 2
    for contact in contacts:
        assert contact.access_state == AccessState.NOT_CREATED
        assert contact.password_hash is None


async def test_comma_separator_without_bom_and_lf_endings(admin_p, storefront):
    text = (
        "legal_name,cnpj,street,complement,city,postal_code,country\n"
        f'"Comércio Vírgula, Irmãos & Cia",{CNPJ_B},Av. Brasil,"Loja 1, térreo",Rio de Janeiro,'
        "20040-002,BR\n"
        f"Segunda Empresa Ltda,{CNPJ_C},,,,,\n"
    )
    report = await imports.import_companies(admin_p, storefront, text, dry_run=False)
    assert report.rejected == []
    assert (report.rows, report.created) == (2, 2)
    company = await Company.get(legal_name="Comércio Vírgula, Irmãos & Cia")
    address = await Address.get(company_id=company.id)
    assert address.complement == "Loja 1, térreo"
    assert await Address.filter(company__legal_name="Segunda Empresa Ltda").count() == 0


async def test_unknown_and_missing_columns_are_one_header_error(admin_p, storefront):
    text = f"legal_name;cnpj;fax;Colour\nEmpresa;{CNPJ_A};123;red\n"
    report = await imports.import_companies(admin_p, storefront, text, dry_run=False)
    assert [(e.row, e.line, e.field, e.code) for e in report.rejected] == [
        (0, 1, "fax, Colour", "UNKNOWN_COLUMN")
    ]
    assert report.rows == 1 and report.created == 0 and not report.committed
    assert await Company.all().count() == 0

    missing = await imports.import_companies(admin_p, storefront, "trade_name\nX\n", dry_run=True)
    assert _errors(missing) == {(0, "legal_name", "MISSING_COLUMN")}
    empty = await imports.import_companies(admin_p, storefront, "\ufeff\r\n", dry_run=True)
    assert _errors(empty) == {(0, "", "EMPTY_FILE")}


async def test_unnamed_columns_and_individuals_by_cpf(admin_p, storefront):
    # a trailing separator leaves a header cell empty: harmless while the column is empty
    text = f"legal_name;cpf;\nMaria Souza;{CPF_A};\n"
    report = await imports.import_companies(admin_p, storefront, text, dry_run=False)
    assert report.rejected == [] and report.committed
    assert (await Company.get(legal_name="Maria Souza")).is_individual is True  # CPF, no CNPJ

    text = "legal_name;;cnpj\nEmpresa;perdido;\n"
    report = await imports.import_companies(admin_p, storefront, text, dry_run=False)
    assert [(e.row, e.field, e.code) for e in report.rejected] == [
        (0, "column 2", "UNKNOWN_COLUMN")
    ]


async def test_import_columns_are_documented():
    names = [name for name, _ in imports.import_columns()]
    assert names[: len(imports.COLUMNS)] == list(imports.COLUMNS)
    assert "legal_name" in names and "contact_email" in names
    for name, meaning in imports.import_columns():
        assert meaning
        assert name.split("<")[0] in (imports.__doc__ or ""), name


# --- validation report ------------------------------------------------------------------------


async def test_every_bad_row_is_reported_with_row_line_column_and_reason(admin_p, storefront):
    existing = await companies.create_company(
        admin_p,
        storefront,
        {"legal_name": "Já Cadastrada Ltda", "tax_ids": [{"kind": "CNPJ", "value": CNPJ_C}]},
    )
    assert existing.ok
    text = _csv(
        # row 1 spans lines 2 and 3: a quoted line break inside the street
        f'Boa Empresa Ltda;{CNPJ_A};"Rua A\nBloco 2";São Paulo;01310-100;BR;a@boa.com.br;;;',
        "CNPJ Errado Ltda;11.222.333/0001-82;Rua A;São Paulo;01310-100;BR;;;;",
        f"CEP Errado Ltda;{CNPJ_B};Rua A;São Paulo;1310;BR;;;;",
        ";;Rua A;São Paulo;01310-100;BR;;;;",
        "Email Ruim Ltda;;;;;;a@boa;;;",
        "Repetida Ltda;11222333000181;;;;;;;;",
        f"Já Existe Ltda;{CNPJ_C};;;;;;;;",
        # company and contact both wrong: both reported
        "Dois Erros Ltda;;Calle Mayor;Madrid;99999;ES;;;Rita;rita-at-boa",
    )
    report = await imports.import_companies(admin_p, storefront, text, dry_run=False)

    assert report.rows == 8
    assert _errors(report) == {
        (2, "cnpj", "INVALID_CNPJ"),
        (3, "postal_code", "INVALID_POSTAL_CODE"),
        (4, "legal_name", "REQUIRED"),
        (5, "email", "INVALID_EMAIL"),
        (6, "cnpj", "DUPLICATE_IN_FILE"),
        (7, "cnpj", "DUPLICATE"),
        (8, "postal_code", "INVALID_POSTAL_CODE"),
        (8, "contact_email", "INVALID_EMAIL"),
    }
    by_row = {(e.row, e.field): e for e in report.rejected}
    assert by_row[(2, "cnpj")].line == 4  # row 1 took lines 2 and 3
    assert by_row[(8, "contact_email")].line == 10
    assert "check digits" in by_row[(2, "cnpj")].message
    assert "CEP" in by_row[(3, "postal_code")].message
    assert "row 1" in by_row[(6, "cnpj")].message
    assert "already" in by_row[(7, "cnpj")].message
    # all or nothing: the good row was not kept either
    assert not report.committed and report.created == 0 and report.valid == 1
    assert await Company.all().count() == 1
    assert await Contact.all().count() == 0


async def test_vat_check_digits_and_national_phones(admin_p, storefront):
    text = (
        "legal_name;vat;street;city;postal_code;country;phone;contact_first_name;contact_email;"
        "contact_phone\r\n"
        "Popescu S.R.L.;RO18547290;Strada A;Cluj-Napoca;400001;RO;0264 123 456;Ion;ion@p.ro;"
        "0721 234 567\r\n"
        "Ibáñez S.L.;B12345678;Calle Mayor;Madrid;28013;ES;;Ana;ana@i.es;612 345 678\r\n"
        "Lisboa Lda;PT501964842;Rua A;Lisboa;1000-001;PT;21 234 5678;;;\r\n"
    )
    report = await imports.import_companies(
        admin_p, storefront, text, dry_run=False, skip_invalid=True
    )
    # Only the VAT numbers with wrong check digits are refused: the Spanish contact's national
    # number is read as Spanish even though its company was refused.
    assert _errors(report) == {(2, "vat", "INVALID_VAT"), (3, "vat", "INVALID_VAT")}
    romanian = await Company.get(legal_name="Popescu S.R.L.").prefetch_related("phones", "contacts")
    assert [p.number for p in romanian.phones] == ["+40264123456"]
    assert [c.phone for c in romanian.contacts] == ["+40721234567"]


async def test_wrong_values_of_import_only_columns_are_reported(admin_p, storefront):
    text = (
        "legal_name;is_individual;status;temperature;street;city;postal_code;contact_last_name\n"
        "A Ltda;talvez;ACTIVE;tepid;;;;\n"
        "B Ltda;;;;Rua X;Recife;50030-230;Souza\n"
        "C Ltda;no;CURRENT;HOT;;;;;extra\n"
    )
    report = await imports.import_companies(admin_p, storefront, text, dry_run=True)
    assert _errors(report) == {
        (1, "is_individual", "INVALID"),
        (1, "status", "INVALID"),
        (1, "temperature", "INVALID"),
        (2, "country", "REQUIRED"),
        (2, "contact_email", "REQUIRED"),
        (2, "contact_first_name", "REQUIRED"),
        (3, "", "TOO_MANY_FIELDS"),
    }


async def test_duplicate_contact_email_in_file_and_in_database(admin_p, storefront):
    text = _csv(
        f"Um Ltda;{CNPJ_A};;;;;;;Rita;rita@um.com.br",
        f"Dois Ltda;{CNPJ_B};;;;;;;Rita;RITA@um.com.br",
    )
    report = await imports.import_companies(admin_p, storefront, text, dry_run=False)
    assert _errors(report) == {(2, "contact_email", "DUPLICATE_IN_FILE")}

    first = _csv(f"Um Ltda;{CNPJ_A};;;;;;;Rita;rita@um.com.br")
    assert (await imports.import_companies(admin_p, storefront, first, dry_run=False)).committed
    again = _csv(f"Três Ltda;{CNPJ_C};;;;;;;Rita;rita@um.com.br")
    report = await imports.import_companies(admin_p, storefront, again, dry_run=True)
    assert _errors(report) == {(1, "contact_email", "DUPLICATE")}


async def test_required_custom_fields_are_columns(admin_p, storefront):
    result = await custom_fields.define_field(
        admin_p,
        storefront,
        {
            "key": "segment",
            "label": "Segment",
            "type": "CHOICE",
            "choices": ["food", "retail"],
            "required": True,
            "target": "COMPANY",
        },
    )
    assert result.ok
    without = await imports.import_companies(
        admin_p, storefront, f"legal_name;cnpj\nA Ltda;{CNPJ_A}\n", dry_run=True
    )
    assert _errors(without) == {(1, "custom.segment", "REQUIRED")}
    text = f"legal_name;cnpj;Custom.Segment\nA Ltda;{CNPJ_A};food\nB Ltda;{CNPJ_B};toys\n"
    report = await imports.import_companies(admin_p, storefront, text, dry_run=False)
    assert _errors(report) == {(2, "custom.segment", "INVALID")}
    assert "food, retail" in report.rejected[0].message


# --- transactions ---------------------------------------------------------------------------


async def test_dry_run_writes_nothing(admin_p, storefront):
    before = await _counts()
    report = await imports.import_companies(admin_p, storefront, MIXED, dry_run=True)
    assert report.rejected == []
    assert report.dry_run and not report.committed
    # what a real run would do
    assert (report.created, report.contacts_created) == (4, 2)
    assert sorted(report.groups_created) == ["Atacado", "Distribuitor", "Varejo"]
    assert await _counts() == before

    # and the real run afterwards finds nothing left over from the dry run
    real = await imports.import_companies(admin_p, storefront, MIXED, dry_run=False)
    assert real.rejected == [] and real.committed and real.created == 4


MIXED_WITH_BAD = _csv(
    f"Primeira Ltda;{CNPJ_E};Rua A;Recife;50030-230;BR;a@primeira.com.br;Novo Grupo;;",
    f"Segunda Ltda;{CNPJ_B};;;;;;Grupo Do Rejeitado;Rita;rita@segunda",
    f"Terceira Ltda;{CNPJ_D};;;;;;;Caio;caio@terceira.com.br",
)


async def test_real_run_is_all_or_nothing(admin_p, storefront):
    before = await _counts()
    report = await imports.import_companies(admin_p, storefront, MIXED_WITH_BAD, dry_run=False)
    assert _errors(report) == {(2, "contact_email", "INVALID_EMAIL")}
    assert report.valid == 2
    assert (report.created, report.contacts_created, report.committed) == (0, 0, False)
    assert report.groups_created == []
    assert await _counts() == before


async def test_skip_invalid_commits_only_the_good_rows(admin_p, storefront):
    report = await imports.import_companies(
        admin_p, storefront, MIXED_WITH_BAD, dry_run=False, skip_invalid=True
    )
    assert _errors(report) == {(2, "contact_email", "INVALID_EMAIL")}
    assert (report.created, report.contacts_created, report.committed) == (2, 1, True)
    assert report.groups_created == ["Novo Grupo"]
    names = set(await Company.all().values_list("legal_name", flat=True))
    # row 2's company was valid, its contact was not: nothing of the row is kept
    assert names == {"Primeira Ltda", "Terceira Ltda"}
    assert set(await CustomerGroup.all().values_list("name", flat=True)) == {"Novo Grupo"}
    assert await Contact.all().count() == 1

    # a dry run with skip_invalid predicts the same
    again = await imports.import_companies(
        admin_p, storefront, MIXED_WITH_BAD.replace("Ltda", "SA"), dry_run=True, skip_invalid=True
    )
    assert again.created == 0 and {e.code for e in again.rejected} >= {"DUPLICATE"}


# --- who may import ---------------------------------------------------------------------------


async def test_sales_rep_import_assigns_companies_to_the_rep(rep_p, admin_p, storefront):
    await CustomerGroup.create(storefront_id=storefront.id, name="Varejo")
    # A group brings prices with it: a rep's row may name none (issue 9), known or not.
    text = _csv(
        f"Cliente do Rep Ltda;{CNPJ_A};;;;;;;Rita;rita@rep.com.br",
        f"Outro Cliente Ltda;{CNPJ_B};;;;;;Grupo Inexistente;;",
        f"Terceiro Cliente Ltda;{CNPJ_C};;;;;;varejo;;",
    )
    report = await imports.import_companies(rep_p, storefront, text, dry_run=False)
    assert _errors(report) == {(2, "group", "NOT_FOUND"), (3, "group", "FORBIDDEN")}
    assert "only an admin" in report.rejected[0].message

    report = await imports.import_companies(
        rep_p, storefront, text, dry_run=False, skip_invalid=True
    )
    assert report.committed and report.created == 1
    company = await Company.get(legal_name="Cliente do Rep Ltda")
    assert company.sales_rep_id == rep_p.staff.id
    assert await Contact.filter(company_id=company.id).count() == 1

    # the rep's export holds the rep's companies only
    await companies.create_company(admin_p, storefront, {"legal_name": "Da Casa Ltda"})
    rep_rows = list(csv.DictReader(io.StringIO(await exports.companies_csv(rep_p, storefront))))
    assert [r["\ufefflegal_name"] for r in rep_rows] == ["Cliente do Rep Ltda"]
    admin_rows = list(csv.DictReader(io.StringIO(await exports.companies_csv(admin_p, storefront))))
    assert len(admin_rows) == 2


@pytest.mark.parametrize(
    "principal",
    [
        ANONYMOUS,
        Principal(kind=PARTNER_KIND),
        Principal(kind=CONTACT_KIND),
        Principal(kind=STAFF_KIND),  # staff kind without a staff member
    ],
    ids=["anonymous", "partner-less", "contact", "staff-less"],
)
async def test_non_staff_may_not_import_or_export(principal, storefront):
    before = await _counts()
    with pytest.raises(PermissionDenied) as refused:
        await imports.import_companies(principal, storefront, MIXED, dry_run=False)
    if principal is ANONYMOUS:
        assert isinstance(refused.value, NotAuthenticated)
    with pytest.raises(PermissionDenied):
        await exports.companies_csv(principal, storefront)
    assert await _counts() == before


# --- export -------------------------------------------------------------------------------------


async def _empty_customers() -> None:
    for model in (
        CustomFieldValue,
        Note,
        Contact,
        Address,
        TaxId,
        CompanyEmail,
        CompanyPhone,
        Company,
        CustomerGroup,
    ):
        await model.all().delete()


async def test_export_round_trips_through_import(admin_p, storefront):
    for target, key, kind in (
        ("COMPANY", "segment", "TEXT"),
        ("CONTACT", "birthday", "DATE"),
    ):
        defined = await custom_fields.define_field(
            admin_p,
            storefront,
            {"key": key, "label": key.title(), "type": kind, "target": target},
        )
        assert defined.ok
    text = MIXED.replace("\r\n", ";\r\n").replace(
        "contact_phone;\r\n", "contact_phone;custom.segment\r\n", 1
    )
    text = text.replace("(11) 91234-5678;", "(11) 91234-5678;=formula, not really")
    report = await imports.import_companies(admin_p, storefront, text, dry_run=False)
    assert report.rejected == [] and report.created == 4
    contact = await Contact.get(email="lucia@ibanez.es")
    await custom_fields.write_values(
        {(await custom_fields.definitions_for(storefront.id, "CONTACT"))[0].id: "1990-05-17"},
        contact_id=contact.id,
    )

    exported = await exports.companies_csv(admin_p, storefront)
    assert exported.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(exported.removeprefix("\ufeff"), newline="")))
    assert rows[0] == [*imports.COLUMNS, "custom.segment", "contact_custom.birthday"]
    assert len(rows) == 5
    by_name = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    ferragens = by_name["Ferragens São João Ltda"]
    assert ferragens["cnpj"] == CNPJ_A
    assert ferragens["complement"] == "Sala 12; fundos"
    assert ferragens["email"] == "compras@ferragens.com.br|financeiro@ferragens.com.br"
    assert ferragens["responsible_phone"] == "'+5511987654321"  # not a formula in a spreadsheet
    assert ferragens["custom.segment"] == "'=formula, not really"
    assert ferragens["group"] == "Atacado" and ferragens["is_individual"] == "false"
    assert by_name["Suministros Ibáñez S.L."]["contact_custom.birthday"] == "1990-05-17"
    assert [r[0] for r in rows[1:]] == [  # by name, ignoring case and accents
        "Ana Paula Gonçalves",
        "Construcții Popescu S.R.L.",
        "Ferragens São João Ltda",
        "Suministros Ibáñez S.L.",
    ]

    await _empty_customers()
    dry = await imports.import_companies(admin_p, storefront, exported, dry_run=True)
    assert dry.rejected == []
    assert (dry.rows, dry.created, dry.contacts_created) == (4, 4, 2)
    assert await Company.all().count() == 0

    real = await imports.import_companies(admin_p, storefront, exported, dry_run=False)
    assert real.committed and real.created == 4
    assert await exports.companies_csv(admin_p, storefront) == exported


async def test_export_runs_a_bounded_number_of_queries(admin_p, storefront, count_sql):
    async def export_queries() -> int:
        with count_sql() as counter:
            await exports.companies_csv(admin_p, storefront)
        return counter.count

    await imports.import_companies(admin_p, storefront, MIXED, dry_run=False)
    few = await export_queries()
    more = _csv(
        *(
            f"Empresa {n} Ltda;;Rua {n};Recife;50030-230;BR;e{n}@x.com.br;G{n % 3};P;p{n}@x.com.br"
            for n in range(12)
        )
    )
    assert (await imports.import_companies(admin_p, storefront, more, dry_run=False)).committed
    assert await Company.all().count() == 16
    assert await export_queries() == few


# --- GraphQL types (resolvers and schema of this feature, on a schema built here) -----------


def _feature_schema() -> strawberry.Schema:
    from schema.imports.fields import ImportMutations, ImportQueries

    @strawberry.type(description="Test root.")
    class Ping:
        @strawberry.field(description="Always true.")
        def ok(self) -> bool:
            return True

    return strawberry.Schema(
        query=merge_types("Query", (Ping, ImportQueries)),
        mutation=merge_types("Mutation", (ImportMutations,)),
    )


IMPORT = """mutation($input: ImportCompaniesInput!) { importCompanies(input: $input) {
  report { rows valid created contactsCreated committed dryRun groupsCreated
           rejected { row line column message code } }
  userErrors { field message code } } }"""


def _context(settings, principal, storefront):
    from resolvers.context import Context

    return Context(settings=settings, signer=None, principal=principal, storefront=storefront)


async def test_graphql_types_and_resolvers(admin_p, storefront, settings):
    schema = _feature_schema()
    context = _context(settings, admin_p, storefront)
    text = _csv(f"Um Ltda;{CNPJ_A};;;;;;;;", "Dois Ltda;123;;;;;;;;")

    result = await schema.execute(IMPORT, {"input": {"csv": text}}, context_value=context)
    assert result.errors is None, result.errors
    report = result.data["importCompanies"]["report"]
    assert report["dryRun"] is True and report["committed"] is False  # dry run by default
    assert report["rejected"] == [
        {
            "row": 2,
            "line": 3,
            "column": "cnpj",
            "message": "CNPJ must have 14 characters, got 3",
            "code": "INVALID_CNPJ",
        }
    ]
    null_dry_run = {"input": {"csv": text, "dryRun": None, "skipInvalid": True}}
    result = await schema.execute(IMPORT, null_dry_run, context_value=context)
    assert result.data["importCompanies"]["report"]["dryRun"] is True
    assert await Company.all().count() == 0

    real = {"input": {"csv": text, "dryRun": False, "skipInvalid": True}}
    result = await schema.execute(IMPORT, real, context_value=context)
    assert result.data["importCompanies"]["report"]["created"] == 1
    assert await Company.all().count() == 1

    query = "{ companiesCsv importColumns { name description } }"
    result = await schema.execute(query, context_value=context)
    assert result.errors is None, result.errors
    assert result.data["companiesCsv"].startswith("\ufefflegal_name,")
    assert "Um Ltda" in result.data["companiesCsv"]
    assert result.data["importColumns"][0]["name"] == "legal_name"

    anonymous = _context(settings, ANONYMOUS, storefront)
    result = await schema.execute(IMPORT, {"input": {"csv": text}}, context_value=anonymous)
    payload = result.data["importCompanies"]
    assert payload["report"] is None
    assert payload["userErrors"][0]["code"] == "UNAUTHENTICATED"
    result = await schema.execute("{ companiesCsv }", context_value=anonymous)
    assert result.errors and "staff" in result.errors[0].message


def test_graphql_types_are_described_and_follow_the_mutation_convention():
    gql = _feature_schema()._schema
    missing = []
    for name, t in gql.type_map.items():
        if not name.startswith("Import"):
            continue
        if not (t.description or "").strip():
            missing.append(name)
        for field_name, field in t.fields.items():
            if not (field.description or "").strip():
                missing.append(f"{name}.{field_name}")
            for arg_name, arg in getattr(field, "args", {}).items():
                if not (arg.description or "").strip():
                    missing.append(f"{name}.{field_name}({arg_name})")
    assert missing == []
    mutation = gql.mutation_type.fields["importCompanies"]
    assert list(mutation.args) == ["input"] and str(mutation.args["input"].type).endswith("!")
    payload = gql.type_map[str(mutation.type).rstrip("!")]
    assert str(payload.fields["userErrors"].type) == "[UserError!]!"
    for root in (gql.query_type, gql.mutation_type):
        for field_name, field in root.fields.items():
            assert (field.description or "").strip(), field_name
            for arg_name, arg in field.args.items():
                assert (arg.description or "").strip(), arg_name


async def test_graphql_end_to_end_import_and_export(admin, rep):
    text = _csv(f"Um Ltda;{CNPJ_A};;;;;;;;")
    body = await admin.data(IMPORT, {"input": {"csv": text, "dryRun": False}})
    report = body["importCompanies"]["report"]
    assert report["committed"] and report["created"] == 1
    exported = (await admin.data("{ companiesCsv }"))["companiesCsv"]
    assert "Um Ltda" in exported
    assert "Um Ltda" not in (await rep.data("{ companiesCsv }"))["companiesCsv"]
    columns = (await admin.data("{ importColumns { name description } }"))["importColumns"]
    assert columns[0]["name"] == "legal_name"


async def test_graphql_end_to_end_refuses_anonymous(api):
    body = await api(IMPORT, {"input": {"csv": _csv(f"Um Ltda;{CNPJ_A};;;;;;;;")}})
    assert body["data"]["importCompanies"]["userErrors"][0]["code"] == "UNAUTHENTICATED"
    assert await Company.all().count() == 0


# --- CLI (run in a subprocess: the commands open their own database) --------------------------

DRIVER = """
import argparse, sys
from graphql_api.cli import CommandError
from graphql_api.cli_imports import add_commands
from graphql_api.settings import Settings
parser = argparse.ArgumentParser(prog="vitrine")
add_commands(parser.add_subparsers(dest="command", required=True))
args = parser.parse_args(sys.argv[1:])
try:
    args.handler(args, Settings.from_env())
except CommandError as exc:
    sys.stderr.write(f"vitrine: {exc}\\n")
    sys.exit(exc.code)
"""


def _run(data_dir: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        VITRINE_DATA_DIR=str(data_dir),
        VITRINE_LOG_LEVEL="WARNING",
        VITRINE_ADMIN_PASSWORD="correct-horse-battery",
    )
    command = [sys.executable, "-c", DRIVER, *args]
    if args and args[0] == "create-admin":
        command = [sys.executable, "-m", "graphql_api.cli", *args]
    feed = {"input": stdin} if stdin is not None else {"stdin": subprocess.DEVNULL}
    return subprocess.run(command, cwd=REPO, env=env, capture_output=True, timeout=120, **feed)


def test_cli_import_and_export(tmp_path):
    good = tmp_path / "good.csv"
    good.write_bytes(MIXED.encode("utf-8"))
    bad = tmp_path / "bad.csv"
    bad.write_bytes(MIXED_WITH_BAD.encode("utf-8"))

    nobody = _run(tmp_path, "import-customers", str(good))
    assert nobody.returncode == 2, nobody.stderr
    assert b"no active admin" in nobody.stderr

    created = _run(tmp_path, "create-admin", "boss@example.com")
    assert created.returncode == 0, created.stderr

    dry = _run(tmp_path, "import-customers", str(good), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert b"Dry run: 4 rows read, 4 valid, 0 rejected." in dry.stdout

    refused = _run(tmp_path, "import-customers", str(bad), "--as", "boss@example.com")
    assert refused.returncode == 1
    out = refused.stdout.decode()
    assert "row 2 (line 3), contact_email:" in out
    assert "Nothing was written" in out
    assert b"1 row rejected; nothing was imported" in refused.stderr

    other = _run(tmp_path, "import-customers", str(good), "--as", "nobody@example.com")
    assert other.returncode == 2

    imported = _run(tmp_path, "import-customers", "-", stdin=good.read_bytes())
    assert imported.returncode == 0, imported.stderr
    assert b"Created 4 companies and 2 contacts." in imported.stdout

    partly = _run(tmp_path, "import-customers", str(bad), "--skip-invalid")
    assert partly.returncode == 1
    assert b"Created 2 companies and 1 contacts." in partly.stdout

    exported = _run(tmp_path, "export-customers")
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.startswith("\ufefflegal_name,".encode())  # nothing else on stdout
    assert exported.stdout.count(b"\r\n") == 7

    target = tmp_path / "out.csv"
    written = _run(tmp_path, "export-customers", "-o", str(target))
    assert written.returncode == 0, written.stderr
    assert b"Wrote 6 companies" in written.stdout
    assert target.read_bytes() == exported.stdout

    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("legal_name\nCompanhia Açúcar\n".encode("latin-1"))
    wrong = _run(tmp_path, "import-customers", str(latin1))
    assert wrong.returncode == 2
    assert b"not UTF-8" in wrong.stderr
