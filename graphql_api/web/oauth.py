"""The OAuth 2 token endpoint of partners (SPEC B9): `POST /oauth/token`, client-credentials
grant only, client authentication by HTTP Basic or form fields (RFC 6749 sections 2.3.1, 4.4).

Authlib's server core is synchronous and knows nothing of Starlette, while reading the body and
checking an Argon2 hash must not block the event loop. So the endpoint works in two steps:

1. asynchronously: read the form and verify the client secret (Argon2, in a worker thread);
2. synchronously: run Authlib's AuthorizationServer and ClientCredentialsGrant over the form
   already read, with a `query_client` that only knows the client verified in step 1.

Authlib then makes every protocol decision (grant type, authentication method, scope, error
shapes) and the token it hands out is our own signed JWT (auth/tokens.py, kind "partner").
The Authlib classes live here, not in auth/, because they apply the partner rules of
services/partners.py (scopes, subjects), and auth sits below services.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from typing import Any

from authlib.oauth2.rfc6749 import (
    AuthorizationServer,
    ClientCredentialsGrant,
    ClientMixin,
    InvalidClientError,
    InvalidRequestError,
    InvalidScopeError,
    OAuth2Error,
    OAuth2Request,
)
from authlib.oauth2.rfc6749.hooks import hooked
from authlib.oauth2.rfc6749.requests import BasicOAuth2Payload
from authlib.oauth2.rfc6749.util import extract_basic_authorization, scope_to_list
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from graphql_api.auth.tokens import TokenSigner
from graphql_api.models import PartnerClient
from graphql_api.services import partners
from graphql_api.settings import Settings
from graphql_api.web.forms import FormError, read_form

GRANT_TYPE = "client_credentials"
AUTH_METHODS = ("client_secret_basic", "client_secret_post")
# The endpoint never issues longer-lived tokens, whatever the settings say (SPEC B9: short-lived).
MAX_TOKEN_TTL = 3600


class PartnerOAuthClient(ClientMixin):
    """Authlib's view of a PartnerClient whose secret was already verified with Argon2.
    `check_client_secret` compares against that verified secret in constant time, so Authlib's
    own client_secret_basic / client_secret_post methods run unchanged, without blocking."""

    def __init__(self, model: PartnerClient, verified_secret: str) -> None:
        self.model = model
        self._verified_secret = verified_secret.encode()

    def get_client_id(self) -> str:
        return self.model.client_id

    def check_client_secret(self, client_secret: str) -> bool:
        return hmac.compare_digest(self._verified_secret, str(client_secret).encode())

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return endpoint == "token" and method in AUTH_METHODS

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == GRANT_TYPE

    def get_allowed_scope(self, scope: str | None) -> str:
        requested = scope_to_list(scope) if scope and scope.strip() else None
        return " ".join(partners.token_scopes(self.model, requested))


class TokenRequest(OAuth2Request):
    """An OAuth2Request over a form that was read asynchronously beforehand."""

    def __init__(self, uri: str, headers: Headers, form: Mapping[str, str]) -> None:
        # Starlette's Headers look up names case-insensitively, as Authlib expects.
        super().__init__("POST", uri, headers=headers)
        self._form = dict(form)
        self.payload = BasicOAuth2Payload(self._form)

    @property
    def form(self) -> dict[str, str]:
        return self._form

    @property
    def args(self) -> dict[str, str]:
        return {}


class PartnerClientCredentialsGrant(ClientCredentialsGrant):
    # Authlib's default is Basic only; RFC 6749 2.3.1 also allows the secret in the body.
    TOKEN_ENDPOINT_AUTH_METHODS = list(AUTH_METHODS)

    def validate_requested_scope(self) -> None:
        """The requested scopes must all belong to this client (the server-wide check of
        Authlib does not know the client). No scope asks for all the client's scopes."""
        scope = self.request.payload.scope
        if scope is None or not scope.strip():
            return
        client: PartnerOAuthClient = self.request.client
        if not set(scope_to_list(scope)) <= set(partners.token_scopes(client.model, None)):
            raise InvalidScopeError("The requested scope exceeds the client's scopes.")

    @hooked
    def create_token_response(self) -> tuple[int, dict[str, Any], list[tuple[str, str]]]:
        # Same as Authlib's, minus its debug log line, which prints the access token (SPEC B10:
        # tokens are never logged).
        token = self.generate_token(scope=self.request.payload.scope, include_refresh_token=False)
        self.save_token(token)
        return 200, token, self.TOKEN_RESPONSE_HEADER


class PartnerTokenServer(AuthorizationServer):
    """One per request: it holds the client authenticated for this request."""

    def __init__(
        self, settings: Settings, signer: TokenSigner, client: PartnerOAuthClient | None
    ) -> None:
        super().__init__(scopes_supported=list(partners.SCOPES))
        self.settings = settings
        self.signer = signer
        self._client = client
        self.register_grant(PartnerClientCredentialsGrant)

    def query_client(self, client_id: str) -> PartnerOAuthClient | None:
        # Only the client verified in the asynchronous step exists for Authlib: an unknown id, a
        # wrong secret and a revoked client all end as the same invalid_client.
        if self._client is not None and self._client.get_client_id() == client_id:
            return self._client
        return None

    def generate_token(
        self,
        grant_type: str,
        client: PartnerOAuthClient,
        user: Any = None,
        scope: str | None = None,
        expires_in: int | None = None,
        include_refresh_token: bool = True,
    ) -> dict[str, Any]:
        """Our signed JWT instead of Authlib's random string: resource requests are then checked
        without a token table, and revocation goes by the client row (partner_principal)."""
        model = client.model
        requested = scope_to_list(scope) if scope and scope.strip() else None
        granted = partners.token_scopes(model, requested)
        # Authlib's default lifetime for this grant is 10 days; ours is the setting, capped.
        ttl = min(self.settings.partner_token_ttl, MAX_TOKEN_TTL)
        token, _expires = self.signer.issue(
            subject=partners.subject_of(model),
            kind=partners.PARTNER_TOKEN_KIND,
            version=partners.PARTNER_TOKEN_VERSION,
            ttl=ttl,
            scp=granted,
            sfs=list(model.storefront_ids),
        )
        # No refresh token: RFC 6749 4.4.3 says this grant SHOULD NOT include one.
        return {
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": ttl,
            "scope": " ".join(granted),
        }

    def save_token(self, token: dict[str, Any], request: OAuth2Request) -> None:
        # Nothing to store: the token is a signed JWT and carries what it grants.
        return None

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        # Authlib raises NotImplementedError here by default; we listen to no signals.
        return None

    def create_oauth2_request(self, request: Any) -> OAuth2Request:
        if isinstance(request, OAuth2Request):
            return request
        raise TypeError("build a TokenRequest first (the form must be read asynchronously)")

    def handle_response(self, status: int, body: Any, headers: list[tuple[str, str]]) -> Response:
        # Authlib's headers carry Content-Type: application/json and Cache-Control: no-store.
        return JSONResponse(body, status_code=status, headers=dict(headers))

    def handle_error_response(self, request: OAuth2Request, error: OAuth2Error) -> Response:
        if isinstance(error, InvalidClientError):
            # Always 401 with a Basic challenge, and one description for every cause, so the
            # answer does not reveal whether the client id exists.
            error.status_code = 401
            error.description = "Client authentication failed."
        return super().handle_error_response(request, error)


def _error(error: OAuth2Error) -> Response:
    status, body, headers = error()
    return JSONResponse(body, status_code=status, headers=dict(headers))


async def _read_form(request: Request) -> dict[str, str]:
    """The request's form fields; InvalidRequestError when it is not one (RFC 6749 3.2)."""
    try:
        return await read_form(request)
    except FormError as exc:
        raise InvalidRequestError(str(exc)) from None


def _credentials(headers: Headers, form: Mapping[str, str]) -> tuple[str, str] | None:
    """The client id and secret the request presents, by the same rules as Authlib's
    client_secret_basic and client_secret_post (Basic first)."""
    basic_id, basic_secret = extract_basic_authorization(headers)
    if basic_id and basic_secret:
        # RFC 6749 2.3: a client MUST NOT use more than one authentication method at once.
        if form.get("client_secret"):
            raise InvalidRequestError("Use one client authentication method, not two.")
        return basic_id, basic_secret
    post_id, post_secret = form.get("client_id"), form.get("client_secret")
    if post_id and post_secret:
        return post_id, post_secret
    return None


async def oauth_token(request: Request) -> Response:
    """`POST /oauth/token`: an access token for a partner client (RFC 6749 4.4, 5.1, 5.2)."""
    settings: Settings = request.app.state.settings
    signer: TokenSigner = request.app.state.signer
    try:
        form = await _read_form(request)
        if not form.get("grant_type"):
            raise InvalidRequestError("Missing 'grant_type' parameter.")
        # Authlib checks the transport of this URI: the public URL is what partners reach (TLS
        # often ends at a proxy, so the request's own scheme says little). An http public URL
        # other than loopback is refused unless AUTHLIB_INSECURE_TRANSPORT is set.
        oauth_request = TokenRequest(f"{settings.public_url}/oauth/token", request.headers, form)
        credentials = _credentials(request.headers, form)
    except OAuth2Error as error:
        return _error(error)
    client = None
    # Verify only when the grant is ours: an unsupported grant type is answered without
    # spending an Argon2 check on it, as Authlib itself would.
    if credentials is not None and form["grant_type"] == GRANT_TYPE:
        client_id, secret = credentials
        model = await partners.authenticate_client(client_id, secret)
        if model is not None:
            client = PartnerOAuthClient(model, secret)
    server = PartnerTokenServer(settings, signer, client)
    return server.create_token_response(oauth_request)
