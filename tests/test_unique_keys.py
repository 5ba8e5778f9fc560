"""Business-unique keys (issue 9): the database enforces each one, on SQLite and PostgreSQL, and a
request that loses a race to it gets the DUPLICATE userError, never an internal error.

The races run through a real `vitrine serve` process on the test database (20 requests at once
over HTTP); the keys themselves are checked straight against the database."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from tortoise import Tortoise
from tortoise.exceptions import IntegrityError

from graphql_api.models import (
    Category,
    Company,
    Contact,
    CustomerGroup,
    PriceList,
    Product,
    Storefront,
    Supplier,
    TaxId,
)
from graphql_api.models.enums import StaffRole, TaxIdKind
from graphql_api.services.constraints import KEYS, unique_violation, violated_key
from graphql_api.services.staff import create_staff
from graphql_api.settings import Settings
from tests import servers
from tests.conftest import LOGIN, PASSWORD
from tests.factories import CREATE, company_input

REPO = Path(__file__).resolve().parent.parent
VITRINE = REPO / ".venv" / "bin" / "vitrine"
RACERS = 20
CNPJ = "11.222.333/0001-81"
ERRORS = "userErrors { field message code }"


@pytest.fixture(scope="module")
def server(database: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`vitrine serve` on the test database (the same SQLite file, or the same PostgreSQL
    database), so the test can arrange and count rows in-process."""
    logs = tmp_path_factory.mktemp("server")
    with servers.serving([servers.on_test_database(database)], logs) as [running]:
        yield running.url
    assert "Traceback" not in running.log.read_text(), running.log.read_text()


class Racer:
    """An admin's HTTP client against the served app."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def post(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        response = await self.http.post("/graphql", json={"query": query, "variables": variables})
        assert response.status_code == 200, response.text
        return response.json()

    async def ok(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        body = await self.post(query, variables)
        assert "errors" not in body, body["errors"]
        payload = next(iter(body["data"].values()))
        assert payload["userErrors"] == [], payload["userErrors"]
        return payload

    async def race(self, query: str, inputs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Send every input at once; the payloads, after checking no body has a GraphQL error
        (an internal error would be one)."""
        # One open connection per racer first, so no request waits for its TCP handshake.
        await asyncio.gather(*(self.http.get("/healthz") for _ in inputs))
        bodies = await asyncio.gather(*(self.post(query, {"input": i}) for i in inputs))
        internal = [b["errors"] for b in bodies if "errors" in b]
        assert internal == [], internal
        return [next(iter(b["data"].values())) for b in bodies]


@pytest.fixture
async def racer(server: str) -> Any:
    assert (await create_staff("admin@example.com", PASSWORD, StaffRole.ADMIN)).ok
    async with httpx.AsyncClient(base_url=server, timeout=60) as http:
        response = await http.post(
            "/graphql",
            json={
                "query": LOGIN,
                "variables": {"email": "admin@example.com", "password": PASSWORD},
            },
        )
        token = response.json()["data"]["staffLogin"]["session"]["token"]
        http.headers["Authorization"] = f"Bearer {token}"
        yield Racer(http)


def mutation(name: str, payload: str, kind: str = "") -> str:
    kind = kind or name[0].upper() + name[1:] + "Input"
    return f"mutation($input: {kind}!) {{ {name}(input: $input) {{ {payload} {ERRORS} }} }}"


def one_winner(payloads: list[dict[str, Any]], field: list[str], code: str = "DUPLICATE") -> None:
    """Exactly one payload without errors; every other names `field` with `code`."""
    winners = [p for p in payloads if not p["userErrors"]]
    losers = [e for p in payloads for e in p["userErrors"]]
    assert len(winners) == 1, payloads
    assert len(losers) == RACERS - 1, losers
    assert {(tuple(e["field"]), e["code"]) for e in losers} == {(tuple(field), code)}


# The races, through the served app


async def test_parallel_create_company_with_one_cnpj_creates_one_company(racer: Racer) -> None:
    inputs = [company_input(taxIds=[{"kind": "CNPJ", "value": CNPJ}]) for _ in range(RACERS)]
    payloads = await racer.race(CREATE, inputs)
    one_winner(payloads, ["input", "taxIds", "0", "value"])
    assert {e["message"] for p in payloads for e in p["userErrors"]} == {
        "Another company already has this CNPJ."
    }
    assert await Company.all().count() == 1
    assert await TaxId.filter(kind=TaxIdKind.CNPJ).count() == 1


async def test_parallel_update_company_to_one_cnpj_gives_it_to_one_company(racer: Racer) -> None:
    ids = [(await racer.ok(CREATE, {"input": company_input()}))["company"]["id"] for _ in range(8)]
    update = mutation("updateCompany", "company { id }")
    inputs = [{"id": pk, "taxIds": [{"kind": "CNPJ", "value": CNPJ}]} for pk in ids]
    payloads = await asyncio.gather(*(racer.post(update, {"input": i}) for i in inputs))
    assert [b for b in payloads if "errors" in b] == []
    errors = [e for b in payloads for e in b["data"]["updateCompany"]["userErrors"]]
    assert len(errors) == len(ids) - 1
    assert {(tuple(e["field"]), e["code"]) for e in errors} == {
        (("input", "taxIds", "0", "value"), "DUPLICATE")
    }
    assert await TaxId.filter(value="11222333000181").count() == 1
    # Nothing half-written: every loser kept its own CNPJ.
    assert await TaxId.filter(kind=TaxIdKind.CNPJ).count() == len(ids)


async def test_parallel_create_product_with_one_sku_creates_one_product(racer: Racer) -> None:
    supplier = await racer.ok(
        mutation("createSupplier", "supplier { id }"), {"input": {"name": "S"}}
    )
    base = {"sku": "PAR-001", "name": "Parafuso", "basePrice": "1.50"}
    inputs = [{**base, "supplierId": supplier["supplier"]["id"]} for _ in range(RACERS)]
    payloads = await racer.race(mutation("createProduct", "product { id }"), inputs)
    one_winner(payloads, ["input", "sku"])
    assert await Product.filter(sku="PAR-001").count() == 1


async def test_parallel_create_price_list_with_one_name_creates_one_list(racer: Racer) -> None:
    inputs = [{"name": "Atacado", "currency": "BRL"}] * RACERS
    payloads = await racer.race(mutation("createPriceList", "priceList { id }"), inputs)
    one_winner(payloads, ["input", "name"])
    assert await PriceList.filter(name="Atacado").count() == 1


async def test_parallel_create_supplier_with_one_name_creates_one_supplier(racer: Racer) -> None:
    inputs = [{"name": "Tramontina"}] * RACERS
    payloads = await racer.race(mutation("createSupplier", "supplier { id }"), inputs)
    one_winner(payloads, ["input", "name"])
    assert await Supplier.filter(name="Tramontina").count() == 1


async def test_parallel_create_root_category_with_one_name_creates_one(racer: Racer) -> None:
    inputs = [{"name": "Ferramentas"}] * RACERS
    payloads = await racer.race(mutation("createCategory", "category { id }"), inputs)
    one_winner(payloads, ["input", "name"])
    assert await Category.filter(name="Ferramentas").count() == 1


async def test_parallel_create_subcategory_with_one_name_creates_one(racer: Racer) -> None:
    create = mutation("createCategory", "category { id }")
    parent = (await racer.ok(create, {"input": {"name": "Ferramentas"}}))["category"]["id"]
    payloads = await racer.race(create, [{"name": "Chaves", "parentId": parent}] * RACERS)
    one_winner(payloads, ["input", "name"])
    assert await Category.filter(name="Chaves").count() == 1


async def test_parallel_create_customer_group_with_one_name_creates_one(racer: Racer) -> None:
    inputs = [{"name": "Revendas"}] * RACERS
    payloads = await racer.race(mutation("createCustomerGroup", "customerGroup { id }"), inputs)
    one_winner(payloads, ["input", "name"])
    assert await CustomerGroup.filter(name="Revendas").count() == 1


async def test_parallel_create_contact_with_one_email_creates_one(racer: Racer) -> None:
    company = (await racer.ok(CREATE, {"input": company_input()}))["company"]["id"]
    data = {"companyId": company, "firstName": "Ana", "email": "ana@example.com"}
    payloads = await racer.race(mutation("createContact", "contact { id }"), [data] * RACERS)
    one_winner(payloads, ["input", "email"])
    assert await Contact.filter(email="ana@example.com").count() == 1


async def test_parallel_delete_company_succeeds_once(racer: Racer) -> None:
    company = (await racer.ok(CREATE, {"input": company_input()}))["company"]["id"]
    payloads = await racer.race(
        mutation("deleteCompany", "deletedId", "DeleteInput"), [{"id": company}] * RACERS
    )
    assert [p["deletedId"] for p in payloads].count(company) == 1
    one_winner(payloads, ["input", "id"], "NOT_FOUND")
    assert await Company.all().count() == 0


# The keys, straight against the database


async def test_database_refuses_one_cnpj_on_two_companies_of_a_storefront() -> None:
    storefront = await Storefront.get(is_default=True)
    first = await Company.create(storefront=storefront, legal_name="A")
    second = await Company.create(storefront=storefront, legal_name="B")
    row = {"kind": TaxIdKind.CNPJ, "value": "11222333000181"}
    await TaxId.create(company=first, unique_storefront_id=storefront.id, **row)
    with pytest.raises(IntegrityError) as refused:
        await TaxId.create(company=second, unique_storefront_id=storefront.id, **row)
    key = violated_key(refused.value)
    assert key is not None and key.field == ("tax_ids",) and key.code == "DUPLICATE"


async def test_one_cnpj_may_serve_a_company_in_each_storefront(admin: Any) -> None:
    await Storefront.create(slug="outra", name="Outra")
    data = company_input(taxIds=[{"kind": "CNPJ", "value": CNPJ}])
    assert (await admin.data(CREATE, {"input": data}))["createCompany"]["userErrors"] == []
    other = admin.as_(admin.token)
    other.headers["Vitrine-Storefront"] = "outra"
    again = await other.data(CREATE, {"input": company_input(taxIds=data["taxIds"])})
    assert again["createCompany"]["userErrors"] == []
    stored = await TaxId.filter(value="11222333000181").values_list(
        "unique_storefront_id", flat=True
    )
    assert sorted(stored) == sorted(
        await Storefront.filter(slug__in=["main", "outra"]).values_list("id", flat=True)
    )


async def test_state_registrations_stay_free_to_repeat(admin: Any) -> None:
    """IE is not a key: two branches of one business may share it."""
    for _ in range(2):
        data = company_input()
        data["taxIds"].append({"kind": "IE", "value": "110.042.490.114"})
        assert (await admin.data(CREATE, {"input": data}))["createCompany"]["userErrors"] == []
    assert await TaxId.filter(kind=TaxIdKind.IE).count() == 2
    assert set(
        await TaxId.filter(kind=TaxIdKind.IE).values_list("unique_storefront_id", flat=True)
    ) == {None}


async def test_database_refuses_two_root_categories_of_one_name() -> None:
    storefront = await Storefront.get(is_default=True)
    await Category.create(storefront=storefront, name="Ferramentas")
    with pytest.raises(IntegrityError) as refused:
        await Category.create(storefront=storefront, name="Ferramentas")
    key = violated_key(refused.value)
    assert key is not None and key.table == "category" and key.field == ("name",)
    other = await Storefront.create(slug="outra", name="Outra")
    assert await Category.create(storefront=other, name="Ferramentas")


async def test_a_violation_rolls_back_everything_the_block_wrote() -> None:
    storefront = await Storefront.get(is_default=True)
    await Supplier.create(storefront=storefront, name="Tramontina")
    async with unique_violation() as clash:
        await Supplier.create(storefront=storefront, name="Gedore")
        await Supplier.create(storefront=storefront, name="Tramontina")
    assert [(e.field, e.code) for e in clash.errors] == [(("name",), "DUPLICATE")]
    assert await Supplier.filter(storefront=storefront).values_list("name", flat=True) == [
        "Tramontina"
    ]


async def test_other_integrity_errors_stay_errors() -> None:
    """A broken foreign key or primary key is a bug, not a user's duplicate."""
    storefront = await Storefront.get(is_default=True)
    existing = await Supplier.create(storefront=storefront, name="Tramontina")
    with pytest.raises(IntegrityError):
        async with unique_violation():
            await Supplier.create(id=existing.id, storefront=storefront, name="Gedore")
    with pytest.raises(IntegrityError):
        async with unique_violation():
            await Supplier.create(storefront_id=storefront.id + 1000, name="Gedore")


def _model_keys() -> set[tuple[str, frozenset[str]]]:
    """Every unique key the models declare, as (table, columns)."""
    found = set()
    for app in Tortoise.apps.values():
        for model in app.values():
            meta = model._meta
            for together in meta.unique_together:
                columns = [
                    getattr(meta.fields_map[name], "source_field", None)
                    or meta.fields_db_projection[name]
                    for name in together
                ]
                found.add((meta.db_table, frozenset(columns)))
            for name, column in meta.fields_db_projection.items():
                field = meta.fields_map[name]
                if field.unique and not field.pk:
                    found.add((meta.db_table, frozenset([column])))
    return found


def test_every_unique_key_of_the_models_has_its_user_error() -> None:
    registered = {(key.table, key.columns) for key in KEYS}
    assert len(registered) == len(KEYS)
    assert _model_keys() - registered == set()
    # The one key outside the models: migration 0006's partial index on root categories.
    assert registered - _model_keys() == {("category", frozenset({"storefront_id", "name"}))}


# Migration 0006 on a database that races left duplicates in (SQLite file, own process: the
# migration API re-initialises Tortoise)

_MIGRATION_SCRIPT = """
import asyncio, sys
from tortoise import Tortoise, connections
from tortoise.migrations.api import migrate
from graphql_api import db
from graphql_api.settings import Settings

config = db.tortoise_config(Settings.from_env({"VITRINE_DATA_DIR": sys.argv[1],
                                               "VITRINE_SECRET_KEY": "k" * 40}))
NOW = "'2024-01-01 00:00:00+00:00'"

async def sql(statement):
    return await connections.get("default").execute_query_dict(statement)

async def main():
    await migrate(config=config, target="models.0005_min_order_minor_units")
    await Tortoise.init(config=config)
    await sql(f"INSERT INTO storefront (id, slug, name, default_currency, default_language,"
              f" is_default, registration_mode, catalog_visibility, price_visibility, theme,"
              f" created_at, updated_at) VALUES (1, 'a', 'A', 'BRL', 'pt-BR', 1, 'OPEN',"
              f" 'PUBLIC', 'EVERYONE', 'default', {NOW}, {NOW}), (2, 'b', 'B', 'BRL', 'pt-BR',"
              f" 0, 'OPEN', 'PUBLIC', 'EVERYONE', 'default', {NOW}, {NOW})")
    await sql("INSERT INTO company (id, storefront_id, legal_name, created_at, updated_at,"
              " is_individual, responsible_first_name, responsible_last_name, status,"
              " temperature, discount_percent, approval_status, search_text, name_key) VALUES "
              + ", ".join(f"({c}, {s}, 'C', {NOW}, {NOW}, 0, '', '', 'PROSPECT', 'WARM', 0,"
                          f" 'VALIDATED', '', '')" for c, s in ((1, 1), (2, 1), (3, 2))))
    await sql(f"INSERT INTO company_tax_id (id, company_id, kind, value, created_at, updated_at)"
              f" VALUES (1, 1, 'CNPJ', '1', {NOW}, {NOW}), (2, 2, 'CNPJ', '1', {NOW}, {NOW}),"
              f" (3, 3, 'CNPJ', '1', {NOW}, {NOW}), (4, 1, 'IE', '9', {NOW}, {NOW})")
    await sql(f"INSERT INTO category (id, storefront_id, parent_id, name, position, created_at,"
              f" updated_at) VALUES (1, 1, NULL, 'Tools', 0, {NOW}, {NOW}),"
              f" (2, 1, NULL, 'Tools', 0, {NOW}, {NOW}), (3, 2, NULL, 'Tools', 0, {NOW}, {NOW})")
    await Tortoise.close_connections()
    await migrate(config=config)
    await Tortoise.init(config=config)
    print(await sql("SELECT id, unique_storefront_id FROM company_tax_id ORDER BY id"))
    print(await sql("SELECT id, name FROM category ORDER BY id"))
    try:
        await sql(f"INSERT INTO category (storefront_id, name, position, created_at, updated_at)"
                  f" VALUES (1, 'Tools', 0, {NOW}, {NOW})")
    except Exception as exc:
        print(type(exc).__name__)
    await Tortoise.close_connections()

asyncio.run(main())
"""


def test_migration_keeps_duplicates_left_by_races_and_enforces_keys_after(tmp_path: Path) -> None:
    script = tmp_path / "migrate.py"
    script.write_text(_MIGRATION_SCRIPT)
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    done = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "data")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    tax_ids, categories, refused = done.stdout.strip().splitlines()
    # The oldest CNPJ holder of storefront 1 and the one of storefront 2 are under the key; the
    # later duplicate and the IE stay outside it.
    assert tax_ids == str(
        [
            {"id": 1, "unique_storefront_id": 1},
            {"id": 2, "unique_storefront_id": None},
            {"id": 3, "unique_storefront_id": 2},
            {"id": 4, "unique_storefront_id": None},
        ]
    )
    assert categories == str(
        [{"id": 1, "name": "Tools"}, {"id": 2, "name": "Tools (2)"}, {"id": 3, "name": "Tools"}]
    )
    assert refused == "IntegrityError"
