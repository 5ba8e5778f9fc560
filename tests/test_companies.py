"""Customer records through the API (SPEC A1-A4, A6)."""

from __future__ import annotations

from graphql_api.models import Company, TaxId
from tests.factories import CREATE, company_input, create_company

FULL = """query($id: ID!) { company(id: $id) {
  id legalName tradeName displayName isIndividual responsibleFirstName responsibleLastName
  responsiblePhone status temperature preferredCurrency preferredLanguage discountPercent
  group { id name } salesRep { id email }
  taxIds { kind value formatted }
  addresses { kind street number complement district city state postalCode country }
  emails { email label } phones { number label whatsapp }
  customFields { key value }
} }"""

GROUP = """mutation($input: CreateCustomerGroupInput!) { createCustomerGroup(input: $input) {
  customerGroup { id name discountPercent } userErrors { field message code } } }"""

LIST = """query($search: String, $status: [CompanyStatus!], $temperature: [Temperature!],
  $groupId: [ID!], $first: Int, $after: String, $sort: CompanySort,
  $customFields: [CustomFieldFilter!]) {
  companies(search: $search, status: $status, temperature: $temperature, groupId: $groupId,
            first: $first, after: $after, sort: $sort, customFields: $customFields) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id legalName status temperature } } }"""


async def test_valid_company_round_trips_every_field(admin, rep):
    group = (await admin.data(GROUP, {"input": {"name": "Atacado", "discountPercent": "5"}}))[
        "createCustomerGroup"
    ]["customerGroup"]
    full = company_input(
        legalName="Ferragens São João Ltda",
        tradeName="Ferragens SJ",
        isIndividual=False,
        responsibleFirstName="João",
        responsibleLastName="da Silva",
        responsiblePhone="+55 (11) 98765-4321",
        status="CURRENT",
        temperature="HOT",
        preferredCurrency="brl",
        preferredLanguage="pt-BR",
        discountPercent="7.5",
        groupId=group["id"],
        salesRepId=rep.staff_id,
        taxIds=[
            {"kind": "CNPJ", "value": "11.222.333/0001-81"},
            {"kind": "IE", "value": "110.042.490.114"},
            {"kind": "IM", "value": "1.234.567-8"},
        ],
        addresses=[
            {
                "kind": "MAIN",
                "street": "Rua Augusta",
                "number": "1500",
                "complement": "Sala 12",
                "district": "Consolação",
                "city": "São Paulo",
                "state": "SP",
                "postalCode": "01304001",
                "country": "br",
            },
            {
                "kind": "SHIPPING",
                "street": "Rodovia Anhanguera",
                "number": "km 20",
                "city": "Osasco",
                "state": "SP",
                "postalCode": "06276-000",
                "country": "BR",
            },
        ],
        emails=[
            {"email": "Compras@FerragensSJ.com.br", "label": "purchasing"},
            {"email": "financeiro@ferragenssj.com.br", "label": "billing"},
        ],
        phones=[{"number": "+55 11 3333-4444", "label": "office", "whatsapp": False}],
    )
    created = (await admin.data(CREATE, {"input": full}))["createCompany"]
    assert created["userErrors"] == []
    company = (await admin.data(FULL, {"id": created["company"]["id"]}))["company"]
    assert company == {
        "id": created["company"]["id"],
        "legalName": "Ferragens São João Ltda",
        "tradeName": "Ferragens SJ",
        "displayName": "Ferragens SJ",
        "isIndividual": False,
        "responsibleFirstName": "João",
        "responsibleLastName": "da Silva",
        "responsiblePhone": "+5511987654321",
        "status": "CURRENT",
        "temperature": "HOT",
        "preferredCurrency": "BRL",
        "preferredLanguage": "pt-BR",
        "discountPercent": "7.50",
        "group": {"id": group["id"], "name": "Atacado"},
        "salesRep": {"id": rep.staff_id, "email": "rep@example.com"},
        "taxIds": [
            {"kind": "CNPJ", "value": "11222333000181", "formatted": "11.222.333/0001-81"},
            {"kind": "IE", "value": "110.042.490.114", "formatted": "110.042.490.114"},
            {"kind": "IM", "value": "1.234.567-8", "formatted": "1.234.567-8"},
        ],
        "addresses": [
            {
                "kind": "MAIN",
                "street": "Rua Augusta",
                "number": "1500",
                "complement": "Sala 12",
                "district": "Consolação",
                "city": "São Paulo",
                "state": "SP",
                "postalCode": "01304-001",
                "country": "BR",
            },
            {
                "kind": "SHIPPING",
                "street": "Rodovia Anhanguera",
                "number": "km 20",
                "complement": None,
                "district": None,
                "city": "Osasco",
                "state": "SP",
                "postalCode": "06276-000",
                "country": "BR",
            },
        ],
        "emails": [
            {"email": "compras@ferragenssj.com.br", "label": "purchasing"},
            {"email": "financeiro@ferragenssj.com.br", "label": "billing"},
        ],
        "phones": [{"number": "+551133334444", "label": "office", "whatsapp": False}],
        "customFields": [],
    }


async def test_invalid_cnpj_is_reported_on_the_field_and_nothing_is_written(admin):
    before = await Company.all().count()
    body = await admin.data(
        CREATE, {"input": company_input(taxIds=[{"kind": "CNPJ", "value": "11.222.333/0001-82"}])}
    )
    payload = body["createCompany"]
    assert payload["company"] is None
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [
        (["input", "taxIds", "0", "value"], "INVALID_CNPJ")
    ]
    assert await Company.all().count() == before
    assert await TaxId.all().count() == 0


async def test_every_bad_field_is_reported_at_once(admin):
    body = await admin.data(
        CREATE,
        {
            "input": company_input(
                legalName="  ",
                preferredCurrency="XXX",
                preferredLanguage="fr",
                discountPercent="120",
                responsiblePhone="12",
                addresses=[
                    {"street": "Rua A", "city": "Recife", "postalCode": "123", "country": "BR"}
                ],
                emails=[{"email": "not-an-email"}],
            )
        },
    )
    fields = sorted(tuple(e["field"]) for e in body["createCompany"]["userErrors"])
    assert fields == sorted(
        [
            ("input", "legalName"),
            ("input", "preferredCurrency"),
            ("input", "preferredLanguage"),
            ("input", "discountPercent"),
            ("input", "responsiblePhone"),
            ("input", "addresses", "0", "postalCode"),
            ("input", "emails", "0", "email"),
        ]
    )
    assert await Company.all().count() == 0


async def test_tax_id_rules_by_kind_and_country(admin):
    cases = [
        # A CPF belongs to individuals, a CNPJ to firms, Brazilian ids to Brazilian addresses.
        (dict(taxIds=[{"kind": "CPF", "value": "529.982.247-25"}]), "INVALID_TAX_ID"),
        (
            dict(isIndividual=True, taxIds=[{"kind": "CNPJ", "value": "11.222.333/0001-81"}]),
            "INVALID_TAX_ID",
        ),
        (
            dict(
                addresses=[
                    {
                        "street": "Calle Mayor",
                        "city": "Madrid",
                        "postalCode": "28013",
                        "country": "ES",
                    }
                ],
                taxIds=[{"kind": "CNPJ", "value": "11.222.333/0001-81"}],
            ),
            "INVALID_TAX_ID",
        ),
        (
            dict(taxIds=[{"kind": "CPF", "value": "111.111.111-11"}], isIndividual=True),
            "INVALID_CPF",
        ),
        (
            dict(
                addresses=[
                    {
                        "street": "Strada X",
                        "city": "Cluj-Napoca",
                        "postalCode": "400001",
                        "country": "RO",
                    }
                ],
                taxIds=[{"kind": "VAT", "value": "ES12345678"}],
            ),
            "INVALID_VAT",
        ),
    ]
    for overrides, code in cases:
        body = await admin.data(CREATE, {"input": company_input(**overrides)})
        errors = body["createCompany"]["userErrors"]
        assert [e["code"] for e in errors] == [code], (overrides, errors)
        assert errors[0]["field"] == ["input", "taxIds", "0", "value"]
    assert await Company.all().count() == 0


async def test_individual_with_cpf_and_romanian_vat_are_accepted(admin):
    person = await create_company(
        admin, isIndividual=True, taxIds=[{"kind": "CPF", "value": "529.982.247-25"}]
    )
    romanian = await create_company(
        admin,
        addresses=[
            {
                "street": "Strada Memorandumului",
                "number": "28",
                "city": "Cluj-Napoca",
                "state": "Cluj",
                "postalCode": "400114",
                "country": "RO",
            }
        ],
        taxIds=[{"kind": "VAT", "value": "18547290"}],
    )
    data = await admin.data(
        "query($a: ID!, $b: ID!) { a: company(id: $a) { taxIds { kind value formatted } } "
        "b: company(id: $b) { taxIds { value } } }",
        {"a": person["id"], "b": romanian["id"]},
    )
    assert data["a"]["taxIds"] == [
        {"kind": "CPF", "value": "52998224725", "formatted": "529.982.247-25"}
    ]
    assert data["b"]["taxIds"] == [{"value": "RO18547290"}]


async def test_duplicate_cnpj_is_refused(admin):
    await create_company(admin, taxIds=[{"kind": "CNPJ", "value": "11.222.333/0001-81"}])
    body = await admin.data(
        CREATE, {"input": company_input(taxIds=[{"kind": "CNPJ", "value": "11222333000181"}])}
    )
    errors = body["createCompany"]["userErrors"]
    assert [(e["field"], e["code"]) for e in errors] == [
        (["input", "taxIds", "0", "value"], "DUPLICATE")
    ]
    assert await Company.all().count() == 1


UPDATE = """mutation($input: UpdateCompanyInput!) { updateCompany(input: $input) {
  company { id legalName tradeName status emails { email } taxIds { value } }
  userErrors { field message code } } }"""


async def test_update_changes_only_given_fields_and_rejects_atomically(admin):
    company = await create_company(admin, tradeName="Antigo", status="PROSPECT")
    body = await admin.data(UPDATE, {"input": {"id": company["id"], "status": "CURRENT"}})
    updated = body["updateCompany"]["company"]
    assert updated["status"] == "CURRENT"
    assert updated["tradeName"] == "Antigo"
    assert len(updated["emails"]) == 1

    # A bad CNPJ next to a good name change: neither is written.
    body = await admin.data(
        UPDATE,
        {
            "input": {
                "id": company["id"],
                "legalName": "Nome Novo",
                "taxIds": [{"kind": "CNPJ", "value": "00.000.000/0000-00"}],
            }
        },
    )
    assert body["updateCompany"]["company"] is None
    assert body["updateCompany"]["userErrors"][0]["field"] == ["input", "taxIds", "0", "value"]
    stored = await Company.get(legal_name=company["legalName"])
    assert stored.status == "CURRENT"
    assert await TaxId.filter(company_id=stored.id).count() == 1

    body = await admin.data(
        UPDATE, {"input": {"id": company["id"], "emails": [{"email": "novo@x.com.br"}]}}
    )
    assert body["updateCompany"]["company"]["emails"] == [{"email": "novo@x.com.br"}]


DELETE = """mutation($id: ID!) { deleteCompany(input: {id: $id}) { deletedId
  userErrors { field message code } } }"""


async def test_delete_company_admin_only(admin, rep, api):
    company = await create_company(admin, salesRepId=rep.staff_id)
    refused = (await rep.data(DELETE, {"id": company["id"]}))["deleteCompany"]
    assert refused["deletedId"] is None
    assert refused["userErrors"][0]["code"] == "FORBIDDEN"
    anonymous = (await api.data(DELETE, {"id": company["id"]}))["deleteCompany"]
    assert anonymous["userErrors"][0]["code"] == "UNAUTHENTICATED"
    assert await Company.all().count() == 1
    done = (await admin.data(DELETE, {"id": company["id"]}))["deleteCompany"]
    assert done == {"deletedId": company["id"], "userErrors": []}
    assert await Company.all().count() == 0


async def test_create_company_rejected_for_anonymous(api):
    body = await api.data(CREATE, {"input": company_input()})
    assert body["createCompany"]["userErrors"][0]["code"] == "UNAUTHENTICATED"
    assert await Company.all().count() == 0


async def test_rep_creates_own_company_and_cannot_assign_reps(admin, rep, other_rep):
    own = await create_company(rep)
    body = await rep.data(FULL, {"id": own["id"]})
    assert body["company"]["salesRep"]["email"] == "rep@example.com"
    refused = await rep.data(CREATE, {"input": company_input(salesRepId=other_rep.staff_id)})
    assert refused["createCompany"]["userErrors"][0]["field"] == ["input", "salesRepId"]
    assert refused["createCompany"]["userErrors"][0]["code"] == "FORBIDDEN"


async def test_search_is_partial_and_ignores_case_and_accents(admin):
    await create_company(admin, legalName="Açaí do Norte Ltda")
    await create_company(
        admin,
        legalName="Cafés Ibéricos S.L.",
        addresses=[
            {"street": "Calle Mayor", "city": "Madrid", "postalCode": "28013", "country": "ES"}
        ],
        taxIds=[],
        phones=[{"number": "+34 912 345 678"}],
        emails=[{"email": "pedidos@cafes-ibericos.es"}],
    )

    async def names(search):
        data = await admin.data(LIST, {"search": search})
        return sorted(n["legalName"] for n in data["companies"]["nodes"])

    assert await names("sao paulo") == ["Açaí do Norte Ltda"]  # city São Paulo
    assert await names("ACAI") == ["Açaí do Norte Ltda"]
    assert await names("ibericos") == ["Cafés Ibéricos S.L."]
    assert await names("PEDIDOS@cafes") == ["Cafés Ibéricos S.L."]
    assert await names("345 678") == ["Cafés Ibéricos S.L."]
    assert await names("912345678") == ["Cafés Ibéricos S.L."]
    assert await names("nothing like this") == []


async def test_status_and_temperature_filters_combine(admin):
    combos = [
        ("PROSPECT", "HOT"),
        ("PROSPECT", "HOT"),
        ("PROSPECT", "COLD"),
        ("CURRENT", "HOT"),
        ("CURRENT", "WARM"),
        ("PROSPECT", "NOT_INTERESTED"),
    ]
    made = [(await create_company(admin, status=s, temperature=t))["id"] for s, t in combos]
    data = await admin.data(LIST, {"status": ["PROSPECT"], "temperature": ["HOT"]})
    assert {n["id"] for n in data["companies"]["nodes"]} == {made[0], made[1]}
    assert data["companies"]["totalCount"] == 2
    data = await admin.data(LIST, {"status": ["CURRENT"]})
    assert {n["id"] for n in data["companies"]["nodes"]} == {made[3], made[4]}
    data = await admin.data(LIST, {"temperature": ["HOT", "COLD"]})
    assert data["companies"]["totalCount"] == 4


async def test_group_filter(admin):
    make = await admin.data(GROUP, {"input": {"name": "Distribuidores"}})
    group_id = make["createCustomerGroup"]["customerGroup"]["id"]
    inside = await create_company(admin, groupId=group_id)
    await create_company(admin)
    data = await admin.data(LIST, {"groupId": [group_id]})
    assert [n["id"] for n in data["companies"]["nodes"]] == [inside["id"]]
    groups = await admin.data("{ customerGroups { totalCount nodes { name companyCount } } }")
    assert groups["customerGroups"]["nodes"] == [{"name": "Distribuidores", "companyCount": 1}]


async def test_sorting_ignores_accents_and_paging_walks_every_row(admin):
    for name in ["Zeta SA", "Ávila Ltda", "beta Ltda", "Álamo Ltda", "Carvalho ME"]:
        await create_company(admin, legalName=name)
    data = await admin.data(LIST, {"sort": "NAME_ASC", "first": 100})
    assert [n["legalName"] for n in data["companies"]["nodes"]] == [
        "Álamo Ltda",
        "Ávila Ltda",
        "beta Ltda",
        "Carvalho ME",
        "Zeta SA",
    ]
    seen, after = [], None
    while True:
        page = (await admin.data(LIST, {"sort": "NAME_DESC", "first": 2, "after": after}))[
            "companies"
        ]
        seen += [n["legalName"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == ["Zeta SA", "Carvalho ME", "beta Ltda", "Ávila Ltda", "Álamo Ltda"]

    newest = (await admin.data(LIST, {"sort": "CREATED_AT_DESC", "first": 2}))["companies"]
    assert newest["totalCount"] == 5
    assert len(newest["nodes"]) == 2
    assert newest["pageInfo"]["hasNextPage"] is True


async def test_group_mutations_reject_bad_input_and_non_admins(admin, rep):
    bad = await admin.data(GROUP, {"input": {"name": "", "discountPercent": "101"}})
    assert sorted(e["field"][-1] for e in bad["createCustomerGroup"]["userErrors"]) == [
        "discountPercent",
        "name",
    ]
    refused = await rep.data(GROUP, {"input": {"name": "Rep group"}})
    assert refused["createCustomerGroup"]["userErrors"][0]["code"] == "FORBIDDEN"
    made = (await admin.data(GROUP, {"input": {"name": "Varejo"}}))["createCustomerGroup"]
    update = """mutation($input: UpdateCustomerGroupInput!) { updateCustomerGroup(input: $input)
      { customerGroup { name discountPercent } userErrors { field code } } }"""
    group_id = made["customerGroup"]["id"]
    changed = await admin.data(update, {"input": {"id": group_id, "discountPercent": "3.5"}})
    assert changed["updateCustomerGroup"]["customerGroup"] == {
        "name": "Varejo",
        "discountPercent": "3.50",
    }
    duplicate = await admin.data(GROUP, {"input": {"name": "Varejo"}})
    assert duplicate["createCustomerGroup"]["userErrors"][0]["code"] == "DUPLICATE"
    by_rep = await rep.data(update, {"input": {"id": group_id, "name": "X"}})
    assert by_rep["updateCustomerGroup"]["userErrors"][0]["code"] == "FORBIDDEN"


PHONES = """query($id: ID!) { company(id: $id) {
  responsiblePhone phones { number } contacts { phone } } }"""


async def test_phones_without_country_code_take_the_company_country(admin):
    # Typed the way a Brazilian writes them: stored with +55 so WhatsApp links work.
    company = await create_company(
        admin,
        responsiblePhone="(11) 98765-4321",
        phones=[{"number": "11 3333-4444"}, {"number": "+34 912 345 678"}],
    )
    body = await admin.data(PHONES, {"id": company["id"]})
    assert body["company"]["responsiblePhone"] == "+5511987654321"
    assert [p["number"] for p in body["company"]["phones"]] == ["+551133334444", "+34912345678"]

    # On update without addresses, the stored main address gives the country.
    changed = await admin.data(
        UPDATE, {"input": {"id": company["id"], "phones": [{"number": "(21) 2345-6789"}]}}
    )
    assert changed["updateCompany"]["userErrors"] == []
    body = await admin.data(PHONES, {"id": company["id"]})
    assert [p["number"] for p in body["company"]["phones"]] == ["+552123456789"]

    spanish = await create_company(
        admin,
        addresses=[
            {"street": "Calle Mayor", "city": "Madrid", "postalCode": "28013", "country": "ES"}
        ],
        taxIds=[{"kind": "VAT", "value": "B12345674"}],
        responsiblePhone="612 345 678",
    )
    body = await admin.data(PHONES, {"id": spanish["id"]})
    assert body["company"]["responsiblePhone"] == "+34612345678"


async def test_phone_country_and_vat_check_digits_are_enforced(admin):
    no_address = await admin.data(
        CREATE, {"input": company_input(addresses=[], responsiblePhone="(11) 98765-4321")}
    )
    [error] = no_address["createCompany"]["userErrors"]
    assert (error["field"], error["code"]) == (["input", "responsiblePhone"], "INVALID_PHONE")
    assert "country code" in error["message"]

    spanish_number_in_brazil = await admin.data(
        CREATE, {"input": company_input(phones=[{"number": "612 345 678"}])}
    )
    assert [
        (e["field"], e["code"]) for e in spanish_number_in_brazil["createCompany"]["userErrors"]
    ] == [(["input", "phones", "0", "number"], "INVALID_PHONE")]

    unknown_country = await admin.data(
        CREATE,
        {
            "input": company_input(
                addresses=[{"street": "X", "city": "Y", "postalCode": "12345", "country": "ZZ"}],
                taxIds=[],
            )
        },
    )
    assert [(e["field"], e["code"]) for e in unknown_country["createCompany"]["userErrors"]] == [
        (["input", "addresses", "0", "country"], "INVALID_COUNTRY")
    ]

    for country, city, postal, vat in (
        ("RO", "Cluj-Napoca", "400001", "RO18547291"),
        ("ES", "Madrid", "28013", "ESB12345678"),
        ("PT", "Lisboa", "1000-001", "PT501964842"),
    ):
        body = await admin.data(
            CREATE,
            {
                "input": company_input(
                    addresses=[
                        {"street": "Rua", "city": city, "postalCode": postal, "country": country}
                    ],
                    taxIds=[{"kind": "VAT", "value": vat}],
                )
            },
        )
        [error] = body["createCompany"]["userErrors"]
        assert error == {
            "field": ["input", "taxIds", "0", "value"],
            "message": f"VAT number {vat} check digits do not match",
            "code": "INVALID_VAT",
        }
    assert await Company.all().count() == 0
