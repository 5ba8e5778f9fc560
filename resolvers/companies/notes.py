"""Notes on companies."""

from __future__ import annotations

from typing import Any

from strawberry.types import Info

from graphql_api.global_ids import pk_of
from graphql_api.models import Company, Note
from graphql_api.services import notes, permissions
from resolvers.payloads import mutation


async def note_company(root: Note, info: Info) -> Company | None:
    return await info.context.loaders.companies.company.load(root.company_id)  # type: ignore[attr-defined]


async def _note(info: Info, note_id: str) -> Note:
    note = await Note.get_or_none(id=pk_of(note_id, "Note"))
    if note is None:
        raise LookupError("note")
    return note


@mutation("note", id_field="company_id")
async def add_note(info: Info, data: dict[str, Any]) -> Any:
    company = await Company.get_or_none(id=pk_of(data["company_id"], "Company", "company_id"))
    permissions.check_company(info.context.principal, company)
    assert company is not None
    return await notes.add_note(
        info.context.principal, company, data.get("body"), data.get("priority")
    )


@mutation("note")
async def update_note(info: Info, data: dict[str, Any]) -> Any:
    note = await _note(info, data["id"])
    return await notes.update_note(
        info.context.principal, note, data.get("body"), data.get("priority")
    )


@mutation("deleted_id")
async def delete_note(info: Info, data: dict[str, Any]) -> Any:
    note = await _note(info, data["id"])
    result = await notes.delete_note(info.context.principal, note)
    if result.ok:
        result.value = data["id"]
    return result
