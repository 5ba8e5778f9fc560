"""Percentages (discounts): one rule for companies, groups and, later, price lists."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

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
