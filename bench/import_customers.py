"""Benchmark of the customer CSV import (SPEC A9) on SQLite and PostgreSQL.

    make bench                                   # 10,000 rows on both engines (IMPORT_BENCH_ARGS)
    .venv/bin/python -m bench.import_customers [--engine sqlite|postgres|all]
        [--rows 10000 [--rows 100000 ...]] [--bad-ratio 0.03] [--seed 1] [--postgres-url URL]
        [--output BENCHMARKS.md] [--keep]

Generates a realistic file (Brazilian, Spanish and Romanian customers, valid tax ids from
graphql_api.demo.generators, a contact on most rows, `;` separator, BOM, CRLF) in which a share
of the rows is bad in the ways real migrations are (wrong CNPJ check digits, bad CEP, no legal
name, broken email, a CNPJ repeated in the file, a bad Spanish postal code, a VAT of the wrong
shape). Then, for each engine and size, against a freshly migrated database, it runs

1. a dry run                      (must write nothing),
2. a real run                     (all or nothing: must roll back because of the bad rows),
3. a real run with skip_invalid   (commits the good rows),

each in a child process of its own that reads the file from disk, so the peak resident memory
(`resource.getrusage`, ru_maxrss) is that run's: the interpreter, the file's text and the import.
It prints rows, rejected, seconds, rows/second and peak RSS for each run, replaces the section
"Importing customers" of BENCHMARKS.md, and exits 1 when a run does not behave as expected.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import resource
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


from bench.catalog import postgres_problem  # noqa: E402
from bench.catalog_data import Engine, create_database, drop_database  # noqa: E402
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


ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/vitrine_bench_imports"
SECTION = "## Importing customers"
MODES = (
    ("dry", "dry run", True, False),
    ("all", "all-or-nothing", False, False),
    ("skip", "skip_invalid", False, True),
)
# Measured on main at 7baa917 (before the import was rebuilt around set-based checks and bulk
# inserts), 10,000 rows with 3 % bad, by this benchmark on 2026-12-02 while other jobs kept the
# machine's load average between 8 and 20: (engine, mode) -> (seconds, CPU seconds). The CPU
# times come from a second run on SQLite (its wall times: 163, 72 and 133 s).
BEFORE: dict[tuple[str, str], tuple[float, float | None]] = {
    ("sqlite", "dry"): (66.5, 39.2),
    ("sqlite", "all"): (40.4, 28.8),
    ("sqlite", "skip"): (191.7, 86.4),
    ("postgres", "dry"): (305.8, None),
    ("postgres", "all"): (43.2, None),
    ("postgres", "skip"): (91.1, None),
}


@dataclass
class Run:
    engine: str
    rows: int
    mode: str
    rejected: int
    written: int
    seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    problems: list[str]
    load: float = 0.0  # the machine's 1-minute load average when the run ended (0: unknown)
    date: str = ""


async def _counts() -> tuple[int, int, int]:
    companies = await Company.all().count()
    return companies, await Contact.all().count(), await CustomerGroup.all().count()


def engine_for(name: str, url: str, data_dir: Path) -> Engine:
    if name == "sqlite":
        return Engine("sqlite", f"sqlite://{data_dir / 'imports.sqlite3'}", data_dir)
    return Engine("postgres", url, data_dir)


async def fresh_database(engine: Engine) -> None:
    """A migrated, empty database with the default storefront and one admin."""
    await drop_database(engine)
    await create_database(engine)
    settings = engine.settings()
    await db.migrate(settings)
    await db.init(settings)
    try:
        await ensure_default_storefront()
        await StaffUser.create(email="bench@vitrine.test", role=StaffRole.ADMIN, password_hash="-")
    finally:
        await db.close()


async def run_mode(engine: Engine, text: str, mode: str, rows: int, spoiled: int) -> Run:
    """One import in this (child) process; the peak RSS is this process's."""
    _, _, dry_run, skip = next(m for m in MODES if m[0] == mode)
    await db.init(engine.settings())
    problems: list[str] = []
    try:
        storefront = await ensure_default_storefront()
        admin = await StaffUser.get(email="bench@vitrine.test")
        principal = Principal(kind=STAFF_KIND, staff=admin)
        before = await _counts()
        started, cpu = time.perf_counter(), time.process_time()
        report = await import_companies(
            principal, storefront, text, dry_run=dry_run, skip_invalid=skip
        )
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        after = await _counts()
    finally:
        await db.close()
    rejected = report.rejected_rows
    if report.rows != rows:
        problems.append(f"read {report.rows} rows, expected {rows}")
    if rejected != spoiled:
        problems.append(f"{rejected} rows rejected, expected {spoiled}")
    if not skip and after != before:
        problems.append(f"wrote {before} -> {after}, expected nothing")
    if skip and after[0] - before[0] != rows - spoiled:
        problems.append(f"wrote {after[0] - before[0]} companies, expected {rows - spoiled}")
    bad = [e for e in report.rejected if not (e.row and e.line and e.message and e.code)]
    if bad:
        problems.append(f"{len(bad)} errors without row, line, message or code: {bad[:2]}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    written = report.created if report.committed else 0
    load = os.getloadavg()[0]
    date = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    return Run(engine.name, rows, mode, rejected, written, seconds, cpu, peak, problems, load, date)


def _child(args: argparse.Namespace) -> int:
    data_dir = (ROOT / args.data_dir).resolve()
    engine = engine_for(args.engine, args.postgres_url, data_dir)
    if args.child == "setup":
        asyncio.run(fresh_database(engine))
        return 0
    rows = args.rows[0]
    meta = json.loads((data_dir / f"customers-{rows}.json").read_text(encoding="utf-8"))
    text = (data_dir / f"customers-{rows}.csv").read_text(encoding="utf-8")
    result = asyncio.run(run_mode(engine, text, args.child, rows, meta["spoiled"]))
    del text
    out = data_dir / f"import-{engine.name}-{rows}-{args.child}.json"
    out.write_text(json.dumps(asdict(result)), encoding="utf-8")
    return 0


def _spawn(argv: list[str], engine: str, rows: int, child: str) -> int:
    command = [sys.executable, "-m", "bench.import_customers", *argv]
    command += ["--engine", engine, "--rows", str(rows), "--child", child]
    return subprocess.run(command, cwd=ROOT).returncode


def _strip(argv: list[str]) -> list[str]:
    """The arguments a child shares with its parent (--engine and --rows are its own)."""
    out: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
            continue
        if arg in ("--engine", "--rows", "--child"):
            skip = True
            continue
        if arg.startswith(("--engine=", "--rows=", "--child=")):
            continue
        out.append(arg)
    return out


def run_all(args: argparse.Namespace, argv: list[str]) -> int:
    data_dir = (ROOT / args.data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    engines = ["sqlite", "postgres"] if args.engine == "all" else [args.engine]
    shared = _strip(argv)
    runs: list[Run] = []
    skipped: dict[str, str] = {}
    for rows in [] if args.report_only else args.rows:
        text, spoiled = generate(rows, args.bad_ratio, args.seed)
        (data_dir / f"customers-{rows}.csv").write_text(text, encoding="utf-8")
        (data_dir / f"customers-{rows}.json").write_text(json.dumps({"spoiled": spoiled}), "utf-8")
        print(f"Generated {rows} rows ({spoiled} spoiled), {len(text.encode()) / 1e6:.1f} MB")
        del text
        for name in engines:
            if name == "postgres" and (problem := asyncio.run(postgres_problem(args.postgres_url))):
                print(f"PostgreSQL {problem}: skipped", file=sys.stderr)
                skipped[name] = problem
                continue
            if _spawn(shared, name, rows, "setup") != 0:
                return 1
            for mode, label, _, _ in MODES:
                if _spawn(shared, name, rows, mode) != 0:
                    return 1
                path = data_dir / f"import-{name}-{rows}-{mode}.json"
                run = Run(**json.loads(path.read_text(encoding="utf-8")))
                runs.append(run)
                print(
                    f"{name:<9} {rows:>7} {label:<15} rejected {run.rejected:>5}  written "
                    f"{run.written:>7}  {run.seconds:>7.2f} s (CPU {run.cpu_seconds:.2f} s)  "
                    f"{rows / run.seconds:>7.0f} rows/s  "
                    f"peak RSS {run.peak_rss_mb:>5.0f} MB",
                    flush=True,
                )
                for problem in run.problems:
                    print(f"UNEXPECTED: {name} {rows} {label}: {problem}")
    if not args.keep:
        for path in data_dir.glob("customers-*.csv"):
            path.unlink()
    # Sizes not run this time (100,000 rows is opt-in) keep their last figures, dated.
    ran = {(r.engine, r.rows) for r in runs}
    for path in sorted(data_dir.glob("import-*.json")):
        earlier = Run(**json.loads(path.read_text(encoding="utf-8")))
        if (earlier.engine, earlier.rows) not in ran and earlier.engine in engines:
            runs.append(earlier)
    order = {mode: n for n, (mode, _, _, _) in enumerate(MODES)}
    runs.sort(key=lambda r: (r.rows, r.engine != "sqlite", order[r.mode]))
    if args.output:
        write(ROOT / args.output, section(runs, args, skipped))
        print(f"Updated {args.output}")
    return 1 if any(run.problems for run in runs) else 0


# --- the report -----------------------------------------------------------------------------


def section(runs: list[Run], args: argparse.Namespace, skipped: dict[str, str]) -> str:
    lines = [
        SECTION,
        "",
        f"Written by `bench/import_customers.py` (`make bench`) on "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, on the machine above.",
        "",
        f"`import_companies` as an admin on a generated file ({args.bad_ratio:.0%} of the rows "
        "bad in seven ways real migrations are: wrong CNPJ check digits, a CNPJ repeated in "
        "the file, bad postal codes, no legal name, broken emails, VAT numbers of the wrong "
        "shape; most rows with a contact, four in five in one of five customer groups), "
        "against a freshly migrated database. The three modes run one after the other on the "
        "same database, each in a process of its own; *peak RSS* is that process's "
        "(`ru_maxrss`: the interpreter, the file's text and the import).",
        "",
        "| engine | rows | mode | seconds | CPU s | rows/s | rejected | written | peak RSS MB "
        "| load |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    labels = {mode: label for mode, label, _, _ in MODES}
    for r in runs:
        lines.append(
            f"| {r.engine} | {r.rows:,} | {labels[r.mode]} | {r.seconds:.1f} | "
            f"{r.cpu_seconds:.1f} | "
            f"{r.rows / r.seconds:,.0f} | {r.rejected:,} | {r.written:,} | {r.peak_rss_mb:.0f} "
            f"| {f'{r.load:.1f}' if r.load else '-'} |"
        )
    for engine, problem in skipped.items():
        lines.append(f"\n- {engine}: not run ({problem}).")
    sizes = sorted({r.rows for r in runs})
    if len(sizes) > 1:
        when = []
        for size in sizes:
            dates = sorted(r.date for r in runs if r.rows == size and r.date)
            when.append(f"{size:,} rows on {dates[0] if dates else 'an earlier day'}")
        lines.append(
            f"\n- Measured: {'; '.join(when)}. A size the last `make bench` did not run keeps "
            "the figures of the run that measured it (100,000 rows is opt-in)."
        )
    problems = [f"{r.engine} {r.rows} {labels[r.mode]}: {p}" for r in runs for p in r.problems]
    for problem in problems:
        lines.append(f"\n- UNEXPECTED: {problem}")
    if BEFORE:
        lines += [
            "",
            "Before (main at 7baa917, every row through the company and contact services one "
            "by one, about 25 statements a row), 10,000 rows:",
            "",
            "| engine | mode | seconds | CPU s |",
            "| --- | --- | ---: | ---: |",
        ]
        for (engine, mode), (seconds, cpu) in BEFORE.items():
            shown = f"{cpu:.1f}" if cpu is not None else "-"
            lines.append(f"| {engine} | {labels[mode]} | {seconds:.1f} | {shown} |")
    lines += [
        "",
        "- **seconds** is wall time; **CPU s** is the benchmark process's own CPU time (the "
        "database server's is not in it); **load** is the machine's 1-minute load average "
        "when the run ended. On this 2-core machine shared with other jobs the wall time is "
        "the CPU time stretched by the load; the CPU time is what an idle machine would "
        "roughly take.",
        "- **dry run** checks every row and writes nothing; **all-or-nothing** checks every "
        "row, finds bad ones and writes nothing; **skip_invalid** checks every row and writes "
        "the good ones (companies, tax ids, addresses, emails, phones, contacts, new groups).",
        "",
    ]
    return "\n".join(lines)


def write(output: Path, text: str) -> None:
    """Replace the section in the report, or add it."""
    current = output.read_text(encoding="utf-8") if output.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(current):
        current = pattern.sub(lambda _: text, current)
    else:
        current = current.rstrip("\n") + "\n\n" + text
    output.write_text(current.rstrip("\n") + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=("sqlite", "postgres", "all"), default="all")
    parser.add_argument(
        "--rows",
        type=int,
        action="append",
        help="data rows of a file; give it again for more sizes (default 10000)",
    )
    parser.add_argument(
        "--bad-ratio", type=float, default=0.03, help="share of bad rows (default 0.03)"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_IMPORTS_DATABASE_URL") or DEFAULT_POSTGRES,
        help="the benchmark's own PostgreSQL database (dropped and created each run)",
    )
    parser.add_argument("--data-dir", default="var/bench/imports")
    parser.add_argument("--output", default="BENCHMARKS.md", help="report file ('' for none)")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="run nothing: write the section from the figures kept in the data directory",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    argv = sys.argv[1:]
    args = parser.parse_args(argv)
    args.rows = args.rows or [10_000]
    if args.child:
        return _child(args)
    return run_all(args, argv)


if __name__ == "__main__":
    sys.exit(main())
