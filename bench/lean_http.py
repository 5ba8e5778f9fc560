"""A minimal HTTP/1.1 keep-alive client for the load part of the catalog benchmark.

httpx spends about a millisecond of CPU on each request (building it, parsing the headers,
decoding the body). The server and the load generator share this machine's two cores, so at
200 requests/s httpx alone takes most of one core, and with `serve --workers 2` the load
generator, not the server, set the ceiling. This client sends a request written once and reads
the answer by its Content-Length; the body is still decoded and checked (`check`), so a wrong
page fails the run as with httpx."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import urlsplit

import orjson


class LeanError(RuntimeError):
    pass


def request_bytes(url: str, path: str, body: dict[str, Any], headers: dict[str, str]) -> bytes:
    """One POST of JSON, written once and sent as many times as needed."""
    host = urlsplit(url).netloc
    payload = orjson.dumps(body)
    lines = [
        f"POST {path} HTTP/1.1",
        f"Host: {host}",
        "Content-Type: application/json",
        f"Content-Length: {len(payload)}",
        *(f"{name}: {value}" for name, value in headers.items()),
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


class LeanConnection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, url: str) -> LeanConnection:
        parts = urlsplit(url)
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
        return cls(reader, writer)

    @property
    def local_port(self) -> int:
        return int(self.writer.get_extra_info("sockname")[1])

    async def send(self, request: bytes) -> tuple[int, bytes]:
        """(status, body) of one request on this connection."""
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        length = None
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
            elif name.strip().lower() == "transfer-encoding":
                raise LeanError("a chunked answer: this client reads Content-Length only")
        if length is None:
            raise LeanError("an answer without Content-Length")
        return status, await self.reader.readexactly(length)

    async def close(self) -> None:
        self.writer.close()
        await self.writer.wait_closed()
