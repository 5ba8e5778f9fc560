"""Catalog and price mutations through the API (SPEC C1, C2, C4-C6): what each returns, what is
readable afterwards, which inputs are refused (with the path of the field at fault and nothing
written) and which callers are refused."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from graphql_api.global_ids import from_global_id, to_global_id
from graphql_api.models import (
    Carrier,
    CatalogLimit,
    Category,
    CommercialPolicy,
    PriceList,
    PriceListAssignment,
    PriceListEntry,
    Product,
    Supplier,
)
from tests import catalog_helpers as c
from tests.factories import create_company
from tests.identity_helpers import activate, add_contact, buyer

CATALOG_MODELS = (
    Supplier,
    Category,
    Carrier,
    Product,
    CatalogLimit,
    PriceList,
    PriceListEntry,
    PriceListAssignment,
    CommercialPolicy,
)

SELECTIONS = {
    "createSupplier": "supplier { id name code isActive }",
    "updateSupplier": "supplier { id name code isActive }",
    "createCategory": "category { id name position parent { id } }",
    "updateCategory": "category { id name position parent { id } }",
    "createCarrier": "carrier { id name trackingUrl isActive }",
    "createProduct": "product { id sku name }",
    "updateProduct": "product { id sku name }",
    "setCompanyVisibility": "limits { suppliers { id } categories { id } }",
    "createPriceList": "priceList { id name currency }",
    "setPriceListEntries": "priceList { id }",
    "assignPriceList": "priceList { id }",
    "setCommercialPolicy": "policy { paymentTerms }",
}
PAYLOAD_OBJECT = {
    "createSupplier": "supplier",
    "updateSupplier": "supplier",
    "createCategory": "category",
    "updateCategory": "category",
    "createCarrier": "carrier",
    "createProduct": "product",
    "updateProduct": "product",
    "setCompanyVisibility": "limits",
    "createPriceList": "priceList",
    "setPriceListEntries": "priceList",
    "assignPriceList": "priceList",
    "setCommercialPolicy": "policy",
}

PRODUCT = """query($sku: String) { product(sku: $sku) {
  id sku name description imageUrls unit minimumQuantity quantityMultiple stock isActive
  basePrice { amount currency } category { id name } supplier { id name }
  price { amount currency appliedRules } } }"""
SKUS = "query($c: ID) { products(first: 100, categoryId: $c) { totalCount nodes { sku } } }"
SEARCH = "query($q: String) { products(first: 100, search: $q) { nodes { sku } } }"
SUPPLIERS = "{ suppliers(first: 100) { totalCount nodes { id name code isActive } } }"
CATEGORIES = """query($parent: ID, $all: Boolean! = false) {
  categories(parentId: $parent, all: $all) { id name position parent { id } children { id } } }"""
CARRIERS = "{ carriers { id name trackingUrl isActive } }"
NODE = "query($id: ID!) { node(id: $id) { id } }"
# A page of 20: lists with every entry and tier cost 46 each, and 100 would pass the query cost
# limit (tests/test_query_cost.py).
PRICE_LISTS = """{ priceLists(first: 20) { totalCount nodes { id name currency
  entries { product { sku } price tiers { minQuantity price } }
  companies { id } groups { id } } } }"""
PRICE = """query($sku: String, $q: Int! = 1) { product(sku: $sku) {
  price(quantity: $q) { amount currency discountPercent appliedRules } } }"""
POLICY = """query($c: ID) { commercialPolicy(companyId: $c) {
  minOrderValue { amount currency } paymentTerms maxDiscountPercent carriers { id }
  sources { term level } } }"""


def _sources(policy: dict) -> set[str]:
    return {f"{s['term']}:{s['level']}" for s in policy["sources"]}


GROUP = """mutation($name: String!) { createCustomerGroup(input: {name: $name}) {
  customerGroup { id } userErrors { code } } }"""
COMPANY_DISCOUNT = """mutation($id: ID!, $d: Decimal!) {
  updateCompany(input: {id: $id, discountPercent: $d}) { userErrors { field code } } }"""


async def mutate(api: Any, name: str, data: dict[str, Any], selection: str | None = None) -> Any:
    """The mutation's payload (object and userErrors); a GraphQL error fails the test."""
    input_type = name[0].upper() + name[1:] + "Input"
    fields = SELECTIONS[name] if selection is None else selection
    body = await api.data(
        f"mutation($input: {input_type}!) {{ {name}(input: $input) "
        f"{{ {fields} userErrors {{ field message code }} }} }}",
        {"input": data},
    )
    return body[name]


def errors_of(payload: dict[str, Any]) -> list[tuple[list[str] | None, str]]:
    return [(e["field"], e["code"]) for e in payload["userErrors"]]


async def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of every catalog and price table, to show a refused call wrote nothing."""
    return {m.__name__: await m.all().order_by("id").values() for m in CATALOG_MODELS}


def gid(type_name: str, pk: int) -> str:
    return to_global_id(type_name, pk)


def pk(global_id: str) -> int:
    return from_global_id(global_id)[1]


async def skus(api: Any, category: str | None = None) -> list[str]:
    """The SKUs the caller sees (in a category), sorted."""
    found = (await api.data(SKUS, {"c": category}))["products"]
    assert found["totalCount"] == len(found["nodes"])
    return sorted(n["sku"] for n in found["nodes"])


async def price(api: Any, sku: str, quantity: int = 1) -> dict[str, Any] | None:
    found = (await api.data(PRICE, {"sku": sku, "q": quantity}))["product"]
    return found["price"] if found else None


async def price_lists(api: Any) -> dict[str, dict[str, Any]]:
    return {n["name"]: n for n in (await api.data(PRICE_LISTS))["priceLists"]["nodes"]}


@dataclass
class Shop:
    """A small catalog: Acme and Bravo; Ferragens > Parafusos > Sextavados; P-100 (Acme,
    Parafusos, 10.00, sold in 3s from 6) and B-200 (Bravo, Ferragens, 20.00); a carrier; a BRL
    list "Atacado" pricing P-100 at 9.00 (8.00 from 10 units), assigned to nobody; a group;
    company A of the rep, in the group; company B of the other rep."""

    supplier: str
    other_supplier: str
    root: str
    child: str
    grandchild: str
    product: str
    other_product: str
    carrier: str
    price_list: str
    group: str
    company_a: str
    company_b: str


@pytest.fixture
async def shop(admin, rep, other_rep) -> Shop:
    acme = await c.supplier(admin, "Acme")
    bravo = await c.supplier(admin, "Bravo")
    root = await c.category(admin, "Ferragens")
    child = await c.category(admin, "Parafusos", root)
    grandchild = await c.category(admin, "Sextavados", child)
    product = await c.product(
        admin, "P-100", "10", acme, child, minimumQuantity=6, quantityMultiple=3
    )
    other = await c.product(admin, "B-200", "20", bravo, root)
    carrier = await c.carrier(admin, "Rápido Sul")
    atacado = await c.price_list(admin, "Atacado", "BRL")
    await c.entries(
        admin,
        atacado,
        {"productId": product, "price": "9", "tiers": [{"minQuantity": 10, "price": "8"}]},
    )
    made = (await admin.data(GROUP, {"name": "Revendas"}))["createCustomerGroup"]
    assert made["userErrors"] == []
    group = made["customerGroup"]["id"]
    company_a = await create_company(
        admin, legalName="Alfa Compras Ltda", salesRepId=rep.staff_id, groupId=group
    )
    company_b = await create_company(
        admin, legalName="Beta Distribuidora Ltda", salesRepId=other_rep.staff_id
    )
    return Shop(
        acme,
        bravo,
        root,
        child,
        grandchild,
        product,
        other,
        carrier,
        atacado,
        group,
        company_a["id"],
        company_b["id"],
    )


@pytest.fixture
async def buyer_a(api, admin, shop) -> Any:
    """An active purchasing contact of company A, signed in."""
    contact = await add_contact(admin, shop.company_a, "bia@alfa.example.com", roles=["PURCHASING"])
    await activate(api, admin, contact["id"])
    return await buyer(api, "bia@alfa.example.com")


# ------------------------------------------------------------------ suppliers


async def test_create_supplier_returns_it_and_everyone_lists_it(api, admin):
    payload = await mutate(admin, "createSupplier", {"name": "  Acme Ferragens ", "code": "AC-1"})

    assert payload["userErrors"] == []
    made = payload["supplier"]
    assert made == {"id": made["id"], "name": "Acme Ferragens", "code": "AC-1", "isActive": True}
    listed = (await api.data(SUPPLIERS))["suppliers"]
    assert listed == {"totalCount": 1, "nodes": [made]}
    assert (await api.data(NODE, {"id": made["id"]}))["node"] == {"id": made["id"]}
    row = await Supplier.get(id=pk(made["id"]))
    assert (row.name, row.code, row.is_active) == ("Acme Ferragens", "AC-1", True)


async def test_update_supplier_changes_what_it_names_and_deactivating_hides_its_products(
    api, admin, shop
):
    payload = await mutate(admin, "updateSupplier", {"id": shop.supplier, "code": "AC-9"})
    assert payload == {
        "supplier": {"id": shop.supplier, "name": "Acme", "code": "AC-9", "isActive": True},
        "userErrors": [],
    }

    payload = await mutate(
        admin, "updateSupplier", {"id": shop.supplier, "name": "Acme Industrial", "isActive": False}
    )

    assert payload == {
        "supplier": {
            "id": shop.supplier,
            "name": "Acme Industrial",
            "code": "AC-9",
            "isActive": False,
        },
        "userErrors": [],
    }
    # Hidden from buyers and visitors, with all its products; staff still see both.
    assert [n["name"] for n in (await api.data(SUPPLIERS))["suppliers"]["nodes"]] == ["Bravo"]
    assert await skus(api) == ["B-200"]
    assert (await api.data(PRODUCT, {"sku": "P-100"}))["product"] is None
    assert (await api.data(NODE, {"id": shop.product}))["node"] is None
    assert [n["name"] for n in (await admin.data(SUPPLIERS))["suppliers"]["nodes"]] == [
        "Acme Industrial",
        "Bravo",
    ]
    seen = (await admin.data(PRODUCT, {"sku": "P-100"}))["product"]
    assert seen["supplier"] == {"id": shop.supplier, "name": "Acme Industrial"}


# ------------------------------------------------------------------ categories


async def test_create_category_builds_the_tree_everyone_can_walk(api, admin):
    top = await mutate(admin, "createCategory", {"name": "Ferramentas", "position": 2})
    assert top["userErrors"] == []
    top_id = top["category"]["id"]
    assert top["category"] == {"id": top_id, "name": "Ferramentas", "position": 2, "parent": None}

    child = await mutate(admin, "createCategory", {"name": "Chaves", "parentId": top_id})

    assert child["userErrors"] == []
    child_id = child["category"]["id"]
    assert child["category"] == {
        "id": child_id,
        "name": "Chaves",
        "position": 0,
        "parent": {"id": top_id},
    }
    roots = (await api.data(CATEGORIES))["categories"]
    assert roots == [
        {
            "id": top_id,
            "name": "Ferramentas",
            "position": 2,
            "parent": None,
            "children": [{"id": child_id}],
        }
    ]
    below = (await api.data(CATEGORIES, {"parent": top_id}))["categories"]
    assert [(n["id"], n["parent"]) for n in below] == [(child_id, {"id": top_id})]


async def test_update_category_renames_and_moves_a_subtree_with_its_products(api, admin, shop):
    electric = await c.category(admin, "Elétrica")
    assert await skus(api, shop.root) == ["B-200", "P-100"]

    payload = await mutate(
        admin,
        "updateCategory",
        {"id": shop.child, "name": "Parafusos e Porcas", "parentId": electric, "position": 4},
    )

    assert payload == {
        "category": {
            "id": shop.child,
            "name": "Parafusos e Porcas",
            "position": 4,
            "parent": {"id": electric},
        },
        "userErrors": [],
    }
    tree = {
        n["name"]: n["parent"] and n["parent"]["id"]
        for n in (await api.data(CATEGORIES, {"all": True}))["categories"]
    }
    assert tree == {
        "Ferragens": None,
        "Elétrica": None,
        "Parafusos e Porcas": electric,
        "Sextavados": shop.child,
    }
    # A category filter takes the subtree: P-100 moved with its category.
    assert await skus(api, shop.root) == ["B-200"]
    assert await skus(api, electric) == ["P-100"]

    to_top = await mutate(admin, "updateCategory", {"id": shop.child, "parentId": None})
    assert to_top["userErrors"] == []
    assert to_top["category"]["parent"] is None
    assert (await Category.get(id=pk(shop.child))).parent_id is None


@pytest.mark.parametrize(
    ("moved", "under"),
    [("root", "grandchild"), ("root", "child"), ("root", "root"), ("child", "child")],
    ids=["under-its-grandchild", "under-its-child", "under-itself", "child-under-itself"],
)
async def test_a_category_cannot_become_its_own_ancestor(admin, shop, moved, under):
    before = await snapshot()

    payload = await mutate(
        admin, "updateCategory", {"id": getattr(shop, moved), "parentId": getattr(shop, under)}
    )

    assert payload["category"] is None
    assert errors_of(payload) == [(["input", "parentId"], "CYCLE")]
    assert await snapshot() == before
    tree = {
        n["name"]: n["parent"] and n["parent"]["id"]
        for n in (await admin.data(CATEGORIES, {"all": True}))["categories"]
    }
    assert tree == {"Ferragens": None, "Parafusos": shop.root, "Sextavados": shop.child}


async def test_moving_a_category_next_to_a_namesake_is_refused(admin, shop):
    await c.category(admin, "Parafusos")  # at the top; shop.child is Ferragens > Parafusos
    namesake = await c.category(admin, "Sextavados", shop.root)
    before = await snapshot()

    payload = await mutate(admin, "updateCategory", {"id": namesake, "parentId": shop.child})

    assert payload["category"] is None
    assert errors_of(payload) in (
        [(["input", "parentId"], "DUPLICATE")],
        [(["input", "name"], "DUPLICATE")],
    )
    assert await snapshot() == before


async def test_moving_a_category_to_the_top_next_to_a_namesake_is_refused(admin, shop):
    await c.category(admin, "Parafusos")
    before = await snapshot()

    payload = await mutate(admin, "updateCategory", {"id": shop.child, "parentId": None})

    assert errors_of(payload) in (
        [(["input", "parentId"], "DUPLICATE")],
        [(["input", "name"], "DUPLICATE")],
    )
    assert await snapshot() == before


# ------------------------------------------------------------------ carriers


async def test_create_carrier_returns_it_and_buyers_list_it(api, admin):
    payload = await mutate(
        admin,
        "createCarrier",
        {"name": " Jadlog ", "trackingUrl": "https://www.jadlog.com.br/rastreio"},
    )

    assert payload["userErrors"] == []
    made = payload["carrier"]
    assert made == {
        "id": made["id"],
        "name": "Jadlog",
        "trackingUrl": "https://www.jadlog.com.br/rastreio",
        "isActive": True,
    }
    assert (await api.data(CARRIERS))["carriers"] == [made]
    assert await Carrier.all().count() == 1


# ------------------------------------------------------------------ products


async def test_create_product_with_every_field_is_readable_by_sku_id_search_and_category(
    api, admin, shop
):
    data = {
        "sku": " PF-8X40 ",
        "name": "Parafuso Francês 8x40",
        "description": "Zincado, cabeça abaulada.",
        "basePrice": "12.3456",
        "supplierId": shop.supplier,
        "categoryId": shop.grandchild,
        "imageUrls": ["https://cdn.example.com/pf.jpg", "http://cdn.example.com/pf-2.jpg"],
        "unit": "cx",
        "minimumQuantity": 12,
        "quantityMultiple": 4,
        "stock": 340,
        "isActive": True,
    }

    payload = await mutate(admin, "createProduct", data)

    assert payload["userErrors"] == []
    product_id = payload["product"]["id"]
    assert payload["product"] == {"id": product_id, "sku": "PF-8X40", "name": data["name"]}
    as_staff = (await admin.data(PRODUCT, {"sku": "PF-8X40"}))["product"]
    assert as_staff == {
        "id": product_id,
        "sku": "PF-8X40",
        "name": "Parafuso Francês 8x40",
        "description": "Zincado, cabeça abaulada.",
        "imageUrls": data["imageUrls"],
        "unit": "cx",
        "minimumQuantity": 12,
        "quantityMultiple": 4,
        "stock": 340,
        "isActive": True,
        "basePrice": {"amount": "12.3456", "currency": "BRL"},
        "category": {"id": shop.grandchild, "name": "Sextavados"},
        "supplier": {"id": shop.supplier, "name": "Acme"},
        "price": {"amount": "12.35", "currency": "BRL", "appliedRules": []},
    }
    # A visitor reads it too, without the base price, at the public price.
    visitor = await api(PRODUCT, {"sku": "PF-8X40"})
    assert visitor["data"]["product"] == {**as_staff, "basePrice": None}
    assert [e["extensions"]["code"] for e in visitor["errors"]] == ["FORBIDDEN"]
    assert (await api.data(NODE, {"id": product_id}))["node"] == {"id": product_id}
    found = (await api.data(SEARCH, {"q": "parafuso frances"}))["products"]["nodes"]
    assert found == [{"sku": "PF-8X40"}]
    assert await skus(api, shop.root) == ["B-200", "P-100", "PF-8X40"]


async def test_update_product_changes_only_what_it_names(api, admin, shop):
    payload = await mutate(
        admin,
        "updateProduct",
        {
            "id": shop.product,
            "name": "Parafuso Sextavado",
            "basePrice": "11.5",
            "categoryId": None,
            "stock": None,
            "imageUrls": ["https://cdn.example.com/ps.jpg"],
        },
    )

    assert payload == {
        "product": {"id": shop.product, "sku": "P-100", "name": "Parafuso Sextavado"},
        "userErrors": [],
    }
    seen = (await admin.data(PRODUCT, {"sku": "P-100"}))["product"]
    assert seen["basePrice"] == {"amount": "11.5000", "currency": "BRL"}
    assert (seen["category"], seen["stock"], seen["imageUrls"]) == (
        None,
        None,
        ["https://cdn.example.com/ps.jpg"],
    )
    # Left out: unchanged.
    assert (seen["supplier"]["name"], seen["minimumQuantity"], seen["quantityMultiple"]) == (
        "Acme",
        6,
        3,
    )
    assert await price(api, "P-100") == {
        "amount": "11.50",
        "currency": "BRL",
        "discountPercent": "0.00",
        "appliedRules": [],
    }
    assert await skus(api, shop.root) == ["B-200"]
    assert [
        n["sku"] for n in (await api.data(SEARCH, {"q": "sextavado"}))["products"]["nodes"]
    ] == ["P-100"]

    hidden = await mutate(admin, "updateProduct", {"id": shop.product, "isActive": False})
    assert hidden["userErrors"] == []
    assert (await api.data(PRODUCT, {"sku": "P-100"}))["product"] is None
    assert await skus(api) == ["B-200"]
    assert (await admin.data(PRODUCT, {"sku": "P-100"}))["product"]["isActive"] is False


# ------------------------------------------------------------------ visibility


async def test_set_company_visibility_limits_what_a_buyer_sees_and_an_empty_list_lifts_it(
    admin, shop, buyer_a
):
    assert await skus(buyer_a) == ["B-200", "P-100"]

    payload = await mutate(
        admin,
        "setCompanyVisibility",
        {"companyId": shop.company_a, "supplierIds": [shop.other_supplier]},
    )

    assert payload == {
        "limits": {"suppliers": [{"id": shop.other_supplier}], "categories": []},
        "userErrors": [],
    }
    assert await skus(buyer_a) == ["B-200"]
    assert (await buyer_a.data(PRODUCT, {"sku": "P-100"}))["product"] is None
    assert (await buyer_a.data(NODE, {"id": shop.product}))["node"] is None
    suppliers = (await buyer_a.data(SUPPLIERS))["suppliers"]["nodes"]
    assert [s["name"] for s in suppliers] == ["Bravo"]
    assert await CatalogLimit.filter(company_id=pk(shop.company_a)).count() == 1

    lifted = await mutate(
        admin, "setCompanyVisibility", {"companyId": shop.company_a, "supplierIds": []}
    )

    assert lifted == {"limits": {"suppliers": [], "categories": []}, "userErrors": []}
    assert await skus(buyer_a) == ["B-200", "P-100"]
    assert await CatalogLimit.filter(company_id=pk(shop.company_a)).count() == 0


async def test_a_company_category_limit_replaces_its_group_limit(admin, shop, buyer_a):
    group_limit = await mutate(
        admin, "setCompanyVisibility", {"groupId": shop.group, "categoryIds": [shop.child]}
    )
    assert group_limit == {
        "limits": {"suppliers": [], "categories": [{"id": shop.child}]},
        "userErrors": [],
    }
    # Company A is in the group: Parafusos and below, and the way down from the top.
    assert await skus(buyer_a) == ["P-100"]
    tree = (await buyer_a.data(CATEGORIES, {"all": True}))["categories"]
    assert sorted(n["name"] for n in tree) == ["Ferragens", "Parafusos", "Sextavados"]

    own = await mutate(
        admin, "setCompanyVisibility", {"companyId": shop.company_a, "categoryIds": [shop.root]}
    )

    assert own == {
        "limits": {"suppliers": [], "categories": [{"id": shop.root}]},
        "userErrors": [],
    }
    assert await skus(buyer_a) == ["B-200", "P-100"]
    # A kind left out stays as it is.
    untouched = await mutate(
        admin, "setCompanyVisibility", {"companyId": shop.company_a, "supplierIds": [shop.supplier]}
    )
    assert untouched["limits"] == {
        "suppliers": [{"id": shop.supplier}],
        "categories": [{"id": shop.root}],
    }
    assert await skus(buyer_a) == ["P-100"]


async def test_a_sales_rep_sets_visibility_of_an_assigned_company_only(rep, shop, buyer_a):
    mine = await mutate(
        rep, "setCompanyVisibility", {"companyId": shop.company_a, "supplierIds": [shop.supplier]}
    )
    assert mine == {
        "limits": {"suppliers": [{"id": shop.supplier}], "categories": []},
        "userErrors": [],
    }
    assert await skus(buyer_a) == ["P-100"]
    before = await snapshot()

    theirs = await mutate(
        rep, "setCompanyVisibility", {"companyId": shop.company_b, "supplierIds": [shop.supplier]}
    )

    assert theirs["limits"] is None
    assert errors_of(theirs) == [(["input", "companyId"], "NOT_FOUND")]
    assert await snapshot() == before
    assert await CatalogLimit.filter(company_id=pk(shop.company_b)).count() == 0


# ------------------------------------------------------------------ price lists


async def test_create_price_list_upper_cases_the_currency_and_admins_list_it(admin, rep):
    payload = await mutate(admin, "createPriceList", {"name": " Exportação ", "currency": "eur"})

    assert payload["userErrors"] == []
    made = payload["priceList"]
    assert made == {"id": made["id"], "name": "Exportação", "currency": "EUR"}
    expected = {**made, "entries": [], "companies": [], "groups": []}
    assert await price_lists(admin) == {"Exportação": expected}
    assert (await admin.data(NODE, {"id": made["id"]}))["node"] == {"id": made["id"]}
    # A list assigned to none of a rep's companies is not the rep's to read (issue 9).
    assert await price_lists(rep) == {}
    assert (await rep.data(NODE, {"id": made["id"]}))["node"] is None


async def test_set_price_list_entries_adds_replaces_and_removes(admin, shop):
    payload = await mutate(
        admin,
        "setPriceListEntries",
        {
            "priceListId": shop.price_list,
            "entries": [
                {
                    "productId": shop.other_product,
                    "price": "18.5",
                    "tiers": [
                        {"minQuantity": 50, "price": "15"},
                        {"minQuantity": 10, "price": "17.25"},
                    ],
                }
            ],
        },
        "priceList { id entries { product { sku } price tiers { minQuantity price } } }",
    )

    assert payload["userErrors"] == []
    b200 = {
        "product": {"sku": "B-200"},
        "price": "18.5000",
        "tiers": [{"minQuantity": 10, "price": "17.2500"}, {"minQuantity": 50, "price": "15.0000"}],
    }
    p100 = {
        "product": {"sku": "P-100"},
        "price": "9.0000",
        "tiers": [{"minQuantity": 10, "price": "8.0000"}],
    }
    assert payload["priceList"] == {"id": shop.price_list, "entries": [b200, p100]}
    assert (await price_lists(admin))["Atacado"]["entries"] == [b200, p100]

    replaced = await mutate(
        admin,
        "setPriceListEntries",
        {
            "priceListId": shop.price_list,
            "entries": [{"productId": shop.product, "price": "8.5"}],
            "removeProductIds": [shop.other_product],
        },
    )

    assert replaced["userErrors"] == []
    assert (await price_lists(admin))["Atacado"]["entries"] == [
        {"product": {"sku": "P-100"}, "price": "8.5000", "tiers": []}
    ]
    assert await PriceListEntry.all().count() == 1


async def test_one_bad_entry_among_good_ones_writes_none(admin, shop):
    before = await snapshot()

    payload = await mutate(
        admin,
        "setPriceListEntries",
        {
            "priceListId": shop.price_list,
            "entries": [
                {"productId": shop.other_product, "price": "15"},
                {
                    "productId": shop.product,
                    "price": "5",
                    "tiers": [{"minQuantity": 20, "price": "-1"}],
                },
            ],
        },
    )

    assert payload["priceList"] is None
    assert errors_of(payload) == [(["input", "entries", "1", "tiers", "0", "price"], "NEGATIVE")]
    assert await snapshot() == before
    assert (await price_lists(admin))["Atacado"]["entries"] == [
        {
            "product": {"sku": "P-100"},
            "price": "9.0000",
            "tiers": [{"minQuantity": 10, "price": "8.0000"}],
        }
    ]


async def test_assigning_a_list_replaces_the_holders_list_in_that_currency(admin, shop, buyer_a):
    assert await price(buyer_a, "P-100") == {
        "amount": "10.00",
        "currency": "BRL",
        "discountPercent": "0.00",
        "appliedRules": [],
    }
    payload = await mutate(
        admin,
        "assignPriceList",
        {"priceListId": shop.price_list, "companyId": shop.company_a},
        "priceList { id companies { id } groups { id } }",
    )
    assert payload == {
        "priceList": {"id": shop.price_list, "companies": [{"id": shop.company_a}], "groups": []},
        "userErrors": [],
    }
    assert (await price(buyer_a, "P-100"))["appliedRules"] == ["COMPANY_LIST:Atacado"]
    assert (await price(buyer_a, "P-100", 12))["amount"] == "8.00"

    special = await c.price_list(admin, "Especial", "BRL")
    await c.entries(admin, special, {"productId": shop.product, "price": "7"})
    dollars = await c.price_list(admin, "Dólar", "USD")
    await c.entries(admin, dollars, {"productId": shop.product, "price": "2"})
    await c.assign(admin, special, companyId=shop.company_a)
    await c.assign(admin, dollars, companyId=shop.company_a)

    # One BRL list for company A (the second replaced the first), and one USD list.
    lists = await price_lists(admin)
    assert lists["Atacado"]["companies"] == []
    assert lists["Especial"]["companies"] == [{"id": shop.company_a}]
    assert lists["Dólar"]["companies"] == [{"id": shop.company_a}]
    held = await PriceListAssignment.filter(company_id=pk(shop.company_a)).order_by("currency")
    assert [(a.currency, a.price_list_id) for a in held] == [
        ("BRL", pk(special)),
        ("USD", pk(dollars)),
    ]
    assert await price(buyer_a, "P-100") == {
        "amount": "7.00",
        "currency": "BRL",
        "discountPercent": "0.00",
        "appliedRules": ["COMPANY_LIST:Especial"],
    }

    taken_back = await mutate(
        admin,
        "assignPriceList",
        {"priceListId": special, "companyId": shop.company_a, "unassign": True},
        "priceList { id companies { id } }",
    )

    assert taken_back == {"priceList": {"id": special, "companies": []}, "userErrors": []}
    assert [
        a.currency for a in await PriceListAssignment.filter(company_id=pk(shop.company_a))
    ] == ["USD"]
    assert (await price(buyer_a, "P-100"))["appliedRules"] == []
    assert (await price(buyer_a, "P-100"))["amount"] == "10.00"


async def test_a_group_list_prices_its_companies_below_their_own_list(admin, shop, buyer_a):
    payload = await mutate(
        admin,
        "assignPriceList",
        {"priceListId": shop.price_list, "groupId": shop.group},
        "priceList { id companies { id } groups { id } }",
    )

    assert payload == {
        "priceList": {"id": shop.price_list, "companies": [], "groups": [{"id": shop.group}]},
        "userErrors": [],
    }
    assert await price(buyer_a, "P-100", 10) == {
        "amount": "8.00",
        "currency": "BRL",
        "discountPercent": "0.00",
        "appliedRules": ["GROUP_LIST:Atacado", "TIER:10"],
    }
    own = await c.price_list(admin, "Alfa", "BRL")
    await c.entries(admin, own, {"productId": shop.product, "price": "7.5"})
    await c.assign(admin, own, companyId=shop.company_a)
    assert (await price(buyer_a, "P-100", 10))["appliedRules"] == ["COMPANY_LIST:Alfa"]
    # Company B is not in the group: base prices.
    assert await PriceListAssignment.filter(company_id=pk(shop.company_b)).count() == 0


# ------------------------------------------------------------------ commercial policies


async def test_policy_terms_come_from_the_most_specific_level_that_sets_each(admin, shop, buyer_a):
    second = await c.carrier(admin, "Jadlog")
    store = await mutate(
        admin,
        "setCommercialPolicy",
        {
            "minOrderValue": {"amount": "500", "currency": "brl"},
            "paymentTerms": ["À vista", " 30 dias "],
            "maxDiscountPercent": "20",
        },
        "policy { minOrderValue { amount currency } paymentTerms maxDiscountPercent "
        "sources { term level } }",
    )
    assert store == {
        "policy": {
            "minOrderValue": {"amount": "500.00", "currency": "BRL"},
            "paymentTerms": ["À vista", "30 dias"],
            "maxDiscountPercent": "20.00",
            "sources": [
                {"term": "MIN_ORDER_VALUE", "level": "STOREFRONT"},
                {"term": "PAYMENT_TERMS", "level": "STOREFRONT"},
                {"term": "MAX_DISCOUNT_PERCENT", "level": "STOREFRONT"},
            ],
        },
        "userErrors": [],
    }
    group = await mutate(
        admin,
        "setCommercialPolicy",
        {
            "groupId": shop.group,
            "paymentTerms": ["30/60/90 dias"],
            "maxDiscountPercent": "15",
            "carrierIds": [shop.carrier],
        },
        "policy { paymentTerms sources { term level } }",
    )
    assert group["userErrors"] == []
    assert group["policy"]["paymentTerms"] == ["30/60/90 dias"]
    company = await mutate(
        admin,
        "setCommercialPolicy",
        {"companyId": shop.company_a, "maxDiscountPercent": "5", "carrierIds": [second]},
        "policy { maxDiscountPercent carriers { id } }",
    )
    assert company == {
        "policy": {"maxDiscountPercent": "5.00", "carriers": [{"id": second}]},
        "userErrors": [],
    }

    for_a = {
        "minOrderValue": {"amount": "500.00", "currency": "BRL"},
        "paymentTerms": ["30/60/90 dias"],
        "maxDiscountPercent": "5.00",
        "carriers": [{"id": second}],
    }
    sources_a = {
        "MIN_ORDER_VALUE:STOREFRONT",
        "PAYMENT_TERMS:GROUP",
        "MAX_DISCOUNT_PERCENT:COMPANY",
        "CARRIERS:COMPANY",
    }
    as_staff = (await admin.data(POLICY, {"c": shop.company_a}))["commercialPolicy"]
    as_buyer = (await buyer_a.data(POLICY))["commercialPolicy"]
    for seen in (as_staff, as_buyer):
        assert {k: v for k, v in seen.items() if k != "sources"} == for_a
        assert _sources(seen) == sources_a
    # Company B has no group and no terms of its own: the storefront's.
    for_b = (await admin.data(POLICY, {"c": shop.company_b}))["commercialPolicy"]
    assert for_b == {
        "minOrderValue": {"amount": "500.00", "currency": "BRL"},
        "paymentTerms": ["À vista", "30 dias"],
        "maxDiscountPercent": "20.00",
        "carriers": [],
        "sources": [
            {"term": "MIN_ORDER_VALUE", "level": "STOREFRONT"},
            {"term": "PAYMENT_TERMS", "level": "STOREFRONT"},
            {"term": "MAX_DISCOUNT_PERCENT", "level": "STOREFRONT"},
        ],
    }
    assert (await admin.data(POLICY))["commercialPolicy"] == for_b
    # The cap is in force for company A's prices: its 10% discount is held to 5%.
    changed = await admin.data(COMPANY_DISCOUNT, {"id": shop.company_a, "d": "10"})
    assert changed["updateCompany"]["userErrors"] == []
    assert await price(buyer_a, "P-100") == {
        "amount": "9.50",
        "currency": "BRL",
        "discountPercent": "5.00",
        "appliedRules": ["COMPANY_DISCOUNT:5.00", "MAX_DISCOUNT:5.00"],
    }

    # A term set to null is inherited again.
    reset = await mutate(
        admin,
        "setCommercialPolicy",
        {"companyId": shop.company_a, "maxDiscountPercent": None, "carrierIds": None},
        "policy { maxDiscountPercent carriers { id } sources { term level } }",
    )

    assert reset["userErrors"] == []
    assert (reset["policy"]["maxDiscountPercent"], reset["policy"]["carriers"]) == (
        "15.00",
        [{"id": shop.carrier}],
    )
    assert _sources(reset["policy"]) == {
        "MIN_ORDER_VALUE:STOREFRONT",
        "PAYMENT_TERMS:GROUP",
        "MAX_DISCOUNT_PERCENT:GROUP",
        "CARRIERS:GROUP",
    }
    assert _sources((await buyer_a.data(POLICY))["commercialPolicy"]) == _sources(reset["policy"])
    assert await CommercialPolicy.all().count() == 3


async def test_an_unknown_min_order_currency_is_refused_and_writes_nothing(admin, shop):
    await c.policy(admin, paymentTerms=["30 dias"])
    before = await snapshot()

    payload = await mutate(
        admin,
        "setCommercialPolicy",
        {"minOrderValue": {"amount": "100", "currency": "ABC"}, "paymentTerms": ["60 dias"]},
    )

    assert payload["policy"] is None
    assert [e["field"] for e in payload["userErrors"]] == [["input", "minOrderValue", "currency"]]
    assert await snapshot() == before
    policy = (await admin.data(POLICY))["commercialPolicy"]
    assert (policy["minOrderValue"], policy["paymentTerms"]) == (None, ["30 dias"])


async def test_an_unknown_min_order_currency_has_the_currency_code(admin, shop):
    payload = await mutate(
        admin, "setCommercialPolicy", {"minOrderValue": {"amount": "100", "currency": "ABC"}}
    )

    assert errors_of(payload) == [(["input", "minOrderValue", "currency"], "INVALID_CURRENCY")]


async def test_a_min_order_value_the_column_cannot_hold_is_refused(admin, shop):
    before = await snapshot()

    payload = await mutate(
        admin, "setCommercialPolicy", {"minOrderValue": {"amount": "99.9999", "currency": "BRL"}}
    )

    assert [e["field"] for e in payload["userErrors"]] == [["input", "minOrderValue", "amount"]]
    assert await snapshot() == before


# ------------------------------------------------------------------ rejected inputs


def _product_input(s: Shop, **overrides: Any) -> dict[str, Any]:
    return {
        "sku": "NEW-1",
        "name": "Arruela",
        "basePrice": "1.5",
        "supplierId": s.supplier,
        "categoryId": s.child,
        **overrides,
    }


def _entry(s: Shop, **overrides: Any) -> dict[str, Any]:
    return {
        "priceListId": s.price_list,
        "entries": [{"productId": s.product, "price": "9", **overrides}],
    }


# (mutation, input from the shop, the userErrors expected as (field, code))
REJECTED = {
    "supplier-blank-name": (
        "createSupplier",
        lambda s: {"name": "   "},
        [(["input", "name"], "REQUIRED")],
    ),
    "supplier-duplicate-name": (
        "createSupplier",
        lambda s: {"name": "Acme"},
        [(["input", "name"], "DUPLICATE")],
    ),
    "update-supplier-to-a-taken-name": (
        "updateSupplier",
        lambda s: {"id": s.supplier, "name": "Bravo", "isActive": False},
        [(["input", "name"], "DUPLICATE")],
    ),
    "update-supplier-id-of-a-product": (
        "updateSupplier",
        lambda s: {"id": s.product, "name": "Outro"},
        [(["input", "id"], "INVALID_ID")],
    ),
    "category-duplicate-sibling": (
        "createCategory",
        lambda s: {"name": "Parafusos", "parentId": s.root},
        [(["input", "name"], "DUPLICATE")],
    ),
    "category-duplicate-at-the-top": (
        "createCategory",
        lambda s: {"name": "Ferragens"},
        [(["input", "name"], "DUPLICATE")],
    ),
    "category-parent-of-the-wrong-type": (
        "createCategory",
        lambda s: {"name": "Porcas", "parentId": s.supplier},
        [(["input", "parentId"], "INVALID_ID")],
    ),
    "category-unknown-parent": (
        "createCategory",
        lambda s: {"name": "Porcas", "parentId": gid("Category", 9999)},
        [(["input", "parentId"], "NOT_FOUND")],
    ),
    "update-category-blank-name": (
        "updateCategory",
        lambda s: {"id": s.child, "name": " ", "position": 3},
        [(["input", "name"], "REQUIRED")],
    ),
    "carrier-bad-tracking-url": (
        "createCarrier",
        lambda s: {"name": "Veloz", "trackingUrl": "javascript:alert(1)"},
        [(["input", "trackingUrl"], "INVALID")],
    ),
    "carrier-duplicate-name": (
        "createCarrier",
        lambda s: {"name": "Rápido Sul"},
        [(["input", "name"], "DUPLICATE")],
    ),
    "product-negative-base-price": (
        "createProduct",
        lambda s: _product_input(s, basePrice="-0.01"),
        [(["input", "basePrice"], "NEGATIVE")],
    ),
    "product-base-price-five-decimals": (
        "createProduct",
        lambda s: _product_input(s, basePrice="1.23456"),
        [(["input", "basePrice"], "INVALID")],
    ),
    "product-duplicate-sku": (
        "createProduct",
        lambda s: _product_input(s, sku="P-100"),
        [(["input", "sku"], "DUPLICATE")],
    ),
    "product-sku-with-spaces": (
        "createProduct",
        lambda s: _product_input(s, sku="NEW 1"),
        [(["input", "sku"], "INVALID")],
    ),
    "product-minimum-not-a-multiple": (
        "createProduct",
        lambda s: _product_input(s, minimumQuantity=5, quantityMultiple=2),
        [(["input", "minimumQuantity"], "INVALID")],
    ),
    "product-bad-image-url": (
        "createProduct",
        lambda s: _product_input(s, imageUrls=["https://cdn.example.com/a.jpg", "not a url"]),
        [(["input", "imageUrls", "1"], "INVALID")],
    ),
    "product-supplier-id-of-the-wrong-type": (
        "createProduct",
        lambda s: _product_input(s, supplierId=s.root),
        [(["input", "supplierId"], "INVALID_ID")],
    ),
    "product-unknown-supplier": (
        "createProduct",
        lambda s: _product_input(s, supplierId=gid("Supplier", 9999)),
        [(["input", "supplierId"], "NOT_FOUND")],
    ),
    "product-unknown-category": (
        "createProduct",
        lambda s: _product_input(s, categoryId=gid("Category", 9999)),
        [(["input", "categoryId"], "NOT_FOUND")],
    ),
    "update-product-negative-price": (
        "updateProduct",
        lambda s: {"id": s.product, "basePrice": "-5", "name": "Barato"},
        [(["input", "basePrice"], "NEGATIVE")],
    ),
    "update-product-taken-sku": (
        "updateProduct",
        lambda s: {"id": s.product, "sku": "B-200"},
        [(["input", "sku"], "DUPLICATE")],
    ),
    "update-product-minimum-off-the-multiple": (
        "updateProduct",
        lambda s: {"id": s.product, "minimumQuantity": 4},
        [(["input", "minimumQuantity"], "INVALID")],
    ),
    "update-product-bad-image-url": (
        "updateProduct",
        lambda s: {"id": s.product, "imageUrls": ["ftp://cdn.example.com/a.jpg"]},
        [(["input", "imageUrls", "0"], "INVALID")],
    ),
    "update-product-negative-stock": (
        "updateProduct",
        lambda s: {"id": s.product, "stock": -1},
        [(["input", "stock"], "INVALID")],
    ),
    "visibility-company-and-group": (
        "setCompanyVisibility",
        lambda s: {"companyId": s.company_a, "groupId": s.group, "supplierIds": [s.supplier]},
        [(["input", "companyId"], "REQUIRED")],
    ),
    "visibility-neither-company-nor-group": (
        "setCompanyVisibility",
        lambda s: {"supplierIds": [s.supplier]},
        [(["input", "companyId"], "REQUIRED")],
    ),
    "visibility-unknown-supplier": (
        "setCompanyVisibility",
        lambda s: {"companyId": s.company_a, "supplierIds": [s.supplier, gid("Supplier", 9999)]},
        [(["input", "supplierIds", "1"], "NOT_FOUND")],
    ),
    "visibility-unknown-category": (
        "setCompanyVisibility",
        lambda s: {"groupId": s.group, "categoryIds": [gid("Category", 9999)]},
        [(["input", "categoryIds", "0"], "NOT_FOUND")],
    ),
    "price-list-unknown-currency": (
        "createPriceList",
        lambda s: {"name": "Nova", "currency": "ABC"},
        [(["input", "currency"], "INVALID_CURRENCY")],
    ),
    "price-list-precious-metal": (
        "createPriceList",
        lambda s: {"name": "Ouro", "currency": "XAU"},
        [(["input", "currency"], "INVALID_CURRENCY")],
    ),
    "price-list-duplicate-name": (
        "createPriceList",
        lambda s: {"name": "Atacado", "currency": "USD"},
        [(["input", "name"], "DUPLICATE")],
    ),
    "entry-negative-price": (
        "setPriceListEntries",
        lambda s: _entry(s, price="-1"),
        [(["input", "entries", "0", "price"], "NEGATIVE")],
    ),
    "entry-negative-tier-price": (
        "setPriceListEntries",
        lambda s: _entry(
            s, tiers=[{"minQuantity": 10, "price": "8"}, {"minQuantity": 20, "price": "-0.5"}]
        ),
        [(["input", "entries", "0", "tiers", "1", "price"], "NEGATIVE")],
    ),
    "entry-tier-quantity-zero": (
        "setPriceListEntries",
        lambda s: _entry(s, tiers=[{"minQuantity": 0, "price": "8"}]),
        [(["input", "entries", "0", "tiers", "0", "minQuantity"], "INVALID")],
    ),
    "entry-duplicate-tiers": (
        "setPriceListEntries",
        lambda s: _entry(
            s, tiers=[{"minQuantity": 10, "price": "8"}, {"minQuantity": 10, "price": "7"}]
        ),
        [(["input", "entries", "0", "tiers", "1", "minQuantity"], "DUPLICATE")],
    ),
    "entry-product-twice": (
        "setPriceListEntries",
        lambda s: {
            "priceListId": s.price_list,
            "entries": [
                {"productId": s.product, "price": "9"},
                {"productId": s.product, "price": "8"},
            ],
        },
        [(["input", "entries", "1", "productId"], "DUPLICATE")],
    ),
    "entry-unknown-product": (
        "setPriceListEntries",
        lambda s: {
            "priceListId": s.price_list,
            "entries": [
                {"productId": s.other_product, "price": "19"},
                {"productId": gid("Product", 9999), "price": "8"},
            ],
        },
        [(["input", "entries", "1", "productId"], "NOT_FOUND")],
    ),
    "entry-remove-unknown-product": (
        "setPriceListEntries",
        lambda s: {"priceListId": s.price_list, "removeProductIds": [gid("Product", 9999)]},
        [(["input", "removeProductIds", "0"], "NOT_FOUND")],
    ),
    "entries-list-id-of-the-wrong-type": (
        "setPriceListEntries",
        lambda s: {**_entry(s), "priceListId": s.product},
        [(["input", "priceListId"], "INVALID_ID")],
    ),
    "assign-company-and-group": (
        "assignPriceList",
        lambda s: {"priceListId": s.price_list, "companyId": s.company_a, "groupId": s.group},
        [(["input", "companyId"], "REQUIRED")],
    ),
    "assign-neither-company-nor-group": (
        "assignPriceList",
        lambda s: {"priceListId": s.price_list},
        [(["input", "companyId"], "REQUIRED")],
    ),
    "visibility-unknown-company": (
        "setCompanyVisibility",
        lambda s: {"companyId": gid("Company", 9999), "supplierIds": [s.supplier]},
        [(["input", "companyId"], "NOT_FOUND")],
    ),
    "assign-unknown-list": (
        "assignPriceList",
        lambda s: {"priceListId": gid("PriceList", 9999), "companyId": s.company_a},
        [(["input", "priceListId"], "NOT_FOUND")],
    ),
    "policy-negative-min-order": (
        "setCommercialPolicy",
        lambda s: {"minOrderValue": {"amount": "-10", "currency": "BRL"}},
        [(["input", "minOrderValue", "amount"], "NEGATIVE")],
    ),
    "policy-discount-above-100": (
        "setCommercialPolicy",
        lambda s: {"groupId": s.group, "maxDiscountPercent": "150"},
        [(["input", "maxDiscountPercent"], "INVALID")],
    ),
    "policy-unknown-carrier": (
        "setCommercialPolicy",
        lambda s: {"companyId": s.company_a, "carrierIds": [gid("Carrier", 9999)]},
        [(["input", "carrierIds", "0"], "NOT_FOUND")],
    ),
    "policy-blank-payment-term": (
        "setCommercialPolicy",
        lambda s: {"paymentTerms": ["30 dias", "  "]},
        [(["input", "paymentTerms", "1"], "INVALID")],
    ),
    "policy-unknown-company": (
        "setCommercialPolicy",
        lambda s: {"companyId": gid("Company", 9999), "paymentTerms": ["7 dias"]},
        [(["input", "companyId"], "NOT_FOUND")],
    ),
    "policy-company-and-group": (
        "setCommercialPolicy",
        lambda s: {"companyId": s.company_a, "groupId": s.group, "paymentTerms": ["7 dias"]},
        [(["input", "companyId"], "REQUIRED")],
    ),
}


@pytest.mark.parametrize(("mutation", "make_input", "expected"), REJECTED.values(), ids=REJECTED)
async def test_a_rejected_input_names_the_field_and_writes_nothing(
    admin, shop, mutation, make_input, expected
):
    before = await snapshot()

    payload = await mutate(admin, mutation, make_input(shop))

    assert payload[PAYLOAD_OBJECT[mutation]] is None
    assert errors_of(payload) == expected
    assert all(e["message"] for e in payload["userErrors"])
    assert await snapshot() == before


def test_every_mutation_has_a_rejected_input():
    assert {mutation for mutation, _, _ in REJECTED.values()} == set(SELECTIONS)


# A company or group that does not exist: refused, nothing written; the path is checked below.
UNKNOWN_HOLDER = {
    "assign-unknown-company": (
        "assignPriceList",
        lambda s: {"priceListId": s.price_list, "companyId": gid("Company", 9999)},
        ["input", "companyId"],
    ),
    "assign-unknown-group": (
        "assignPriceList",
        lambda s: {"priceListId": s.price_list, "groupId": gid("CustomerGroup", 9999)},
        ["input", "groupId"],
    ),
    "visibility-unknown-group": (
        "setCompanyVisibility",
        lambda s: {"groupId": gid("CustomerGroup", 9999), "supplierIds": [s.supplier]},
        ["input", "groupId"],
    ),
    "policy-unknown-group": (
        "setCommercialPolicy",
        lambda s: {"groupId": gid("CustomerGroup", 9999), "paymentTerms": ["7 dias"]},
        ["input", "groupId"],
    ),
}


@pytest.mark.parametrize(
    ("mutation", "make_input", "path"), UNKNOWN_HOLDER.values(), ids=UNKNOWN_HOLDER
)
async def test_an_unknown_holder_is_refused(admin, shop, mutation, make_input, path):
    before = await snapshot()

    payload = await mutate(admin, mutation, make_input(shop))

    assert payload[PAYLOAD_OBJECT[mutation]] is None
    assert [e["code"] for e in payload["userErrors"]] == ["NOT_FOUND"]
    assert await snapshot() == before


@pytest.mark.parametrize(
    ("mutation", "make_input", "path"), UNKNOWN_HOLDER.values(), ids=UNKNOWN_HOLDER
)
async def test_an_unknown_holder_is_named_by_its_own_field(admin, shop, mutation, make_input, path):
    payload = await mutate(admin, mutation, make_input(shop))

    assert errors_of(payload) == [(path, "NOT_FOUND")]


# IDs of the wrong type inside a list: refused, nothing written; the path is checked below.
WRONG_TYPE_IN_A_LIST = {
    "entries": (
        "setPriceListEntries",
        lambda s: {
            "priceListId": s.price_list,
            "entries": [
                {"productId": s.other_product, "price": "19"},
                {"productId": s.supplier, "price": "8"},
            ],
        },
        ["input", "entries", "1", "productId"],
    ),
    "removeProductIds": (
        "setPriceListEntries",
        lambda s: {"priceListId": s.price_list, "removeProductIds": [s.product, s.carrier]},
        ["input", "removeProductIds", "1"],
    ),
    "supplierIds": (
        "setCompanyVisibility",
        lambda s: {"companyId": s.company_a, "supplierIds": [s.supplier, s.root]},
        ["input", "supplierIds", "1"],
    ),
    "categoryIds": (
        "setCompanyVisibility",
        lambda s: {"companyId": s.company_a, "categoryIds": [s.supplier]},
        ["input", "categoryIds", "0"],
    ),
    "carrierIds": (
        "setCommercialPolicy",
        lambda s: {"carrierIds": [s.carrier, s.product]},
        ["input", "carrierIds", "1"],
    ),
}


@pytest.mark.parametrize(
    ("mutation", "make_input", "path"), WRONG_TYPE_IN_A_LIST.values(), ids=WRONG_TYPE_IN_A_LIST
)
async def test_an_id_of_the_wrong_type_in_a_list_is_refused(
    admin, shop, mutation, make_input, path
):
    before = await snapshot()

    payload = await mutate(admin, mutation, make_input(shop))

    assert payload[PAYLOAD_OBJECT[mutation]] is None
    assert [e["code"] for e in payload["userErrors"]] == ["INVALID_ID"]
    assert await snapshot() == before


@pytest.mark.parametrize(
    ("mutation", "make_input", "path"), WRONG_TYPE_IN_A_LIST.values(), ids=WRONG_TYPE_IN_A_LIST
)
async def test_an_id_of_the_wrong_type_in_a_list_names_its_path(
    admin, shop, mutation, make_input, path
):
    payload = await mutate(admin, mutation, make_input(shop))

    assert errors_of(payload) == [(path, "INVALID_ID")]


REPEATED_THEN_UNKNOWN = {
    "supplierIds": (
        "setCompanyVisibility",
        lambda s: {
            "companyId": s.company_a,
            "supplierIds": [s.supplier, s.supplier, gid("Supplier", 9999)],
        },
        ["input", "supplierIds", "2"],
    ),
    "carrierIds": (
        "setCommercialPolicy",
        lambda s: {"carrierIds": [s.carrier, s.carrier, gid("Carrier", 9999)]},
        ["input", "carrierIds", "2"],
    ),
    "removeProductIds": (
        "setPriceListEntries",
        lambda s: {
            "priceListId": s.price_list,
            "removeProductIds": [s.product, s.product, gid("Product", 9999)],
        },
        ["input", "removeProductIds", "2"],
    ),
}


@pytest.mark.parametrize(
    ("mutation", "make_input", "path"), REPEATED_THEN_UNKNOWN.values(), ids=REPEATED_THEN_UNKNOWN
)
async def test_an_unknown_id_after_a_repeat_is_named_by_its_own_index(
    admin, shop, mutation, make_input, path
):
    before = await snapshot()

    payload = await mutate(admin, mutation, make_input(shop))

    assert await snapshot() == before
    assert errors_of(payload) == [(path, "NOT_FOUND")]


# ------------------------------------------------------------------ forbidden callers


# (mutation, an input an admin could run) for callers who may not.
FORBIDDEN = {
    "createSupplier": ("createSupplier", lambda s: {"name": "Nova"}),
    "updateSupplier": ("updateSupplier", lambda s: {"id": s.supplier, "isActive": False}),
    "createCategory": ("createCategory", lambda s: {"name": "Porcas", "parentId": s.root}),
    "updateCategory": ("updateCategory", lambda s: {"id": s.child, "parentId": None}),
    "createCarrier": ("createCarrier", lambda s: {"name": "Veloz"}),
    "createProduct": ("createProduct", lambda s: _product_input(s)),
    "updateProduct": ("updateProduct", lambda s: {"id": s.product, "basePrice": "1"}),
    "setCompanyVisibility(group)": (
        "setCompanyVisibility",
        lambda s: {"groupId": s.group, "supplierIds": [s.supplier]},
    ),
    "createPriceList": ("createPriceList", lambda s: {"name": "Nova", "currency": "BRL"}),
    "setPriceListEntries": (
        "setPriceListEntries",
        lambda s: _entry(s, price="1", tiers=[{"minQuantity": 2, "price": "0.5"}]),
    ),
    # Company A is the rep's own: prices stay with admins all the same.
    "assignPriceList(A)": (
        "assignPriceList",
        lambda s: {"priceListId": s.price_list, "companyId": s.company_a},
    ),
    "setCommercialPolicy(A)": (
        "setCommercialPolicy",
        lambda s: {"companyId": s.company_a, "maxDiscountPercent": "50"},
    ),
    "setCommercialPolicy(storefront)": (
        "setCommercialPolicy",
        lambda s: {"paymentTerms": ["À vista"]},
    ),
}
CALLER_CODES = {"anonymous": "UNAUTHENTICATED", "sales-rep": "FORBIDDEN", "buyer": "FORBIDDEN"}


@pytest.fixture
async def caller(request, api, admin, rep, shop) -> Any:
    """The caller named by the test's parameter: a visitor, company A's own sales rep, or an
    active buyer of company A."""
    if request.param == "anonymous":
        return api
    if request.param == "sales-rep":
        return rep
    assert request.param == "buyer"
    contact = await add_contact(admin, shop.company_a, "ana@alfa.example.com", roles=["PURCHASING"])
    await activate(api, admin, contact["id"])
    return await buyer(api, "ana@alfa.example.com")


@pytest.mark.parametrize("caller", CALLER_CODES, indirect=True)
@pytest.mark.parametrize(("mutation", "make_input"), FORBIDDEN.values(), ids=FORBIDDEN)
async def test_a_caller_who_may_not_is_refused_and_nothing_is_written(
    request, shop, caller, mutation, make_input
):
    before = await snapshot()

    payload = await mutate(caller, mutation, make_input(shop))

    assert payload[PAYLOAD_OBJECT[mutation]] is None
    assert errors_of(payload) == [(None, CALLER_CODES[request.node.callspec.params["caller"]])]
    assert await snapshot() == before


@pytest.mark.parametrize(
    ("caller", "code"),
    [("anonymous", "UNAUTHENTICATED"), ("buyer", "FORBIDDEN")],
    indirect=["caller"],
)
async def test_only_staff_set_a_companys_visibility(shop, caller, code):
    before = await snapshot()

    payload = await mutate(
        caller,
        "setCompanyVisibility",
        {"companyId": shop.company_a, "supplierIds": [shop.other_supplier]},
    )

    assert payload["limits"] is None
    assert errors_of(payload) == [(None, code)]
    assert await snapshot() == before


def test_every_mutation_has_a_forbidden_caller():
    assert {mutation for mutation, _ in FORBIDDEN.values()} == set(SELECTIONS)


async def test_a_new_product_shows_its_supplier_category_and_price_at_once(admin: Any) -> None:
    # The payload's product was not read with its relations: they come through the loaders.
    supplier = await c.supplier(admin, "Forja")
    category = await c.category(admin, "Ferramentas")
    body = await admin.data(
        """mutation($input: CreateProductInput!) { createProduct(input: $input) {
          product { sku supplier { name } category { name } price(quantity: 3) { amount } }
          userErrors { code } } }""",
        {
            "input": {
                "sku": "FJ-1",
                "name": "Martelo",
                "basePrice": "19.9",
                "supplierId": supplier,
                "categoryId": category,
            }
        },
    )
    assert body["createProduct"] == {
        "product": {
            "sku": "FJ-1",
            "supplier": {"name": "Forja"},
            "category": {"name": "Ferramentas"},
            "price": {"amount": "19.90"},
        },
        "userErrors": [],
    }
