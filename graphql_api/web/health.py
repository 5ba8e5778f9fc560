"""Health checks for load balancers and the small home page."""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from tortoise import connections

logger = logging.getLogger("vitrine.app")


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
the token as <code>Authorization: Bearer &hellip;</code>; browsers may sign buyers in with a
cookie through <code>POST /session</code> instead</li>
<li><a href="/healthz">/healthz</a> and <a href="/readyz">/readyz</a></li></ul></body></html>"""


async def home(request: Request) -> Response:
    return HTMLResponse(HOME)
