"""Money (SPEC C5), currency codes and percentages: one rule for prices, minimum order values and
later order totals, and for the currencies of companies, groups, storefronts and price lists.

Rounding to a currency's minor unit happens here and nowhere else: half-up (2.345 BRL is 2.35,
where Python's default banker's rounding gives 2.34), to the digits Babel knows for the currency
(JPY 0, BRL 2, BHD 3)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from babel.numbers import format_currency, get_currency_precision, list_currencies

# Percentages are stored with two decimals (discounts, the policy's cap): not money.
PERCENT_PLACES = Decimal("0.01")


class CurrencyMismatch(ValueError):
    """Amounts in two currencies were added, subtracted or compared."""


@lru_cache(maxsize=64)
def minor_unit(currency: str) -> Decimal:
    """The smallest amount of a currency: 0.01 for BRL, 1 for JPY, 0.001 for BHD."""
    return Decimal(1).scaleb(-get_currency_precision(currency))


def _decimal(raw: Any) -> Decimal:
    if isinstance(raw, float):
        # A float has already lost the amount meant (0.1 is 0.1000000000000000055...).
        raise TypeError("Give money amounts as Decimal, int or str, not float.")
    try:
        value = raw if isinstance(raw, Decimal) else Decimal(str(raw).strip())
    except InvalidOperation:
        raise ValueError(f"'{raw}' is not a decimal number.") from None
    if not value.is_finite():
        raise ValueError(f"'{raw}' is not a finite amount.")
    return value


@dataclass(frozen=True)
class Money:
    """An amount in minor units of an ISO 4217 currency. `Money(amount, currency)` takes the
    amount as it is and refuses one finer than the currency's minor unit; `Money.of` rounds.
    Amounts in different currencies never mix: arithmetic and ordering raise CurrencyMismatch.
    Equality is by value and currency (2.3 BRL == 2.30 BRL; 1 BRL != 1 EUR)."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if self.currency not in _currencies():
            raise ValueError(f"'{self.currency}' is not an ISO 4217 currency code.")
        value = _decimal(self.amount)
        exact = value.quantize(minor_unit(self.currency), rounding=ROUND_HALF_UP)
        if exact != value:
            raise ValueError(too_fine(self.currency))
        # Always as many places as the currency has, so "2.3 BRL" shows as 2.30.
        object.__setattr__(self, "amount", exact)

    @classmethod
    def of(cls, amount: Any, currency: str) -> Money:
        """`amount` rounded half-up to the currency's minor unit."""
        if currency not in _currencies():
            raise ValueError(f"'{currency}' is not an ISO 4217 currency code.")
        exact = _decimal(amount).quantize(minor_unit(currency), rounding=ROUND_HALF_UP)
        # Rounded here, so __post_init__'s check (round again, compare) could only agree: a
        # page prices a hundred products, two amounts each.
        money = object.__new__(cls)
        object.__setattr__(money, "amount", exact)
        object.__setattr__(money, "currency", currency)
        return money

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal(0), currency)

    def _same(self, other: Money) -> None:
        if not isinstance(other, Money):
            raise TypeError(f"Money and {type(other).__name__} do not mix.")
        if other.currency != self.currency:
            raise CurrencyMismatch(f"{self.currency} and {other.currency} amounts do not mix.")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __mul__(self, factor: int | Decimal) -> Money:
        """Times a quantity or a rate, rounded once: a line total, a share."""
        if isinstance(factor, bool) or not isinstance(factor, int | Decimal):
            return NotImplemented
        return Money.of(self.amount * factor, self.currency)

    __rmul__ = __mul__

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.amount <= other.amount

    def __gt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount > other.amount

    def __ge__(self, other: Money) -> bool:
        self._same(other)
        return self.amount >= other.amount

    def format(self, locale: str) -> str:
        """For people: "R$ 1.234,50" in pt_BR, "¥1,235" in ja_JP."""
        return format_currency(self.amount, self.currency, locale=locale)

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"


def too_fine(currency: str) -> str:
    places = get_currency_precision(currency)
    if places == 0:
        return f"{currency} amounts take no decimals."
    return f"{currency} amounts take at most {places} decimals."


@lru_cache(maxsize=1)
def _currencies() -> frozenset[str]:
    return frozenset(list_currencies())


def parse_percent(raw: Any) -> Decimal:
    """A percentage from 0 to 100 with at most two decimals, or ValueError saying why not."""
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise ValueError("Discount percent must be a number.") from None
    if not value.is_finite() or not Decimal(0) <= value <= Decimal(100):
        raise ValueError("Discount percent must be between 0 and 100.")
    if value != value.quantize(PERCENT_PLACES):
        raise ValueError("Discount percent takes at most two decimals.")
    # Adding zero turns -0 into 0, which would otherwise be stored and shown as -0.00.
    return value.quantize(PERCENT_PLACES) + 0


def currency_code(raw: Any) -> str:
    """An ISO 4217 code buyers pay in, upper-cased, or ValueError."""
    code = str(raw or "").strip().upper()
    # X-codes are precious metals, funds and test codes: not something a buyer pays in.
    if code not in _currencies() or code.startswith("X"):
        raise ValueError(f"'{code}' is not an ISO 4217 currency code.")
    return code
