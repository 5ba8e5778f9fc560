"""The pricing precedence (SPEC C4, C5), shown by one fixture and one table: every rule, their
combinations, both currencies and rounding. Prices are read through GraphQL, as staff naming a
company and as that company's own buyer: the same service answers both."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from graphql_api.auth.tokens import TokenSigner
from graphql_api.global_ids import from_global_id
from graphql_api.models import Product, Storefront
from graphql_api.services import pricing
from graphql_api.services.errors import PermissionDenied
from graphql_api.services.sessions import principal_from_token
from resolvers.context import Context
from tests import catalog_helpers as c
from tests.factories import create_company
from tests.identity_helpers import activate, add_contact, buyer

BY_SKU = "query($sku: String!) { product(sku: $sku) { id } }"
GROUP = """mutation($input: CreateCustomerGroupInput!) { createCustomerGroup(input: $input) {
  customerGroup { id } userErrors { field message code } } }"""
PRICE = """query($sku: String!, $q: Int!, $company: ID) { product(sku: $sku) {
  price(quantity: $q, companyId: $company) {
    amount baseAmount discountPercent currency quantity appliedRules } } }"""


async def _group(api: Any, name: str, discount: str) -> str:
    body = await api.data(GROUP, {"input": {"name": name, "discountPercent": discount}})
    return body["createCustomerGroup"]["customerGroup"]["id"]


@pytest.fixture
async def world(admin: Any) -> dict[str, str]:
    """Products P1 (100), P2 (10), P3 (60), ROUND (2.345), THIRD (0.3333); a Wholesale group
    at 10% with BRL and EUR lists and a 15% discount cap; six companies."""
    s = await c.supplier(admin, "Acme")
    for sku, price in [
        ("P1", "100.00"),
        ("P2", "10.00"),
        ("P3", "60.00"),
        ("ROUND", "2.345"),
        ("THIRD", "0.3333"),
    ]:
        await c.product(admin, sku, price, s)
    ids = {
        sku: (await admin.data(BY_SKU, {"sku": sku}))["product"]["id"]
        for sku in ("P1", "P2", "P3", "ROUND", "THIRD")
    }
    wholesale = await _group(admin, "Wholesale", "10")
    plain = await _group(admin, "Plain", "0")
    brl = await c.price_list(admin, "Atacado BRL", "BRL")
    await c.entries(
        admin,
        brl,
        {
            "productId": ids["P1"],
            "price": "90.00",
            "tiers": [{"minQuantity": 50, "price": "80.00"}, {"minQuantity": 10, "price": "85"}],
        },
        {"productId": ids["P3"], "price": "50.00"},
        {"productId": ids["THIRD"], "price": "0.3333"},
    )
    eur = await c.price_list(admin, "Atacado EUR", "EUR")
    await c.entries(
        admin,
        eur,
        {"productId": ids["P1"], "price": "18.00", "tiers": [{"minQuantity": 10, "price": "17"}]},
    )
    special = await c.price_list(admin, "Especial", "BRL")
    await c.entries(admin, special, {"productId": ids["P1"], "price": "70.00"})
    await c.assign(admin, brl, groupId=wholesale)
    await c.assign(admin, eur, groupId=wholesale)
    await c.policy(admin, groupId=wholesale, maxDiscountPercent="15")

    companies = {
        "NONE": await create_company(admin),
        "GROUP": await create_company(admin, groupId=wholesale),
        "OWN": await create_company(admin, groupId=wholesale, discountPercent="5"),
        "SPECIAL": await create_company(admin, groupId=wholesale, discountPercent="20"),
        "EUR": await create_company(admin, groupId=wholesale, preferredCurrency="EUR"),
        "PLAIN": await create_company(admin, groupId=plain),
    }
    await c.assign(admin, special, companyId=companies["SPECIAL"]["id"])
    return {name: company["id"] for name, company in companies.items()}


GL, GE = "GROUP_LIST:Atacado BRL", "GROUP_LIST:Atacado EUR"
GD, CD5 = "GROUP_DISCOUNT:10.00", "COMPANY_DISCOUNT:5.00"
CAP = ["COMPANY_DISCOUNT:15.00", "MAX_DISCOUNT:15.00"]

# (company, sku, quantity) -> (amount, base amount, discount, currency, applied rules)
TABLE = [
    # No group, no list, no discount: the base price.
    ("NONE", "P1", 1, "100.00", "100.00", "0.00", "BRL", []),
    # Rounding is half-up to the minor unit (2.345 -> 2.35, where banker's rounding gives 2.34).
    ("NONE", "ROUND", 1, "2.35", "2.35", "0.00", "BRL", []),
    # The group's list, then the group's discount.
    ("GROUP", "P1", 1, "81.00", "90.00", "10.00", "BRL", [GL, GD]),
    # Tiers: the largest minimum quantity not above the quantity (tiers were given unsorted).
    ("GROUP", "P1", 9, "81.00", "90.00", "10.00", "BRL", [GL, GD]),
    ("GROUP", "P1", 10, "76.50", "85.00", "10.00", "BRL", [GL, "TIER:10", GD]),
    ("GROUP", "P1", 49, "76.50", "85.00", "10.00", "BRL", [GL, "TIER:10", GD]),
    ("GROUP", "P1", 50, "72.00", "80.00", "10.00", "BRL", [GL, "TIER:50", GD]),
    # Not in the list: the base price, still discounted.
    ("GROUP", "P2", 1, "9.00", "10.00", "10.00", "BRL", [GD]),
    # 0.3333 x 0.9 = 0.29997: rounded once, at the end.
    ("GROUP", "THIRD", 1, "0.30", "0.33", "10.00", "BRL", [GL, GD]),
    # The company's own discount wins over the group's.
    ("OWN", "P1", 10, "80.75", "85.00", "5.00", "BRL", [GL, "TIER:10", CD5]),
    # The company's list wins over the group's; 20% is capped at the policy's 15%.
    ("SPECIAL", "P1", 10, "59.50", "70.00", "15.00", "BRL", ["COMPANY_LIST:Especial", *CAP]),
    ("SPECIAL", "P2", 1, "8.50", "10.00", "15.00", "BRL", CAP),
    # A list in the preferred currency comes first ...
    ("EUR", "P1", 1, "16.20", "18.00", "10.00", "EUR", [GE, GD]),
    ("EUR", "P1", 10, "15.30", "17.00", "10.00", "EUR", [GE, "TIER:10", GD]),
    # ... then a list in the storefront's default currency, then the base price.
    ("EUR", "P3", 1, "45.00", "50.00", "10.00", "BRL", [GL, GD]),
    ("EUR", "ROUND", 1, "2.11", "2.35", "10.00", "BRL", [GD]),
    # A group without lists or discount changes nothing.
    ("PLAIN", "P1", 1, "100.00", "100.00", "0.00", "BRL", []),
]


async def test_precedence_table(admin: Any, world: dict[str, str]) -> None:
    seen = []
    for company, sku, quantity, *_ in TABLE:
        body = await admin.data(PRICE, {"sku": sku, "q": quantity, "company": world[company]})
        price = body["product"]["price"]
        seen.append(
            (
                company,
                sku,
                quantity,
                price["amount"],
                price["baseAmount"],
                price["discountPercent"],
                price["currency"],
                price["appliedRules"],
            )
        )
    assert seen == TABLE


async def test_a_buyer_gets_the_price_staff_see_for_its_company(
    api: Any, admin: Any, world: dict[str, str]
) -> None:
    contact = await add_contact(
        admin, world["SPECIAL"], "bia@especial.com.br", roles=["PURCHASING"]
    )
    await activate(api, admin, contact["id"])
    me = await buyer(api, "bia@especial.com.br")
    body = await me.data(PRICE, {"sku": "P1", "q": 10, "company": None})
    assert body["product"]["price"] == {
        "amount": "59.50",
        "baseAmount": "70.00",
        "discountPercent": "15.00",
        "currency": "BRL",
        "quantity": 10,
        "appliedRules": ["COMPANY_LIST:Especial", *CAP],
    }
    # A buyer cannot ask for another company's prices.
    other = await me(PRICE, {"sku": "P1", "q": 1, "company": world["GROUP"]})
    assert other["data"]["product"]["price"] is None
    assert other["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_visitors_get_the_public_price_and_bad_quantities_are_refused(
    api: Any, world: dict[str, str]
) -> None:
    body = await api.data(PRICE, {"sku": "P1", "q": 50, "company": None})
    assert body["product"]["price"]["amount"] == "100.00"
    assert body["product"]["price"]["appliedRules"] == []
    bad = await api(PRICE, {"sku": "P1", "q": 0, "company": None})
    assert bad["data"]["product"]["price"] is None
    assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "quantity" in bad["errors"][0]["message"]


async def test_the_default_currency_is_fixed_once_products_are_priced_in_it(
    admin: Any, world: dict[str, str]
) -> None:
    change = """mutation { updateStorefront(input: {defaultCurrency: "EUR"}) {
      storefront { defaultCurrency } userErrors { field code } } }"""
    body = await admin.data(change)
    assert body["updateStorefront"]["userErrors"] == [
        {"field": ["input", "defaultCurrency"], "code": "CURRENCY_IN_USE"}
    ]
    assert (await admin.data(PRICE, {"sku": "P1", "q": 1, "company": None}))["product"]["price"][
        "currency"
    ] == "BRL"


async def test_context_for_is_the_context_behind_the_graphql_price(
    api: Any, admin: Any, settings: Any, world: dict[str, str]
) -> None:
    """The buyer's own context and staff's context for its company are one and the same, and
    each gives the price GraphQL shows them; staff without a company get the public one."""
    contact = await add_contact(
        admin, world["SPECIAL"], "bia@especial.com.br", roles=["PURCHASING"]
    )
    await activate(api, admin, contact["id"])
    me = await buyer(api, "bia@especial.com.br")
    signer = TokenSigner(settings.secret_key)
    storefront = await Storefront.get(slug="main")
    company_pk = from_global_id(world["SPECIAL"])[1]

    staff = await principal_from_token(signer, admin.token)
    mine = await pricing.context_for(await principal_from_token(signer, me.token), storefront)
    theirs = await pricing.context_for(staff, storefront, company_pk)
    assert mine == theirs
    assert mine.company_id == company_pk
    assert [(ref.name, ref.source) for ref in mine.lists] == [
        ("Especial", "COMPANY"),
        ("Atacado BRL", "GROUP"),
    ]
    assert (mine.discount_percent, mine.discount_source, mine.max_discount_percent) == (
        Decimal("20.00"),
        "COMPANY",
        Decimal("15.00"),
    )

    product = await Product.get(sku="P1")
    entries = await pricing.load_entries(mine, [product.id])
    price = pricing.price_of(mine, product, entries[product.id], 10)
    expected = {
        "amount": str(price.amount),
        "baseAmount": str(price.base_amount),
        "discountPercent": f"{price.discount_percent:f}",
        "currency": price.currency,
        "quantity": 10,
        "appliedRules": list(price.applied_rules),
    }
    assert expected["amount"] == "59.50"
    shown_to_buyer = await me.data(PRICE, {"sku": "P1", "q": 10, "company": None})
    shown_to_staff = await admin.data(PRICE, {"sku": "P1", "q": 10, "company": world["SPECIAL"]})
    assert shown_to_buyer["product"]["price"] == shown_to_staff["product"]["price"] == expected

    public = await pricing.context_for(staff, storefront)
    assert public == pricing.public_context(storefront)
    assert (public.company_id, public.lists, public.discount_percent) == (None, (), Decimal(0))
    with pytest.raises(PermissionDenied):
        await pricing.context_for(
            await principal_from_token(signer, me.token),
            storefront,
            from_global_id(world["GROUP"])[1],
        )


async def test_the_request_context_builds_a_pricing_context_once_per_company(
    admin: Any, settings: Any, world: dict[str, str], count_sql: Any
) -> None:
    storefront = await Storefront.get(slug="main")
    context = Context(
        settings=settings,
        signer=TokenSigner(settings.secret_key),
        principal=await principal_from_token(TokenSigner(settings.secret_key), admin.token),
        storefront=storefront,
    )
    special = from_global_id(world["SPECIAL"])[1]
    first = await context.pricing_context(special)
    with count_sql() as counter:
        again = await context.pricing_context(special)
        public = await context.pricing_context(None)
    assert again is first
    assert counter.count == 0
    assert public.company_id is None
    assert first.company_id == special
