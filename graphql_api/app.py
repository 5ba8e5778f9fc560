"""The ASGI application: `uvicorn --factory graphql_api.app:create_app`."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator
from typing import Any

from cross_web import HTTPException
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from strawberry.asgi import GraphQL
from tortoise import connections
from tortoise.contrib.starlette import RegisterTortoise

from graphql_api import db
from graphql_api.auth.oauth import oauth_token
from graphql_api.auth.tokens import InvalidToken, TokenSigner
from graphql_api.downloads import price_table_csv
from graphql_api.limits import BodySizeLimit
from graphql_api.logs import AccessLog, configure_logging
from graphql_api.notifications.worker import run_worker
from graphql_api.services.sessions import principal_from_token
from graphql_api.services.storefronts import resolve_storefront
from graphql_api.settings import Settings
from resolvers.context import Context
from schema import build_schema
from schema.core.errors import add_code

logger = logging.getLogger("vitrine.app")
STOREFRONT_HEADER = "vitrine-storefront"


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return None


class GraphQLApp(GraphQL):
    def __init__(self, settings: Settings, signer: TokenSigner) -> None:
        super().__init__(
            build_schema(settings),
            graphql_ide="graphiql" if settings.graphiql else None,
            allow_queries_via_get=False,
        )
        self.settings = settings
        self.signer = signer

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        # Strawberry answers an HTTPException from get_context in plain text; clients expect the
        # GraphQL error shape, with a code and, for 401, the WWW-Authenticate challenge.
        try:
            response: Response = await self.run(Request(scope=scope, receive=receive))
        except HTTPException as exc:
            code = "UNAUTHENTICATED" if exc.status_code == 401 else "BAD_REQUEST"
            body = {"errors": [{"message": exc.reason, "extensions": {"code": code}}]}
            headers = {"www-authenticate": "Bearer"} if exc.status_code == 401 else None
            response = JSONResponse(body, status_code=exc.status_code, headers=headers)
        await response(scope, receive, send)

    async def process_result(self, request: Any, result: Any) -> Any:
        # Parse errors never reach the schema extensions; give every error its code here.
        for error in result.errors or []:
            add_code(error)
        return await super().process_result(request, result)

    async def get_context(self, request: Any, response: Any) -> Context:
        try:
            principal = await principal_from_token(self.signer, _bearer(request))
        except InvalidToken:
            raise HTTPException(401, "The bearer token is invalid, expired or revoked.") from None
        slug = request.headers.get(STOREFRONT_HEADER)
        storefront = await resolve_storefront(slug)
        if slug and storefront is None:
            raise HTTPException(400, f"There is no storefront '{slug}'.")
        return Context(
            settings=self.settings,
            signer=self.signer,
            principal=principal,
            storefront=storefront,
            request=request,
            response=response,
        )


async def healthz(request: Request) -> Response:
    return PlainTextResponse("ok")


async def readyz(request: Request) -> Response:
    try:
        await connections.get("default").execute_query("SELECT 1")
    except Exception as exc:  # any failure means "not ready"; the reason goes to the log
        logger.warning("readiness check failed: %s", exc)
        return JSONResponse({"status": "unavailable"}, status_code=503)
    return JSONResponse({"status": "ok"})


HOME = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Vitrine</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}
code{background:#f3f3f3;padding:0 .3em}</style></head><body>
<h1>Vitrine</h1><p>Open B2B commerce back end.</p>
<ul><li><a href="/graphql">GraphiQL</a> &mdash; sign in with <code>staffLogin</code>, then send
the token as <code>Authorization: Bearer &hellip;</code></li>
<li><a href="/healthz">/healthz</a> and <a href="/readyz">/readyz</a></li></ul></body></html>"""


async def home(request: Request) -> Response:
    return HTMLResponse(HOME)


def create_app(settings: Settings | None = None, *, manage_database: bool = True) -> Starlette:
    """Build the app. With `manage_database=False` the caller opens and closes Tortoise (tests
    that share one connection across many app instances)."""
    if settings is None:
        settings = Settings.from_env()
        configure_logging(settings.log_level)
    signer = TokenSigner(settings.secret_key)
    graphql = GraphQLApp(settings, signer)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if not manage_database:
            yield
            return
        async with RegisterTortoise(app, config=db.tortoise_config(settings)):
            # Everything loaded at start-up lives as long as the process: frozen, the garbage
            # collector stops walking it on every full collection, which otherwise added 50-80
            # ms to one request in fifteen (BENCHMARKS.md).
            gc.collect()
            gc.freeze()
            if not settings.run_worker:
                yield
                return
            # The outbox worker runs beside the app by default, so `serve` alone delivers mail.
            # Several processes may run it: each message is claimed by exactly one.
            stop = asyncio.Event()
            worker = asyncio.create_task(run_worker(settings, stop))
            try:
                yield
            finally:
                stop.set()
                await worker

    app = Starlette(
        debug=False,
        routes=[
            Route("/", home),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/graphql", graphql, methods=["GET", "POST"]),
            Route("/oauth/token", oauth_token, methods=["POST"]),
            Route("/price-table.csv", price_table_csv(signer), methods=["GET"]),
        ],
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.signer = signer
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(AccessLog)
    return app
