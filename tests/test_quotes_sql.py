"""The quotes list runs the same SQL statements for 5 and 50 quotes with their lines, history,
company, contact, carrier and order (SPEC F3), for staff and for the buyer."""

from __future__ import annotations

import httpx
import pytest

from tests.order_helpers import build_shop, cheap_hashing
from tests.quote_helpers import ACCEPT, call, request, send


@pytest.fixture
def client(uncapped_client: httpx.AsyncClient) -> httpx.AsyncClient:
    """Pages of 50 quotes with every nested list cost more than the query cost limit allows;
    here only their SQL is under test."""
    return uncapped_client


@pytest.fixture(autouse=True)
def _cheap(monkeypatch):
    cheap_hashing(monkeypatch)


PAGE = """query($first: Int!) { quotes(first: $first) { totalCount nodes {
  number status company { legalName } requestedBy { email } carrier { name }
  total { amount } lines { sku product { sku } quotedPrice { amount } lineTotal { amount } }
  history { toStatus actorName } order { number total { amount } } } } }"""


async def test_quote_page_runs_the_same_queries_for_5_and_50_quotes(api, admin, rep, count_sql):
    shop = await build_shop(api, admin, rep)
    lines = [(shop.products["P-1"], 2), (shop.products["T-1"], 10), (shop.products["BOX-12"], 12)]
    for n in range(50):
        made = await request(shop.buyer, lines, carrierId=shop.ids["carrier"])
        assert made["userErrors"] == [], made
        if n % 2:
            sent = await send(admin, made["quote"], {"P-1": "9"})
            assert sent["userErrors"] == [], sent
            if n % 4 == 1:
                key = f"k-{n}"
                accepted = await call(
                    shop.buyer, ACCEPT, quoteId=made["quote"]["id"], idempotencyKey=key
                )
                assert accepted["userErrors"] == [], accepted
    # Identity and storefront (one statement for a buyer, whose token check reads its
    # storefront), the page and its count, then one per relation (company, contact, carrier,
    # lines, products, history, orders); the buyer's catalog view adds none once it is kept
    # under the catalog version (services/buyer_memo.py), which its quote requests loaded.
    for caller, expected in ((rep, 11), (shop.buyer, 10)):
        counts = {}
        for first in (5, 50):
            with count_sql() as counter:
                data = await caller.data(PAGE, {"first": first})
            nodes = data["quotes"]["nodes"]
            assert len(nodes) == first
            assert all(len(n["lines"]) == 3 and n["history"] for n in nodes)
            assert all(n["company"] and n["requestedBy"] and n["carrier"] for n in nodes)
            assert any(n["order"] for n in nodes)
            counts[first] = counter.count
        assert counts[5] == counts[50] == expected, counts
