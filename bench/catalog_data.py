"""The catalog benchmark's data set: a fresh, migrated database per engine, loaded in bulk.

Everything is drawn from one seeded generator, so two loads with the same sizes hold the same
rows. A database that already holds the expected row counts is reused as it is (`--reload`
forces a fresh one), so a second `make bench` skips the load.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
from tortoise import connections
from tortoise.models import Model
from tortoise.transactions import in_transaction

from graphql_api import db
from graphql_api.auth.passwords import hash_password
from graphql_api.models import (
    CatalogLimit,
    Category,
    Company,
    Contact,
    CustomerGroup,
    PriceList,
    PriceListAssignment,
    PriceListEntry,
    Product,
    Storefront,
    Supplier,
)
from graphql_api.models.enums import AccessState, CompanyStatus
from graphql_api.services import catalog_versions
from graphql_api.services.checks import PRICE_PLACES
from graphql_api.services.storefronts import ensure_default_storefront
from graphql_api.services.text import fold, search_document
from graphql_api.settings import Settings

BUYER_EMAIL = "buyer@bench.vitrine.test"
BUYER_PASSWORD = "bench-buyer-password"
BUYER_COMPANY = "Comércio Bench Atacadista Ltda"
SECRET_KEY = "bench-secret-key-that-is-long-enough-for-hs256-signing"
BATCH = 1000
CENT = Decimal("0.01")

SUPPLIERS = [
    ("Metalúrgica Araucária", "MAR"),
    ("Elétrica Ipiranga", "EIP"),
    ("Tintas Jabuticaba", "TJB"),
    ("Ferramentas Tietê", "FTT"),
    ("Plásticos Guanabara", "PGB"),
    ("Hidráulica Capibaribe", "HCP"),
    ("Papelaria Ouro Preto", "POP"),
    ("Têxtil Itajaí", "TIT"),
    ("Química Paulista", "QPA"),
    ("Embalagens Pampa", "EPA"),
    ("Iluminação Sertão", "ISE"),
    ("Parafusos Tocantins", "PTO"),
]
# Roots, children, and for some children a third level: about 50 categories in all.
CATEGORY_TREE: dict[str, dict[str, list[str]]] = {
    "Ferragens": {
        "Parafusos": ["Sextavados", "Autoatarraxantes", "Francês"],
        "Porcas e arruelas": [],
        "Dobradiças": [],
        "Fechaduras": ["Externas", "Internas"],
    },
    "Elétrica": {
        "Fios e cabos": ["Flexíveis", "Rígidos"],
        "Disjuntores": [],
        "Tomadas e interruptores": [],
        "Iluminação": ["Lâmpadas LED", "Luminárias"],
    },
    "Hidráulica": {
        "Tubos": ["PVC soldável", "PVC roscável"],
        "Conexões": [],
        "Registros e torneiras": [],
    },
    "Ferramentas": {
        "Manuais": ["Chaves", "Alicates", "Martelos"],
        "Elétricas": ["Furadeiras", "Serras"],
        "Medição": [],
    },
    "Tintas e acabamento": {
        "Tintas": ["Acrílicas", "Esmaltes"],
        "Pincéis e rolos": [],
        "Vedação": [],
    },
    "Escritório": {
        "Papéis": ["Sulfite", "Cartolina"],
        "Escrita": [],
        "Embalagens": ["Caixas", "Fitas adesivas"],
    },
    "Limpeza": {
        "Químicos": [],
        "Utensílios": ["Vassouras", "Baldes"],
    },
}
KINDS = [
    "Parafuso", "Porca", "Arruela", "Dobradiça", "Fechadura", "Cabo flexível", "Fio rígido",
    "Disjuntor", "Tomada", "Interruptor", "Lâmpada LED", "Luminária", "Tubo", "Joelho", "Luva",
    "Registro", "Torneira", "Chave de fenda", "Alicate", "Martelo", "Furadeira", "Serra",
    "Trena", "Tinta acrílica", "Esmalte", "Pincel", "Rolo", "Selante", "Fita isolante",
    "Papel sulfite", "Caneta", "Caixa de papelão", "Abraçadeira", "Mangueira", "Cadeado",
    "Broca", "Lixa", "Espátula", "Rebite", "Bucha",
]  # fmt: skip
QUALITIES = [
    "sextavado", "reforçado", "profissional", "econômico", "premium", "industrial", "leve",
    "pesado", "antichama", "térmico", "galvanizado", "compacto",
]  # fmt: skip
MATERIALS = ["aço", "inox", "latão", "náilon", "PVC", "alumínio", "cobre", "zamac", "borracha"]
SIZES = [
    "3 mm", "6 mm", "8 mm", "10 mm", "1/2\"", "3/4\"", "1\"", "2,5 mm²", "4 mm²", "10 m",
    "25 m", "100 m", "500 g", "1 kg", "3,6 L", "18 L", "60 W", "9 W", "cx 100", "pct 50",
]  # fmt: skip
LAST_NAMES = ["Silva", "Souza", "Oliveira", "Santos", "Pereira", "Lima", "Gonçalves", "Araújo"]
TRADES = ["Ferragens", "Distribuidora", "Comércio", "Materiais", "Construções", "Elétrica"]
# (name, discount percent, share of products the group's list prices)
GROUPS = [("Varejo", "0", 0.5), ("Atacado", "3", 0.6), ("Distribuidor", "8", 0.7)]


@dataclass(frozen=True)
class Sizes:
    products: int = 50_000
    companies: int = 1_000
    company_lists: int = 25
    seed: int = 1


@dataclass
class Loaded:
    """What the benchmark needs to know about the data set, and what the load cost."""

    counts: dict[str, int]
    storefront_id: int
    buyer_company_id: int
    reused: bool
    seconds: float = 0.0
    steps: list[tuple[str, int, float]] = field(default_factory=list)


@dataclass(frozen=True)
class Engine:
    name: str
    database_url: str
    data_dir: Path

    def settings(self) -> Settings:
        return Settings.from_env(self.environment())

    def environment(self) -> dict[str, str]:
        """The settings as environment variables, shared by this process and the server."""
        return {
            "VITRINE_DATA_DIR": str(self.data_dir),
            "DATABASE_URL": self.database_url,
            "VITRINE_SECRET_KEY": SECRET_KEY,
            "VITRINE_RUN_WORKER": "0",
            # One caller hammers the server on purpose: a per-minute cost budget would stop it.
            "VITRINE_COST_BUDGET": "1000000000",
            # The page as it is computed; bench/catalog_cache.py times the response cache.
            "VITRINE_RESPONSE_CACHE": "0",
        }


def sqlite_engine(data_dir: Path) -> Engine:
    path = data_dir.resolve() / "catalog.sqlite3"
    return Engine("sqlite", f"sqlite://{path}", data_dir.resolve())


def postgres_engine(url: str, data_dir: Path) -> Engine:
    return Engine("postgres", url, data_dir.resolve())


# --- fresh databases ------------------------------------------------------------------------


async def drop_database(engine: Engine) -> None:
    if engine.name == "sqlite":
        _remove_sqlite_files(engine.database_url.removeprefix("sqlite://"))
        return
    name, admin_url = postgres_names(engine.database_url)
    conn = await asyncpg.connect(admin_url)
    try:
        # FORCE: a server left over from an interrupted run must not block the reload.
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


def _remove_sqlite_files(path: str) -> None:
    # The write-ahead log and its index go with the file, or SQLite would replay them.
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


async def create_database(engine: Engine) -> None:
    """PostgreSQL needs the database to exist before migrations; SQLite makes its file."""
    if engine.name == "sqlite":
        return
    name, admin_url = postgres_names(engine.database_url)
    conn = await asyncpg.connect(admin_url)
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if not exists:
            await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


def postgres_names(url: str) -> tuple[str, str]:
    """The benchmark database's name and a URL of the `postgres` database on the same server
    (a database cannot be created or dropped while connected to it)."""
    parts = urlsplit(url.replace("postgres://", "postgresql://", 1))
    name = parts.path.lstrip("/")
    if not name or name in {"postgres", "test", "template0", "template1"}:
        raise ValueError(f"refusing to use the database {name!r} for the benchmark")
    return name, urlunsplit(parts._replace(path="/postgres", query=""))


# --- reuse ----------------------------------------------------------------------------------


async def current_counts() -> dict[str, int]:
    models: dict[str, type[Model]] = {
        "products": Product,
        "suppliers": Supplier,
        "categories": Category,
        "companies": Company,
        "customer groups": CustomerGroup,
        "price lists": PriceList,
        "price list entries": PriceListEntry,
        "price list assignments": PriceListAssignment,
        "catalog limits": CatalogLimit,
        "contacts": Contact,
    }
    return {label: await model.all().count() for label, model in models.items()}


def _category_count() -> int:
    return sum(
        1 + len(children) + sum(len(leaves) for leaves in children.values())
        for children in CATEGORY_TREE.values()
    )


async def _reusable(sizes: Sizes) -> Loaded | None:
    counts = await current_counts()
    buyer = await Contact.get_or_none(email=BUYER_EMAIL, access_state=AccessState.ACTIVE)
    expected = (
        counts["products"] == sizes.products
        and counts["companies"] == sizes.companies
        and counts["price lists"] == len(GROUPS) + sizes.company_lists
        and counts["suppliers"] == len(SUPPLIERS)
        and counts["categories"] == _category_count()
        and buyer is not None
    )
    if not expected or buyer is None:
        return None
    storefront = await ensure_default_storefront()
    return Loaded(counts, storefront.id, buyer.company_id, reused=True)  # type: ignore[attr-defined]


async def ensure_loaded(engine: Engine, sizes: Sizes, reload: bool) -> Loaded:
    """Migrate and load the data set unless a matching one is already there."""
    if reload:
        await drop_database(engine)
    await create_database(engine)
    settings = engine.settings()
    await db.migrate(settings)
    await db.init(settings)
    try:
        existing = await _reusable(sizes)
        if existing is not None:
            return existing
        if (await current_counts())["products"]:
            # Other sizes or a half-finished load: start again from an empty database.
            await db.close()
            await drop_database(engine)
            await create_database(engine)
            await db.migrate(settings)
            await db.init(settings)
        return await _load(sizes)
    finally:
        await db.close()


# --- the load -------------------------------------------------------------------------------


class _Steps:
    """Times each step of the load, for the printout."""

    def __init__(self) -> None:
        self.steps: list[tuple[str, int, float]] = []
        self._started = time.perf_counter()

    def done(self, label: str, rows: int) -> None:
        now = time.perf_counter()
        self.steps.append((label, rows, now - self._started))
        print(f"  {label:<24} {rows:>8} rows {now - self._started:>7.2f} s", flush=True)
        self._started = now


async def _bulk(model: type[Model], rows: Sequence[Model]) -> None:
    for start in range(0, len(rows), BATCH):
        await model.bulk_create(rows[start : start + BATCH])


async def _load(sizes: Sizes) -> Loaded:
    rng = random.Random(sizes.seed)
    steps = _Steps()
    started = time.perf_counter()
    # The password is hashed before the transaction: Argon2 runs in a thread, and holding the
    # one SQLite connection while waiting for it gains nothing.
    password_hash = await hash_password(BUYER_PASSWORD)
    async with in_transaction():
        storefront = await ensure_default_storefront()
        suppliers = await _suppliers(storefront)
        leaves = await _categories(storefront)
        steps.done("suppliers, categories", len(suppliers) + await Category.all().count())
        product_ids = await _products(rng, sizes, storefront, suppliers, leaves)
        steps.done("products", len(product_ids))
        groups = await _groups(storefront)
        companies = await _companies(rng, sizes, storefront, groups)
        buyer_company = companies[0]
        await _buyer(buyer_company, storefront, password_hash)
        limits = await _limits(rng, companies[sizes.company_lists :], suppliers)
        steps.done("groups, companies, buyer", len(companies) + limits)
        entries = await _price_lists(rng, sizes, storefront, groups, companies, product_ids)
        steps.done("price lists, entries", entries)
        # Loaded around the services: a new catalog version, so no cached read outlives it.
        await catalog_versions.bump(storefront.id)
    await _analyze()
    counts = await current_counts()
    seconds = time.perf_counter() - started
    return Loaded(counts, storefront.id, buyer_company.id, False, seconds, steps.steps)


async def _analyze() -> None:
    """PostgreSQL's autovacuum would gather planner statistics for the new rows a little later;
    do it now so the first timed queries are not planned blind. SQLite is left as a real
    installation has it (nothing runs ANALYZE there)."""
    conn = connections.get("default")
    if conn.capabilities.dialect == "postgres":
        await conn.execute_script("ANALYZE")


async def _suppliers(storefront: Storefront) -> list[Supplier]:
    return [
        await Supplier.create(storefront=storefront, name=name, code=code, name_key=fold(name))
        for name, code in SUPPLIERS
    ]


async def _categories(storefront: Storefront) -> list[Category]:
    """The tree, one level at a time (children need their parent's id); returns the leaves,
    where products go."""
    leaves: list[Category] = []
    for position, (root_name, children) in enumerate(CATEGORY_TREE.items()):
        root = await Category.create(storefront=storefront, name=root_name, position=position)
        for child_position, (child_name, grandchildren) in enumerate(children.items()):
            child = await Category.create(
                storefront=storefront, parent=root, name=child_name, position=child_position
            )
            if not grandchildren:
                leaves.append(child)
            for leaf_position, leaf_name in enumerate(grandchildren):
                leaf = await Category.create(
                    storefront=storefront, parent=child, name=leaf_name, position=leaf_position
                )
                leaves.append(leaf)
    return leaves


def _price(rng: random.Random) -> Decimal:
    # Mostly cheap items, a few expensive ones, as in a hardware catalog.
    cents = int(rng.lognormvariate(7.5, 1.2)) + 90
    return (Decimal(cents) / 100).quantize(CENT)


async def _products(
    rng: random.Random,
    sizes: Sizes,
    storefront: Storefront,
    suppliers: list[Supplier],
    leaves: list[Category],
) -> list[int]:
    rows = []
    for n in range(1, sizes.products + 1):
        supplier = rng.choice(suppliers)
        name = " ".join(
            (rng.choice(KINDS), rng.choice(QUALITIES), rng.choice(MATERIALS), rng.choice(SIZES))
        )
        if rng.random() < 0.5:
            # A model reference keeps names varied, so the name order is not the id order.
            name += f" ref. {rng.randint(100, 9999)}"
        sku = f"{supplier.code}-{n:06d}"
        # One product in fifty has no category: `category { name }` must cope with null.
        category = rng.choice(leaves) if rng.random() >= 0.02 else None
        rows.append(
            Product(
                storefront=storefront,
                sku=sku,
                name=name,
                name_key=fold(name),
                search_text=search_document(name, sku, supplier.name),
                base_price=_price(rng),
                supplier=supplier,
                category=category,
                unit=rng.choice(["un", "un", "cx", "m", "kg"]),
                stock=rng.randint(0, 5000),
            )
        )
    await _bulk(Product, rows)
    # bulk_create does not hand back primary keys on every engine: read them back.
    return list(await Product.all().order_by("id").values_list("id", flat=True))


async def _groups(storefront: Storefront) -> list[CustomerGroup]:
    return [
        await CustomerGroup.create(
            storefront=storefront, name=name, discount_percent=Decimal(discount)
        )
        for name, discount, _ in GROUPS
    ]


async def _companies(
    rng: random.Random, sizes: Sizes, storefront: Storefront, groups: list[CustomerGroup]
) -> list[Company]:
    """The buyer's company first (group Atacado, 5 % discount), then the others, spread over
    the groups, one in ten with none, three in ten with a discount."""
    rows = []
    for n in range(1, sizes.companies + 1):
        if n == 1:
            legal, trade, group, discount = BUYER_COMPANY, "Bench Atacadista", groups[1], "5"
        else:
            last = rng.choice(LAST_NAMES)
            trade = f"{rng.choice(TRADES)} {last}"
            legal = f"{trade} {n} Ltda"
            group = rng.choice(groups) if rng.random() >= 0.1 else None
            discount = rng.choice(["2", "5", "7.5", "10"]) if rng.random() < 0.3 else "0"
        rows.append(
            Company(
                storefront=storefront,
                legal_name=legal,
                trade_name=trade,
                name_key=fold(legal),
                search_text=search_document(legal, trade),
                group=group,
                discount_percent=Decimal(discount),
                status=CompanyStatus.CURRENT,
                preferred_currency=storefront.default_currency,
                preferred_language=storefront.default_language,
            )
        )
    await _bulk(Company, rows)
    by_name = {c.legal_name: c for c in await Company.all()}
    return [by_name[row.legal_name] for row in rows]


async def _buyer(company: Company, storefront: Storefront, password_hash: str) -> None:
    await Contact.create(
        company=company,
        storefront=storefront,
        first_name="Bia",
        last_name="Bench",
        email=BUYER_EMAIL,
        is_purchasing=True,
        purchasing_company_id=company.id,
        access_state=AccessState.ACTIVE,
        password_hash=password_hash,
    )


async def _limits(
    rng: random.Random, companies: Sequence[Company], suppliers: list[Supplier]
) -> int:
    """One company in twenty (never the buyer's) sees only two suppliers, so the visibility
    rules have rows to read."""
    rows = [
        CatalogLimit(company=company, supplier=supplier)
        for company in companies
        if rng.random() < 0.05
        for supplier in rng.sample(suppliers, 2)
    ]
    await _bulk(CatalogLimit, rows)
    return len(rows)


def _tiers(rng: random.Random, price: Decimal) -> list[dict[str, Any]]:
    """No tiers on most entries; otherwise one to three, cheaper as the quantity grows."""
    if rng.random() >= 0.3:
        return []
    tiers = []
    for step, min_quantity in enumerate(sorted(rng.sample([6, 10, 12, 24, 50, 100], 3))):
        if step and rng.random() < 0.4:
            break
        tier_price = (price * Decimal(1 - 0.04 * (step + 1))).quantize(PRICE_PLACES)
        tiers.append({"min_quantity": min_quantity, "price": str(tier_price)})
    return tiers


def _entries(
    rng: random.Random,
    price_list: PriceList,
    products: Sequence[tuple[int, Decimal]],
    share: float,
) -> list[PriceListEntry]:
    chosen = rng.sample(list(products), round(len(products) * share))
    rows = []
    for product_id, base in sorted(chosen):
        price = (base * Decimal(rng.uniform(0.82, 0.99))).quantize(CENT)
        rows.append(
            PriceListEntry(
                price_list=price_list,
                product_id=product_id,
                price=price,
                tiers=_tiers(rng, price),
            )
        )
    return rows


async def _price_lists(
    rng: random.Random,
    sizes: Sizes,
    storefront: Storefront,
    groups: list[CustomerGroup],
    companies: list[Company],
    product_ids: list[int],
) -> int:
    """A list per group over half or more of the catalog; a list for the first companies (the
    buyer's covers a fifth of the catalog, the others a fiftieth). All in the storefront's
    currency, assigned through PriceListAssignment like the admin API does."""
    currency = storefront.default_currency
    products = list(await Product.all().order_by("id").values_list("id", "base_price"))
    entries: list[PriceListEntry] = []
    assignments: list[PriceListAssignment] = []
    for group, (_, _, share) in zip(groups, GROUPS, strict=True):
        price_list = await PriceList.create(
            storefront=storefront, name=f"Tabela {group.name}", currency=currency
        )
        entries += _entries(rng, price_list, products, share)
        assignments.append(
            PriceListAssignment(price_list=price_list, group=group, currency=currency)
        )
    for index, company in enumerate(companies[: sizes.company_lists]):
        price_list = await PriceList.create(
            storefront=storefront, name=f"Tabela cliente {company.id}", currency=currency
        )
        entries += _entries(rng, price_list, products, 0.2 if index == 0 else 0.02)
        assignments.append(
            PriceListAssignment(price_list=price_list, company=company, currency=currency)
        )
    await _bulk(PriceListEntry, entries)
    await _bulk(PriceListAssignment, assignments)
    assert len(product_ids) == len(products)
    return len(entries)


def describe_steps(loaded: Loaded) -> str:
    return ", ".join(f"{label} {seconds:.1f} s" for label, _, seconds in loaded.steps)


if __name__ == "__main__":  # a quick manual check: load SQLite only
    engine = sqlite_engine(Path("var/bench"))
    result = asyncio.run(ensure_loaded(engine, Sizes(), reload=False))
    print(result.counts, f"{result.seconds:.1f} s", "reused" if result.reused else "")
