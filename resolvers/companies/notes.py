"""Notes on companies."""

from __future__ import annotations

from typing import Any

from strawberry.types import Info

from graphql_api.models import Company, Note
from graphql_api.services import notes, permissions
from resolvers.lookup import get_by_id
from resolvers.payloads import mutation


async def note_company(root: Note, info: Info) -> Company | None:
    return await info.context.loaders.companies.company.load(root.company_id)


async def _note(info: Info, note_id: str) -> Note:
    return await get_by_id(info, Note, note_id)


@mutation("note", id_field="company_id")
async def add_note(info: Info, data: dict[str, Any]) -> Any:
    company = await get_by_id(info, Company, data["company_id"], "company_id")
    permissions.check_company(info.context.principal, company)
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
