"""Currency codes and percentages: one rule for companies, groups, storefronts and price lists."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from babel.numbers import list_currencies

HUNDREDTH = Decimal("0.01")


def parse_percent(raw: Any) -> Decimal:
    """A percentage from 0 to 100 with at most two decimals, or ValueError saying why not."""
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise ValueError("Discount percent must be a number.") from None
    if not value.is_finite() or not Decimal(0) <= value <= Decimal(100):
        raise ValueError("Discount percent must be between 0 and 100.")
    if value != value.quantize(HUNDREDTH):
        raise ValueError("Discount percent takes at most two decimals.")
    return value.quantize(HUNDREDTH)


def currency_code(raw: Any) -> str:
    """An ISO 4217 code buyers pay in, upper-cased, or ValueError."""
    code = str(raw or "").strip().upper()
    # X-codes are precious metals, funds and test codes: not something a buyer pays in.
    if code not in list_currencies() or code.startswith("X"):
        raise ValueError(f"'{code}' is not an ISO 4217 currency code.")
    return code
