"""CORS for `/graphql`: a browser page may call the API from an origin a live partner client
lists in its `allowedOrigins` (SPEC B9), and from no other.

Partners call with bearer tokens, never cookies, so credentials are not allowed
(no Access-Control-Allow-Credentials): a cross-site page cannot ride a signed-in user's session.
A preflight from any other origin is refused (403, no Access-Control-Allow-Origin); a plain
request from one is served without the header, so the browser keeps the answer from the page.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graphql_api.services.errors import ErrorCode
from graphql_api.services.partners import origin_allowed
from graphql_api.settings import Settings
from graphql_api.web.errors import error_response

ALLOWED_METHODS = "POST"
ALLOWED_HEADERS = "authorization, content-type, vitrine-storefront"
# Partner scripts read these on a 429 (and the cost in the body needs none).
EXPOSED_HEADERS = "retry-after"
PREFLIGHT_MAX_AGE = "600"
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin_of(url: str) -> tuple[str, str, int | None] | None:
    try:
        parts = urlsplit(url)
        port = parts.port or _DEFAULT_PORTS.get(parts.scheme.lower())
    except ValueError:
        return None
    if not parts.scheme or not parts.hostname:
        return None
    return parts.scheme.lower(), parts.hostname.lower(), port


def _same_origin(scope: Scope, headers: Headers, origin: str, settings: Settings) -> bool:
    host = headers.get("host", "")
    ours = {_origin_of(f"{scope.get('scheme', 'http')}://{host}"), _origin_of(settings.public_url)}
    found = _origin_of(origin)
    return found is not None and found in ours


class PartnerCors:
    def __init__(self, app: ASGIApp, *, settings: Settings, paths: tuple[str, ...]) -> None:
        self.app = app
        self.settings = settings
        self.paths = paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] not in self.paths:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        if origin is None or _same_origin(scope, headers, origin, self.settings):
            await self.app(scope, receive, send)
            return
        allowed = await origin_allowed(origin)
        preflight = scope["method"] == "OPTIONS" and "access-control-request-method" in headers
        if preflight:
            response: Response
            if allowed:
                response = Response(
                    status_code=204,
                    headers={
                        "access-control-allow-origin": origin,
                        "access-control-allow-methods": ALLOWED_METHODS,
                        "access-control-allow-headers": ALLOWED_HEADERS,
                        "access-control-max-age": PREFLIGHT_MAX_AGE,
                        "vary": "Origin",
                    },
                )
            else:
                response = error_response(
                    403,
                    ErrorCode.FORBIDDEN,
                    "This origin may not call the API from a browser.",
                    {"vary": "Origin"},
                )
            await response(scope, receive, send)
            return

        async def with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [(b"vary", b"Origin")]
                if allowed:
                    extra += [
                        (b"access-control-allow-origin", origin.encode("latin-1")),
                        (b"access-control-expose-headers", EXPOSED_HEADERS.encode()),
                    ]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_cors)
