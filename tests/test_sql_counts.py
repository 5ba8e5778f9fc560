"""The number of SQL statements of a page does not grow with its size (SPEC F3)."""

from __future__ import annotations

import httpx
import pytest

from tests.factories import create_company


@pytest.fixture
def client(uncapped_client: httpx.AsyncClient) -> httpx.AsyncClient:
    """Pages of 100 rows with every nested list cost more than the query cost limit allows
    (tests/test_query_cost.py); here only their SQL is under test."""
    return uncapped_client


PAGE = """query($first: Int!) { companies(first: $first) { totalCount nodes {
  legalName group { name } salesRep { email } contacts { email } notes { body }
  topNote { body priority } customFields { key value } taxIds { formatted }
  addresses { city } emails { email } phones { number } } } }"""


async def _fill(admin, n):
    group = await admin.data(
        'mutation { createCustomerGroup(input: {name: "G"}) { customerGroup { id } } }'
    )
    group_id = group["createCustomerGroup"]["customerGroup"]["id"]
    await admin.data(
        'mutation { createCustomField(input: {key: "erp", label: "ERP", '
        "type: TEXT}) { definition { id } } }"
    )
    for i in range(n):
        company = await create_company(
            admin,
            groupId=group_id,
            customFields=[{"key": "erp", "value": f"E{i}"}],
            phones=[{"number": f"+55 11 9{i:04d}-0000"}],
        )
        await admin.data(
            'mutation($c: ID!) { addNote(input: {companyId: $c, body: "n", priority: HIGH}) '
            "{ note { id } } }",
            {"c": company["id"]},
        )
        await admin.data(
            "mutation($c: ID!, $e: String!) { createContact(input: "
            '{companyId: $c, firstName: "P", email: $e}) { contact { id } } }',
            {"c": company["id"], "e": f"p{i}@x.com"},
        )


async def test_company_page_runs_the_same_queries_for_5_and_50_rows(admin, count_sql):
    await _fill(admin, 50)
    counts = {}
    for first in (5, 50):
        with count_sql() as counter:
            data = await admin.data(PAGE, {"first": first})
        assert len(data["companies"]["nodes"]) == first
        assert all(
            n["topNote"] and n["contacts"] and n["customFields"] for n in data["companies"]["nodes"]
        )
        counts[first] = counter.count
    assert counts[5] == counts[50], counts
    # Staff user, storefront, page, count, then one per relation (group, sales rep, contacts,
    # notes with the top note, custom values, tax ids, addresses, emails, phones).
    assert counts[50] == 13 - 1, counts


PRODUCTS = """query($first: Int!) { products(first: $first) { nodes {
  sku category { name } supplier { name }
  price(quantity: 12) { amount baseAmount discountPercent appliedRules } } } }"""


async def test_product_page_runs_the_same_queries_for_10_and_100_rows(api, admin, count_sql):
    from tests import catalog_helpers as c
    from tests.identity_helpers import activate, add_contact, buyer

    suppliers = [await c.supplier(admin, f"Fornecedor {n}") for n in range(3)]
    categories = [await c.category(admin, f"Categoria {n}") for n in range(3)]
    products = [
        await c.product(admin, f"SKU-{n:03d}", "10", suppliers[n % 3], categories[n % 3])
        for n in range(120)
    ]
    group = await admin.data(
        'mutation { createCustomerGroup(input: {name: "G", discountPercent: "3"}) '
        "{ customerGroup { id } } }"
    )
    group_id = group["createCustomerGroup"]["customerGroup"]["id"]
    company = await create_company(admin, groupId=group_id, discountPercent="5")
    for name, holder in (
        ("Grupo", {"groupId": group_id}),
        ("Empresa", {"companyId": company["id"]}),
    ):
        price_list = await c.price_list(admin, name, "BRL")
        tiers = [{"minQuantity": 12, "price": "8"}]
        await c.entries(
            admin,
            price_list,
            *({"productId": p, "price": "9", "tiers": tiers} for p in products[::2]),
        )
        await c.assign(admin, price_list, **holder)
    await c.policy(admin, groupId=group_id, maxDiscountPercent="4")
    # A supplier limit, so the visibility rule is part of what is counted.
    await c.limit(admin, companyId=company["id"], supplierIds=suppliers)
    contact = await add_contact(admin, company["id"], "sql@x.com.br", roles=["PURCHASING"])
    await activate(api, admin, contact["id"])
    me = await buyer(api, "sql@x.com.br")

    # The first read of the company's buyers after a catalog change also loads what the catalog
    # version keeps for the next ones (services/buyer_memo.py): the catalog limits, the price
    # lists and the policies in force.
    with count_sql() as counter:
        await me.data(PRODUCTS, {"first": 5})
    assert counter.count == 5, counter.statements
    counts = {}
    for first in (10, 100):
        with count_sql() as counter:
            data = await me.data(PRODUCTS, {"first": first})
        nodes = data["products"]["nodes"]
        assert len(nodes) == first
        assert all(n["category"] and n["supplier"] for n in nodes)
        assert {tuple(n["price"]["appliedRules"]) for n in nodes} == {
            ("COMPANY_LIST:Empresa", "TIER:12", "COMPANY_DISCOUNT:4.00", "MAX_DISCOUNT:4.00"),
            ("COMPANY_DISCOUNT:4.00", "MAX_DISCOUNT:4.00"),
        }
        counts[first] = counter.count
    assert counts[10] == counts[100], counts
    # The contact with its company, group, storefront and the storefront's catalog version (the
    # token check; the response cache's key needs the version: this is a miss), and the page
    # (joined with category and supplier, its list entries read in the same statement).
    assert counts[100] == 2, counts


LISTS = """{ priceLists(first: 50) { nodes { name entries { price product { sku } }
  companies { legalName } groups { name } } } }"""


async def test_price_list_page_runs_the_same_queries_for_2_and_6_lists(admin, count_sql):
    from tests import catalog_helpers as c

    supplier = await c.supplier(admin, "Fornecedor")
    products = [await c.product(admin, f"P-{n}", "10", supplier) for n in range(3)]
    group = await admin.data(
        'mutation { createCustomerGroup(input: {name: "G"}) { customerGroup { id } } }'
    )
    group_id = group["createCustomerGroup"]["customerGroup"]["id"]
    counts = {}
    made = 0
    for total in (2, 6):
        while made < total:
            currency = ("BRL", "EUR", "USD", "GBP", "CHF", "JPY")[made]
            price_list = await c.price_list(admin, f"Lista {made}", currency)
            await c.entries(admin, price_list, *({"productId": p, "price": "9"} for p in products))
            await c.assign(admin, price_list, groupId=group_id)
            company = await create_company(admin)
            await c.assign(admin, price_list, companyId=company["id"])
            made += 1
        with count_sql() as counter:
            data = await admin.data(LISTS)
        nodes = data["priceLists"]["nodes"]
        assert len(nodes) == total
        assert all(len(n["entries"]) == 3 and n["companies"] and n["groups"] for n in nodes)
        counts[total] = counter.count
    assert counts[2] == counts[6], counts
    # Staff user, storefront, the page, entries with products, assignments with holders.
    assert counts[6] == 5, counts


NODES = """query($ids: [ID!]!) { nodes(ids: $ids) { __typename id
  ... on Company { legalName } ... on Product { sku category { name } } } }"""


async def test_nodes_runs_the_same_queries_for_2_and_20_ids(admin, count_sql):
    """`nodes(ids:)` fetches each type in one batch, whatever the number of ids."""
    from tests import catalog_helpers as c

    supplier = await c.supplier(admin, "Fornecedor")
    category = await c.category(admin, "Categoria")
    products = [await c.product(admin, f"N-{n:02d}", "10", supplier, category) for n in range(10)]
    companies = [(await create_company(admin))["id"] for _ in range(10)]
    counts = {}
    for size in (1, 10):
        ids = [*products[:size], *companies[:size]]
        with count_sql() as counter:
            data = await admin.data(NODES, {"ids": ids})
        got = data["nodes"]
        assert [n["id"] for n in got] == ids
        assert {n["__typename"] for n in got} == {"Product", "Company"}
        assert all(n["category"]["name"] == "Categoria" for n in got if "sku" in n)
        counts[2 * size] = counter.count
    assert counts[2] == counts[20], counts
    # Staff user, storefront, the companies, the products joined with category and supplier
    # (one per id before: 22 statements for 20 ids).
    assert counts[20] == 4, counts
