"""Quick-order links in the browser: `GET /q/<token>` turns a live link into a cart session
(SPEC D4) and sends the browser on to the storefront's quick-order page, which the theme draws.

The session is the same signed cookie as a buyer's, with the same CSRF rules (web/identity.py).
A link is opened from a mail or a chat message, that is from another site, so the route takes
cross-site navigations; it changes nothing but the session of the browser that opens it."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from graphql_api.auth.tokens import TokenSigner
from graphql_api.services import quick_links
from graphql_api.settings import Settings
from graphql_api.web.errors import error_response
from graphql_api.web.identity import quick_link_token, set_session_cookies

QUICK_ORDER_PAGE = "/quick-order"
# The token is in this URL: it must not leak to the next page or be kept by a cache.
HEADERS = {"cache-control": "no-store", "referrer-policy": "no-referrer"}


async def open_quick_link(request: Request) -> Response:
    """`/q/<token>`, or `/s/<slug>/q/<token>` for the link's own storefront. Either lands on
    the quick-order page of the link's storefront (its `/s/<slug>/` address unless it is the
    default one)."""
    signer: TokenSigner = request.app.state.signer
    settings: Settings = request.app.state.settings
    slug = request.path_params.get("slug")
    result = await quick_links.open_link(signer, quick_link_token(request), slug)
    if not result.ok or result.value is None:
        error = result.errors[0]
        return error_response(404, error.code, error.message, HEADERS)
    session = result.value
    storefront = session.storefront
    prefix = "" if slug is None and storefront.is_default else f"/s/{storefront.slug}"
    response = RedirectResponse(prefix + QUICK_ORDER_PAGE, status_code=303, headers=HEADERS)
    set_session_cookies(response, request, settings, session.token, session.expires_at)
    return response
