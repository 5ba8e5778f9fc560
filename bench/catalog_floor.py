"""The floor: the same page of products fetched by one hand-written SQL query and JSON-encoded
in this process, with no ORM, no GraphQL and no HTTP. What the API costs above this is the
price of its layers.

The query resolves the buyer's pricing context itself (company, group, their price lists in
the storefront currency), so it does all the work a request needs, in one round trip. The price
rules are applied in Python on the rows, with the precedence graphql_api/services/pricing.py
documents: company list, else group list, else base price; the tier of that entry; the
company's discount if above zero, else the group's; rounded half-up to cents. Commercial-policy
caps and catalog limits are left out: the benchmark's buyer has neither.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient

CENT = Decimal("0.01")
HUNDRED = Decimal(100)

# {pN} becomes the dialect's placeholder; the keyset condition is added for pages after the
# first. The storefront is a parameter, not taken from the company row, so the planner sees a
# constant and walks the (storefront_id, name_key, id) index in order instead of sorting; the
# row-value comparison lets both engines seek straight to the start of a deep page.
FLOOR_SQL = """
SELECT p.id, p.sku, p.name, p.name_key, p.base_price,
       cat.name AS category_name, s.name AS supplier_name,
       ce.price AS company_price, ce.tiers AS company_tiers, cl.name AS company_list,
       ge.price AS group_price, ge.tiers AS group_tiers, gl.name AS group_list,
       co.discount_percent AS company_discount, g.discount_percent AS group_discount
FROM company co
LEFT JOIN customer_group g ON g.id = co.group_id
JOIN product p ON p.storefront_id = {p3}
JOIN supplier s ON s.id = p.supplier_id
LEFT JOIN category cat ON cat.id = p.category_id
LEFT JOIN price_list_assignment ca ON ca.company_id = co.id AND ca.currency = {p2}
LEFT JOIN price_list cl ON cl.id = ca.price_list_id
LEFT JOIN price_list_entry ce ON ce.price_list_id = ca.price_list_id AND ce.product_id = p.id
LEFT JOIN price_list_assignment ga ON ga.group_id = co.group_id AND ga.currency = {p2}
LEFT JOIN price_list gl ON gl.id = ga.price_list_id
LEFT JOIN price_list_entry ge ON ge.price_list_id = ga.price_list_id AND ge.product_id = p.id
WHERE co.id = {p1} AND p.is_active AND s.is_active {keyset}
ORDER BY p.name_key, p.id
LIMIT {limit}
"""
KEYSET = "AND (p.name_key, p.id) > ({p4}, {p5})"

# The sort key of the first row of a deep page, found once before timing.
START_OF_PAGE_SQL = """
SELECT p.name_key, p.id FROM product p JOIN supplier s ON s.id = p.supplier_id
WHERE p.storefront_id = {p1} AND p.is_active AND s.is_active
ORDER BY p.name_key, p.id LIMIT 1 OFFSET {p2}
"""


@dataclass(frozen=True)
class FloorPage:
    """Where a page starts: None for page 1, else the sort key of the row just before it."""

    after: tuple[str, int] | None


def _placeholders(conn: BaseDBAsyncClient, count: int) -> dict[str, str]:
    postgres = conn.capabilities.dialect == "postgres"
    # Numbered on both: SQLite reads ?1 like PostgreSQL reads $1, so a value can be reused.
    return {f"p{i}": f"${i}" if postgres else f"?{i}" for i in range(1, count + 1)}


def floor_sql(conn: BaseDBAsyncClient, page: FloorPage, size: int) -> str:
    marks = _placeholders(conn, 5)
    keyset = KEYSET.format(**marks) if page.after else ""
    return FLOOR_SQL.format(keyset=keyset, limit=int(size), **marks)


async def page_start(storefront_id: int, rows_before: int) -> FloorPage:
    """The keyset position after `rows_before` rows (an OFFSET scan, done once, not timed)."""
    if rows_before == 0:
        return FloorPage(None)
    conn = connections.get("default")
    sql = START_OF_PAGE_SQL.format(**_placeholders(conn, 2))
    rows = await conn.execute_query_dict(sql, [storefront_id, rows_before - 1])
    return FloorPage((rows[0]["name_key"], rows[0]["id"]))


def _tiers(raw: Any) -> list[dict[str, Any]]:
    # JSON columns come back as text from both drivers when read raw.
    if raw is None:
        return []
    return json.loads(raw) if isinstance(raw, str | bytes) else list(raw)


def _global_id(pk: int) -> str:
    return base64.urlsafe_b64encode(f"Product:{pk}".encode()).decode().rstrip("=")


def price(row: dict[str, Any], quantity: int) -> tuple[Decimal, list[str]]:
    """The buyer's unit price and the rules that made it, from one row of FLOOR_SQL."""
    rules: list[str] = []
    unit = Decimal(row["base_price"])
    for source in ("company", "group"):
        if row[f"{source}_price"] is None:
            continue
        unit = Decimal(row[f"{source}_price"])
        rules.append(f"{source.upper()}_LIST:{row[f'{source}_list']}")
        at = None
        for tier in _tiers(row[f"{source}_tiers"]):
            if tier["min_quantity"] <= quantity:
                unit, at = Decimal(tier["price"]), tier["min_quantity"]
        if at is not None:
            rules.append(f"TIER:{at}")
        break
    percent, source = Decimal(row["company_discount"] or 0), "COMPANY"
    if percent <= 0:
        percent, source = Decimal(row["group_discount"] or 0), "GROUP"
    if percent > 0:
        rules.append(f"{source}_DISCOUNT:{percent:f}")
    amount = (unit * (HUNDRED - percent) / HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)
    return amount, rules


def _node(row: dict[str, Any]) -> dict[str, Any]:
    amount, rules = price(row, 1)
    category = row["category_name"]
    return {
        "id": _global_id(row["id"]),
        "sku": row["sku"],
        "name": row["name"],
        "category": None if category is None else {"name": category},
        "supplier": {"name": row["supplier_name"]},
        "price": {"amount": str(amount), "appliedRules": rules},
    }


@dataclass(frozen=True)
class Buyer:
    """What a request knows before its first query: who asks, in which storefront."""

    storefront_id: int
    company_id: int
    currency: str

    def params(self, page: FloorPage) -> list[Any]:
        return [self.company_id, self.currency, self.storefront_id, *(page.after or ())]


async def fetch_page(
    buyer: Buyer, page: FloorPage, size: int = 100
) -> tuple[str, list[dict[str, Any]]]:
    """One floor request: the query, the prices, the JSON text. Returns the text and nodes."""
    conn = connections.get("default")
    params = buyer.params(page)
    rows = await conn.execute_query_dict(floor_sql(conn, page, size), params)
    nodes = [_node(row) for row in rows]
    body = json.dumps({"data": {"products": {"nodes": nodes}}}, ensure_ascii=False)
    return body, nodes


async def time_floor(buyer: Buyer, page: FloorPage, runs: int, warmup: int = 10) -> list[float]:
    """Seconds per floor request, `runs` times after a warm-up (statement caches, pages)."""
    for _ in range(warmup):
        await fetch_page(buyer, page)
    seconds: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        await fetch_page(buyer, page)
        seconds.append(time.perf_counter() - started)
    return seconds


async def explain(buyer: Buyer, page: FloorPage) -> list[str]:
    """The engine's plan for the floor query, to check it seeks the index and does not sort."""
    conn = connections.get("default")
    postgres = conn.capabilities.dialect == "postgres"
    prefix = "EXPLAIN " if postgres else "EXPLAIN QUERY PLAN "
    rows = await conn.execute_query_dict(prefix + floor_sql(conn, page, 100), buyer.params(page))
    return [str(row.get("QUERY PLAN") or row.get("detail")) for row in rows]


def same_rows(floor_nodes: Sequence[dict[str, Any]], api_nodes: Sequence[dict[str, Any]]) -> str:
    """'' when the floor and the API returned the same products and prices, else what differs."""
    floor_ids = [n["id"] for n in floor_nodes]
    api_ids = [n["id"] for n in api_nodes]
    if floor_ids != api_ids:
        return f"different rows ({len(set(floor_ids) ^ set(api_ids))} ids differ)"
    prices = 0
    for mine, theirs in zip(floor_nodes, api_nodes, strict=True):
        api_price = theirs.get("price") or {}
        amount = api_price.get("amount")
        if amount is None or Decimal(str(amount)) != Decimal(mine["price"]["amount"]):
            prices += 1
    return f"{prices} prices differ" if prices else ""
