"""Health checks for load balancers and the small home page."""

from __future__ import annotations

import asyncio
import logging

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from tortoise import connections

from graphql_api.web.errors import RETRY_AFTER

logger = logging.getLogger("vitrine.app")

# A load balancer asking /readyz wants an answer, not a request that hangs behind a write lock
# (SQLite's busy timeout is 5 s, and one process's SQLite queries run one at a time).
READY_DEADLINE = 2.0


async def healthz(request: Request) -> Response:
    return PlainTextResponse("ok")


async def readyz(request: Request) -> Response:
    """200 when the database answers `SELECT 1` within READY_DEADLINE seconds, else 503."""
    try:
        async with asyncio.timeout(READY_DEADLINE):
            await connections.get("default").execute_query("SELECT 1")
    except TimeoutError:
        logger.warning("readiness check: no answer from the database in %s s", READY_DEADLINE)
        return _unavailable()
    except Exception as exc:  # any failure means "not ready"; the reason goes to the log
        logger.warning("readiness check failed: %s", exc)
        return _unavailable()
    return JSONResponse({"status": "ok"})


def _unavailable() -> Response:
    return JSONResponse(
        {"status": "unavailable"}, status_code=503, headers={"Retry-After": RETRY_AFTER}
    )


HOME = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Vitrine</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}
code{background:#f3f3f3;padding:0 .3em}</style></head><body>
<h1>Vitrine</h1><p>Open B2B commerce back end.</p>
<ul><li><a href="/graphql">GraphiQL</a> &mdash; sign in with <code>staffLogin</code>, then send
the token as <code>Authorization: Bearer &hellip;</code>; browsers may sign buyers in with a
cookie through <code>POST /session</code> instead</li>
<li><a href="/healthz">/healthz</a> and <a href="/readyz">/readyz</a></li></ul></body></html>"""


async def home(request: Request) -> Response:
    return HTMLResponse(HOME)
