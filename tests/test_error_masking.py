"""Internal errors are masked; permission and input errors keep their message (SPEC F8)."""

from __future__ import annotations

import strawberry

from graphql_api.global_ids import BadGlobalId
from graphql_api.services.errors import PermissionDenied
from schema.core.errors import VitrineMaskErrors


@strawberry.type
class _Query:
    @strawberry.field
    def broken(self) -> str:
        raise RuntimeError("database password is hunter2")

    @strawberry.field
    def forbidden(self) -> str:
        raise PermissionDenied("Only an admin may do this.")

    @strawberry.field
    def bad_id(self) -> str:
        raise BadGlobalId("'x' is not a valid ID.")


_schema = strawberry.Schema(query=_Query, extensions=[VitrineMaskErrors])


async def test_internal_error_is_masked_with_a_code():
    result = await _schema.execute("{ broken }")
    assert [e.formatted["message"] for e in result.errors] == ["Internal server error."]
    assert result.errors[0].extensions == {"code": "INTERNAL_SERVER_ERROR"}
    assert "hunter2" not in str(result.errors[0].formatted)


async def test_permission_and_input_errors_keep_their_message():
    result = await _schema.execute("{ forbidden }")
    assert result.errors[0].message == "Only an admin may do this."
    assert result.errors[0].extensions == {"code": "FORBIDDEN"}
    result = await _schema.execute("{ badId }")
    assert result.errors[0].message == "'x' is not a valid ID."
    assert result.errors[0].extensions == {"code": "BAD_USER_INPUT"}


# --- Over HTTP: what reaches the error log ----------------------------------------------------

import logging  # noqa: E402

import pytest  # noqa: E402
from tortoise import connections  # noqa: E402


def _errors(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_refused_and_invalid_requests_write_no_error_record(api, admin, caplog):
    caplog.set_level(logging.INFO)
    refused = await api("{ companies(first: 1) { totalCount } }")
    assert refused["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    invalid = await admin("{ companies(first: 1) { noSuchField } }")
    assert invalid["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    unparsable = await api.raw("{ companies(first: ")
    assert unparsable.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    bad_id = await admin('{ node(id: "bm90LWFuLWlk") { id } }')
    assert bad_id["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert _errors(caplog) == []


async def test_an_internal_error_writes_exactly_one_error_record_with_its_traceback(admin, caplog):
    from tests.factories import create_company

    await create_company(admin)
    conn = connections.get("default")
    # A real fault, not a mock: the notes table goes away under a running query.
    await conn.execute_script('ALTER TABLE "company_note" RENAME TO "company_note_gone"')
    try:
        caplog.set_level(logging.INFO)
        body = await admin("{ companies(first: 5) { nodes { legalName notes { body } } } }")
    finally:
        await conn.execute_script('ALTER TABLE "company_note_gone" RENAME TO "company_note"')
    assert body["errors"][0]["message"] == "Internal server error."
    assert body["errors"][0]["extensions"] == {"code": "INTERNAL_SERVER_ERROR"}
    records = _errors(caplog)
    assert len(records) == 1, [r.getMessage() for r in records]
    assert records[0].exc_info is not None and records[0].exc_info[0] is not None
    assert "note" in str(records[0].exc_info[1]).lower()


def test_error_codes_come_from_one_registry():
    from graphql_api.services.errors import ErrorCode, UserError, ValidationError

    assert UserError("x", "DUPLICATE").code is ErrorCode.DUPLICATE
    assert ValidationError("x", "INVALID_VAT").code is ErrorCode.INVALID_VAT
    with pytest.raises(ValueError):
        UserError("x", "NO_SUCH_CODE")
    # The codes clients already rely on keep their values.
    assert {"INVALID", "REQUIRED", "DUPLICATE", "NOT_FOUND", "FORBIDDEN"} <= set(ErrorCode)
