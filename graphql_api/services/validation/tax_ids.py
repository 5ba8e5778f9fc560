"""Tax ids: Brazilian CNPJ, CPF, state (IE) and municipal (IM) registrations, and EU VAT numbers.

Check digits come from python-stdnum; the shape checks in front of it keep our messages and
refuse what stdnum lets through (non-ASCII digits, a CNPJ or CPF of one repeated digit)."""

from __future__ import annotations

import functools
import re

from stdnum import exceptions as stdnum_errors
from stdnum.br import cnpj as stdnum_cnpj
from stdnum.br import cpf as stdnum_cpf
from stdnum.eu import vat as stdnum_vat

from graphql_api.services.errors import ErrorCode, ValidationError
from graphql_api.services.validation.countries import normalize_country

__all__ = ["EU_VAT_PREFIXES", "TAX_ID_KINDS", "format_tax_id", "normalize_tax_id"]

TAX_ID_KINDS: tuple[str, ...] = ("CNPJ", "CPF", "IE", "IM", "VAT")

# --- Brazil: CNPJ / CPF -------------------------------------------------------------------

# From July 2026 the Receita Federal issues CNPJs whose first 12 positions may be letters; the
# check digits stay numeric. python-stdnum supports them since 2.2.
_CNPJ_RE = re.compile(r"[0-9A-Z]{12}[0-9]{2}")
_CPF_RE = re.compile(r"[0-9]{11}")
_BR_ID_PUNCTUATION = str.maketrans("", "", "./- \t")


def _normalize_cnpj(value: str) -> str:
    cnpj = value.translate(_BR_ID_PUNCTUATION).upper()
    if len(cnpj) != 14:
        raise ValidationError(
            f"CNPJ must have 14 characters, got {len(cnpj)}", ErrorCode.INVALID_CNPJ
        )
    if not _CNPJ_RE.fullmatch(cnpj):
        raise ValidationError(
            "CNPJ must have 12 letters or digits followed by 2 check digits", ErrorCode.INVALID_CNPJ
        )
    if len(set(cnpj)) == 1:
        raise ValidationError("CNPJ cannot repeat the same digit", ErrorCode.INVALID_CNPJ)
    if not stdnum_cnpj.is_valid(cnpj):
        raise ValidationError("CNPJ check digits do not match", ErrorCode.INVALID_CNPJ)
    return cnpj


def _normalize_cpf(value: str) -> str:
    cpf = value.translate(_BR_ID_PUNCTUATION)
    if not _CPF_RE.fullmatch(cpf):
        raise ValidationError("CPF must have exactly 11 digits", ErrorCode.INVALID_CPF)
    # stdnum accepts 111.111.111-11 and the like, whose check digits happen to work out.
    if len(set(cpf)) == 1:
        raise ValidationError("CPF cannot repeat the same digit", ErrorCode.INVALID_CPF)
    if not stdnum_cpf.is_valid(cpf):
        raise ValidationError("CPF check digits do not match", ErrorCode.INVALID_CPF)
    return cpf


# --- Brazil: state (IE) and municipal (IM) registrations ----------------------------------

# Each state and city has its own layout and check digits, and stdnum has none of them; only
# the common shape is enforced.
_REGISTRATION_RE = re.compile(r"[0-9A-Z./-]{2,20}")


def _normalize_registration(kind: str, value: str) -> str:
    registration = value.strip().upper()
    # Businesses exempt from ICMS legitimately declare "ISENTO" instead of a state number.
    if kind == "IE" and registration == "ISENTO":
        return registration
    if not _REGISTRATION_RE.fullmatch(registration):
        raise ValidationError(
            f"{kind} must be 2 to 20 letters, digits, dots, dashes or slashes",
            ErrorCode.INVALID_TAX_ID,
        )
    if not any(char.isdigit() for char in registration):
        raise ValidationError(f"{kind} must contain at least one digit", ErrorCode.INVALID_TAX_ID)
    return registration


# --- EU VAT -------------------------------------------------------------------------------

# The member states stdnum checks, by VAT prefix: Greece uses EL, and Northern Ireland keeps
# XI numbers for goods under the Windsor Framework.
EU_VAT_PREFIXES: frozenset[str] = frozenset(
    "EL" if cc == "gr" else cc.upper() for cc in stdnum_vat.MEMBER_STATES
)
_EU_COUNTRY_TO_VAT_PREFIX: dict[str, str] = {
    prefix: prefix for prefix in EU_VAT_PREFIXES if prefix not in ("EL", "XI")
} | {"GR": "EL"}

_VAT_PUNCTUATION = str.maketrans("", "", " .-\t")


def _normalize_vat(value: str, country: str | None) -> str:
    vat = value.translate(_VAT_PUNCTUATION).upper()
    if not vat:
        raise ValidationError("VAT number is empty", ErrorCode.INVALID_VAT)
    country_code = normalize_country(country) if country is not None else None
    expected_prefix = _EU_COUNTRY_TO_VAT_PREFIX.get(country_code) if country_code else None

    # A leading known prefix always wins over prepending; otherwise a French number whose key
    # happens to read "DE" would silently be accepted as French for a German company.
    if vat[:2] not in EU_VAT_PREFIXES:
        if expected_prefix is None:
            raise ValidationError(
                "VAT number must start with a 2-letter EU country prefix", ErrorCode.INVALID_VAT
            )
        vat = expected_prefix + vat

    prefix = vat[:2]
    if expected_prefix is not None and prefix != expected_prefix:
        raise ValidationError(
            f"VAT prefix {prefix} does not match country {country_code}", ErrorCode.INVALID_VAT
        )
    try:
        return stdnum_vat.validate(vat)
    except stdnum_errors.InvalidChecksum:
        raise ValidationError(
            f"VAT number {vat} check digits do not match", ErrorCode.INVALID_VAT
        ) from None
    except stdnum_errors.ValidationError:
        raise ValidationError(
            f"VAT number {vat} does not match the {prefix} format", ErrorCode.INVALID_VAT
        ) from None


# --- Public API ---------------------------------------------------------------------------


# Pure and slow-ish (tens of microseconds): the customer import meets the same value again
# within a row (its duplicate check, a contact's phone that is the responsible's) and across
# rows (shared numbers). Errors are not cached; they are the rare case.
@functools.lru_cache(maxsize=4096)
def normalize_tax_id(kind: str, value: str, country: str | None) -> str:
    """The canonical stored form of a tax id. `country` (the company's, ISO 3166-1) supplies a
    VAT number's missing prefix and must agree with a given one."""
    tax_kind = kind.strip().upper()
    if tax_kind not in TAX_ID_KINDS:
        raise ValidationError(f"Unknown tax id kind {kind!r}", ErrorCode.UNKNOWN_TAX_ID_KIND)
    if tax_kind == "CNPJ":
        return _normalize_cnpj(value)
    if tax_kind == "CPF":
        return _normalize_cpf(value)
    if tax_kind == "VAT":
        return _normalize_vat(value, country)
    return _normalize_registration(tax_kind, value)


def format_tax_id(kind: str, canonical: str) -> str:
    """Display form; anything that is not a well-sized CNPJ/CPF is shown as stored."""
    tax_kind = kind.strip().upper()
    if tax_kind == "CNPJ" and len(canonical) == 14:
        return stdnum_cnpj.format(canonical)
    if tax_kind == "CPF" and len(canonical) == 11:
        return stdnum_cpf.format(canonical)
    return canonical
