"""Money (SPEC C5): one value type rounds to the currency's minor unit and never mixes currencies;
a minimum order takes its currency's minor unit."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from graphql_api.models import CommercialPolicy
from graphql_api.services.money import CurrencyMismatch, Money

# Rounding


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        # Half-up: banker's rounding (Python's default) would give 2.34.
        ("2.345", "BRL", "2.35"),
        ("2.344", "BRL", "2.34"),
        ("-2.345", "BRL", "-2.35"),
        # Yen have no minor unit.
        ("1234.5", "JPY", "1235"),
        ("1234.4", "JPY", "1234"),
        # Bahraini dinars have three decimals.
        ("1.2345", "BHD", "1.235"),
        ("1.2344", "BHD", "1.234"),
        # Padded to the currency's places, so 2.3 shows as 2.30.
        ("2.3", "BRL", "2.30"),
        (7, "EUR", "7.00"),
    ],
)
def test_of_rounds_half_up_to_the_minor_unit(amount: Any, currency: str, expected: str) -> None:
    money = Money.of(amount, currency)
    assert str(money.amount) == expected
    assert money.currency == currency


def test_the_constructor_refuses_an_amount_finer_than_the_minor_unit() -> None:
    with pytest.raises(ValueError, match="JPY amounts take no decimals"):
        Money(Decimal("100.5"), "JPY")
    with pytest.raises(ValueError, match="BHD amounts take at most 3 decimals"):
        Money(Decimal("1.2345"), "BHD")
    assert Money(Decimal("100.000"), "JPY").amount == Decimal(100)
    assert str(Money(Decimal("1.234"), "BHD").amount) == "1.234"


def test_bad_currencies_and_amounts_are_refused() -> None:
    with pytest.raises(ValueError, match="ISO 4217"):
        Money(Decimal(1), "ABC")
    with pytest.raises(ValueError, match="ISO 4217"):
        Money(Decimal(1), "brl")
    with pytest.raises(ValueError, match="not a decimal"):
        Money.of("ten", "BRL")
    with pytest.raises(ValueError, match="finite"):
        Money.of("Infinity", "BRL")
    with pytest.raises(TypeError, match="float"):
        Money.of(0.1, "BRL")


def test_zero_has_the_currency_places() -> None:
    assert str(Money.zero("BRL").amount) == "0.00"
    assert str(Money.zero("JPY").amount) == "0"
    assert str(Money.zero("BHD").amount) == "0.000"
    assert Money.zero("BRL") + Money.of("1.50", "BRL") == Money.of("1.5", "BRL")


# Arithmetic and comparison


def test_arithmetic_stays_in_the_currency() -> None:
    a, b = Money.of("10.10", "BRL"), Money.of("0.25", "BRL")
    assert a + b == Money(Decimal("10.35"), "BRL")
    assert a - b == Money(Decimal("9.85"), "BRL")
    assert -b == Money(Decimal("-0.25"), "BRL")
    # Times a quantity is exact; times a rate rounds once, half-up.
    assert a * 3 == 3 * a == Money(Decimal("30.30"), "BRL")
    assert b * Decimal("0.1") == Money(Decimal("0.03"), "BRL")  # 0.025 -> 0.03
    assert sum([a, b, b], Money.zero("BRL")) == Money(Decimal("10.60"), "BRL")


def test_currencies_never_mix() -> None:
    brl, eur = Money.of("10", "BRL"), Money.of("10", "EUR")
    with pytest.raises(CurrencyMismatch, match="BRL and EUR"):
        brl + eur
    with pytest.raises(CurrencyMismatch):
        brl - eur
    with pytest.raises(CurrencyMismatch):
        assert brl < eur
    with pytest.raises(CurrencyMismatch):
        assert brl >= eur
    with pytest.raises(TypeError):
        brl + Decimal(1)  # type: ignore[operator]
    with pytest.raises(TypeError):
        brl * Money.of("2", "BRL")  # type: ignore[operator]
    # Equal amounts in two currencies are not equal money.
    assert brl != eur


def test_comparisons_and_equality() -> None:
    small, big = Money.of("9.99", "BRL"), Money.of("10", "BRL")
    assert small < big <= big and big > small >= small
    assert Money.of("2.3", "BRL") == Money(Decimal("2.30"), "BRL")
    assert hash(Money.of("2.3", "BRL")) == hash(Money(Decimal("2.30"), "BRL"))
    assert max(small, big) is big


def test_format_for_a_locale() -> None:
    # Babel's CLDR data puts a no-break space between the symbol and the amount in pt_BR.
    assert Money.of("1234.5", "BRL").format("pt_BR") == "R$\xa01.234,50"
    assert Money.of("1234.5", "JPY").format("ja_JP") == "￥1,235"
    assert Money.of("1234.5", "BHD").format("en_US") == "BHD1,234.500"


# The minimum order of a commercial policy

SET_POLICY = """mutation($input: SetCommercialPolicyInput!) { setCommercialPolicy(input: $input) {
  policy { minOrderValue { amount currency } } userErrors { field message code } } }"""
POLICY = "{ commercialPolicy { minOrderValue { amount currency } } }"


async def _set_min_order(admin: Any, amount: str, currency: str) -> dict[str, Any]:
    body = await admin.data(
        SET_POLICY, {"input": {"minOrderValue": {"amount": amount, "currency": currency}}}
    )
    return body["setCommercialPolicy"]


async def test_a_jpy_minimum_order_with_decimals_is_refused_with_the_field(admin: Any) -> None:
    payload = await _set_min_order(admin, "5000.50", "JPY")
    assert payload == {
        "policy": None,
        "userErrors": [
            {
                "field": ["input", "minOrderValue", "amount"],
                "message": "JPY amounts take no decimals.",
                "code": "INVALID",
            }
        ],
    }
    assert await CommercialPolicy.all().count() == 0
    assert (await admin.data(POLICY))["commercialPolicy"]["minOrderValue"] is None

    payload = await _set_min_order(admin, "5000", "jpy")
    assert payload["userErrors"] == []
    assert payload["policy"]["minOrderValue"] == {"amount": "5000", "currency": "JPY"}


async def test_a_minimum_order_keeps_every_place_of_its_currency(admin: Any) -> None:
    # Dinars have three decimals: the column keeps all three (it once kept two).
    payload = await _set_min_order(admin, "12.345", "BHD")
    assert payload["policy"]["minOrderValue"] == {"amount": "12.345", "currency": "BHD"}
    assert (await admin.data(POLICY))["commercialPolicy"]["minOrderValue"] == {
        "amount": "12.345",
        "currency": "BHD",
    }

    refused = await _set_min_order(admin, "12.3456", "BHD")
    assert [(e["field"], e["message"]) for e in refused["userErrors"]] == [
        (["input", "minOrderValue", "amount"], "BHD amounts take at most 3 decimals.")
    ]
    assert (await CommercialPolicy.get()).min_order_value == Decimal("12.345")


async def test_a_bad_currency_and_a_bad_amount_are_both_reported(admin: Any) -> None:
    payload = await _set_min_order(admin, "-1", "ABC")
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [
        (["input", "minOrderValue", "amount"], "NEGATIVE"),
        (["input", "minOrderValue", "currency"], "INVALID_CURRENCY"),
    ]
