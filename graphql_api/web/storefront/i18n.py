"""Languages of the storefront (SPEC E4): which one a visitor gets, the theme's translations,
and Babel's formats for money, numbers and dates in that language."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal, format_percent

from graphql_api.services.storefronts import LANGUAGES

ENGINE_LOCALES = Path(__file__).resolve().parent / "locales"
PLURAL_FORMS = frozenset({"zero", "one", "two", "few", "many", "other"})
PLACEHOLDER = re.compile(r"\{(\w+)\}")
# Accept-Language entries: a tag and an optional q.
ACCEPT_ITEM = re.compile(
    r"^\s*([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*|\*)\s*(?:;\s*q\s*=\s*([0-9.]+))?"
)

Messages = dict[str, "str | dict[str, str]"]


class LocaleFileError(ValueError):
    pass


@cache
def babel_locale(language: str) -> Locale:
    return Locale.parse(language, sep="-")


def native_name(language: str) -> str:
    name = babel_locale(language).get_display_name(babel_locale(language)) or language
    return name[:1].upper() + name[1:]


def read_messages(path: Path) -> Messages:
    """A locale file: a JSON object of dotted keys to strings, or to plural forms
    (`{"one": "...", "other": "..."}`)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LocaleFileError(f"{path.name} is missing.") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise LocaleFileError(f"{path.name} is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise LocaleFileError(f"{path.name} must hold one JSON object.")
    for key, value in data.items():
        if isinstance(value, str):
            continue
        if (
            isinstance(value, dict)
            and "other" in value
            and set(value) <= PLURAL_FORMS
            and all(isinstance(v, str) for v in value.values())
        ):
            continue
        raise LocaleFileError(
            f"{path.name}: '{key}' must be a string or plural forms with at least 'other'."
        )
    return data


@cache
def engine_messages(language: str) -> Messages:
    """The engine's own strings (error pages, error codes), which a theme may override."""
    return read_messages(ENGINE_LOCALES / f"{language}.json")


def negotiate(accept_language: str, available: Sequence[str]) -> str | None:
    """The best of `available` for an Accept-Language header: an exact tag first, else the
    same language in another region (pt-PT gets pt-BR)."""
    wanted: list[tuple[float, int, str]] = []
    for position, item in enumerate(accept_language.split(",")[:20]):
        found = ACCEPT_ITEM.match(item)
        if not found:
            continue
        try:
            quality = float(found.group(2)) if found.group(2) else 1.0
        except ValueError:
            continue
        if quality > 0:
            wanted.append((-quality, position, found.group(1).lower()))
    by_tag = {code.lower(): code for code in available}
    by_language: dict[str, str] = {}
    for code in available:
        by_language.setdefault(code.split("-")[0].lower(), code)
    for _, _, tag in sorted(wanted):
        if tag in by_tag:
            return by_tag[tag]
        if tag.split("-")[0] in by_language:
            return by_language[tag.split("-")[0]]
    return None


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _moment(value: Any) -> dt.datetime | dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    return None


class Language:
    """One language's translations and formats, as template helpers."""

    def __init__(self, code: str, messages: Mapping[str, Any]) -> None:
        self.code = code
        self.locale = babel_locale(code)
        self.messages = messages

    def t(self, key: str, count: int | None = None, **params: Any) -> str:
        """The text of `key`; plural forms pick by `count`; `{name}` takes `params[name]`.
        A missing key shows as itself, which `vitrine themes check` reports beforehand."""
        value = self.messages.get(key, key)
        if isinstance(value, dict):
            form = self.locale.plural_form(abs(count or 0))
            value = value.get(form) or value["other"]
        if count is not None:
            params.setdefault("count", self.number(count))
        # Plain substitution, not str.format: a translation must not reach attributes.
        return PLACEHOLDER.sub(lambda m: str(params.get(m.group(1), m.group(0))), value)

    def money(self, value: Any, currency: str | None = None, times: Any = 1) -> str:
        """`money(price)` for anything with amount and currency, or `money(amount, "BRL")`;
        `times=quantity` for a line total, computed in decimals."""
        if isinstance(value, Mapping):
            currency = currency or value.get("currency")
            value = value.get("amount")
        amount, factor = _decimal(value), _decimal(times)
        if amount is None or factor is None or not currency:
            return ""
        return format_currency(amount * factor, currency, locale=self.locale)

    def number(self, value: Any, digits: int | None = None) -> str:
        amount = _decimal(value)
        if amount is None:
            return ""
        if digits is None:
            return format_decimal(amount, locale=self.locale)
        pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
        return format_decimal(amount, format=pattern, locale=self.locale)

    def percent(self, value: Any) -> str:
        """A 0-100 value, as the API gives discounts."""
        amount = _decimal(value)
        if amount is None:
            return ""
        return format_percent(amount / 100, format="#,##0.##%", locale=self.locale)

    def date(self, value: Any, format: str = "medium") -> str:
        moment = _moment(value)
        if moment is None:
            return ""
        day = moment.date() if isinstance(moment, dt.datetime) else moment
        return format_date(day, format=format, locale=self.locale)

    def datetime(self, value: Any, format: str = "medium") -> str:
        moment = _moment(value)
        if not isinstance(moment, dt.datetime):
            return self.date(value, format)
        return format_datetime(moment, format=format, locale=self.locale)


def supported(code: str | None) -> str | None:
    return code if code in LANGUAGES else None
