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
from graphql_api.services import background, throttle
from graphql_api.settings import Settings
from graphql_api.shared_state import SharedState
from graphql_api.web.cors import PartnerCors
from graphql_api.web.downloads import (
    invoice_pdf,
    orders_csv,
    price_table_csv,
    products_csv,
    purchases_csv,
    sales_csv,
)
from graphql_api.web.errors import database_unavailable
from graphql_api.web.graphql import GraphQLEndpoint
from graphql_api.web.guest import start_guest
from graphql_api.web.health import healthz, readyz
from graphql_api.web.oauth import oauth_token
from graphql_api.web.quick_order import open_quick_link
from graphql_api.web.security import RequestTimeout, SecurityHeaders
from graphql_api.web.session import sign_in, sign_out
from graphql_api.web.storefront import StorefrontEngine
from graphql_api.web.storefront.embed import is_embed_path
from schema import build_schema


@contextlib.asynccontextmanager
async def _winding_up() -> AsyncIterator[None]:
    """At shutdown, before the database closes: link mails being queued finish, and the
    throttles' Redis connections close."""
    try:
        yield
    finally:
        await background.settle()
        await throttle.close()


def create_app(
    settings: Settings | None = None,
    *,
    manage_database: bool = True,
    shared: SharedState | None = None,
) -> Starlette:
    """Build the app. With `manage_database=False` the caller opens and closes Tortoise (tests
    that share one connection across many app instances). `shared` replaces the state made
    from the settings (tests give one with their own clock)."""
    if settings is None:
        settings = Settings.from_env()
        configure_logging(settings.log_level)
    signer = TokenSigner(settings.secret_key)
    # Budgets and automatic persisted queries: in Redis when configured, else in this process.
    if shared is None:
        shared = SharedState.from_settings(settings)
    # One schema per app, shared by every entry point that runs GraphQL.
    schema = build_schema(settings, shared)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if not manage_database:
            yield
            return
        async with RegisterTortoise(app, config=db.tortoise_config(settings)), _winding_up():
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

    @contextlib.asynccontextmanager
    async def lifespan_closing_shared(app: Starlette) -> AsyncIterator[None]:
        try:
            async with lifespan(app):
                yield
        finally:
            await shared.close()

    app = Starlette(
        debug=False,
        routes=[
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/graphql", GraphQLEndpoint(schema, settings, signer), methods=["GET", "POST"]),
            Route("/session", sign_in, methods=["POST"]),
            Route("/session/logout", sign_out, methods=["POST"]),
            Route("/session/guest", start_guest, methods=["POST"]),
            Route("/oauth/token", oauth_token, methods=["POST"]),
            Route("/price-table.csv", price_table_csv, methods=["GET"]),
            Route("/invoices/{invoice_id}.pdf", invoice_pdf, methods=["GET"]),
            Route("/reports/purchases.csv", purchases_csv, methods=["GET"]),
            Route("/reports/products.csv", products_csv, methods=["GET"]),
            Route("/reports/orders.csv", orders_csv, methods=["GET"]),
            Route("/reports/sales.csv", sales_csv, methods=["GET"]),
            Route("/q/{token}", open_quick_link, methods=["GET"]),
            Route("/s/{slug}/q/{token}", open_quick_link, methods=["GET"]),
        ],
        lifespan=lifespan_closing_shared,
        exception_handlers={kind: database_unavailable for kind in db.UNAVAILABLE_EXCEPTIONS},
    )
    # Everything no route matches is the storefront: its pages, forms and theme files. As the
    # router's default rather than a catch-all mount, so a wrong method on an API route is
    # still that route's 405, not a storefront page.
    app.router.default = StorefrontEngine(settings, schema, signer)
    # identify() and the plain endpoints read these.
    app.state.settings = settings
    app.state.signer = signer
    app.state.schema = schema
    app.state.shared = shared
    # Innermost first: every answer, refusals of the outer layers included, gets the security
    # headers, and a partner page can read the 413, 429 and 503 it gets.
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(RequestTimeout, seconds=settings.request_timeout)
    app.add_middleware(PartnerCors, settings=settings, paths=("/graphql",))
    app.add_middleware(SecurityHeaders, hsts=settings.production, embeddable=is_embed_path)
    app.add_middleware(AccessLog)
    return app
