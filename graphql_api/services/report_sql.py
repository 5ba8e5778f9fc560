"""The few places where the reports' SQL differs between SQLite and PostgreSQL: placeholders,
the start of a month or quarter, exact sums of decimal columns, and how values come back.

SQLite stores DECIMAL columns as text and sums them as floating point, so amounts are summed
there as integers of ten-thousandths (the columns have four decimal places) and scaled back;
PostgreSQL sums NUMERIC exactly. Datetimes are stored in UTC on both, so periods are UTC months
and quarters."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient

AMOUNT_PLACES = 4  # decimal_places of every money column of an order


class Period(StrEnum):
    """How a report buckets time."""

    MONTH = "MONTH"
    QUARTER = "QUARTER"


@dataclass
class Statement:
    """SQL text and its parameters, with the placeholders of one engine."""

    postgres: bool
    params: list[Any] = field(default_factory=list)

    def param(self, value: Any) -> str:
        self.params.append(value)
        return f"${len(self.params)}" if self.postgres else "?"

    def params_in(self, values: list[Any]) -> str:
        return ", ".join(self.param(v) for v in values)

    def period_start(self, column: str, period: Period) -> str:
        """The first day of the column's month or quarter: a date on PostgreSQL, text
        YYYY-MM-DD on SQLite (day() reads both)."""
        if self.postgres:
            unit = "month" if period is Period.MONTH else "quarter"
            return f"CAST(date_trunc('{unit}', {column} AT TIME ZONE 'UTC') AS DATE)"
        if period is Period.MONTH:
            return f"strftime('%Y-%m-01', {column})"
        month = f"((CAST(strftime('%m', {column}) AS INTEGER) - 1) / 3) * 3 + 1"
        return f"strftime('%Y-', {column}) || printf('%02d', {month}) || '-01'"

    def amount_sum(self, column: str) -> str:
        if self.postgres:
            return f"SUM({column})"
        scale = 10**AMOUNT_PLACES
        return f"SUM(CAST(ROUND(CAST({column} AS REAL) * {scale}) AS INTEGER))"


def statement(conn: BaseDBAsyncClient | None = None) -> Statement:
    conn = conn or connections.get("default")
    return Statement(postgres=conn.capabilities.dialect == "postgres")


def amount(value: Any) -> Decimal:
    """A sum from amount_sum as a Decimal."""
    if value is None:
        return Decimal(0)
    if isinstance(value, int):
        return Decimal(value).scaleb(-AMOUNT_PLACES)
    return Decimal(value) if not isinstance(value, Decimal) else value


def moment(value: Any) -> datetime.datetime | None:
    """A datetime column as it comes back from an aggregate (text on SQLite), in UTC."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return value.astimezone(datetime.UTC)


def day(value: Any) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


async def rows(sql: Statement, text: str) -> list[dict[str, Any]]:
    conn = connections.get("default")
    return list(await conn.execute_query_dict(text, sql.params))
