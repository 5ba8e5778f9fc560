"""The demo catalog: loaded once through the services, and each demo buyer sees its own prices
and its own part of the catalog through the API."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from graphql_api.demo import load as demo
from graphql_api.demo.catalog import DEMO_SUPPLIERS, demo_products
from graphql_api.demo.load import DEMO_PASSWORD, load_demo
from graphql_api.global_ids import to_global_id
from graphql_api.models import (
    Carrier,
    CatalogLimit,
    Category,
    Company,
    CustomerGroup,
    PriceList,
    PriceListAssignment,
    PriceListEntry,
    Product,
    Storefront,
    Supplier,
)
from graphql_api.services import visibility
from graphql_api.services.catalog import depth_of, parents_of
from graphql_api.services.money import Money
from graphql_api.services.policies import effective_policy
from tests.conftest import LOGIN as STAFF_LOGIN
from tests.identity_helpers import login

MARCOS = "marcos.lima@acai-norte.com.br"  # Distributor, company discount 10%
JOSE = "jose@ferragenssaojoao.com.br"  # Retail, company discount 5% capped at 3%
HELENA = "helena.kowalski@araucariatextil.com.br"  # Wholesale, group discount 5%

PRICE = "amount currency appliedRules"
PRODUCTS = f"""query($search: String) {{ products(first: 5, search: $search) {{
  totalCount nodes {{ sku name unit minimumQuantity
    price {{ {PRICE} }} p10: price(quantity: 10) {{ {PRICE} }}
    p50: price(quantity: 50) {{ {PRICE} }} }} }} }}"""
PRODUCT = """query($sku: String!) { product(sku: $sku) { sku name supplier { name } } }"""
PRODUCT_FOR = f"""query($sku: String!, $company: ID!) {{ product(sku: $sku) {{
  price(companyId: $company) {{ {PRICE} }} }} }}"""
SUPPLIERS = "{ suppliers(first: 20) { totalCount nodes { name } } }"


async def _buyer(api: Any, email: str) -> Any:
    session = (await login(api, email, DEMO_PASSWORD))["session"]
    assert session, f"{email} could not sign in"
    return api.as_(session["token"])


def _price(amount: str, currency: str, *rules: str) -> dict[str, Any]:
    return {"amount": amount, "currency": currency, "appliedRules": list(rules)}


async def test_demo_catalog_is_loaded_once_with_every_part(api):
    first = await load_demo()
    counts = [await model.all().count() for model in (Supplier, Product, PriceListEntry)]
    again = await load_demo()
    assert (first.created, again.created) == (True, False)
    assert [await model.all().count() for model in (Supplier, Product, PriceListEntry)] == counts

    suppliers = await Supplier.all().values_list("name", flat=True)
    assert sorted(suppliers) == sorted(name for name, _ in DEMO_SUPPLIERS.values())
    products = await Product.all()
    assert len(products) == len(demo_products()) == 241
    assert len({p.sku for p in products}) == 241
    assert Counter(p.unit for p in products).keys() == {"un", "cx", "kg", "m", "pct"}
    assert sum(p.stock is not None for p in products) >= 200
    assert any(p.stock == 0 for p in products)
    assert any(p.minimum_quantity > 1 and p.quantity_multiple > 1 for p in products)
    assert all(p.category_id is not None for p in products)  # type: ignore[attr-defined]
    names = {p.name for p in products}
    assert {"Pá de bico com cabo de madeira 71 cm", "Cadeado de latão 20 mm"} <= names
    assert "Tecido algodão cru largura 1,40 m" in names

    storefront = await Storefront.get(is_default=True)
    parents = await parents_of(storefront.id)
    assert len(parents) == 24
    assert max(depth_of(parents, pk) for pk in parents) == 3
    planos = await Category.get(name="Tecidos planos").prefetch_related("parent__parent")
    assert (planos.parent.name, planos.parent.parent.name) == ("Tecidos", "Têxteis")
    assert await Carrier.all().count() == 3

    lists = {pl.name: pl for pl in await PriceList.all()}
    assert {pl.currency for pl in lists.values()} == {"BRL", "EUR"}
    assert len(lists) == 8
    wholesale = await PriceListEntry.get(
        price_list_id=lists["Atacado BRL"].id, product__sku="FG-CAD-20"
    )
    tiers = [(t["min_quantity"], Decimal(t["price"])) for t in wholesale.tiers]
    assert wholesale.price == Decimal("10.97")
    assert tiers == [(10, Decimal("10.58")), (50, Decimal("10.06"))]
    euro = await PriceListEntry.get(
        price_list_id=lists["Europa Atacado EUR"].id, product__sku="PP-CXP-201510"
    )
    # Sold by 25: the tiers start at 10 and 50 boxes of 25.
    assert (euro.price, [t["min_quantity"] for t in euro.tiers]) == (Decimal("0.39"), [250, 1250])
    held = await PriceListAssignment.all().values_list("price_list__name", "group_id", "company_id")
    assert sum(1 for _, group, _ in held if group) == 6
    assert {name for name, _, company in held if company} == {
        "Contrato Sul Ferramentas",
        "Contrato Café Serra Mineira",
        "Contrato Nervión EUR",
    }

    assert await CatalogLimit.filter(supplier_id__isnull=False).count() == 8
    assert await CatalogLimit.filter(category_id__isnull=False).count() == 1
    pampa = await Company.get(legal_name="Confecções Pampa Ltda")
    textiles = visibility.products(await visibility.company_view(storefront, pampa))
    assert await textiles.count() == 54
    assert not await textiles.exclude(supplier__name="Tecelagem Vale do Itajaí").exists()

    groups = {g.name: g.id for g in await CustomerGroup.all()}
    base = await effective_policy(storefront.id, groups["Wholesale"], None)
    assert base.min_order_value == Money(Decimal("500.00"), "BRL")
    assert base.payment_terms == ["À vista", "30 dias", "30/60 dias"]
    assert (len(base.carrier_ids), base.max_discount_percent) == (2, Decimal("15.00"))
    distributor = await effective_policy(storefront.id, groups["Distributor"], None)
    assert distributor.payment_terms == ["À vista", "30 dias", "30/60/90 dias"]
    assert (distributor.min_order_value, len(distributor.carrier_ids)) == (
        Money(Decimal("3000"), "BRL"),
        3,
    )
    assert distributor.sources["max_discount_percent"] == "STOREFRONT"
    retail = await effective_policy(storefront.id, groups["Retail"], None)
    assert (retail.max_discount_percent, retail.sources["max_discount_percent"]) == (
        Decimal("3.00"),
        "GROUP",
    )


async def test_each_demo_buyer_sees_its_group_prices(api):
    await load_demo()
    seen: dict[str, dict[str, Any]] = {}
    for email in (None, MARCOS, JOSE, HELENA):
        caller = api if email is None else await _buyer(api, email)
        body = await caller.data(PRODUCTS, {"search": "cadeado latao"})
        nodes = body["products"]["nodes"]
        # Accent-insensitive search; ordered by name.
        assert [n["sku"] for n in nodes] == [f"FG-CAD-{s}" for s in ("20", "25", "30", "40", "50")]
        assert body["products"]["totalCount"] == 6
        seen[email or "visitor"] = nodes[0]
    assert seen["visitor"]["name"] == "Cadeado de latão 20 mm"
    assert seen["visitor"]["price"] == _price("12.90", "BRL")
    assert seen[MARCOS]["price"] == _price(
        "9.05", "BRL", "GROUP_LIST:Distribuidor BRL", "COMPANY_DISCOUNT:10.00"
    )
    assert seen[MARCOS]["p10"] == _price(
        "8.71", "BRL", "GROUP_LIST:Distribuidor BRL", "TIER:10", "COMPANY_DISCOUNT:10.00"
    )
    assert seen[MARCOS]["p50"]["amount"] == "8.36"
    assert seen[JOSE]["price"] == _price(
        "11.89", "BRL", "GROUP_LIST:Varejo BRL", "COMPANY_DISCOUNT:3.00", "MAX_DISCOUNT:3.00"
    )
    assert seen[JOSE]["p50"] == seen[JOSE]["price"]  # the retail list has no tiers
    assert seen[HELENA]["price"] == _price(
        "10.42", "BRL", "GROUP_LIST:Atacado BRL", "GROUP_DISCOUNT:5.00"
    )
    assert seen[HELENA]["p10"] == _price(
        "10.05", "BRL", "GROUP_LIST:Atacado BRL", "TIER:10", "GROUP_DISCOUNT:5.00"
    )
    assert seen[HELENA]["p50"]["amount"] == "9.56"
    amounts = [seen[k]["price"]["amount"] for k in ("visitor", MARCOS, JOSE, HELENA)]
    assert len(set(amounts)) == 4

    # EUR companies get the EUR lists; staff see them with companyId.
    signed = await api.data(STAFF_LOGIN, {"email": "admin@vitrine.test", "password": DEMO_PASSWORD})
    staff = api.as_(signed["staffLogin"]["session"]["token"])
    expected = {
        "Cafés Ibéricos S.L.": _price(
            "1.62", "EUR", "GROUP_LIST:Europa Atacado EUR", "COMPANY_DISCOUNT:7.50"
        ),
        "Suministros Industriales Nervión S.A.": _price(
            "1.30", "EUR", "COMPANY_LIST:Contrato Nervión EUR", "COMPANY_DISCOUNT:15.00"
        ),
        "Ferretería La Giralda S.L.": _price(
            "2.02", "EUR", "GROUP_LIST:Europa Varejo EUR", "COMPANY_DISCOUNT:2.00"
        ),
    }
    for legal_name, price in expected.items():
        company = await Company.get(legal_name=legal_name)
        variables = {"sku": "FG-CAD-20", "company": to_global_id("Company", company.id)}
        body = await staff.data(PRODUCT_FOR, variables)
        assert body["product"]["price"] == price, legal_name


async def test_limited_demo_buyer_does_not_see_other_suppliers(api):
    await load_demo()
    jose, helena = await _buyer(api, JOSE), await _buyer(api, HELENA)
    fabric = {"sku": "TV-ALG-140"}
    assert (await jose.data(PRODUCT, fabric))["product"] is None
    assert (await helena.data(PRODUCT, fabric))["product"] == {
        "sku": "TV-ALG-140",
        "name": "Tecido algodão cru largura 1,40 m",
        "supplier": {"name": "Tecelagem Vale do Itajaí"},
    }
    suppliers = (await jose.data(SUPPLIERS))["suppliers"]
    assert suppliers["totalCount"] == 3
    assert "Tecelagem Vale do Itajaí" not in {s["name"] for s in suppliers["nodes"]}
    assert (await helena.data(SUPPLIERS))["suppliers"]["totalCount"] == 5
    # "pa de bico" finds "Pá de bico" for José too: hardware is one of his suppliers.
    found = (await jose.data(PRODUCTS, {"search": "pa de bico"}))["products"]
    assert [n["sku"] for n in found["nodes"]] == ["FG-PA-BIC"]
    assert (await jose.data(PRODUCTS, {"search": "tecido algodao"}))["products"]["totalCount"] == 0
    # Every word must match: both cotton fabrics, 4 widths of "algodão cru" and 6 tricolines.
    fabrics = (await helena.data(PRODUCTS, {"search": "tecido algodao"}))["products"]
    assert fabrics["totalCount"] == 10


async def test_demo_database_from_before_the_catalog_gets_it_once(api, monkeypatch):
    async def no_catalog(*args: Any) -> bool:
        return False

    monkeypatch.setattr(demo, "load_catalog", no_catalog)
    assert (await load_demo()).created
    assert not await Supplier.exists()
    monkeypatch.undo()
    assert not (await load_demo()).created
    assert (await Supplier.all().count(), await Product.all().count()) == (5, 241)
    await load_demo()
    assert await PriceListEntry.all().count() == 1465
