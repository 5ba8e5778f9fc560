"""ISO 3166-1 alpha-2 country codes."""

from __future__ import annotations

from babel import Locale

from graphql_api.services.errors import ErrorCode, ValidationError

__all__ = ["COUNTRIES", "normalize_country"]

# CLDR names more two-letter regions than ISO 3166-1 assigns: groupings (EU, EZ, UN, QO),
# "unknown" (ZZ), pseudo-locales (XA, XB), Kosovo's user-assigned XK, Sark (CQ) and the codes
# ISO only reserves for postal or UPU use (AC, CP, DG, EA, IC, TA). What remains are the 249
# assigned codes.
_NOT_ISO_3166 = frozenset(
    {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"}
)

COUNTRIES: frozenset[str] = frozenset(
    code
    for code in Locale("en").territories
    if isinstance(code, str) and len(code) == 2 and code.isalpha() and code not in _NOT_ISO_3166
)


def normalize_country(value: str) -> str:
    """The upper-cased code, e.g. ' br ' -> 'BR'."""
    country = value.strip().upper()
    if country not in COUNTRIES:
        raise ValidationError(
            f"Country must be a 2-letter ISO 3166-1 code, got {value!r}", ErrorCode.INVALID_COUNTRY
        )
    return country
