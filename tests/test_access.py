"""A sales rep sees and changes only assigned companies, through every path (SPEC A10)."""

from __future__ import annotations

from graphql_api.models import Company, Contact, Note
from tests.factories import create_company


async def _world(admin, rep, other_rep):
    """One company for each rep, each with a note and a contact."""
    mine = await create_company(admin, legalName="Minha Empresa", salesRepId=rep.staff_id)
    theirs = await create_company(admin, legalName="Empresa Alheia", salesRepId=other_rep.staff_id)
    ids = {}
    for key, company in (("mine", mine), ("theirs", theirs)):
        note = await admin.data(
            'mutation($c: ID!) { addNote(input: {companyId: $c, body: "n", priority: HIGH}) '
            "{ note { id } } }",
            {"c": company["id"]},
        )
        contact = await admin.data(
            "mutation($c: ID!, $e: String!) { createContact(input: "
            '{companyId: $c, firstName: "P", email: $e}) { contact { id } } }',
            {"c": company["id"], "e": f"p@{key}.com"},
        )
        ids[key] = {
            "company": company["id"],
            "note": note["addNote"]["note"]["id"],
            "contact": contact["createContact"]["contact"]["id"],
        }
    return ids


async def test_rep_reads_only_assigned_companies_by_every_path(admin, rep, other_rep):
    ids = await _world(admin, rep, other_rep)
    mine, theirs = ids["mine"], ids["theirs"]

    listing = await rep.data("{ companies(first: 100) { totalCount nodes { legalName } } }")
    assert listing["companies"] == {"totalCount": 1, "nodes": [{"legalName": "Minha Empresa"}]}
    searched = await rep.data('{ companies(search: "empresa") { nodes { legalName } } }')
    assert searched["companies"]["nodes"] == [{"legalName": "Minha Empresa"}]

    one = "query($id: ID!) { company(id: $id) { legalName } }"
    assert (await rep.data(one, {"id": mine["company"]}))["company"] == {
        "legalName": "Minha Empresa"
    }
    assert (await rep.data(one, {"id": theirs["company"]}))["company"] is None

    node = """query($id: ID!) { node(id: $id) { id
      ... on Company { legalName } ... on Note { body } ... on Contact { email } } }"""
    for kind in ("company", "note", "contact"):
        assert (await rep.data(node, {"id": mine[kind]}))["node"]["id"] == mine[kind]
        assert (await rep.data(node, {"id": theirs[kind]}))["node"] is None, kind

    many = await rep.data(
        "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
        {"ids": [mine["company"], theirs["company"], theirs["note"]]},
    )
    assert many["nodes"] == [{"id": mine["company"]}, None, None]

    # Nested: the other rep's company is never reachable through a visible object either.
    nested = await rep.data(
        "query($id: ID!) { node(id: $id) { ... on Note { company { legalName notes { id } } } } }",
        {"id": mine["note"]},
    )
    assert nested["node"]["company"] == {
        "legalName": "Minha Empresa",
        "notes": [{"id": mine["note"]}],
    }
    by_rep_filter = await rep.data(
        "query($r: ID!) { companies(salesRepId: $r) { totalCount } }", {"r": other_rep.staff_id}
    )
    assert by_rep_filter["companies"]["totalCount"] == 0

    # An admin sees both.
    assert (await admin.data("{ companies { totalCount } }"))["companies"]["totalCount"] == 2


async def test_rep_cannot_change_another_reps_company_by_any_mutation(admin, rep, other_rep):
    ids = await _world(admin, rep, other_rep)
    theirs = ids["theirs"]
    attempts = [
        (
            'mutation($id: ID!) { updateCompany(input: {id: $id, legalName: "Hacked"}) '
            "{ company { id } userErrors { code } } }",
            {"id": theirs["company"]},
        ),
        (
            "mutation($id: ID!) { deleteCompany(input: {id: $id}) "
            "{ deletedId userErrors { code } } }",
            {"id": theirs["company"]},
        ),
        (
            'mutation($id: ID!) { addNote(input: {companyId: $id, body: "x"}) '
            "{ note { id } userErrors { code } } }",
            {"id": theirs["company"]},
        ),
        (
            'mutation($id: ID!) { updateNote(input: {id: $id, body: "x"}) '
            "{ note { id } userErrors { code } } }",
            {"id": theirs["note"]},
        ),
        (
            "mutation($id: ID!) { deleteNote(input: {id: $id}) { deletedId userErrors { code } } }",
            {"id": theirs["note"]},
        ),
        (
            'mutation($id: ID!) { createContact(input: {companyId: $id, firstName: "x", '
            'email: "x@x.com"}) { contact { id } userErrors { code } } }',
            {"id": theirs["company"]},
        ),
        (
            'mutation($id: ID!) { updateContact(input: {id: $id, firstName: "x"}) '
            "{ contact { id } userErrors { code } } }",
            {"id": theirs["contact"]},
        ),
        (
            "mutation($id: ID!) { deleteContact(input: {id: $id}) "
            "{ deletedId userErrors { code } } }",
            {"id": theirs["contact"]},
        ),
    ]
    for query, variables in attempts:
        payload = next(iter((await rep.data(query, variables)).values()))
        assert payload["userErrors"], query
        assert payload["userErrors"][0]["code"] in {"NOT_FOUND", "FORBIDDEN"}, query
        assert all(v is None for k, v in payload.items() if k != "userErrors"), query
    assert await Company.filter(legal_name="Empresa Alheia").count() == 1
    assert await Note.all().count() == 2
    assert await Contact.all().count() == 2

    # Reassigning a company to oneself is an admin's call.
    steal = await rep.data(
        "mutation($id: ID!, $r: ID!) { updateCompany(input: {id: $id, salesRepId: $r}) "
        "{ userErrors { code } } }",
        {"id": ids["mine"]["company"], "r": rep.staff_id},
    )
    assert steal["updateCompany"]["userErrors"] == [{"code": "FORBIDDEN"}]


async def test_staff_only_queries_refuse_anonymous_callers(api):
    for query in (
        "{ companies { totalCount } }",
        "{ customerGroups { totalCount } }",
        "{ customFieldDefinitions { key } }",
    ):
        body = await api(query)
        assert body["data"] is None
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED", query
