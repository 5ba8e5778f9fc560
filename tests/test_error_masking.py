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
