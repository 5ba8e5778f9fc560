"""Notes (SPEC A5): priority order, newest first, edit, delete, preview on list items."""

from __future__ import annotations

import datetime

from graphql_api.models import Note
from tests.factories import create_company

ADD = """mutation($input: AddNoteInput!) { addNote(input: $input) {
  note { id body priority } userErrors { field message code } } }"""
UPDATE = """mutation($input: UpdateNoteInput!) { updateNote(input: $input) {
  note { id body priority } userErrors { field message code } } }"""
DELETE = """mutation($id: ID!) { deleteNote(input: {id: $id}) { deletedId
  userErrors { field message code } } }"""
NOTES = """query($id: ID!) { company(id: $id) { notes { body priority } topNote { body } } }"""


async def _add(api, company_id, body, priority):
    result = await api.data(
        ADD, {"input": {"companyId": company_id, "body": body, "priority": priority}}
    )
    assert result["addNote"]["userErrors"] == []
    return result["addNote"]["note"]


async def test_notes_come_back_by_priority_then_newest(admin):
    company = await create_company(admin)
    now = datetime.datetime.now(datetime.UTC)
    plan = [
        ("old none", "NONE", 9),
        ("old high", "HIGH", 8),
        ("medium", "MEDIUM", 5),
        ("new none", "NONE", 1),
        ("new high", "HIGH", 2),
    ]
    for body, priority, days in plan:
        note = await _add(admin, company["id"], body, priority)
        await Note.filter(body=note["body"]).update(created_at=now - datetime.timedelta(days=days))
    data = (await admin.data(NOTES, {"id": company["id"]}))["company"]
    assert [n["body"] for n in data["notes"]] == [
        "new high",
        "old high",
        "medium",
        "new none",
        "old none",
    ]
    assert data["topNote"] == {"body": "new high"}
    listing = await admin.data("{ companies { nodes { topNote { body priority } } } }")
    assert listing["companies"]["nodes"] == [{"topNote": {"body": "new high", "priority": "HIGH"}}]


async def test_edit_and_delete_a_note(admin):
    company = await create_company(admin)
    note = await _add(admin, company["id"], "ligar amanhã", "NONE")
    changed = await admin.data(
        UPDATE, {"input": {"id": note["id"], "priority": "HIGH", "body": "ligar hoje"}}
    )
    assert changed["updateNote"]["note"] == {
        "id": note["id"],
        "body": "ligar hoje",
        "priority": "HIGH",
    }
    removed = await admin.data(DELETE, {"id": note["id"]})
    assert removed["deleteNote"] == {"deletedId": note["id"], "userErrors": []}
    assert (await admin.data(NOTES, {"id": company["id"]}))["company"]["notes"] == []


async def test_note_input_is_validated(admin):
    company = await create_company(admin)
    empty = await admin.data(ADD, {"input": {"companyId": company["id"], "body": "   "}})
    assert empty["addNote"]["userErrors"] == [
        {"field": ["input", "body"], "message": "Note text is required.", "code": "REQUIRED"}
    ]
    huge = await admin.data(ADD, {"input": {"companyId": company["id"], "body": "x" * 5001}})
    assert huge["addNote"]["userErrors"][0]["code"] == "INVALID"
    note = await _add(admin, company["id"], "ok", "MEDIUM")
    cleared = await admin.data(UPDATE, {"input": {"id": note["id"], "body": ""}})
    assert cleared["updateNote"]["userErrors"][0]["field"] == ["input", "body"]
    assert await Note.filter(body="ok").count() == 1
    assert await Note.all().count() == 1


async def test_notes_are_refused_to_callers_without_access(admin, rep, api):
    company = await create_company(admin)  # not assigned to the rep
    refused = await rep.data(ADD, {"input": {"companyId": company["id"], "body": "x"}})
    assert refused["addNote"]["note"] is None
    assert refused["addNote"]["userErrors"][0]["code"] == "NOT_FOUND"
    anonymous = await api.data(ADD, {"input": {"companyId": company["id"], "body": "x"}})
    assert anonymous["addNote"]["userErrors"][0]["code"] == "UNAUTHENTICATED"
    note = await _add(admin, company["id"], "segredo", "HIGH")
    for query, variables in (
        (UPDATE, {"input": {"id": note["id"], "body": "mudado"}}),
        (DELETE, {"id": note["id"]}),
    ):
        body = await rep.data(query, variables)
        payload = next(iter(body.values()))
        assert payload["userErrors"][0]["code"] == "NOT_FOUND"
    assert await Note.filter(body="segredo").count() == 1
