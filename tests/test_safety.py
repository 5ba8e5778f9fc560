"""Bad requests get a clean GraphQL error or a 4xx answer: never a 500, never a traceback."""

from __future__ import annotations

import base64
import dataclasses
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from graphql_api.app import create_app
from graphql_api.auth.tokens import TokenSigner
from graphql_api.global_ids import from_global_id, to_global_id
from graphql_api.models import StaffUser
from graphql_api.settings import Settings

COUNT = "{ companies(first: 1) { totalCount } }"


def _clean(response: httpx.Response) -> None:
    """No server error, no Python internals leaking."""
    assert response.status_code < 500, response.text
    assert "Traceback" not in response.text
    assert 'File "' not in response.text


def _messages(body: dict[str, Any]) -> str:
    return " | ".join(error["message"] for error in body.get("errors") or [])


async def _post(client: httpx.AsyncClient, query: str) -> httpx.Response:
    response = await client.post("/graphql", json={"query": query})
    _clean(response)
    return response


# --- Malformed requests -----------------------------------------------------------------------


async def test_malformed_graphql_is_a_syntax_error(client):
    response = await _post(client, "{ companies(")
    assert response.status_code in (200, 400)
    body = response.json()
    assert body["errors"], body
    assert "Syntax" in body["errors"][0]["message"]
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    assert body.get("data") is None


async def test_unknown_field_is_a_validation_error_with_a_code(api):
    response = await api.raw("{ viewer { nope } }")
    _clean(response)
    error = response.json()["errors"][0]
    assert "nope" in error["message"]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_body_that_is_not_json_is_400(client):
    response = await client.post(
        "/graphql", content=b"{ this is not json", headers={"Content-Type": "application/json"}
    )
    _clean(response)
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


WRONG_TYPE = "query($f: Int) { companies(first: $f) { totalCount } }"


async def test_wrong_variable_type_is_refused_before_execution(admin, count_sql):
    with count_sql() as counter:
        response = await admin.raw(WRONG_TYPE, {"f": "ten"})
    _clean(response)
    assert response.status_code in (200, 400)
    body = response.json()
    assert body["errors"]
    assert body.get("data") is None
    assert not any("company" in sql for sql in counter.statements), counter.statements


async def test_wrong_variable_type_names_the_variable(admin):
    body = (await admin.raw(WRONG_TYPE, {"f": "ten"})).json()
    error = body["errors"][0]
    assert "$f" in error["message"]
    assert "Int" in error["message"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


async def test_missing_query_is_a_client_error(client):
    response = await client.post("/graphql", json={"variables": {}})
    _clean(response)
    assert response.status_code == 400


# --- Body size --------------------------------------------------------------------------------


async def test_ten_megabyte_body_is_413(client, settings):
    padding = "x" * (10 * 1024 * 1024)
    response = await client.post(
        "/graphql",
        content=f'{{"query": "{{ __typename }}", "padding": "{padding}"}}'.encode(),
        headers={"Content-Type": "application/json"},
    )
    _clean(response)
    assert response.status_code == 413
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    assert str(settings.max_body_bytes) in error["message"]


async def test_chunked_body_over_the_limit_is_413(client, settings):
    chunk = b"x" * 65536
    chunks = settings.max_body_bytes // len(chunk) + 4

    async def body() -> AsyncIterator[bytes]:
        yield b'{"query": "{ __typename }", "padding": "'
        for _ in range(chunks):
            yield chunk
        yield b'"}'

    response = await client.post(
        "/graphql", content=body(), headers={"Content-Type": "application/json"}
    )
    _clean(response)
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


async def test_chunked_body_under_the_limit_is_served(client):
    async def body() -> AsyncIterator[bytes]:
        yield b'{"query": "{ viewer '
        yield b'{ kind } }"}'

    response = await client.post(
        "/graphql", content=body(), headers={"Content-Type": "application/json"}
    )
    _clean(response)
    assert response.status_code == 200
    assert response.json()["data"] == {"viewer": {"kind": "ANONYMOUS"}}


# --- Query cost limits --------------------------------------------------------------------------


def _nested(levels: int) -> str:
    """`{ company(id:) { notes { company { notes ... { id } } } } }` with `levels` fields that
    have a selection set."""
    company = to_global_id("Company", 1)
    names = [f'company(id: "{company}")'] + [
        "notes" if n % 2 else "company" for n in range(1, levels)
    ]
    return "{ " + " ".join(f"{name} {{" for name in names) + " id" + " }" * levels + " }"


async def test_deep_query_is_refused_without_executing(admin, count_sql):
    query = _nested(50)
    assert query.count("{") == 51
    with count_sql() as counter:
        response = await admin.raw(query)
    _clean(response)
    assert response.status_code in (200, 400)
    body = response.json()
    assert "exceeds maximum operation depth" in _messages(body)
    assert body.get("data") is None
    # Refused at validation: nothing but the bearer token's staff look-up reached the database.
    assert not any("company" in sql for sql in counter.statements), counter.statements


async def test_depth_limit_boundary(admin, settings):
    # Six nested lists of notes cost far beyond the query cost limit (tests/test_query_cost.py);
    # this test is about depth alone, so its app allows any cost.
    app = create_app(
        dataclasses.replace(settings, max_query_cost=10**9, cost_budget=10**9),
        manage_database=False,
    )
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as http:
        response = await http.post(
            "/graphql",
            json={"query": _nested(settings.max_depth)},
            headers={"Authorization": f"Bearer {admin.token}"},
        )
    assert response.json()["data"] == {"company": None}
    over = await admin(_nested(settings.max_depth + 1))
    assert over.get("data") is None
    assert _messages(over) == (
        f"'anonymous' exceeds maximum operation depth of {settings.max_depth}"
    )


async def test_a_thousand_aliases_are_refused(admin, settings):
    # 3 tokens an alias, so the document stays under the token limit and the alias rule decides.
    query = "{ " + " ".join(f"a{n}: __typename" for n in range(1000)) + " }"
    response = await admin.raw(query)
    _clean(response)
    assert response.status_code in (200, 400)
    body = response.json()
    assert "aliases" in _messages(body)
    assert f"Allowed: {settings.max_aliases}" in _messages(body)
    assert body.get("data") is None


async def test_a_thousand_viewer_aliases_are_refused(admin, settings):
    # 6 tokens an alias: 6,000 tokens, so the parser's token limit refuses it before the alias
    # rule gets to run. Either way nothing executes.
    query = "{ " + " ".join(f"a{n}: viewer {{ kind }}" for n in range(1000)) + " }"
    response = await admin.raw(query)
    _clean(response)
    assert response.status_code in (200, 400)
    body = response.json()
    assert f"more than {settings.max_tokens} tokens" in _messages(body)
    assert body.get("data") is None


async def test_document_over_the_token_limit_is_refused(api, settings):
    query = "{ " + " ".join(["__typename"] * (settings.max_tokens + 1000)) + " }"
    response = await api.raw(query)
    _clean(response)
    assert response.status_code in (200, 400)
    body = response.json()
    assert body["errors"]
    assert f"more than {settings.max_tokens} tokens" in _messages(body)
    assert body.get("data") is None


# --- Global IDs ---------------------------------------------------------------------------------


async def test_node_with_garbage_id_is_bad_user_input(admin):
    body = await admin('{ node(id: "nope") { id } }')
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["message"] == "'nope' is not a valid ID."
    assert body["data"] == {"node": None}


async def test_node_with_unknown_type_is_bad_user_input(admin):
    unknown = to_global_id("Spaceship", 1)
    body = await admin("query($id: ID!) { node(id: $id) { id } }", {"id": unknown})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "is not a valid ID" in body["errors"][0]["message"]


@pytest.mark.parametrize("raw", ["Company:0", "Company:-3", "Company:abc", ":5", "Company"])
async def test_node_with_malformed_payload_is_bad_user_input(admin, raw):
    global_id = base64.urlsafe_b64encode(raw.encode()).decode()
    body = await admin("query($id: ID!) { node(id: $id) { id } }", {"id": global_id})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_node_that_does_not_exist_is_null(admin):
    missing = to_global_id("Company", 999999)
    body = await admin("query($id: ID!) { node(id: $id) { id } }", {"id": missing})
    assert "errors" not in body
    assert body["data"] == {"node": None}


async def test_id_of_the_wrong_type_in_a_query(admin):
    note_id = to_global_id("Note", 1)
    body = await admin("query($id: ID!) { company(id: $id) { id } }", {"id": note_id})
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "not a Company" in error["message"]
    assert body["data"] == {"company": None}


async def test_id_of_the_wrong_type_in_a_mutation_input(admin):
    note_id = to_global_id("Note", 1)
    data = await admin.data(
        """mutation($id: ID!) { updateCompany(input: {id: $id, legalName: "x"}) {
             company { id } userErrors { field message code } } }""",
        {"id": note_id},
    )
    payload = data["updateCompany"]
    assert payload["company"] is None
    assert len(payload["userErrors"]) == 1
    error = payload["userErrors"][0]
    assert error["code"] == "INVALID_ID"
    assert error["field"] == ["input", "id"]
    assert "not a Company" in error["message"]


# --- Paging arguments ---------------------------------------------------------------------------


async def test_page_size_over_the_maximum(admin, settings):
    body = await admin("{ companies(first: 101) { totalCount } }")
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert str(settings.max_page_size) in body["errors"][0]["message"]
    assert body["data"] is None


async def test_negative_page_size(admin):
    body = await admin("{ companies(first: -1) { totalCount } }")
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert body["data"] is None


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "!!!",
        base64.urlsafe_b64encode(b'{"a": 1}').decode(),
        base64.urlsafe_b64encode(b"[1, 2, 3, 4, 5]").decode(),
    ],
)
async def test_bad_cursor(admin, cursor):
    body = await admin(
        "query($after: String) { companies(first: 5, after: $after) { totalCount } }",
        {"after": cursor},
    )
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "cursor" in error["message"]
    assert body["data"] is None


async def test_bad_cursor_of_the_right_shape_for_a_date_sort(admin):
    cursor = base64.urlsafe_b64encode(b'["not a date", 1]').decode().rstrip("=")
    body = await admin(
        "query($after: String) { companies(first: 5, after: $after, sort: CREATED_AT_DESC)"
        " { totalCount } }",
        {"after": cursor},
    )
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "cursor" in body["errors"][0]["message"]


# --- Authentication -----------------------------------------------------------------------------


async def test_anonymous_caller_may_not_list_companies(api):
    body = await api(COUNT)
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def _assert_401(response: httpx.Response) -> None:
    """A refused bearer token: 401 in GraphQL's error shape with a Bearer challenge."""
    _clean(response)
    assert response.status_code == 401, response.text
    assert response.headers.get("www-authenticate") == "Bearer"
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert "invalid, expired or revoked" in body["errors"][0]["message"]
    assert "data" not in body


async def test_bad_bearer_token_is_401(api):
    _assert_401(await api.raw(COUNT, token="not-a-token"))


async def test_non_bearer_authorization_is_anonymous(api):
    response = await api.http.post(
        "/graphql", json={"query": "{ viewer { kind } }"}, headers={"Authorization": "Basic eDp5"}
    )
    _clean(response)
    assert response.json()["data"] == {"viewer": {"kind": "ANONYMOUS"}}


async def _admin_pk(admin) -> int:
    type_name, pk = from_global_id(admin.staff_id)
    assert type_name == "StaffUser"
    return pk


async def test_expired_token_is_401(admin, settings):
    pk = await _admin_pk(admin)
    signer = TokenSigner(settings.secret_key)
    fresh, _ = signer.issue(subject=f"staff:{pk}", kind="staff", version=1, ttl=60)
    assert (await admin.as_(fresh).data(COUNT))["companies"]["totalCount"] == 0
    expired, _ = signer.issue(subject=f"staff:{pk}", kind="staff", version=1, ttl=-10)
    _assert_401(await admin.raw(COUNT, token=expired))


async def test_token_signed_with_another_key_is_401(admin):
    pk = await _admin_pk(admin)
    forger = TokenSigner("another-secret-key-that-is-also-long-enough-for-hs256")
    forged, _ = forger.issue(subject=f"staff:{pk}", kind="staff", version=1, ttl=600)
    _assert_401(await admin.raw(COUNT, token=forged))


async def test_token_of_another_kind_is_401(admin, settings):
    pk = await _admin_pk(admin)
    token, _ = TokenSigner(settings.secret_key).issue(
        subject=f"staff:{pk}", kind="contact", version=1, ttl=600
    )
    _assert_401(await admin.raw(COUNT, token=token))


async def test_token_of_a_missing_staff_user_is_401(api, settings):
    token, _ = TokenSigner(settings.secret_key).issue(
        subject="staff:999999", kind="staff", version=1, ttl=600
    )
    _assert_401(await api.raw(COUNT, token=token))


async def test_revoked_token_is_401(admin):
    assert (await admin.data(COUNT))["companies"]["totalCount"] == 0
    user = await StaffUser.get(email="admin@example.com")
    user.token_version += 1
    await user.save()
    _assert_401(await admin.raw(COUNT))


async def test_token_of_a_deactivated_staff_user_is_401(admin):
    await StaffUser.filter(email="admin@example.com").update(is_active=False)
    _assert_401(await admin.raw(COUNT))


async def _unknown_storefront(api) -> httpx.Response:
    response = await api.http.post(
        "/graphql", json={"query": "{ viewer { kind } }"}, headers={"vitrine-storefront": "nope"}
    )
    _clean(response)
    return response


async def test_unknown_storefront_header_is_400(api):
    response = await _unknown_storefront(api)
    assert response.status_code == 400
    body = response.json()
    assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    assert body["errors"][0]["message"] == "There is no storefront 'nope'."


# --- Introspection and GraphiQL -----------------------------------------------------------------


def _locked_down(settings: Settings) -> Settings:
    return Settings.from_env(
        {
            "VITRINE_DATA_DIR": str(settings.data_dir),
            "VITRINE_SECRET_KEY": settings.secret_key,
            "VITRINE_LOG_LEVEL": "WARNING",
            "DATABASE_URL": settings.database_url,
            "VITRINE_INTROSPECTION": "false",
            "VITRINE_GRAPHIQL": "false",
        }
    )


@pytest.fixture
async def locked(database: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(_locked_down(database), manage_database=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


async def test_introspection_can_be_switched_off(locked):
    response = await _post(locked, "{ __schema { types { name } } }")
    assert response.status_code in (200, 400)
    body = response.json()
    assert body["errors"]
    assert "introspection" in _messages(body).lower()
    assert body.get("data") is None
    # Ordinary queries still work.
    ordinary = await _post(locked, "{ viewer { kind } }")
    assert ordinary.json()["data"] == {"viewer": {"kind": "ANONYMOUS"}}


async def test_introspection_is_on_by_default(client):
    response = await _post(client, "{ __schema { queryType { name } } }")
    assert response.json()["data"] == {"__schema": {"queryType": {"name": "Query"}}}


async def test_graphiql_can_be_switched_off(locked):
    response = await locked.get("/graphql", headers={"Accept": "text/html"})
    _clean(response)
    assert 400 <= response.status_code < 500
    assert "graphiql" not in response.text.lower()


async def test_graphiql_is_served_by_default(client):
    response = await client.get("/graphql", headers={"Accept": "text/html"})
    _clean(response)
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


async def test_queries_over_get_are_refused(client):
    response = await client.get("/graphql", params={"query": "{ viewer { kind } }"})
    _clean(response)
    assert 400 <= response.status_code < 500


# --- Health -------------------------------------------------------------------------------------


async def test_healthz(client):
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.text == "ok"


async def test_readyz(client):
    response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_unknown_path_is_404(client):
    response = await client.get("/nope")
    _clean(response)
    assert response.status_code == 404
