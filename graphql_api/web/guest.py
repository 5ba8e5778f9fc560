"""Guest carts for browsers: `POST /session/guest` gives a visitor a cart session, so it can buy
on an open storefront without an account and register while checking out (SPEC B5).

The session is the same signed cookie as a buyer's, with the same CSRF rules (web/identity.py);
the cart itself is made on its first line."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from graphql_api.auth.tokens import TokenSigner
from graphql_api.services import carts
from graphql_api.services.errors import ErrorCode, NotAuthenticated
from graphql_api.settings import Settings
from graphql_api.web.errors import error_response
from graphql_api.web.identity import (
    IdentityError,
    csrf_token_for,
    identify,
    refuse_cross_site,
    set_session_cookies,
)

NO_STORE = {"cache-control": "no-store"}


async def start_guest(request: Request) -> Response:
    """A new guest session for the request's storefront, where guests may buy. A caller that
    already has a session keeps it: 409 for a signed-in one, 200 for a guest."""
    try:
        # A cross-site page must not plant a cart session of its choosing in a browser.
        refuse_cross_site(request)
        identity = await identify(request)
    except IdentityError as exc:
        return exc.response(request)
    storefront = identity.storefront
    if storefront is None:
        return error_response(400, ErrorCode.BAD_REQUEST, "There is no storefront.")
    principal = identity.principal
    if principal.is_guest:
        return JSONResponse({"guest": True}, headers=NO_STORE)
    if identity.via is not None:
        return error_response(
            409, ErrorCode.ALREADY_SIGNED_IN, "You are signed in: your cart is your own."
        )
    settings: Settings = request.app.state.settings
    signer: TokenSigner = request.app.state.signer
    try:
        token, expires = carts.start_guest_session(signer, storefront)
    except NotAuthenticated as exc:
        return error_response(403, ErrorCode.REGISTRATION_CLOSED, exc.message)
    body = {"guest": True, "expiresAt": expires, "csrfToken": csrf_token_for(settings, token)}
    response = JSONResponse(body, headers=NO_STORE)
    set_session_cookies(response, request, settings, token, expires)
    return response
