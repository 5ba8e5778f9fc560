"""Benchmark of the customer CSV import (SPEC A9) on a temporary SQLite database.

    .venv/bin/python bench/import_customers.py [--rows 10000] [--bad-ratio 0.03] [--seed 1]
                                               [--keep]

Generates a realistic file (Brazilian, Spanish and Romanian customers, valid tax ids from
graphql_api.demo.generators, a contact on most rows, `;` separator, BOM, CRLF) in which a share
of the rows is bad in the ways real migrations are (wrong CNPJ check digits, bad CEP, no legal
name, broken email, a CNPJ repeated in the file, a bad Spanish postal code, a VAT of the wrong
shape). Then it runs, against a freshly migrated database:

1. a dry run                      (must write nothing),
2. a real run                     (all or nothing: must roll back because of the bad rows),
3. a real run with skip_invalid   (commits the good rows),

and prints rows, rejected, seconds and rows/second for each run. Exits 1 when a run does not
behave as expected.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


from graphql_api import db  # noqa: E402
from graphql_api.auth.principal import STAFF_KIND, Principal  # noqa: E402
from graphql_api.demo.generators import (  # noqa: E402
    generate_cnpj,
    generate_cpf,
    generate_es_cif,
    generate_ro_cui,
)
from graphql_api.models import Company, Contact, CustomerGroup, StaffUser  # noqa: E402
from graphql_api.models.enums import StaffRole  # noqa: E402
from graphql_api.services.imports import COLUMNS, import_companies  # noqa: E402
from graphql_api.services.storefronts import ensure_default_storefront  # noqa: E402
from graphql_api.services.validation.tax_ids import format_tax_id  # noqa: E402
from graphql_api.settings import Settings  # noqa: E402

BR_CITIES = [
    ("São Paulo", "SP", "01", "11"),
    ("Campinas", "SP", "13", "19"),
    ("Rio de Janeiro", "RJ", "20", "21"),
    ("Belo Horizonte", "MG", "30", "31"),
    ("Curitiba", "PR", "80", "41"),
    ("Porto Alegre", "RS", "90", "51"),
    ("Florianópolis", "SC", "88", "48"),
    ("Goiânia", "GO", "74", "62"),
    ("Salvador", "BA", "40", "71"),
    ("Recife", "PE", "50", "81"),
]
ES_CITIES = [
    ("Madrid", "Madrid", "28", "91"),
    ("Barcelona", "Barcelona", "08", "93"),
    ("València", "Valencia", "46", "96"),
    ("Sevilla", "Sevilla", "41", "95"),
    ("Bilbao", "Bizkaia", "48", "94"),
    ("Málaga", "Málaga", "29", "95"),
]
RO_CITIES = [
    ("București", "București", "0", "21"),
    ("Cluj-Napoca", "Cluj", "4", "264"),
    ("Timișoara", "Timiș", "3", "256"),
    ("Iași", "Iași", "7", "232"),
    ("Brașov", "Brașov", "5", "268"),
]
BR_FIRST = ["Ana", "João", "Maria", "José", "Luíza", "Carlos", "Fernanda", "Paulo", "Camila"]
BR_LAST = ["Silva", "Souza", "Oliveira", "Santos", "Pereira", "Lima", "Gonçalves", "Araújo"]
ES_FIRST = ["Lucía", "Javier", "Carmen", "Álvaro", "Marta", "Sergio", "Nuria", "Íñigo"]
ES_LAST = ["García", "Martínez", "López", "Sánchez", "Fernández", "Ibáñez", "Muñoz"]
RO_FIRST = ["Andrei", "Ioana", "Mihai", "Elena", "Ștefan", "Alexandra", "Radu", "Bianca"]
RO_LAST = ["Popescu", "Ionescu", "Popa", "Dumitrescu", "Stan", "Țurcanu", "Constantin"]
WORDS_BR = ["Ferragens", "Distribuidora", "Comércio", "Têxtil", "Alimentos", "Açaí", "Papelaria"]
WORDS_ES = ["Suministros", "Distribuciones", "Ferretería", "Alimentación", "Textil", "Logística"]
WORDS_RO = ["Distribuție", "Construcții", "Textile", "Alimentare", "Logistică", "Comerț"]
STREETS_BR = ["Rua Augusta", "Avenida Paulista", "Rua XV de Novembro", "Avenida Afonso Pena"]
STREETS_ES = ["Calle Mayor", "Gran Vía", "Avenida de la Constitución", "Carrer de Balmes"]
STREETS_RO = ["Strada Lipscani", "Bulevardul Unirii", "Calea Victoriei", "Strada Memorandumului"]
GROUPS = ["Varejo", "Atacado", "Distribuidor", "Mayorista", "Distribuitor"]
BAD_KINDS = [
    "cnpj_digits",
    "cep",
    "no_legal_name",
    "email",
    "duplicate_cnpj",
    "es_postal",
    "vat_shape",
]


def _slug(text: str) -> str:
    table = str.maketrans("áàâãçéêíóôõúüñșțăîşţ", "aaaaceeiooouunstaist")
    return "".join(c for c in text.lower().translate(table) if c.isalnum())


def _unique(rng: random.Random, make: object, used: set[str]) -> str:
    while True:
        value = make(rng)  # type: ignore[operator]
        if value not in used:
            used.add(value)
            return value


_USED: set[str] = set()


def _row(rng: random.Random, n: int) -> dict[str, str]:
    pick = rng.random()
    row = dict.fromkeys(COLUMNS, "")
    if pick < 0.6:
        city, state, cep2, ddd = rng.choice(BR_CITIES)
        first, last = rng.choice(BR_FIRST), rng.choice(BR_LAST)
        individual = rng.random() < 0.1
        if individual:
            row["legal_name"] = f"{first} {last} {n}"
            row["is_individual"] = rng.choice(["sim", "true", "1"])
            row["cpf"] = format_tax_id("CPF", _unique(rng, generate_cpf, _USED))
        else:
            word = rng.choice(WORDS_BR)
            row["legal_name"] = f"{word} {last} {n} Ltda"
            row["trade_name"] = f"{word} {last}"
            alphanumeric = rng.random() < 0.1
            cnpj = _unique(rng, lambda r: generate_cnpj(r, alphanumeric), _USED)
            row["cnpj"] = format_tax_id("CNPJ", cnpj)
            if rng.random() < 0.5:
                row["ie"] = rng.choice(["ISENTO", f"{rng.randint(100, 999)}.{n:06d}.{n % 997}"])
        row.update(
            street=rng.choice(STREETS_BR),
            number=str(rng.randint(1, 4000)),
            complement=rng.choice(["", "", "Sala 12", "Loja 3; fundos"]),
            district=rng.choice(["Centro", "Consolação", "Savassi", "Batel"]),
            city=city,
            state=state,
            postal_code=f"{cep2}{rng.randint(0, 999):03d}-{rng.randint(0, 999):03d}",
            country="BR",
            preferred_currency="BRL",
            preferred_language="pt-BR",
            responsible_phone=f"+55 ({ddd}) 9{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}",
            phone=f"({ddd}) 3{rng.randint(100, 999)}-{rng.randint(1000, 9999)}",
        )
        domain = f"{_slug(row['legal_name'])[:20]}.com.br"
    elif pick < 0.8:
        city, state, province, area = rng.choice(ES_CITIES)
        first, last = rng.choice(ES_FIRST), rng.choice(ES_LAST)
        word = rng.choice(WORDS_ES)
        row.update(
            legal_name=f"{word} {last} {n} S.L.",
            trade_name=f"{word} {last}",
            vat="ES" + _unique(rng, lambda r: generate_es_cif(r, "B", province), _USED),
            street=rng.choice(STREETS_ES),
            number=str(rng.randint(1, 300)),
            city=city,
            state=state,
            postal_code=f"{province}{rng.randint(0, 999):03d}",
            country="ES",
            preferred_currency="EUR",
            preferred_language="es",
            responsible_phone=f"+34 6{rng.randint(10, 99)} {rng.randint(100, 999)} "
            f"{rng.randint(100, 999)}",
            phone=f"+34 {area}{rng.randint(1000000, 9999999)}"[:16],
        )
        domain = f"{_slug(row['legal_name'])[:20]}.es"
    else:
        city, state, prefix, area = rng.choice(RO_CITIES)
        width = 8 - len(area)  # subscriber digits after the leading 2-4
        first, last = rng.choice(RO_FIRST), rng.choice(RO_LAST)
        word = rng.choice(WORDS_RO)
        row.update(
            legal_name=f"{word} {last} {n} S.R.L.",
            trade_name=f"{word} {last}",
            vat="RO" + _unique(rng, generate_ro_cui, _USED),
            street=rng.choice(STREETS_RO),
            number=str(rng.randint(1, 200)),
            city=city,
            state=state,
            postal_code=f"{prefix}{rng.randint(0, 99999):05d}",
            country="RO",
            preferred_currency="RON",
            preferred_language="ro",
            # 072-077 are mobile ranges; national numbers have 9 digits with the area code.
            responsible_phone=f"+40 7{rng.randint(20, 79)} {rng.randint(100, 999)} "
            f"{rng.randint(100, 999)}",
            phone=f"+40 {area} {rng.randint(2, 4)}{rng.randrange(10**width):0{width}d}",
        )
        domain = f"{_slug(row['legal_name'])[:20]}.ro"
    row.update(
        responsible_first_name=first,
        responsible_last_name=last,
        status=rng.choice(["CURRENT", "PROSPECT"]),
        temperature=rng.choice(["HOT", "WARM", "COLD", "NOT_INTERESTED"]),
        group=rng.choice(GROUPS) if rng.random() < 0.8 else "",
        discount_percent=rng.choice(["", "0", "5", "7,5", "10.00"]),
        email=f"compras@{domain}" + (f"|financeiro@{domain}" if rng.random() < 0.3 else ""),
    )
    if rng.random() < 0.7:
        row.update(
            contact_first_name=first,
            contact_last_name=last,
            contact_email=f"{_slug(first)}.{_slug(last)}.{n}@{domain}",
            contact_phone=row["responsible_phone"],
        )
    return row


def _spoil(rng: random.Random, row: dict[str, str], kind: str, earlier: list[str]) -> None:
    if kind in ("cnpj_digits", "duplicate_cnpj") and not row["cnpj"]:
        kind = "cep" if row["country"] == "BR" else "es_postal"
    if kind == "cnpj_digits":
        last = row["cnpj"][-1]
        row["cnpj"] = row["cnpj"][:-1] + str((int(last) + 1) % 10)
    elif kind == "duplicate_cnpj" and earlier:
        row["cnpj"] = rng.choice(earlier)
    elif kind == "cep" or (kind == "es_postal" and row["country"] != "ES"):
        row.update(postal_code="1234", country=row["country"] or "BR")
    elif kind == "es_postal":
        row["postal_code"] = "99123"
    elif kind == "no_legal_name":
        row["legal_name"] = ""
    elif kind == "email":
        row["email"] = row["email"].replace("@", " at ", 1)
    elif kind == "vat_shape":
        if row["vat"]:
            row["vat"] = row["vat"][:2] + "X" + row["vat"][2:]
        else:
            row["email"] = "sem-arroba.example.com"


def _quote(value: str) -> str:
    if any(c in value for c in ';"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def generate(rows: int, bad_ratio: float, seed: int) -> tuple[str, int]:
    """The CSV text and how many rows were spoiled."""
    rng = random.Random(seed)
    _USED.clear()
    bad_rows = set(rng.sample(range(rows), round(rows * bad_ratio)))
    lines = [";".join(COLUMNS)]
    cnpjs: list[str] = []
    for n in range(rows):
        row = _row(rng, n + 1)
        if n in bad_rows:
            _spoil(rng, row, BAD_KINDS[len(lines) % len(BAD_KINDS)], cnpjs)
        elif row["cnpj"]:
            cnpjs.append(row["cnpj"])
        lines.append(";".join(_quote(row[c]) for c in COLUMNS))
    return "\ufeff" + "\r\n".join(lines) + "\r\n", len(bad_rows)


async def _counts() -> tuple[int, int, int]:
    companies = await Company.all().count()
    return companies, await Contact.all().count(), await CustomerGroup.all().count()


# The schema has no index on company_id of these tables (SQLite does not index foreign keys by
# itself), so every lookup of a company's emails, phones, addresses or contacts scans the table.


async def run(rows: int, bad_ratio: float, seed: int, keep: bool) -> int:
    text, spoiled = generate(rows, bad_ratio, seed)
    print(f"Generated {rows} rows ({spoiled} spoiled), {len(text.encode()) / 1e6:.1f} MB")
    data_dir = Path(tempfile.mkdtemp(prefix="vitrine-bench-"))
    settings = Settings.from_env(
        {
            "VITRINE_DATA_DIR": str(data_dir),
            "VITRINE_SECRET_KEY": "bench-secret-key-that-is-long-enough-for-hs256",
        }
    )
    await db.migrate(settings)
    await db.init(settings)
    problems: list[str] = []
    results: list[tuple[str, int, int, int, bool, float]] = []
    try:
        storefront = await ensure_default_storefront()
        admin = await StaffUser.create(
            email="bench@vitrine.test", role=StaffRole.ADMIN, password_hash="-"
        )
        principal = Principal(kind=STAFF_KIND, staff=admin)
        for label, dry_run, skip in (
            ("dry run", True, False),
            ("real, all-or-nothing", False, False),
            ("real, skip_invalid", False, True),
        ):
            before = await _counts()
            started = time.perf_counter()
            report = await import_companies(
                principal, storefront, text, dry_run=dry_run, skip_invalid=skip
            )
            seconds = time.perf_counter() - started
            after = await _counts()
            rejected = report.rejected_rows
            results.append(
                (label, report.rows, rejected, report.created, report.committed, seconds)
            )
            if report.rows != rows:
                problems.append(f"{label}: read {report.rows} rows, expected {rows}")
            if rejected != spoiled:
                problems.append(f"{label}: {rejected} rows rejected, expected {spoiled}")
            if not skip and after != before:
                problems.append(f"{label}: wrote {before} -> {after}, expected nothing")
            if skip and after[0] - before[0] != rows - spoiled:
                problems.append(f"{label}: wrote {after[0] - before[0]} companies")
    finally:
        await db.close()

    print()
    print(f"{'run':<22} {'rows':>7} {'rejected':>9} {'written':>8} {'seconds':>8} {'rows/s':>8}")
    for label, n, rejected, created, committed, seconds in results:
        written = created if committed else 0
        print(f"{label:<22} {n:>7} {rejected:>9} {written:>8} {seconds:>8.1f} {n / seconds:>8.0f}")
    for problem in problems:
        print(f"UNEXPECTED: {problem}")
    if keep:
        print(f"(database kept in {data_dir})")
    else:
        shutil.rmtree(data_dir, ignore_errors=True)
    return 1 if problems else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000, help="data rows (default 10000)")
    parser.add_argument(
        "--bad-ratio", type=float, default=0.03, help="share of bad rows (default 0.03)"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    args = parser.parse_args()
    return asyncio.run(run(args.rows, args.bad_ratio, args.seed, args.keep))


if __name__ == "__main__":
    sys.exit(main())
