"""Who is calling, for every entry point: the ONLY code that reads the Authorization header, the
session cookie, the storefront header and quick-order link tokens, and the only code that writes
the session cookies. The session cookie holds a buyer's, a guest cart's or a quick-order link's
signed token alike.

A request authenticates with a bearer token or with the session cookie, which carries the very
same signed, revocable token (services/sessions.principal_from_token checks both alike, so a
block or logout ends a cookie session on its next request too). A browser attaches cookies to
requests other sites make, so a cookie-authenticated unsafe request must also prove it comes
from our own pages:

- it must not be cross-site: `Sec-Fetch-Site: cross-site`, or an `Origin` other than this
  server's own (or the public URL's), is refused;
- it must echo the CSRF token (double submit): the value of the `vitrine_csrf` cookie in an
  `X-CSRF-Token` header or a `csrf_token` form field. The token is an HMAC of the session token,
  so a cookie planted by a sibling subdomain does not pass either.

Bearer requests need neither: a browser never adds an Authorization header on its own.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from starlette.requests import HTTPConnection
from starlette.responses import Response

from graphql_api.auth.principal import Principal
from graphql_api.auth.tokens import InvalidToken, TokenSigner
from graphql_api.models import Storefront
from graphql_api.services.errors import ErrorCode
from graphql_api.services.partners import client_origin_allowed
from graphql_api.services.sessions import principal_from_token
from graphql_api.services.storefronts import SLUG_MAX_LENGTH, is_slug, resolve_storefront
from graphql_api.settings import Settings
from graphql_api.web.errors import error_response

STOREFRONT_HEADER = "vitrine-storefront"
STOREFRONT_HEADER_NAME = "Vitrine-Storefront"
SESSION_COOKIE = "vitrine_session"
CSRF_COOKIE = "vitrine_csrf"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
BEARER = "bearer"
COOKIE = "cookie"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
DEFAULT_PORTS = {"http": 80, "https": 443}


class IdentityError(Exception):
    """The request cannot be served as it stands: an HTTP status, a code and a message."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        challenge: bool = False,
        clear_session: bool = False,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.challenge = challenge
        self.clear_session = clear_session

    def response(self, request: HTTPConnection) -> Response:
        headers = {"www-authenticate": "Bearer"} if self.challenge else None
        response = error_response(self.status, self.code, self.message, headers)
        if self.clear_session:
            # A dead cookie would otherwise turn every later request into this same 401.
            clear_session_cookies(response, request)
        return response


@dataclass(frozen=True)
class Identity:
    principal: Principal
    storefront: Storefront | None
    # BEARER, COOKIE, or None when no credentials came with the request.
    via: str | None


def _bearer(request: HTTPConnection) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return None


def _origin(url: str) -> tuple[str, str, int | None] | None:
    try:
        parts = urlsplit(url)
        port = parts.port or DEFAULT_PORTS.get(parts.scheme.lower())
    except ValueError:
        return None
    if not parts.scheme or not parts.hostname:
        return None
    return parts.scheme.lower(), parts.hostname.lower(), port


def is_own_origin(request: HTTPConnection, origin: str) -> bool:
    """Whether `origin` (an Origin header, or a Referer's) is this server's own: as the request
    reached it or as the public URL names it."""
    settings: Settings = request.app.state.settings
    found = _origin(origin)
    return found is not None and found in {
        _origin(f"{request.url.scheme}://{request.url.netloc}"),
        _origin(settings.public_url),
    }


def refuse_cross_site(request: HTTPConnection) -> None:
    """403 when the browser says the request comes from another site. Only this server's own
    origin, as the request reached it or as the public URL names it, counts as ours; behind a
    proxy, uvicorn's proxy headers give the request its real scheme."""
    if request.headers.get("sec-fetch-site", "").lower() == "cross-site":
        raise IdentityError(403, ErrorCode.CSRF_FAILED, "Cross-site requests are refused.")
    origin = request.headers.get("origin")
    if origin is None:
        return
    settings: Settings = request.app.state.settings
    ours = {
        _origin(f"{request.url.scheme}://{request.url.netloc}"),
        _origin(settings.public_url),
    }
    # "null" (sandboxed frames, some redirects) parses to None and is refused with the rest.
    found = _origin(origin)
    if found is None or found not in ours:
        raise IdentityError(403, ErrorCode.CSRF_FAILED, "Cross-site requests are refused.")


def csrf_token_for(settings: Settings, session_token: str) -> str:
    digest = hmac.new(
        settings.secret_key.encode(), b"vitrine-csrf:" + session_token.encode(), hashlib.sha256
    ).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def _check_csrf(
    request: HTTPConnection, settings: Settings, session_token: str, form: Mapping[str, str] | None
) -> None:
    refuse_cross_site(request)
    sent = request.headers.get(CSRF_HEADER) or (form or {}).get(CSRF_FIELD) or ""
    cookie = request.cookies.get(CSRF_COOKIE, "")
    expected = csrf_token_for(settings, session_token)
    # Both comparisons always run, so timing tells nothing about which one failed.
    matches_cookie = hmac.compare_digest(sent.encode(), cookie.encode())
    matches_session = hmac.compare_digest(sent.encode(), expected.encode())
    if not (sent and matches_cookie and matches_session):
        raise IdentityError(
            403,
            ErrorCode.CSRF_FAILED,
            f"This request needs the CSRF token: send the {CSRF_COOKIE} cookie's value in the "
            f"X-CSRF-Token header or the {CSRF_FIELD} form field.",
        )


def quick_link_token(request: HTTPConnection) -> str:
    """The token of a quick-order link, from its URL (`/q/<token>`): a credential like the
    others, so it is read here."""
    return str(request.path_params.get("token") or "")


def _read_with_token(principal: Principal) -> Storefront | None:
    """A contact's own storefront, read by the same statement that checked its token (so as
    fresh as the token check), or None."""
    contact = principal.contact
    if contact is None:
        return None
    storefront = contact.__dict__.get("_storefront")
    return storefront if isinstance(storefront, Storefront) else None


async def storefront_of(
    request: HTTPConnection, known: Storefront | None = None
) -> Storefront | None:
    """The storefront the request names, else the default one; 400 for an unknown name.
    `known` is a storefront row already read for this request: when it is the one asked for
    (same slug, or the default when none is named) no query is made."""
    slug = request.headers.get(STOREFRONT_HEADER)
    if slug and not is_slug(slug):
        raise IdentityError(
            400,
            ErrorCode.BAD_REQUEST,
            f"The {STOREFRONT_HEADER_NAME} header must be a storefront slug: at most "
            f"{SLUG_MAX_LENGTH} letters, digits, '-' or '_'.",
        )
    if known is not None and (known.slug == slug if slug else known.is_default):
        return known
    storefront = await resolve_storefront(slug)
    if slug and storefront is None:
        raise IdentityError(400, ErrorCode.BAD_REQUEST, f"There is no storefront '{slug}'.")
    return storefront


async def identify(request: HTTPConnection, *, form: Mapping[str, str] | None = None) -> Identity:
    """The caller and storefront of a request. `form` is the already-read form of a form POST,
    where the CSRF token may come as a field. Raises IdentityError: 401 for a bad, expired or
    revoked token (bearer or cookie), 403 for a cookie request failing the CSRF rules, 400 for
    an unknown storefront."""
    settings: Settings = request.app.state.settings
    signer: TokenSigner = request.app.state.signer
    token = _bearer(request)
    via = BEARER if token else None
    # An explicit bearer token wins over whatever cookie the browser also sends.
    cookie = None if token else request.cookies.get(SESSION_COOKIE)
    if cookie:
        token, via = cookie, COOKIE
        if request.scope["method"] not in SAFE_METHODS:
            # Before the token is checked: a forged request learns nothing about the session.
            _check_csrf(request, settings, cookie, form)
    try:
        principal = await principal_from_token(signer, token)
    except InvalidToken:
        if via == COOKIE:
            raise IdentityError(
                401,
                ErrorCode.UNAUTHENTICATED,
                "The session is invalid, expired or revoked. Sign in again.",
                challenge=True,
                clear_session=True,
            ) from None
        raise IdentityError(
            401,
            ErrorCode.UNAUTHENTICATED,
            "The bearer token is invalid, expired or revoked.",
            challenge=True,
        ) from None
    if principal.is_partner:
        _refuse_foreign_origin(request, principal)
    return Identity(principal, await storefront_of(request, _read_with_token(principal)), via)


def _refuse_foreign_origin(request: HTTPConnection, principal: Principal) -> None:
    """A browser page may use a partner's token only from that partner's own allowed origins
    (SPEC E5): CORS admits an origin any live client lists, and this holds each token to its
    client's list."""
    origin = request.headers.get("origin")
    if origin is None or is_own_origin(request, origin):
        return
    if not client_origin_allowed(principal.partner, origin):  # type: ignore[arg-type]  # is_partner means partner is set
        raise IdentityError(
            403, ErrorCode.FORBIDDEN, "This origin is not one of the partner client's origins."
        )


def _secure(request: HTTPConnection) -> bool:
    # Behind a TLS-ending proxy the scheme comes from uvicorn's proxy headers (X-Forwarded-Proto).
    return request.url.scheme == "https"


def set_session_cookies(
    response: Response, request: HTTPConnection, settings: Settings, token: str, expires_at: int
) -> None:
    """Put the session token and its CSRF token in cookies."""
    max_age = max(expires_at - int(time.time()), 0)
    csrf = csrf_token_for(settings, token)
    secure = _secure(request)
    response.set_cookie(
        SESSION_COOKIE, token, max_age, path="/", secure=secure, httponly=True, samesite="lax"
    )
    # Readable by our own scripts, which echo it in the X-CSRF-Token header.
    response.set_cookie(
        CSRF_COOKIE, csrf, max_age, path="/", secure=secure, httponly=False, samesite="lax"
    )


def clear_session_cookies(response: Response, request: HTTPConnection) -> None:
    secure = _secure(request)
    for name, httponly in ((SESSION_COOKIE, True), (CSRF_COOKIE, False)):
        response.delete_cookie(name, path="/", secure=secure, httponly=httponly, samesite="lax")
