"""The one CSV writer of every download (customer export, price table, and the reports next).

Spreadsheet programs run a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
as a formula (CSV injection: `=HYPERLINK(...)` in a product name reaches a buyer's spreadsheet).
Every cell goes through `cell()`, which puts a leading apostrophe before such text; the customer
import removes it again, so an export re-imports unchanged. The text starts with a UTF-8
byte-order mark (spreadsheets then read accents right), separates fields with `,`, ends lines with
CRLF and quotes fields only when needed."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Sequence
from typing import Any

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> str:
    """The text of one cell, neutralised against formulas."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def unneutralise(text: str) -> str:
    """What `cell()` wrote, back as it was (for the importer)."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


class _Rows:
    def __init__(self) -> None:
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, lineterminator="\r\n")

    def add(self, row: Sequence[Any]) -> None:
        self.writer.writerow([cell(v) for v in row])

    def take(self) -> str:
        text = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        return text


def write(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A whole CSV document."""
    out = _Rows()
    out.add(header)
    for row in rows:
        out.add(row)
    return BOM + out.take()


async def stream(
    header: Sequence[str], rows: AsyncIterable[Sequence[Any]], chunk: int = 500
) -> AsyncIterator[str]:
    """A CSV document a chunk of rows at a time, for streaming responses."""
    out = _Rows()
    out.add(header)
    yield BOM + out.take()
    count = 0
    async for row in rows:
        out.add(row)
        count += 1
        if count % chunk == 0:
            yield out.take()
    rest = out.take()
    if rest:
        yield rest
