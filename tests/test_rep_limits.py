"""What a sales rep may do to its own companies' prices (issue 9): give a discount up to the
ceiling an admin sets on the storefront (0 by default: none), never change a company's group,
price lists or policy, and read only the price lists of its companies and their groups. Every
refusal is a FORBIDDEN userError naming the field, and nothing changes."""

from __future__ import annotations

from typing import Any

from graphql_api.models import (
    CommercialPolicy,
    Company,
    PriceListAssignment,
    Storefront,
)
from tests import catalog_helpers
from tests.factories import company_input, create_company

UPDATE_COMPANY = """mutation($input: UpdateCompanyInput!) { updateCompany(input: $input) {
  company { id discountPercent group { id } } userErrors { field message code } } }"""
CREATE_COMPANY = """mutation($input: CreateCompanyInput!) { createCompany(input: $input) {
  company { id } userErrors { field message code } } }"""
UPDATE_STOREFRONT = """mutation($input: UpdateStorefrontInput!) { updateStorefront(input: $input) {
  storefront { repMaxDiscountPercent } userErrors { field message code } } }"""
CREATE_GROUP = """mutation($name: String!) { createCustomerGroup(input: {name: $name}) {
  customerGroup { id } userErrors { code } } }"""
PRICE_OF = """query($id: ID!, $company: ID) { node(id: $id) { ... on Product {
  price(companyId: $company) { amount appliedRules } } } }"""
PRICE_LISTS = "{ priceLists(first: 100) { totalCount nodes { name } } }"
NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { ... on PriceList { name } } }"


async def _rep_company(admin: Any, rep: Any, **fields: Any) -> str:
    return (await create_company(admin, salesRepId=rep.staff_id, **fields))["id"]


async def _update(api: Any, company_id: str, **changes: Any) -> dict[str, Any]:
    body = await api.data(UPDATE_COMPANY, {"input": {"id": company_id, **changes}})
    return body["updateCompany"]


async def _ceiling(admin: Any, percent: str) -> None:
    body = await admin.data(UPDATE_STOREFRONT, {"input": {"repMaxDiscountPercent": percent}})
    assert body["updateStorefront"]["userErrors"] == []


async def _discount_in_db(company_id: str, admin: Any) -> str:
    body = await admin.data(
        "query($id: ID!) { company(id: $id) { discountPercent } }", {"id": company_id}
    )
    return body["company"]["discountPercent"]


async def test_a_rep_gives_no_discount_while_the_ceiling_is_the_default_zero(admin, rep):
    company = await _rep_company(admin, rep)
    payload = await _update(rep, company, discountPercent="100")
    assert payload["company"] is None
    assert payload["userErrors"] == [
        {
            "field": ["input", "discountPercent"],
            "message": "Only an admin may give a company a discount in this storefront.",
            "code": "FORBIDDEN",
        }
    ]
    assert await _discount_in_db(company, admin) == "0.00"
    # Nothing else of the same request was saved either.
    payload = await _update(rep, company, discountPercent="5", legalName="Renomeada Ltda")
    assert payload["userErrors"][0]["code"] == "FORBIDDEN"
    assert not await Company.filter(legal_name="Renomeada Ltda").exists()


async def test_the_discount_the_issue_reproduced_no_longer_changes_the_price(admin, rep):
    supplier = await catalog_helpers.supplier(admin, "Acme")
    padlock = await catalog_helpers.product(admin, "CAD-1", "11.89", supplier)
    company = await _rep_company(admin, rep)
    before = await rep.data(PRICE_OF, {"id": padlock, "company": company})
    assert before["node"]["price"]["amount"] == "11.89"
    assert (await _update(rep, company, discountPercent="28.09"))["userErrors"][0][
        "code"
    ] == "FORBIDDEN"
    after = await rep.data(PRICE_OF, {"id": padlock, "company": company})
    assert after == before


async def test_a_rep_gives_a_discount_up_to_the_ceiling_an_admin_sets(admin, rep):
    company = await _rep_company(admin, rep)
    await _ceiling(admin, "10")
    payload = await _update(rep, company, discountPercent="10")
    assert payload["userErrors"] == []
    assert payload["company"]["discountPercent"] == "10.00"
    payload = await _update(rep, company, discountPercent="10.01")
    assert payload["userErrors"] == [
        {
            "field": ["input", "discountPercent"],
            "message": "A sales rep may give a company at most 10.00% discount.",
            "code": "FORBIDDEN",
        }
    ]
    assert await _discount_in_db(company, admin) == "10.00"
    # Lowering is within the ceiling too.
    assert (await _update(rep, company, discountPercent="2.5"))["userErrors"] == []
    assert await _discount_in_db(company, admin) == "2.50"


async def test_a_rep_creating_a_company_is_held_to_the_same_ceiling(admin, rep):
    await _ceiling(admin, "3")
    body = await rep.data(
        CREATE_COMPANY, {"input": company_input(legalName="Nova Ltda", discountPercent="3.01")}
    )
    assert body["createCompany"]["userErrors"] == [
        {
            "field": ["input", "discountPercent"],
            "message": "A sales rep may give a company at most 3.00% discount.",
            "code": "FORBIDDEN",
        }
    ]
    assert not await Company.filter(legal_name="Nova Ltda").exists()
    body = await rep.data(
        CREATE_COMPANY, {"input": company_input(legalName="Nova Ltda", discountPercent="3")}
    )
    assert body["createCompany"]["userErrors"] == []
    assert str((await Company.get(legal_name="Nova Ltda")).discount_percent) == "3.00"


async def test_a_rep_may_send_back_a_discount_an_admin_gave_but_not_change_it(admin, rep):
    company = await _rep_company(admin, rep)
    assert (await _update(admin, company, discountPercent="15"))["userErrors"] == []
    # A form that sends every field back saves the rep's other changes.
    payload = await _update(rep, company, discountPercent="15.00", temperature="HOT")
    assert payload["userErrors"] == []
    assert payload["company"]["discountPercent"] == "15.00"
    payload = await _update(rep, company, discountPercent="14")
    assert payload["userErrors"][0]["field"] == ["input", "discountPercent"]
    assert payload["userErrors"][0]["code"] == "FORBIDDEN"
    assert await _discount_in_db(company, admin) == "15.00"


async def test_an_admin_gives_any_discount_whatever_the_ceiling(admin, rep):
    company = await _rep_company(admin, rep)
    payload = await _update(admin, company, discountPercent="100")
    assert payload["userErrors"] == []
    assert payload["company"]["discountPercent"] == "100.00"


async def test_a_rep_cannot_change_a_company_group(admin, rep):
    group = (await admin.data(CREATE_GROUP, {"name": "Atacado"}))["createCustomerGroup"][
        "customerGroup"
    ]["id"]
    company = await _rep_company(admin, rep)
    payload = await _update(rep, company, groupId=group)
    assert payload["userErrors"] == [
        {
            "field": ["input", "groupId"],
            "message": "Only an admin may change a company's customer group.",
            "code": "FORBIDDEN",
        }
    ]
    assert (await Company.get(legal_name__startswith="Empresa Teste")).group_id is None
    body = await rep.data(CREATE_COMPANY, {"input": company_input(groupId=group)})
    assert body["createCompany"]["userErrors"][0]["field"] == ["input", "groupId"]
    assert body["createCompany"]["userErrors"][0]["code"] == "FORBIDDEN"
    assert await Company.all().count() == 1
    # The admin's group stays when the rep sends it back, and the rep cannot take it away.
    assert (await _update(admin, company, groupId=group))["userErrors"] == []
    assert (await _update(rep, company, groupId=group, temperature="COLD"))["userErrors"] == []
    payload = await _update(rep, company, groupId=None)
    assert payload["userErrors"][0]["code"] == "FORBIDDEN"
    assert (await _update(admin, company))["company"]["group"] == {"id": group}


async def test_price_list_assignment_and_commercial_policy_stay_admin_only(admin, rep):
    company = await _rep_company(admin, rep)
    price_list = await catalog_helpers.price_list(admin, "Contrato", "BRL")
    body = await rep.data(
        """mutation($input: AssignPriceListInput!) { assignPriceList(input: $input) {
          priceList { id } userErrors { field message code } } }""",
        {"input": {"priceListId": price_list, "companyId": company}},
    )
    assert [e["code"] for e in body["assignPriceList"]["userErrors"]] == ["FORBIDDEN"]
    body = await rep.data(
        """mutation($input: SetCommercialPolicyInput!) { setCommercialPolicy(input: $input) {
          policy { paymentTerms } userErrors { field message code } } }""",
        {"input": {"companyId": company, "maxDiscountPercent": "50"}},
    )
    assert [e["code"] for e in body["setCommercialPolicy"]["userErrors"]] == ["FORBIDDEN"]
    assert await PriceListAssignment.all().count() == 0
    assert await CommercialPolicy.all().count() == 0


async def test_only_an_admin_sets_the_ceiling_and_only_staff_read_it(admin, rep, api):
    body = await rep.data(UPDATE_STOREFRONT, {"input": {"repMaxDiscountPercent": "50"}})
    assert [e["code"] for e in body["updateStorefront"]["userErrors"]] == ["FORBIDDEN"]
    assert str((await Storefront.get(slug="main")).rep_max_discount_percent) == "0.00"
    read = "{ viewer { storefront { repMaxDiscountPercent } } }"
    assert await rep.data(read) == {"viewer": {"storefront": {"repMaxDiscountPercent": "0.00"}}}
    await _ceiling(admin, "12.5")
    assert await rep.data(read) == {"viewer": {"storefront": {"repMaxDiscountPercent": "12.50"}}}
    anonymous = await api(read)
    assert anonymous["data"] == {"viewer": {"storefront": None}}
    assert anonymous["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert anonymous["errors"][0]["message"] == (
        "Sales rep discount ceilings are visible to staff only."
    )


async def test_the_ceiling_is_a_percentage_from_0_to_100(admin):
    for bad, message in (
        ("100.01", "The ceiling must be between 0 and 100."),
        ("-1", "The ceiling must be between 0 and 100."),
        ("1.005", "The ceiling takes at most two decimals."),
    ):
        body = await admin.data(UPDATE_STOREFRONT, {"input": {"repMaxDiscountPercent": bad}})
        assert body["updateStorefront"]["userErrors"] == [
            {"field": ["input", "repMaxDiscountPercent"], "message": message, "code": "INVALID"}
        ]
    assert str((await Storefront.get(slug="main")).rep_max_discount_percent) == "0.00"


async def _price_lists(admin: Any, rep: Any, other_rep: Any) -> dict[str, str]:
    """Company A (rep) with its contract list; company A2 (rep) in group Varejo, which has a
    list; company B (other rep) with its contract list; a list assigned to no one; a group list
    of a group none of the rep's companies is in."""
    varejo = (await admin.data(CREATE_GROUP, {"name": "Varejo"}))["createCustomerGroup"][
        "customerGroup"
    ]["id"]
    atacado = (await admin.data(CREATE_GROUP, {"name": "Atacado"}))["createCustomerGroup"][
        "customerGroup"
    ]["id"]
    company_a = await _rep_company(admin, rep, legalName="Alfa Ltda")
    await _rep_company(admin, rep, legalName="Alfa Dois Ltda", groupId=varejo)
    company_b = await _rep_company(admin, other_rep, legalName="Beta Ltda", groupId=atacado)
    lists = {}
    for name, holder in (
        ("Contrato Alfa", {"companyId": company_a}),
        ("Varejo BRL", {"groupId": varejo}),
        ("Contrato Beta", {"companyId": company_b}),
        ("Atacado BRL", {"groupId": atacado}),
        ("Interna", None),
    ):
        lists[name] = await catalog_helpers.price_list(admin, name, "BRL")
        if holder:
            await catalog_helpers.assign(admin, lists[name], **holder)
    return lists


async def test_a_rep_reads_only_the_price_lists_of_its_companies_and_their_groups(
    admin, rep, other_rep
):
    await _price_lists(admin, rep, other_rep)
    mine = await rep.data(PRICE_LISTS)
    assert mine["priceLists"] == {
        "totalCount": 2,
        "nodes": [{"name": "Contrato Alfa"}, {"name": "Varejo BRL"}],
    }
    theirs = await other_rep.data(PRICE_LISTS)
    assert [n["name"] for n in theirs["priceLists"]["nodes"]] == ["Atacado BRL", "Contrato Beta"]
    everything = await admin.data(PRICE_LISTS)
    assert everything["priceLists"]["totalCount"] == 5


async def test_a_rep_cannot_read_another_list_by_id(admin, rep, other_rep):
    lists = await _price_lists(admin, rep, other_rep)
    ids = [lists[name] for name in ("Contrato Alfa", "Contrato Beta", "Interna", "Varejo BRL")]
    body = await rep.data(NODES, {"ids": ids})
    assert body["nodes"] == [{"name": "Contrato Alfa"}, None, None, {"name": "Varejo BRL"}]
    for name in ("Contrato Beta", "Atacado BRL", "Interna"):
        found = await rep.data("query($id: ID!) { node(id: $id) { id } }", {"id": lists[name]})
        assert found == {"node": None}, name
    body = await admin.data(NODES, {"ids": ids})
    assert [n["name"] for n in body["nodes"]] == [
        "Contrato Alfa",
        "Contrato Beta",
        "Interna",
        "Varejo BRL",
    ]


async def test_a_rep_import_is_held_to_the_same_rules(admin, rep):
    document = """mutation($csv: String!) { importCompanies(input: {csv: $csv, dryRun: false}) {
      report { created rejected { row column code } } userErrors { code } } }"""
    csv = "legal_name;discount_percent\nDesconto Ltda;5\nSem Desconto Ltda;0\n"
    body = await rep.data(document, {"csv": csv})
    report = body["importCompanies"]["report"]
    assert report["rejected"] == [{"row": 1, "column": "discount_percent", "code": "FORBIDDEN"}]
    assert report["created"] == 0
    assert await Company.all().count() == 0
