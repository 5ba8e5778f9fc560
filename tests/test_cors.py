"""CORS for /graphql (issue 9): a page may call the API from a live partner client's allowed
origins and from no other."""

from __future__ import annotations

from typing import Any

import httpx

PARTNER = "https://loja.parceiro.com.br"
OTHER = "https://evil.example"
CREATE = """mutation($input: CreatePartnerClientInput!) {
  createPartnerClient(input: $input) {
    partnerClient { id clientId } clientSecret userErrors { field code } } }"""
REVOKE = """mutation($id: ID!) { revokePartnerClient(input: {id: $id}) {
  partnerClient { revokedAt } userErrors { code } } }"""
PRODUCTS = "{ products(first: 5) { nodes { sku } } }"


async def _partner(admin: Any, *origins: str) -> dict[str, Any]:
    data = await admin.data(
        CREATE,
        {
            "input": {
                "name": "Parceiro",
                "scopes": ["catalog:read"],
                "storefronts": ["main"],
                "allowedOrigins": list(origins),
            }
        },
    )
    payload = data["createPartnerClient"]
    assert payload["userErrors"] == []
    return {**payload["partnerClient"], "secret": payload["clientSecret"]}


async def _preflight(
    http: httpx.AsyncClient, origin: str, path: str = "/graphql"
) -> httpx.Response:
    return await http.options(
        path,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )


def _no_cors(response: httpx.Response) -> None:
    assert "access-control-allow-origin" not in response.headers
    assert "access-control-allow-credentials" not in response.headers


async def test_preflight_from_a_partner_origin_is_answered(api, admin):
    await _partner(admin, PARTNER, "https://outra.parceiro.com.br")
    response = await _preflight(api.http, PARTNER)
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == PARTNER
    assert response.headers["access-control-allow-methods"] == "POST"
    allowed = {h.strip() for h in response.headers["access-control-allow-headers"].split(",")}
    assert {"authorization", "content-type", "vitrine-storefront"} <= allowed
    assert response.headers["access-control-max-age"] == "600"
    assert response.headers["vary"] == "Origin"
    # Partners call with bearer tokens; a page may not ride anyone's cookies.
    assert "access-control-allow-credentials" not in response.headers


async def test_preflight_from_any_other_origin_is_refused(api, admin):
    before = await _preflight(api.http, PARTNER)
    assert before.status_code == 403
    _no_cors(before)
    await _partner(admin, PARTNER)
    for origin in (
        OTHER,
        "null",
        "https://loja.parceiro.com.br.evil.example",
        "http://" + PARTNER[8:],
    ):
        response = await _preflight(api.http, origin)
        assert response.status_code == 403, origin
        _no_cors(response)
        assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_a_partner_page_calls_graphql_with_its_token(api, admin):
    partner = await _partner(admin, PARTNER)
    token = await api.http.post(
        "/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": partner["clientId"],
            "client_secret": partner["secret"],
        },
    )
    assert token.status_code == 200, token.text
    bearer = {"Authorization": f"Bearer {token.json()['access_token']}"}
    response = await api.http.post(
        "/graphql", json={"query": PRODUCTS}, headers={**bearer, "Origin": PARTNER}
    )
    assert response.status_code == 200
    assert response.json()["data"] == {"products": {"nodes": []}}
    assert response.headers["access-control-allow-origin"] == PARTNER
    assert response.headers["access-control-expose-headers"] == "retry-after"
    assert response.headers["vary"] == "Origin"
    # From another origin the token is refused (SPEC E5: the client's origins only), and
    # without the header the browser keeps even the refusal from the page.
    foreign = await api.http.post(
        "/graphql", json={"query": PRODUCTS}, headers={**bearer, "Origin": OTHER}
    )
    assert foreign.status_code == 403
    assert foreign.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    _no_cors(foreign)
    assert foreign.headers["vary"] == "Origin"


async def test_a_revoked_client_origin_is_no_longer_allowed(api, admin):
    partner = await _partner(admin, PARTNER)
    assert (await _preflight(api.http, PARTNER)).status_code == 204
    revoked = await admin.data(REVOKE, {"id": partner["id"]})
    assert revoked["revokePartnerClient"]["partnerClient"]["revokedAt"]
    response = await _preflight(api.http, PARTNER)
    assert response.status_code == 403
    _no_cors(response)


async def test_same_origin_requests_need_no_cors(api, admin, count_sql):
    await _partner(admin, PARTNER)
    with count_sql() as counter:
        response = await api.http.post(
            "/graphql",
            json={"query": "{ viewer { kind } }"},
            headers={"Origin": "http://testserver"},
        )
    assert response.status_code == 200
    _no_cors(response)
    assert not any("partner_client" in sql for sql in counter.statements)


async def test_cors_covers_graphql_only(api, admin):
    await _partner(admin, PARTNER)
    for path in ("/session", "/price-table.csv", "/oauth/token"):
        response = await _preflight(api.http, PARTNER, path)
        assert response.status_code == 405, path
        _no_cors(response)
