"""Contacts of a company."""

from __future__ import annotations

from graphql_api.models import Contact
from tests.factories import create_company

CREATE = """mutation($input: CreateContactInput!) { createContact(input: $input) {
  contact { id firstName lastName email phone jobTitle company { legalName } }
  userErrors { field message code } } }"""
UPDATE = """mutation($input: UpdateContactInput!) { updateContact(input: $input) {
  contact { firstName email } userErrors { field message code } } }"""
DELETE = """mutation($id: ID!) { deleteContact(input: {id: $id}) { deletedId
  userErrors { code } } }"""


async def test_contact_lifecycle_and_search_by_contact(admin):
    company = await create_company(admin, legalName="Ótica Visão")
    made = await admin.data(
        CREATE,
        {
            "input": {
                "companyId": company["id"],
                "firstName": "Márcia",
                "lastName": "Lopes",
                "email": "Marcia@Otica.com.br",
                "phone": "+55 31 99999-0000",
                "jobTitle": "Compras",
            }
        },
    )
    contact = made["createContact"]["contact"]
    assert contact == {
        "id": contact["id"],
        "firstName": "Márcia",
        "lastName": "Lopes",
        "email": "marcia@otica.com.br",
        "phone": "+5531999990000",
        "jobTitle": "Compras",
        "company": {"legalName": "Ótica Visão"},
    }
    found = await admin.data('{ companies(search: "marcia lopes") { nodes { legalName } } }')
    assert found["companies"]["nodes"] == [{"legalName": "Ótica Visão"}]
    changed = await admin.data(UPDATE, {"input": {"id": contact["id"], "firstName": "Marta"}})
    assert changed["updateContact"]["contact"] == {
        "firstName": "Marta",
        "email": "marcia@otica.com.br",
    }
    assert (await admin.data(DELETE, {"id": contact["id"]}))["deleteContact"]["userErrors"] == []
    assert await Contact.all().count() == 0


async def test_contact_input_rejected_and_forbidden(admin, rep):
    company = await create_company(admin)
    await admin.data(
        CREATE, {"input": {"companyId": company["id"], "firstName": "Ana", "email": "ana@x.com"}}
    )
    bad = await admin.data(
        CREATE,
        {
            "input": {
                "companyId": company["id"],
                "firstName": "",
                "email": "ANA@x.com",
                "phone": "1",
            }
        },
    )
    assert sorted((e["field"][-1], e["code"]) for e in bad["createContact"]["userErrors"]) == [
        ("email", "DUPLICATE"),
        ("firstName", "REQUIRED"),
        ("phone", "INVALID_PHONE"),
    ]
    refused = await rep.data(
        CREATE, {"input": {"companyId": company["id"], "firstName": "Rui", "email": "rui@x.com"}}
    )
    assert refused["createContact"]["userErrors"][0]["code"] == "NOT_FOUND"
    contact_id = (await admin.data("{ companies { nodes { contacts { id } } } }"))["companies"][
        "nodes"
    ][0]["contacts"][0]["id"]
    assert (await rep.data(UPDATE, {"input": {"id": contact_id, "firstName": "X"}}))[
        "updateContact"
    ]["userErrors"][0]["code"] == "NOT_FOUND"
    assert (await rep.data(DELETE, {"id": contact_id}))["deleteContact"]["userErrors"] == [
        {"code": "NOT_FOUND"}
    ]
    assert await Contact.filter(first_name="Ana").count() == 1


async def test_contact_phone_without_country_code_takes_the_company_country(admin):
    company = await create_company(admin)  # main address in Brazil
    made = await admin.data(
        CREATE,
        {
            "input": {
                "companyId": company["id"],
                "firstName": "Rui",
                "email": "rui@cliente.com.br",
                "phone": "(31) 99999-0000",
            }
        },
    )
    assert made["createContact"]["userErrors"] == []
    assert made["createContact"]["contact"]["phone"] == "+5531999990000"
    stored = await Contact.get(email="rui@cliente.com.br")
    assert stored.phone == "+5531999990000"
