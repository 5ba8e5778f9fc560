"""Health checks for load balancers."""

from __future__ import annotations

import asyncio
import logging

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
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
