"""The number of SQL statements of a page does not grow with its size (SPEC F3)."""

from __future__ import annotations

from tests.factories import create_company

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
    print(f"SQL statements per companies page: {counts}")
