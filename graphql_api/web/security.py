"""Response headers every answer carries, and the request deadline (SPEC F8), as pure ASGI
middleware so they hold for every route, error responses included."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graphql_api.services.errors import ErrorCode
from graphql_api.web.errors import error_response

logger = logging.getLogger("vitrine.web")

HSTS = b"max-age=31536000; includeSubDomains"
TIMEOUT_RETRY_AFTER = "5"


class SecurityHeaders:
    """`nosniff`, no framing (X-Frame-Options and CSP frame-ancestors, except on the paths
    `embeddable` accepts: the partner embed names its own frame-ancestors), no Referer (links
    carry one-time tokens in their query), and HSTS on HTTPS when `hsts` (production)."""

    def __init__(
        self, app: ASGIApp, *, hsts: bool, embeddable: Callable[[str], bool] | None = None
    ) -> None:
        self.app = app
        self.hsts = hsts
        self.embeddable = embeddable

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        framed = self.embeddable(scope["path"]) if self.embeddable else False
        https = scope.get("scheme") == "https"

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                wanted = [
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                ]
                if not framed:
                    wanted += [
                        (b"x-frame-options", b"DENY"),
                        (b"content-security-policy", b"frame-ancestors 'none'"),
                    ]
                if self.hsts and https:
                    wanted.append((b"strict-transport-security", HSTS))
                headers += [(k, v) for k, v in wanted if k not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


class RequestTimeout:
    """A request still running after `seconds` is cancelled (its transaction rolls back) and
    answered 503 REQUEST_TIMEOUT with Retry-After, so one slow request cannot hold a worker."""

    def __init__(self, app: ASGIApp, *, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.seconds:
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        deadline = asyncio.timeout(self.seconds)
        try:
            async with deadline:
                await self.app(scope, receive, tracking_send)
        except TimeoutError:
            # A TimeoutError of the app's own (a driver's) is not ours to answer.
            if not deadline.expired():
                raise
            logger.warning("request timed out after %ss: %s", self.seconds, scope["path"])
            if started:
                # Half an answer is out; all that is left is to end it.
                await send({"type": "http.response.body", "body": b"", "more_body": False})
                return
            response = error_response(
                503,
                ErrorCode.REQUEST_TIMEOUT,
                f"The request took longer than {self.seconds} seconds and was stopped.",
                {"retry-after": TIMEOUT_RETRY_AFTER},
            )
            await response(scope, receive, send)
