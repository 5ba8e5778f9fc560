"""Cookie sessions for browsers: `POST /session` signs a buyer in, `POST /session/logout` out.

Sign-in is the same service as the `contactLogin` mutation (same answers, same throttling); the
token it issues goes into an HttpOnly cookie instead of the response body, beside the CSRF token
(web/identity.py has the rules)."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from graphql_api.auth.tokens import TokenSigner
from graphql_api.services import access
from graphql_api.services.errors import ErrorCode, UserError
from graphql_api.settings import Settings
from graphql_api.web.errors import error_response
from graphql_api.web.forms import FORM_TYPE, FormError, media_type, read_form
from graphql_api.web.identity import (
    Identity,
    IdentityError,
    clear_session_cookies,
    csrf_token_for,
    identify,
    refuse_cross_site,
    set_session_cookies,
    storefront_of,
)

JSON_TYPE = "application/json"
NO_STORE = {"cache-control": "no-store"}
# contact_login's refusals; anything else is a plain 400.
STATUS_OF = {
    ErrorCode.TOO_MANY_ATTEMPTS: 429,
    ErrorCode.NOT_APPROVED: 403,
    ErrorCode.UNAUTHENTICATED: 401,
}


class BadBody(ValueError):
    pass


async def _fields(request: Request) -> dict[str, Any]:
    kind = media_type(request)
    if kind == FORM_TYPE:
        try:
            return await read_form(request)
        except FormError as exc:
            raise BadBody(str(exc)) from None
    if kind == JSON_TYPE:
        try:
            body = json.loads(await request.body())
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise BadBody("The request body is not valid JSON.") from None
        if not isinstance(body, dict):
            raise BadBody("The request body must be a JSON object.")
        return body
    raise BadBody(f"Send the request body as {JSON_TYPE} or {FORM_TYPE}.")


def _user_error(error: UserError) -> Response:
    headers = dict(NO_STORE)
    if error.retry_after is not None:
        headers["retry-after"] = str(error.retry_after)
    return error_response(
        STATUS_OF.get(error.code, 400), error.code, error.message, headers, error.field
    )


async def sign_in(request: Request) -> Response:
    """`POST /session` with `email` and `password` (JSON or form) and the storefront header."""
    try:
        # No session exists yet to carry a CSRF token, but a cross-site form must not sign the
        # browser in to an account of the attacker's choosing (login CSRF).
        refuse_cross_site(request)
        storefront = await storefront_of(request)
    except IdentityError as exc:
        return exc.response(request)
    if storefront is None:
        return error_response(400, ErrorCode.BAD_REQUEST, "There is no storefront.")
    try:
        fields = await _fields(request)
    except BadBody as exc:
        return error_response(400, ErrorCode.BAD_REQUEST, str(exc))
    for name in ("email", "password"):
        if not isinstance(fields.get(name), str) or not fields[name]:
            return error_response(400, ErrorCode.REQUIRED, f"'{name}' is required.", field=(name,))
        if "\x00" in fields[name]:
            return error_response(
                400, ErrorCode.INVALID, f"'{name}' must not contain NUL characters.", field=(name,)
            )
    settings: Settings = request.app.state.settings
    signer: TokenSigner = request.app.state.signer
    result = await access.contact_login(
        signer,
        settings,
        storefront,
        fields["email"],
        fields["password"],
        request.client.host if request.client else None,
    )
    if not result.ok:
        return _user_error(result.errors[0])
    session = result.value
    assert session is not None
    # The CSRF token is in the body too, so a script need not parse cookies before its first
    # request; the session token is not: scripts never get to see it.
    body = {
        "contact": {"email": session.contact.email},
        "expiresAt": session.expires_at,
        "csrfToken": csrf_token_for(settings, session.token),
    }
    response = JSONResponse(body, headers=NO_STORE)
    set_session_cookies(response, request, settings, session.token, session.expires_at)
    return response


async def sign_out(request: Request) -> Response:
    """`POST /session/logout`: revokes the caller's sessions like the `logout` mutation and
    clears the cookies. A cookie session must send its CSRF token (header or form field)."""
    form = None
    if media_type(request) == FORM_TYPE:
        try:
            form = await read_form(request)
        except FormError as exc:
            return error_response(400, ErrorCode.BAD_REQUEST, str(exc))
    identity: Identity | None
    try:
        identity = await identify(request, form=form)
    except IdentityError as exc:
        if exc.status != 401:
            return exc.response(request)
        # The session is already over; all that is left is to forget the cookies.
        identity = None
    if identity is not None and identity.via is not None:
        result = await access.logout(identity.principal)
        if not result.ok:
            return _user_error(result.errors[0])
    response = JSONResponse({"ok": True}, headers=NO_STORE)
    clear_session_cookies(response, request)
    return response
