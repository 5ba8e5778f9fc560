"""The ASGI application: `uvicorn --factory graphql_api.app:create_app`."""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.routing import Route
from tortoise.contrib.starlette import RegisterTortoise

from graphql_api import db
from graphql_api.auth.tokens import TokenSigner
from graphql_api.limits import BodySizeLimit
from graphql_api.logs import AccessLog, configure_logging
from graphql_api.notifications.worker import run_worker
from graphql_api.settings import Settings
from graphql_api.web.downloads import price_table_csv
from graphql_api.web.graphql import GraphQLEndpoint
from graphql_api.web.guest import start_guest
from graphql_api.web.health import healthz, home, readyz
from graphql_api.web.oauth import oauth_token
from graphql_api.web.quick_order import open_quick_link
from graphql_api.web.session import sign_in, sign_out
from schema import build_schema


def create_app(settings: Settings | None = None, *, manage_database: bool = True) -> Starlette:
    """Build the app. With `manage_database=False` the caller opens and closes Tortoise (tests
    that share one connection across many app instances)."""
    if settings is None:
        settings = Settings.from_env()
        configure_logging(settings.log_level)
    signer = TokenSigner(settings.secret_key)
    # One schema per app, shared by every entry point that runs GraphQL.
    schema = build_schema(settings)

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
            Route("/graphql", GraphQLEndpoint(schema, settings, signer), methods=["GET", "POST"]),
            Route("/session", sign_in, methods=["POST"]),
            Route("/session/logout", sign_out, methods=["POST"]),
            Route("/session/guest", start_guest, methods=["POST"]),
            Route("/oauth/token", oauth_token, methods=["POST"]),
            Route("/price-table.csv", price_table_csv, methods=["GET"]),
            Route("/q/{token}", open_quick_link, methods=["GET"]),
        ],
        lifespan=lifespan,
    )
    # identify() and the plain endpoints read these; the theme engine will run `schema`.
    app.state.settings = settings
    app.state.signer = signer
    app.state.schema = schema
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(AccessLog)
    return app
