"""Structured logs: one JSON object per line on stderr (SPEC F8)."""

from __future__ import annotations

import json
import logging
import sys
import time
from typing import Any


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # SQL statements carry parameter values (password hashes among them): never above DEBUG.
    logging.getLogger("tortoise.db_client").setLevel(max(logging.INFO, root.level))
    # Tortoise announces every open and close at INFO; CLI output stays readable without them.
    logging.getLogger("tortoise").setLevel(max(logging.WARNING, root.level))


class AccessLog:
    """One structured line per HTTP request: method, path, status, duration. Query strings and
    headers are left out: they can carry tokens."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.logger = logging.getLogger("vitrine.access")

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def record_status(message: Any) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, record_status)
        finally:
            self.logger.info(
                "%s %s %s %.1fms",
                scope["method"],
                scope["path"],
                status,
                (time.perf_counter() - started) * 1000,
            )
