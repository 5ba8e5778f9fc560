"""Partner OAuth 2 client-credentials access (SPEC B9, B10)."""

from __future__ import annotations

import base64
import dataclasses
import time
from typing import Any
from urllib.parse import quote

import httpx
import pytest
import strawberry
from strawberry.tools import merge_types

from graphql_api.app import create_app
from graphql_api.auth.principal import STAFF_KIND, Principal
from graphql_api.auth.tokens import InvalidToken, TokenClaims, TokenSigner
from graphql_api.models import PartnerClient, StaffUser, Storefront
from graphql_api.services import partners
from graphql_api.services.errors import PermissionDenied
from resolvers.context import Context
from schema import NODE_TYPES
from schema.companies.fields import CompanyMutations as CoreMutation
from schema.companies.fields import CompanyQueries as CoreQuery
from schema.partners.fields import PartnerMutations, PartnerQueries
from schema.partners.types import PartnerClient as PartnerClientType

ORIGIN = "https://partner.example"


async def _staff(email: str) -> Principal:
    return Principal(kind=STAFF_KIND, staff=await StaffUser.get(email=email))


async def _make(admin_principal: Principal, **overrides: Any) -> tuple[PartnerClient, str]:
    main = await Storefront.get(slug="main")
    data = {
        "name": "Partner Shop",
        "scopes": ["catalog:read"],
        "storefront_ids": [main.id],
        "allowed_origins": [ORIGIN],
        **overrides,
    }
    result = await partners.create_partner_client(admin_principal, data)
    assert result.ok, result.errors
    return result.value


def _basic(client_id: str, secret: str) -> dict[str, str]:
    # RFC 6749 2.3.1: id and secret are form-encoded before they are joined and base64-encoded.
    raw = f"{quote(client_id, safe='')}:{quote(secret, safe='')}".encode()
    return {"Authorization": "Basic " + base64.b64encode(raw).decode()}


async def _token(http, client: PartnerClient, secret: str, **form: str) -> Any:
    return await http.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", **form},
        headers=_basic(client.client_id, secret),
    )


@pytest.fixture
async def admin_principal(admin) -> Principal:
    return await _staff("admin@example.com")


# Creating clients and storing secrets.


async def test_secret_is_returned_once_and_stored_only_as_argon2id(admin_principal):
    client, secret = await _make(admin_principal)
    stored = await PartnerClient.get(id=client.id)
    assert stored.secret_hash.startswith("$argon2id$")
    assert secret not in stored.secret_hash
    assert len(secret) >= 43  # 32 random bytes
    assert client.client_id.startswith("vp_") and len(client.client_id) == 19
    assert stored.scopes == ["catalog:read"]
    assert stored.allowed_origins == [ORIGIN]
    assert stored.created_by_id == admin_principal.staff.id  # type: ignore[attr-defined]
    other, other_secret = await _make(admin_principal)
    assert other.client_id != client.client_id and other_secret != secret


async def test_origins_are_normalised_to_what_browsers_send(admin_principal):
    client, _ = await _make(
        admin_principal,
        allowed_origins=[
            "HTTPS://Partner.Example:443/",
            "https://partner.example",
            "https://shop.partner.example:8443",
            "http://localhost:3000",
        ],
    )
    assert client.allowed_origins == [
        "https://partner.example",
        "https://shop.partner.example:8443",
        "http://localhost:3000",
    ]


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"scopes": ["catalog:read", "orders:write"]}, ("scopes", "1"), "INVALID"),
        ({"scopes": []}, ("scopes",), "REQUIRED"),
        ({"storefront_ids": []}, ("storefront_ids",), "REQUIRED"),
        ({"storefront_ids": [999_999]}, ("storefront_ids", "0"), "NOT_FOUND"),
        ({"allowed_origins": [ORIGIN, "https://partner.example/shop"]}, None, "INVALID"),
        ({"allowed_origins": ["ftp://partner.example"]}, ("allowed_origins", "0"), "INVALID"),
        ({"allowed_origins": ["http://partner.example"]}, ("allowed_origins", "0"), "INVALID"),
        ({"allowed_origins": ["https://a@partner.example"]}, ("allowed_origins", "0"), "INVALID"),
        ({"allowed_origins": ["*"]}, ("allowed_origins", "0"), "INVALID"),
        ({"name": "  "}, ("name",), "REQUIRED"),
    ],
)
async def test_bad_input_names_the_field_and_creates_nothing(
    admin_principal, overrides, field, code
):
    main = await Storefront.get(slug="main")
    data = {
        "name": "Partner",
        "scopes": ["catalog:read"],
        "storefront_ids": [main.id],
        "allowed_origins": [],
        **overrides,
    }
    result = await partners.create_partner_client(admin_principal, data)
    assert not result.ok
    assert [e.field for e in result.errors] == [field or ("allowed_origins", "1")]
    assert [e.code for e in result.errors] == [code]
    assert await PartnerClient.all().count() == 0


async def test_every_mistake_is_reported_at_once(admin_principal):
    result = await partners.create_partner_client(
        admin_principal,
        {"name": "", "scopes": ["x"], "storefront_ids": [], "allowed_origins": ["nope"]},
    )
    assert {e.field for e in result.errors} == {
        ("name",),
        ("scopes", "0"),
        ("storefront_ids",),
        ("allowed_origins", "0"),
    }
    assert await PartnerClient.all().count() == 0


async def test_only_an_admin_creates_revokes_and_lists_clients(admin_principal, rep):
    client, _ = await _make(admin_principal)
    rep_principal = await _staff("rep@example.com")
    data = {"name": "X", "scopes": ["catalog:read"], "storefront_ids": [1]}
    with pytest.raises(PermissionDenied) as refused:
        await partners.create_partner_client(rep_principal, data)
    assert refused.value.code == "FORBIDDEN"
    with pytest.raises(PermissionDenied):
        await partners.revoke_partner_client(rep_principal, client)
    with pytest.raises(PermissionDenied):
        partners.list_partner_clients(rep_principal)
    with pytest.raises(PermissionDenied) as anonymous:
        await partners.create_partner_client(Principal(kind="ANONYMOUS"), data)
    assert anonymous.value.code == "UNAUTHENTICATED"
    assert await PartnerClient.all().count() == 1
    assert (await PartnerClient.get(id=client.id)).revoked_at is None


async def test_authenticate_client_needs_the_right_secret_of_a_live_client(admin_principal):
    client, secret = await _make(admin_principal)
    assert (await partners.authenticate_client(client.client_id, secret)).id == client.id
    assert await partners.authenticate_client(client.client_id, secret + "x") is None
    assert await partners.authenticate_client("vp_unknown", secret) is None
    assert await partners.authenticate_client("", "") is None
    await partners.revoke_partner_client(admin_principal, client)
    assert await partners.authenticate_client(client.client_id, secret) is None


# The token endpoint.


async def test_basic_auth_gets_a_short_lived_partner_jwt(client, admin_principal, settings):
    partner, secret = await _make(admin_principal)
    response = await _token(client, partner, secret)
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_in", "scope"}
    assert body["token_type"] == "Bearer"
    assert 0 < body["expires_in"] <= 3600
    assert body["scope"] == "catalog:read"
    claims = TokenSigner(settings.secret_key).read(body["access_token"])
    assert claims.subject == f"partner:{partner.id}"
    assert claims.kind == "partner"
    assert claims.expires_at <= int(time.time()) + 3600
    main = await Storefront.get(slug="main")
    assert claims.extra["scp"] == ["catalog:read"]
    assert claims.extra["sfs"] == [main.id]


async def test_form_credentials_and_an_explicit_scope_work_too(client, admin_principal):
    partner, secret = await _make(admin_principal)
    response = await client.post(
        "/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": partner.client_id,
            "client_secret": secret,
            "scope": "catalog:read",
        },
    )
    assert response.status_code == 200, response.text
    assert response.json()["scope"] == "catalog:read"
    assert response.json()["expires_in"] <= 3600


async def test_wrong_secret_unknown_client_and_no_credentials_are_one_invalid_client(
    client, admin_principal
):
    partner, secret = await _make(admin_principal)
    answers = [
        await _token(client, partner, secret + "x"),
        await client.post(
            "/oauth/token",
            data={"grant_type": "client_credentials"},
            headers=_basic("vp_doesnotexist00", secret),
        ),
        await client.post(
            "/oauth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": partner.client_id,
                "client_secret": "wrong",
            },
        ),
        await client.post("/oauth/token", data={"grant_type": "client_credentials"}),
    ]
    for response in answers:
        assert response.status_code == 401, response.text
        assert response.json() == {
            "error": "invalid_client",
            "error_description": "Client authentication failed.",
        }
        assert response.headers["www-authenticate"].startswith("Basic ")
        assert response.headers["cache-control"] == "no-store"
        assert secret not in response.text


async def test_other_grant_types_are_unsupported(client, admin_principal):
    partner, secret = await _make(admin_principal)
    for grant in ("password", "authorization_code", "refresh_token", "nonsense"):
        response = await client.post(
            "/oauth/token", data={"grant_type": grant}, headers=_basic(partner.client_id, secret)
        )
        assert response.status_code == 400, response.text
        assert response.json()["error"] == "unsupported_grant_type"


async def test_a_scope_beyond_the_clients_is_invalid_scope(client, admin_principal):
    partner, secret = await _make(admin_principal)
    for scope in ("catalog:write", "catalog:read orders:read"):
        response = await _token(client, partner, secret, scope=scope)
        assert response.status_code == 400, response.text
        assert response.json()["error"] == "invalid_scope"
        assert response.headers["cache-control"] == "no-store"


async def test_malformed_requests_are_invalid_request(client, admin_principal):
    partner, secret = await _make(admin_principal)
    basic = _basic(partner.client_id, secret)
    as_json = await client.post(
        "/oauth/token", json={"grant_type": "client_credentials"}, headers=basic
    )
    no_grant = await client.post("/oauth/token", data={"scope": "catalog:read"}, headers=basic)
    repeated = await client.post(
        "/oauth/token",
        content="grant_type=client_credentials&scope=a&scope=b",
        headers={**basic, "Content-Type": "application/x-www-form-urlencoded"},
    )
    two_methods = await client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "client_secret": secret},
        headers=basic,
    )
    for response in (as_json, no_grant, repeated, two_methods):
        assert response.status_code == 400, response.text
        assert response.json()["error"] == "invalid_request"
    assert (await client.get("/oauth/token")).status_code == 405


async def test_a_plain_http_public_url_is_refused_as_insecure(database, admin_principal):
    # Client secrets must not cross the network in clear: Authlib checks the public URL.
    app = create_app(
        dataclasses.replace(database, public_url="http://shop.example"), manage_database=False
    )
    partner, secret = await _make(admin_principal)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        response = await _token(http, partner, secret)
    assert response.status_code == 400
    assert response.json()["error"] == "insecure_transport"


# The token at the API.


async def test_a_partner_token_is_a_partner_and_not_staff(api, admin_principal):
    partner, secret = await _make(admin_principal)
    token = (await _token(api.http, partner, secret)).json()["access_token"]
    as_partner = api.as_(token)
    assert (await as_partner.data("{ viewer { kind } }")) == {"viewer": {"kind": "PARTNER"}}
    refused = await as_partner("{ companies { totalCount } }")
    assert refused["data"] is None
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_revoking_a_client_stops_its_token_on_the_next_request(api, admin_principal):
    partner, secret = await _make(admin_principal)
    token = (await _token(api.http, partner, secret)).json()["access_token"]
    assert (await api.as_(token).data("{ viewer { kind } }"))["viewer"]["kind"] == "PARTNER"
    revoked = await partners.revoke_partner_client(admin_principal, partner)
    assert revoked.ok and revoked.value.revoked_at is not None
    response = await api.as_(token).raw("{ viewer { kind } }")
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    again = await _token(api.http, partner, secret)
    assert again.status_code == 401 and again.json()["error"] == "invalid_client"
    # Revoking twice keeps the first date.
    first = revoked.value.revoked_at
    assert (await partners.revoke_partner_client(admin_principal, partner)).value.revoked_at == (
        first
    )


def _claims(subject: str, **extra: Any) -> TokenClaims:
    return TokenClaims(
        subject=subject,
        kind="partner",
        version=1,
        expires_at=int(time.time()) + 60,
        token_id="t",
        extra=extra,
    )


async def test_partner_principal_checks_the_client_row(admin_principal):
    partner, _ = await _make(admin_principal)
    principal = await partners.partner_principal(
        _claims(f"partner:{partner.id}", scp=["catalog:read"])
    )
    assert principal.kind == "PARTNER" and principal.is_partner
    assert principal.partner.id == partner.id  # type: ignore[union-attr]
    assert principal.scopes == ("catalog:read",)
    # A token never has more than it asked for, even if the client has more.
    narrowed = await partners.partner_principal(_claims(f"partner:{partner.id}", scp=[]))
    assert narrowed.scopes == ()
    for subject in ("staff:1", "partner:x", "partner:999999"):
        with pytest.raises(InvalidToken):
            await partners.partner_principal(_claims(subject))
    await partners.revoke_partner_client(admin_principal, partner)
    with pytest.raises(InvalidToken):
        await partners.partner_principal(_claims(f"partner:{partner.id}"))


# GraphQL. The schema types are exercised for real through a schema built here with the partner
# classes merged in; the same operations over /graphql wait for the root types to include them.

CREATE = """mutation($input: CreatePartnerClientInput!) {
  createPartnerClient(input: $input) {
    partnerClient { id name clientId scopes storefronts allowedOrigins revokedAt createdAt }
    clientSecret userErrors { field message code } } }"""
REVOKE = """mutation($id: ID!) { revokePartnerClient(input: {id: $id}) {
  partnerClient { id revokedAt } userErrors { field code } } }"""
LIST = "{ partnerClients { id clientId revokedAt } }"
GOOD_INPUT = {
    "name": "Partner Shop",
    "scopes": ["catalog:read"],
    "storefronts": ["main"],
    "allowedOrigins": [ORIGIN],
}


def _schema() -> strawberry.Schema:
    query = merge_types("Query", (CoreQuery, PartnerQueries))
    mutation = merge_types("Mutation", (CoreMutation, PartnerMutations))
    return strawberry.Schema(query=query, mutation=mutation, types=[*NODE_TYPES, PartnerClientType])


async def _run(settings, principal: Principal, query: str, variables: dict | None = None) -> Any:
    context = Context(
        settings=settings,
        signer=TokenSigner(settings.secret_key),
        principal=principal,
        storefront=await Storefront.get(slug="main"),
    )
    result = await _schema().execute(query, variable_values=variables, context_value=context)
    return result


async def test_graphql_types_create_list_and_revoke(settings, admin_principal, rep):
    created = await _run(settings, admin_principal, CREATE, {"input": GOOD_INPUT})
    assert created.errors is None, created.errors
    payload = created.data["createPartnerClient"]
    assert payload["userErrors"] == []
    made = payload["partnerClient"]
    assert made["clientId"].startswith("vp_") and made["storefronts"] == ["main"]
    assert made["scopes"] == ["catalog:read"] and made["allowedOrigins"] == [ORIGIN]
    assert made["revokedAt"] is None
    stored = await PartnerClient.get(client_id=made["clientId"])
    assert await partners.authenticate_client(made["clientId"], payload["clientSecret"])
    assert payload["clientSecret"] not in stored.secret_hash

    listed = await _run(settings, admin_principal, LIST)
    assert listed.data["partnerClients"] == [
        {"id": made["id"], "clientId": made["clientId"], "revokedAt": None}
    ]
    revoked = await _run(settings, admin_principal, REVOKE, {"id": made["id"]})
    assert revoked.data["revokePartnerClient"]["partnerClient"]["revokedAt"] is not None
    bad_id = await _run(settings, admin_principal, REVOKE, {"id": "nope"})
    assert bad_id.data["revokePartnerClient"]["userErrors"] == [
        {"field": ["input", "id"], "code": "INVALID_ID"}
    ]

    rep_principal = await _staff("rep@example.com")
    refused = await _run(settings, rep_principal, CREATE, {"input": GOOD_INPUT})
    assert refused.data["createPartnerClient"]["userErrors"][0]["code"] == "FORBIDDEN"
    assert refused.data["createPartnerClient"]["clientSecret"] is None
    refused_list = await _run(settings, rep_principal, LIST)
    assert refused_list.data is None
    assert await PartnerClient.all().count() == 1


async def test_graphql_user_errors_point_at_input_fields(settings, admin_principal):
    bad = {
        **GOOD_INPUT,
        "scopes": ["catalog:read", "orders:write"],
        "storefronts": ["main", "nowhere"],
        "allowedOrigins": ["https://partner.example/path"],
    }
    result = await _run(settings, admin_principal, CREATE, {"input": bad})
    payload = result.data["createPartnerClient"]
    assert payload["partnerClient"] is None and payload["clientSecret"] is None
    assert sorted(e["field"] for e in payload["userErrors"]) == [
        ["input", "allowedOrigins", "0"],
        ["input", "scopes", "1"],
        ["input", "storefronts", "1"],
    ]
    assert await PartnerClient.all().count() == 0


async def test_graphql_end_to_end_over_http(admin, rep):
    body = await admin.data(CREATE, {"input": GOOD_INPUT})
    payload = body["createPartnerClient"]
    assert payload["userErrors"] == [] and payload["clientSecret"]
    listed = await admin.data(LIST)
    assert [c["clientId"] for c in listed["partnerClients"]] == [
        payload["partnerClient"]["clientId"]
    ]
    refused = await rep.data(CREATE, {"input": GOOD_INPUT})
    assert refused["createPartnerClient"]["userErrors"][0]["code"] == "FORBIDDEN"
    rep_list = await rep(LIST)
    assert rep_list["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    revoked = await admin.data(REVOKE, {"id": payload["partnerClient"]["id"]})
    assert revoked["revokePartnerClient"]["partnerClient"]["revokedAt"] is not None
