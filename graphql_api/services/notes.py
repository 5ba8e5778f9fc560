"""Notes on companies (SPEC A5): priority HIGH, MEDIUM, NONE; shown by priority, then newest."""

from __future__ import annotations

from graphql_api.auth.principal import Principal
from graphql_api.models import Company, Note
from graphql_api.models.enums import NOTE_PRIORITY_RANK, NotePriority
from graphql_api.services import permissions
from graphql_api.services.errors import ErrorCode, Result, UserError, ValidationError
from graphql_api.services.text import clean_text

MAX_BODY = 5000
# The one ordering of notes: every list and the preview use it.
NOTE_ORDER = ("priority_rank", "-created_at", "-id")


def _check_body(body: str | None) -> tuple[str, list[UserError]]:
    try:
        text = clean_text(body or "", max_length=MAX_BODY, label="Note text", multiline=True)
    except ValidationError as exc:
        return "", [UserError(exc.message, exc.code, ("body",))]
    if not text:
        return text, [UserError("Note text is required.", ErrorCode.REQUIRED, ("body",))]
    return text, []


async def add_note(
    principal: Principal, company: Company, body: str | None, priority: NotePriority | None
) -> Result[Note]:
    permissions.check_company(principal, company)
    text, errors = _check_body(body)
    if errors:
        return Result.fail(*errors)
    level = NotePriority(priority or NotePriority.NONE)
    note = await Note.create(
        company_id=company.id,
        author_id=principal.staff.id if principal.staff else None,
        body=text,
        priority=level,
        priority_rank=NOTE_PRIORITY_RANK[level],
    )
    return Result(note)


async def note_company(note: Note) -> Company | None:
    return await Company.get_or_none(id=note.company_id)


async def update_note(
    principal: Principal, note: Note, body: str | None, priority: NotePriority | None
) -> Result[Note]:
    permissions.check_company(principal, await note_company(note))
    if body is not None:
        text, errors = _check_body(body)
        if errors:
            return Result.fail(*errors)
        note.body = text
    if priority is not None:
        note.priority = NotePriority(priority)
        note.priority_rank = NOTE_PRIORITY_RANK[note.priority]
    await note.save()
    return Result(note)


async def delete_note(principal: Principal, note: Note) -> Result[Note]:
    permissions.check_company(principal, await note_company(note))
    await note.delete()
    return Result(note)
