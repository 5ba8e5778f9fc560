"""The partner catalog embed (SPEC E5) over HTTP through the app: a publishable key per partner
client, the frame's Content-Security-Policy listing exactly the client's origins, requests from
other origins refused, key rotation, the snippet for admins, and a partner token held to its
client's origins. The browser side (the frame shown on an allowed page, blocked on another) is
in tests/test_themes_browser.py."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from graphql_api.models import PartnerClient, Storefront
from tests import catalog_helpers as catalog
from tests.theme_helpers import STOREFRONT
from tests.theme_helpers import text as text_of

PARTNER = "https://partner.example"
OTHER = "https://elsewhere.example"
CREATE = """mutation($input: CreatePartnerClientInput!) { createPartnerClient(input: $input) {
  partnerClient { id clientId embedKey embedSnippet allowedOrigins } clientSecret
  userErrors { field code } } }"""
ROTATE = """mutation($id: ID!) { rotatePartnerEmbedKey(input: {id: $id}) {
  partnerClient { id embedKey embedSnippet } userErrors { field message code } } }"""
REVOKE = """mutation($id: ID!) { revokePartnerClient(input: {id: $id}) {
  partnerClient { id } userErrors { code } } }"""
SNIPPET = """query($storefront: String) { partnerClients { embedKey
  embedSnippet(storefront: $storefront) } }"""
# How a browser asks for the frame from a partner's page (the loader's Referer policy).
FRAMED = {"sec-fetch-dest": "iframe", "sec-fetch-site": "cross-site"}


async def _client(admin: Any, origins: list[str] | None = None) -> dict[str, Any]:
    payload = (
        await admin.data(
            CREATE,
            {
                "input": {
                    "name": "Partner Shop",
                    "scopes": ["catalog:read"],
                    "storefronts": ["main"],
                    "allowedOrigins": [PARTNER] if origins is None else origins,
                }
            },
        )
    )["createPartnerClient"]
    assert payload["userErrors"] == []
    return {**payload["partnerClient"], "secret": payload["clientSecret"]}


@pytest.fixture(autouse=True)
def in_english(client: Any) -> None:
    client.headers["accept-language"] = "en"


@pytest.fixture
async def shop(admin: Any) -> None:
    supplier = await catalog.supplier(admin, "Forja Teste")
    category = await catalog.category(admin, "Cadeados")
    await catalog.product(admin, "LOCK-20", "12.90", supplier, category, name="Cadeado 20 mm")
    await catalog.product(admin, "KEY-01", "4.00", supplier, category, name="Chave mestra")


async def test_the_frame_shows_the_catalog_with_public_prices_framed_by_the_clients_origins(
    client: Any, admin: Any, shop: None
) -> None:
    partner = await _client(admin, [PARTNER, "http://localhost:3000"])
    key = partner["embedKey"]
    assert key.startswith("vpk_") and len(key) == 28
    response = await client.get(
        f"/s/main/embed?key={key}", headers={**FRAMED, "referer": f"{PARTNER}/"}
    )
    assert response.status_code == 200, response.text
    policy = response.headers["content-security-policy"]
    assert policy.endswith("frame-ancestors https://partner.example http://localhost:3000")
    assert policy.count("frame-ancestors") == 1
    assert "x-frame-options" not in response.headers
    page = response.text
    assert '<base target="_blank">' in page
    assert 'src="/s/main/embed/frame.js"' in page
    body = text_of(page)
    assert "Cadeado 20 mm" in body and "R$12.90" in body
    assert "Chave mestra" in body and "R$4.00" in body
    # The embed layout, not the full site's: no account links or sign-out form.
    assert "Sign out" not in body and "Quick entry" not in body
    assert 'href="/s/main/p/LOCK-20"' in page

    # Every other page keeps refusing to be framed.
    home = await client.get("/s/main/")
    assert home.headers["x-frame-options"] == "DENY"


async def test_the_storefront_theme_draws_the_embed(client: Any, admin: Any, shop: None) -> None:
    partner = await _client(admin)
    await admin.data(STOREFRONT, {"input": {"theme": "showcase"}})
    page = (await client.get(f"/s/main/embed?key={partner['embedKey']}&lang=pt-BR")).text
    assert 'class="showcase embed page-home"' in page
    assert '<html lang="pt-BR">' in page
    assert "/static/showcase/" in page
    assert "R$ 12,90" in text_of(page)


async def test_a_page_on_another_origin_is_refused(client: Any, admin: Any, shop: None) -> None:
    partner = await _client(admin)
    key = partner["embedKey"]
    for headers in (
        {**FRAMED, "referer": f"{OTHER}/shop"},
        # The same host on another scheme or port is another origin.
        {**FRAMED, "referer": "http://partner.example/"},
        {**FRAMED, "referer": "https://partner.example:8443/"},
        # A cross-site request hiding where it comes from.
        FRAMED,
        {"origin": OTHER},
    ):
        for path in ("/s/main/embed", "/s/main/embed.js"):
            response = await client.get(f"{path}?key={key}", headers=headers)
            assert response.status_code == 403, (path, headers)
            assert "Cadeado" not in response.text
            assert response.headers["content-security-policy"].endswith(
                "frame-ancestors https://partner.example"
            )
    # Our own pages (the admin's preview) and non-browser clients may read it.
    assert (await client.get(f"/s/main/embed?key={key}")).status_code == 200
    own = {"referer": "http://testserver/docs", "sec-fetch-site": "same-origin"}
    assert (await client.get(f"/s/main/embed?key={key}", headers=own)).status_code == 200


async def test_an_unknown_revoked_or_foreign_key_shows_nothing(
    client: Any, admin: Any, shop: None
) -> None:
    partner = await _client(admin)
    for key in ("", "vpk_nope", "vp_x", partner["clientId"], "vpk_\x00", "vpk_" + "a" * 100):
        response = await client.get("/s/main/embed", params={"key": key})
        assert response.status_code == 404, key
        assert response.headers["content-security-policy"].endswith("frame-ancestors 'none'")
    # A storefront the client is not bound to.
    await Storefront.create(slug="b", name="B")
    assert (await client.get(f"/s/b/embed?key={partner['embedKey']}")).status_code == 404
    await admin.data(REVOKE, {"id": partner["id"]})
    assert (await client.get(f"/s/main/embed?key={partner['embedKey']}")).status_code == 404
    assert (await client.get(f"/s/main/embed.js?key={partner['embedKey']}")).status_code == 404
    # A POST is no way in either.
    assert (await client.post("/s/main/embed", data={"key": "x"})).status_code == 405


async def test_the_loader_script_inserts_the_frame(client: Any, admin: Any, shop: None) -> None:
    partner = await _client(admin)
    response = await client.get(
        f"/s/main/embed.js?key={partner['embedKey']}",
        headers={"sec-fetch-dest": "script", "sec-fetch-site": "cross-site", "referer": PARTNER},
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    script = response.text
    assert script.startswith('var DEFAULT_TITLE = "')
    assert 'document.createElement("iframe")' in script
    assert "vitrineEmbedHeight" in script
    frame = await client.get("/s/main/embed/frame.js")
    assert frame.status_code == 200 and "postMessage" in frame.text


async def test_rotating_the_key_retires_the_old_one(client: Any, admin: Any, shop: None) -> None:
    partner = await _client(admin)
    old = partner["embedKey"]
    payload = (await admin.data(ROTATE, {"id": partner["id"]}))["rotatePartnerEmbedKey"]
    assert payload["userErrors"] == []
    new = payload["partnerClient"]["embedKey"]
    assert new != old and new.startswith("vpk_")
    assert (await PartnerClient.get(client_id=partner["clientId"])).embed_key == new
    assert new in payload["partnerClient"]["embedSnippet"]
    assert (await client.get(f"/s/main/embed?key={old}")).status_code == 404
    assert (await client.get(f"/s/main/embed?key={new}")).status_code == 200


async def test_rotation_is_refused_to_non_admins_and_for_revoked_clients(
    api: Any, admin: Any, rep: Any
) -> None:
    partner = await _client(admin)
    for caller, code in ((rep, "FORBIDDEN"), (api, "UNAUTHENTICATED")):
        payload = (await caller.data(ROTATE, {"id": partner["id"]}))["rotatePartnerEmbedKey"]
        assert [e["code"] for e in payload["userErrors"]] == [code]
        assert payload["partnerClient"] is None
    assert (await PartnerClient.get(client_id=partner["clientId"])).embed_key == partner["embedKey"]
    bad = (await admin.data(ROTATE, {"id": "not-an-id"}))["rotatePartnerEmbedKey"]
    assert [e["code"] for e in bad["userErrors"]] == ["INVALID_ID"]
    await admin.data(REVOKE, {"id": partner["id"]})
    payload = (await admin.data(ROTATE, {"id": partner["id"]}))["rotatePartnerEmbedKey"]
    revoked = {"field": ["input", "id"], "message": "A revoked client has no embed."}
    assert payload["userErrors"] == [{**revoked, "code": "NOT_ALLOWED"}]
    assert payload["partnerClient"] is None


async def test_concurrent_rotations_leave_one_key(admin: Any) -> None:
    partner = await _client(admin)
    results = await asyncio.gather(*(admin.data(ROTATE, {"id": partner["id"]}) for _ in range(5)))
    keys = {r["rotatePartnerEmbedKey"]["partnerClient"]["embedKey"] for r in results}
    assert len(keys) == 5
    stored = (await PartnerClient.get(client_id=partner["clientId"])).embed_key
    assert stored in keys


async def test_the_snippet_for_admins(admin: Any, rep: Any) -> None:
    partner = await _client(admin)
    key = partner["embedKey"]
    assert partner["embedSnippet"] == (
        f'<script src="http://127.0.0.1:8000/s/main/embed.js?key={key}" async></script>'
    )
    rows = (await admin.data(SNIPPET, {"storefront": "other"}))["partnerClients"]
    assert rows == [{"embedKey": key, "embedSnippet": None}]
    body = await rep(SNIPPET)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    long = await admin(SNIPPET, {"storefront": "x" * 500})
    assert long["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_a_partner_token_works_only_from_its_own_origins(client: Any, admin: Any) -> None:
    mine = await _client(admin)
    await _client(admin, [OTHER])
    token = (
        await client.post(
            "/oauth/token",
            data={"grant_type": "client_credentials"},
            auth=(mine["clientId"], mine["secret"]),
        )
    ).json()["access_token"]
    query = {"query": "{ products(first: 1) { totalCount } }"}
    bearer = {"authorization": f"Bearer {token}", "vitrine-storefront": "main"}
    ok = await client.post("/graphql", json=query, headers={**bearer, "origin": PARTNER})
    assert ok.status_code == 200 and ok.json()["data"]["products"]["totalCount"] == 0
    assert ok.headers["access-control-allow-origin"] == PARTNER
    # OTHER passes CORS (another client lists it), but this token is not that client's.
    refused = await client.post("/graphql", json=query, headers={**bearer, "origin": OTHER})
    assert refused.status_code == 403
    assert refused.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    # A server-to-server call (no Origin) is unchanged.
    assert (await client.post("/graphql", json=query, headers=bearer)).status_code == 200
