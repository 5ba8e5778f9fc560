"""Custom fields (SPEC A7): defined by an admin, validated by type, readable and filterable."""

from __future__ import annotations

from graphql_api.models import Company, CustomFieldDefinition
from tests.factories import CREATE, company_input, create_company

DEFINE = """mutation($input: CreateCustomFieldInput!) { createCustomField(input: $input) {
  definition { id key type required choices } userErrors { field message code } } }"""
VALUES = (
    """query($id: ID!) { company(id: $id) { customFields { key value definition { type } } } }"""
)
FILTER = """query($f: [CustomFieldFilter!]) { companies(customFields: $f) {
  totalCount nodes { legalName } } }"""


async def _define(api, **spec):
    body = await api.data(DEFINE, {"input": spec})
    assert body["createCustomField"]["userErrors"] == []
    return body["createCustomField"]["definition"]


async def test_values_are_validated_by_type(admin):
    await _define(
        admin, key="segment", label="Segment", type="CHOICE", choices=["food", "hardware"]
    )
    await _define(admin, key="revenue", label="Annual revenue", type="NUMBER")
    await _define(admin, key="newsletter", label="Newsletter", type="BOOLEAN")
    await _define(admin, key="since", label="Customer since", type="DATE")
    bad = await admin.data(
        CREATE,
        {
            "input": company_input(
                customFields=[
                    {"key": "segment", "value": "fashion"},
                    {"key": "revenue", "value": "a lot"},
                    {"key": "newsletter", "value": "maybe"},
                    {"key": "since", "value": "31/12/2020"},
                    {"key": "unknown", "value": "x"},
                ]
            )
        },
    )
    errors = bad["createCompany"]["userErrors"]
    assert [(e["field"], e["code"]) for e in errors] == [
        (["input", "customFields", "0", "value"], "INVALID"),
        (["input", "customFields", "1", "value"], "INVALID"),
        (["input", "customFields", "2", "value"], "INVALID"),
        (["input", "customFields", "3", "value"], "INVALID"),
        (["input", "customFields", "4", "key"], "UNKNOWN_CUSTOM_FIELD"),
    ]
    assert await Company.all().count() == 0

    good = await create_company(
        admin,
        customFields=[
            {"key": "segment", "value": "food"},
            {"key": "revenue", "value": "1200000.00"},
            {"key": "newsletter", "value": "TRUE"},
            {"key": "since", "value": "2020-12-31"},
        ],
    )
    data = await admin.data(VALUES, {"id": good["id"]})
    assert [
        (v["key"], v["value"], v["definition"]["type"]) for v in data["company"]["customFields"]
    ] == [
        ("segment", "food", "CHOICE"),
        ("revenue", "1200000", "NUMBER"),
        ("newsletter", "true", "BOOLEAN"),
        ("since", "2020-12-31", "DATE"),
    ]


async def test_required_field_and_filtering(admin):
    await _define(admin, key="erp_code", label="ERP code", type="TEXT", required=True)
    await _define(admin, key="revenue", label="Annual revenue", type="NUMBER")
    missing = await admin.data(CREATE, {"input": company_input()})
    assert missing["createCompany"]["userErrors"][0]["code"] == "REQUIRED"
    a = await create_company(
        admin,
        legalName="Alfa",
        customFields=[{"key": "erp_code", "value": "A-1"}, {"key": "revenue", "value": "1200"}],
    )
    await create_company(
        admin,
        legalName="Beta",
        customFields=[{"key": "erp_code", "value": "B-2"}, {"key": "revenue", "value": "99"}],
    )
    found = await admin.data(FILTER, {"f": [{"key": "revenue", "value": "1200.0"}]})
    assert found["companies"] == {"totalCount": 1, "nodes": [{"legalName": "Alfa"}]}
    both = await admin.data(
        FILTER, {"f": [{"key": "erp_code", "value": "A-1"}, {"key": "revenue", "value": "99"}]}
    )
    assert both["companies"]["totalCount"] == 0
    unknown = await admin(FILTER, {"f": [{"key": "nope", "value": "1"}]})
    assert unknown["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    # A required field cannot be cleared by an update.
    cleared = await admin.data(
        """mutation($input: UpdateCompanyInput!) { updateCompany(input: $input) {
        userErrors { field code } } }""",
        {"input": {"id": a["id"], "customFields": [{"key": "erp_code", "value": ""}]}},
    )
    assert cleared["updateCompany"]["userErrors"] == [
        {"field": ["input", "customFields", "0", "value"], "code": "REQUIRED"}
    ]


async def test_definitions_are_checked_and_admin_only(admin, rep):
    bad = await admin.data(
        DEFINE, {"input": {"key": "Bad Key", "label": "", "type": "TEXT", "choices": ["a"]}}
    )
    assert sorted(e["field"][-1] for e in bad["createCustomField"]["userErrors"]) == [
        "choices",
        "key",
        "label",
    ]
    no_choices = await admin.data(
        DEFINE, {"input": {"key": "kind", "label": "Kind", "type": "CHOICE"}}
    )
    assert no_choices["createCustomField"]["userErrors"][0]["field"] == ["input", "choices"]
    refused = await rep.data(DEFINE, {"input": {"key": "x", "label": "X", "type": "TEXT"}})
    assert refused["createCustomField"]["userErrors"][0]["code"] == "FORBIDDEN"
    assert await CustomFieldDefinition.all().count() == 0
    made = await _define(admin, key="x", label="X", type="TEXT")
    dupe = await admin.data(DEFINE, {"input": {"key": "x", "label": "X", "type": "TEXT"}})
    assert dupe["createCustomField"]["userErrors"][0]["code"] == "DUPLICATE"
    listed = await rep.data("{ customFieldDefinitions { key } }")
    assert listed["customFieldDefinitions"] == [{"key": "x"}]
    delete = """mutation($id: ID!) { deleteCustomField(input: {id: $id}) { deletedId
      userErrors { code } } }"""
    assert (await rep.data(delete, {"id": made["id"]}))["deleteCustomField"]["userErrors"] == [
        {"code": "FORBIDDEN"}
    ]
    assert (await admin.data(delete, {"id": made["id"]}))["deleteCustomField"] == {
        "deletedId": made["id"],
        "userErrors": [],
    }
    assert await CustomFieldDefinition.all().count() == 0
