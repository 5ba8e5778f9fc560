"""Bad input from anyone, over HTTP (issue 9, section 1): each request is a 4xx or a named input
error with a clear message, never a 500 or an internal error, and writes nothing."""

from __future__ import annotations

import base64

import pytest

from graphql_api.auth.principal import STAFF_KIND, Principal
from graphql_api.global_ids import to_global_id
from graphql_api.models import Carrier, Company, CustomerGroup, Note, PartnerClient, StaffUser
from graphql_api.services.companies import create_company
from graphql_api.services.storefronts import resolve_storefront
from tests import catalog_helpers
from tests.factories import company_input
from tests.identity_helpers import LOGIN

JSON = {"content-type": "application/json"}
FORM = {"content-type": "application/x-www-form-urlencoded"}
VIEWER = {"query": "{ viewer { kind } }"}
CREATE_COMPANY = """mutation($input: CreateCompanyInput!) { createCompany(input: $input) {
  company { id legalName discountPercent } userErrors { field message code } } }"""
ADD_NOTE = """mutation($c: ID!, $body: String!) { addNote(input: {companyId: $c, body: $body}) {
  note { id } userErrors { field message code } } }"""
NODE = "query($id: ID!) { node(id: $id) { id } }"
COMPANIES = "query($s: String) { companies(search: $s) { totalCount } }"
PRODUCTS = "query($s: String) { products(search: $s) { totalCount } }"


def _only_error(body: dict) -> dict:
    assert len(body["errors"]) == 1, body
    return body["errors"][0]


def _http_error(response) -> dict:
    errors = response.json()["errors"]
    assert len(errors) == 1, errors
    return errors[0]


async def _company_pk(admin) -> tuple[str, int]:
    body = await admin.data(CREATE_COMPANY, {"input": company_input()})
    company = body["createCompany"]["company"]
    return company["id"], (await Company.get(legal_name=company["legalName"])).id


# --- plain HTTP -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "extra"),
    [
        ("POST", "/graphql", {"json": VIEWER}),
        ("GET", "/price-table.csv", {}),
        ("POST", "/session", {"json": {"email": "ana@example.com", "password": "secret-words"}}),
    ],
)
async def test_a_storefront_header_longer_than_a_slug_is_a_400_on_every_endpoint(
    client, method, path, extra
):
    headers = {"Vitrine-Storefront": "s" * 61}
    response = await client.request(method, path, headers=headers, **extra)
    assert response.status_code == 400
    error = _http_error(response)
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert error["message"] == (
        "The Vitrine-Storefront header must be a storefront slug: at most 60 letters, digits, "
        "'-' or '_'."
    )
    assert "set-cookie" not in response.headers


async def test_a_storefront_header_of_60_characters_is_simply_unknown(client):
    response = await client.post("/graphql", json=VIEWER, headers={"Vitrine-Storefront": "s" * 60})
    assert response.status_code == 400
    assert _http_error(response)["message"] == f"There is no storefront '{'s' * 60}'."


async def test_a_graphql_body_of_invalid_utf8_is_a_400(client):
    response = await client.post(
        "/graphql", content=b'{"query": "{ viewer { kind } }\xff"}', headers=JSON
    )
    assert response.status_code == 400
    error = _http_error(response)
    assert error == {
        "message": "The request body is not valid UTF-8.",
        "extensions": {"code": "BAD_REQUEST"},
    }


@pytest.mark.parametrize("body", [b"null", b'"str"', b"[]", b"[{}]", b"42", b"true"])
async def test_a_graphql_body_that_is_not_a_json_object_is_a_400(client, body):
    response = await client.post("/graphql", content=body, headers=JSON)
    assert response.status_code == 400
    error = _http_error(response)
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert error["message"].startswith("The request body must be a JSON object with a `query`")


@pytest.mark.parametrize("path", ["/graphql", "/session"])
async def test_json_nested_too_deeply_to_parse_is_a_400(client, path):
    response = await client.post(path, content=b"[" * 200_000, headers=JSON)
    assert response.status_code == 400
    assert _http_error(response)["extensions"]["code"] == "BAD_REQUEST"


async def test_a_session_body_that_is_not_a_json_object_is_a_400(client):
    for body in (b"null", b'"str"', b"[]", b"\xff\xfe"):
        response = await client.post("/session", content=body, headers=JSON)
        assert response.status_code == 400, body
        assert _http_error(response)["extensions"]["code"] == "BAD_REQUEST"
        assert "set-cookie" not in response.headers


async def test_a_session_sign_in_with_a_nul_byte_is_a_400(client):
    for fields in (
        {"email": "ana\x00@example.com", "password": "secret-words"},
        {"email": "ana@example.com", "password": "secret\x00words"},
    ):
        response = await client.post("/session", json=fields)
        assert response.status_code == 400
        error = _http_error(response)
        name = "email" if "\x00" in fields["email"] else "password"
        assert error == {
            "message": f"'{name}' must not contain NUL characters.",
            "extensions": {"code": "INVALID", "field": [name]},
        }
    form = await client.post(
        "/session", content=b"email=ana%00%40example.com&password=x", headers=FORM
    )
    assert form.status_code == 400
    assert _http_error(form)["message"] == "Parameter 'email' contains a NUL character."


async def test_an_oauth_client_id_with_a_nul_byte_is_refused_not_a_500(client):
    form = await client.post(
        "/oauth/token",
        content=b"grant_type=client_credentials&client_id=vp_a%00b&client_secret=s",
        headers=FORM,
    )
    assert form.status_code == 400
    assert form.json()["error"] == "invalid_request"
    basic = base64.b64encode(b"vp_a\x00b:secret").decode()
    response = await client.post(
        "/oauth/token",
        content=b"grant_type=client_credentials",
        headers={**FORM, "Authorization": f"Basic {basic}"},
    )
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


@pytest.mark.parametrize("pk", [2**31, 2**63, 2**64 + 1, 2**70])
async def test_a_price_table_company_id_beyond_any_key_is_a_400(client, admin, pk):
    response = await client.get(
        "/price-table.csv",
        params={"companyId": to_global_id("Company", pk)},
        headers={"Authorization": f"Bearer {admin.token}"},
    )
    assert response.status_code == 400
    error = _http_error(response)
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["message"] == f"'{to_global_id('Company', pk)}' is not a valid ID."


# --- global IDs -----------------------------------------------------------------------------


@pytest.mark.parametrize("pk", [2**31, 2**63, 2**64, 10**30])
async def test_an_anonymous_product_id_beyond_any_key_is_bad_input_not_an_internal_error(api, pk):
    product_id = to_global_id("Product", pk)
    body = await api("query($id: ID) { product(id: $id) { id } }", {"id": product_id})
    assert body["data"] == {"product": None}
    error = _only_error(body)
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    # An ID is quoted back up to 40 characters, so an error never echoes a huge input.
    shown = product_id if len(product_id) <= 40 else product_id[:40] + "..."
    assert error["message"] == f"'{shown}' is not a valid ID."


def _b64(raw: str, *, padded: bool = False, standard: bool = False) -> str:
    encode = base64.b64encode if standard else base64.urlsafe_b64encode
    text = encode(raw.encode()).decode()
    return text if padded else text.rstrip("=")


async def test_only_the_canonical_spelling_of_a_global_id_finds_an_object(admin):
    company_id, pk = await _company_pk(admin)
    assert company_id == _b64(f"Company:{pk}")
    found = await admin.data(NODE, {"id": company_id})
    assert found == {"node": {"id": company_id}}
    arabic_indic = "".join(chr(0x0660 + int(d)) for d in str(pk))
    spellings = [
        _b64(f"Company:0_{pk}"),  # int() takes underscores between digits
        _b64(f"Company:{arabic_indic}"),  # and any Unicode decimal digit
        _b64(f"Company: {pk}"),
        _b64(f"Company:+{pk}"),
        _b64(f"Company:0{pk}"),
        _b64(f"Company:{pk} "),
        f" {company_id}",
        f"{company_id}\n",
    ]
    for spelling in spellings:
        body = await admin(NODE, {"id": spelling})
        assert body["data"] == {"node": None}, spelling
        error = _only_error(body)
        assert error["extensions"]["code"] == "BAD_USER_INPUT", spelling
        assert error["message"].endswith("is not a valid ID."), spelling


async def test_padded_or_standard_alphabet_base64_ids_are_refused(admin):
    supplier_id = await catalog_helpers.supplier(admin, "Acme")
    # "Supplier:1" is 10 bytes: its base64 has padding, which the canonical form leaves out.
    padded = supplier_id + "=" * (-len(supplier_id) % 4)
    assert padded != supplier_id
    assert (await admin.data(NODE, {"id": supplier_id})) == {"node": {"id": supplier_id}}
    for spelling in (padded, supplier_id + "==", supplier_id.replace("-", "+").replace("_", "/")):
        if spelling == supplier_id:
            continue
        body = await admin(NODE, {"id": spelling})
        assert body["data"] == {"node": None}
        assert _only_error(body)["extensions"]["code"] == "BAD_USER_INPUT"


async def test_a_mutation_with_a_non_canonical_id_changes_nothing(admin):
    company_id, pk = await _company_pk(admin)
    body = await admin.data(
        """mutation($input: UpdateCompanyInput!) { updateCompany(input: $input) {
          company { id } userErrors { field message code } } }""",
        {"input": {"id": _b64(f"Company:+{pk}"), "legalName": "Renamed Ltda"}},
    )
    assert body["updateCompany"]["company"] is None
    [error] = body["updateCompany"]["userErrors"]
    assert error["field"] == ["input", "id"] and error["code"] == "INVALID_ID"
    assert not await Company.filter(legal_name="Renamed Ltda").exists()


# --- search terms ---------------------------------------------------------------------------


@pytest.mark.parametrize("query", [COMPANIES, PRODUCTS], ids=["companies", "products"])
async def test_search_terms_are_capped_in_length_and_word_count(admin, query):
    field = "companies" if query is COMPANIES else "products"
    cases = [
        ("a" * 201, "Search takes at most 200 characters."),
        (" ".join(["ab"] * 13), "Search takes at most 12 words."),
        ("ab" * 25_000, f"{field}(search) takes at most 10000 characters; got 50000."),
        (" ".join(["ab"] * 20_000), f"{field}(search) takes at most 10000 characters; got 59999."),
    ]
    for term, message in cases:
        body = await admin(query, {"s": term})
        assert body["data"] is None, message
        error = _only_error(body)
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
        assert error["message"] == message
    within = await admin.data(query, {"s": " ".join(["ab"] * 12)})
    assert within == {field: {"totalCount": 0}}
    longest = await admin.data(query, {"s": "a" * 200})
    assert longest == {field: {"totalCount": 0}}


# --- every string and list has a maximum ----------------------------------------------------


async def test_activity_kinds_longer_than_the_column_are_bad_input(admin):
    body = await admin(
        "query($k: [String!]) { activities(kinds: $k) { totalCount } }", {"k": ["LOGIN", "K" * 41]}
    )
    assert body["data"] is None
    error = _only_error(body)
    assert error["message"] == "activities(kinds.1) takes at most 40 characters; got 41."
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": ["kinds", "1"]}
    fits = await admin.data(
        "query($k: [String!]) { activities(kinds: $k) { totalCount } }", {"k": ["K" * 40]}
    )
    assert fits == {"activities": {"totalCount": 0}}


async def test_a_product_sku_longer_than_the_column_is_bad_input(api):
    body = await api("query($s: String) { product(sku: $s) { id } }", {"s": "S" * 61})
    assert body["data"] is None
    assert _only_error(body)["message"] == "product(sku) takes at most 60 characters; got 61."


async def test_a_partner_client_naming_an_overlong_storefront_creates_nothing(admin):
    body = await admin.data(
        """mutation($s: [String!]!) { createPartnerClient(input: {name: "Parceiro",
          scopes: ["catalog:read"], storefronts: $s, allowedOrigins: []}) {
          partnerClient { id } userErrors { field message code } } }""",
        {"s": ["main", "x" * 61]},
    )
    payload = body["createPartnerClient"]
    assert payload["partnerClient"] is None
    assert payload["userErrors"] == [
        {
            "field": ["input", "storefronts", "1"],
            "message": "There is no such storefront.",
            "code": "NOT_FOUND",
        }
    ]
    assert await PartnerClient.all().count() == 0


async def test_a_carrier_tracking_url_longer_than_its_column_is_a_user_error(admin):
    document = """mutation($url: String) {
      createCarrier(input: {name: "Rapida", trackingUrl: $url}) {
      carrier { id } userErrors { field message code } } }"""
    for url, message in (
        ("https://track.example.com/" + "x" * 475, "An address takes at most 500 characters."),
        ("http://[::1/track", "Give a full http or https address."),
    ):
        body = await admin.data(document, {"url": url})
        assert body["createCarrier"] == {
            "carrier": None,
            "userErrors": [
                {"field": ["input", "trackingUrl"], "message": message, "code": "INVALID"}
            ],
        }
    assert await Carrier.all().count() == 0


async def test_a_string_over_the_default_maximum_is_refused_before_anything_is_written(admin):
    company_id, _ = await _company_pk(admin)
    body = await admin(ADD_NOTE, {"c": company_id, "body": "n" * 10_001})
    assert body["data"] is None
    error = _only_error(body)
    assert error["message"] == "addNote(input.body) takes at most 10000 characters; got 10001."
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": ["input", "body"]}
    assert await Note.all().count() == 0


@pytest.mark.parametrize("count", [101, 1000])
async def test_a_company_with_too_many_addresses_is_refused_and_not_written(admin, count):
    data = company_input()
    data["addresses"] = data["addresses"] * count
    body = await admin(CREATE_COMPANY, {"input": data})
    assert body["data"] is None
    error = _only_error(body)
    assert error["message"] == (
        f"createCompany(input.addresses) takes at most 100 items; got {count}."
    )
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": ["input", "addresses"]}
    assert await Company.all().count() == 0


async def test_limits_hold_for_literals_written_in_the_document_too(admin):
    kinds = ", ".join(f'"K{n}"' for n in range(101))
    body = await admin(f"{{ activities(kinds: [{kinds}]) {{ totalCount }} }}")
    assert _only_error(body)["message"] == "activities(kinds) takes at most 100 items; got 101."
    long_name = "L" * 10_001
    body = await admin(
        f'mutation {{ createCompany(input: {{legalName: "{long_name}"}}) {{ company {{ id }} }} }}'
    )
    assert _only_error(body)["extensions"]["field"] == ["input", "legalName"]
    assert await Company.all().count() == 0
    too_long = "activities(kinds.0) takes at most 40 characters; got 41."
    in_a_fragment = await admin(
        f'query {{ ...F }} fragment F on Query {{ activities(kinds: ["{"K" * 41}"]) '
        "{ totalCount } }"
    )
    assert _only_error(in_a_fragment)["message"] == too_long
    by_default = await admin(
        f'query($k: [String!] = ["{"K" * 41}"]) {{ activities(kinds: $k) {{ totalCount }} }}'
    )
    assert _only_error(by_default)["message"] == too_long


async def test_one_oversized_argument_stops_every_mutation_of_the_request(admin):
    body = await admin(
        """mutation($ok: CreateCompanyInput!, $bad: CreateCompanyInput!) {
          first: createCompany(input: $ok) { company { id } }
          second: createCompany(input: $bad) { company { id } } }""",
        {"ok": company_input(), "bad": company_input(tradeName="T" * 10_001)},
    )
    assert body["data"] is None
    assert _only_error(body)["message"] == (
        "createCompany(input.tradeName) takes at most 10000 characters; got 10001."
    )
    assert await Company.all().count() == 0


async def test_a_price_list_takes_up_to_its_declared_1000_entries_not_the_default_100(admin):
    supplier = await catalog_helpers.supplier(admin, "Acme")
    product = await catalog_helpers.product(admin, "MX-1", "10", supplier)
    price_list = await catalog_helpers.price_list(admin, "Tabela", "BRL")
    document = """mutation($input: SetPriceListEntriesInput!) { setPriceListEntries(input: $input) {
      priceList { id } userErrors { field message code } } }"""
    ids = [product] * 150  # past the default: the service reports the repeats, not the limit
    body = await admin(document, {"input": {"priceListId": price_list, "removeProductIds": ids}})
    assert "errors" not in body
    assert {e["code"] for e in body["data"]["setPriceListEntries"]["userErrors"]} <= {"DUPLICATE"}
    body = await admin(
        document, {"input": {"priceListId": price_list, "removeProductIds": [product] * 1001}}
    )
    assert _only_error(body)["message"] == (
        "setPriceListEntries(input.removeProductIds) takes at most 1000 items; got 1001."
    )


# --- NUL, invisible and reversed text, -0 ---------------------------------------------------


async def test_nul_bytes_are_refused_in_any_string_argument(admin):
    body = await admin(CREATE_COMPANY, {"input": company_input(legalName="Acme\x00 Ltda")})
    assert body["data"] is None
    error = _only_error(body)
    assert error["message"] == "createCompany(input.legalName) must not contain NUL characters."
    assert error["extensions"]["field"] == ["input", "legalName"]
    body = await admin('{ companies(search: "a\\u0000b") { totalCount } }')
    assert _only_error(body)["message"] == "companies(search) must not contain NUL characters."
    body = await admin(LOGIN, {"email": "ana@example.com", "password": "pass\x00word"})
    assert _only_error(body)["extensions"]["field"] == ["input", "password"]
    assert await Company.all().count() == 0


async def test_the_services_refuse_nul_bytes_for_callers_other_than_graphql(admin):
    admin_principal = Principal(
        kind=STAFF_KIND, staff=await StaffUser.get(email="admin@example.com")
    )
    storefront = await resolve_storefront(None)
    assert storefront is not None
    result = await create_company(
        admin_principal, storefront, {"legal_name": "Acme\x00 Ltda", "trade_name": "ok"}
    )
    assert [(e.field, e.code, e.message) for e in result.errors] == [
        (("legal_name",), "INVALID", "Legal name must not contain NUL characters.")
    ]
    assert await Company.all().count() == 0


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "\u202eadmin Ltda",
            "Legal name must not contain bidirectional override characters (U+202E).",
        ),
        (
            "Acme \u2066Ltda\u2069",
            "Legal name must not contain bidirectional override characters (U+2066).",
        ),
        ("\u200b\u200b", "Legal name has no visible characters."),
        ("\u200d\ufeff\u2060", "Legal name has no visible characters."),
        ("\u3164", "Legal name has no visible characters."),
        ("Acme\x07 Ltda", "Legal name must not contain control characters."),
    ],
)
async def test_reversed_and_invisible_names_are_refused(admin, name, message):
    body = await admin.data(CREATE_COMPANY, {"input": company_input(legalName=name)})
    payload = body["createCompany"]
    assert payload["company"] is None
    assert payload["userErrors"] == [
        {"field": ["input", "legalName"], "message": message, "code": "INVALID"}
    ]
    assert await Company.all().count() == 0


async def test_right_to_left_names_with_direction_marks_are_accepted(admin):
    name = "شركة الأمل\u200f Ltda"
    body = await admin.data(CREATE_COMPANY, {"input": company_input(legalName=name)})
    assert body["createCompany"]["userErrors"] == []
    assert body["createCompany"]["company"]["legalName"] == name


async def test_a_minus_zero_discount_is_stored_and_shown_as_zero(admin):
    body = await admin.data(
        CREATE_COMPANY, {"input": company_input(legalName="Zero Ltda", discountPercent="-0")}
    )
    assert body["createCompany"]["userErrors"] == []
    assert body["createCompany"]["company"]["discountPercent"] == "0.00"
    stored = (await Company.get(legal_name="Zero Ltda")).discount_percent
    assert stored == 0 and str(stored) == "0.00"
    body = await admin.data(
        """mutation { createCustomerGroup(input: {name: "Varejo", discountPercent: "-0.00"}) {
          customerGroup { discountPercent } userErrors { code } } }"""
    )
    assert body["createCustomerGroup"]["customerGroup"] == {"discountPercent": "0.00"}
    assert str((await CustomerGroup.get(name="Varejo")).discount_percent) == "0.00"
