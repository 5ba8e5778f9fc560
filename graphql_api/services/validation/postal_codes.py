"""Postal codes: the exact shape for the countries the demo sells to, a loose one elsewhere."""

from __future__ import annotations

import re

from graphql_api.services.errors import ErrorCode, ValidationError
from graphql_api.services.validation.countries import normalize_country

__all__ = ["normalize_postal_code"]

_BR_CEP_RE = re.compile(r"(\d{2})\.?(\d{3})-?(\d{3})")
_PT_POSTAL_RE = re.compile(r"(\d{4})[- ]?(\d{3})")
_ES_POSTAL_RE = re.compile(r"\d{5}")
_RO_POSTAL_RE = re.compile(r"\d{6}")
_GENERIC_POSTAL_RE = re.compile(r"[A-Za-z0-9 -]{2,12}")


def normalize_postal_code(country: str, value: str) -> str:
    """Canonical postal code for the country, e.g. ('BR', '01310100') -> '01310-100'."""
    country_code = normalize_country(country)
    code = value.strip()
    if country_code == "BR":
        match = _BR_CEP_RE.fullmatch(code)
        if not match:
            raise ValidationError(
                "CEP must have 8 digits, like 01310-100", ErrorCode.INVALID_POSTAL_CODE
            )
        return f"{match[1]}{match[2]}-{match[3]}"
    if country_code == "PT":
        match = _PT_POSTAL_RE.fullmatch(code)
        if not match:
            raise ValidationError(
                "Portuguese postal code must look like 1000-001", ErrorCode.INVALID_POSTAL_CODE
            )
        return f"{match[1]}-{match[2]}"
    if country_code == "ES":
        # The first two digits are the province number, 01 (Álava) to 52 (Melilla).
        if not _ES_POSTAL_RE.fullmatch(code) or not 1 <= int(code[:2]) <= 52:
            raise ValidationError(
                "Spanish postal code must be 5 digits starting with a province number 01-52",
                ErrorCode.INVALID_POSTAL_CODE,
            )
        return code
    if country_code == "RO":
        if not _RO_POSTAL_RE.fullmatch(code):
            raise ValidationError(
                "Romanian postal code must have 6 digits", ErrorCode.INVALID_POSTAL_CODE
            )
        return code
    if not _GENERIC_POSTAL_RE.fullmatch(code):
        raise ValidationError(
            "Postal code must be 2 to 12 letters, digits, spaces or dashes",
            ErrorCode.INVALID_POSTAL_CODE,
        )
    # Uppercase so that "sw1a 1aa" and "SW1A 1AA" are stored as the same code.
    return code.upper()
