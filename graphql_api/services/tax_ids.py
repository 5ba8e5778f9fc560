"""Validation and canonical forms for tax ids, postal codes, countries, phones and e-mails.

Pure functions only: callers store the canonical form returned here so that lookups and
uniqueness checks never depend on how a user happened to type punctuation.
"""

from __future__ import annotations

import random
import re
import string

__all__ = [
    "TAX_ID_KINDS",
    "ValidationError",
    "format_tax_id",
    "generate_cnpj",
    "generate_cpf",
    "normalize_country",
    "normalize_email",
    "normalize_phone",
    "normalize_postal_code",
    "normalize_tax_id",
]


class ValidationError(ValueError):
    """message: human sentence in English; code: SCREAMING_CASE machine code."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message: str = message
        self.code: str = code

    def __repr__(self) -> str:
        return f"ValidationError({self.message!r}, {self.code!r})"


TAX_ID_KINDS: tuple[str, ...] = ("CNPJ", "CPF", "IE", "IM", "VAT")

# --- Brazil: CNPJ / CPF -------------------------------------------------------------------

_CNPJ_WEIGHTS_1 = (5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)
_CNPJ_WEIGHTS_2 = (6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)
# From July 2026 the Receita Federal issues CNPJs whose first 12 positions may be letters;
# the check digits stay numeric.
_CNPJ_RE = re.compile(r"[0-9A-Z]{12}[0-9]{2}")
_CNPJ_ALPHABET = string.digits + string.ascii_uppercase
_CPF_RE = re.compile(r"[0-9]{11}")
_BR_ID_PUNCTUATION = str.maketrans("", "", "./- \t")


def _mod11_digit(total: int) -> int:
    remainder = total % 11
    return 0 if remainder < 2 else 11 - remainder


def _cnpj_check_digits(base12: str) -> str:
    # ord(c) - 48 maps '0'..'9' to 0..9 and 'A'..'Z' to 17..42, as the Receita Federal specifies.
    values = [ord(char) - 48 for char in base12]
    first = _mod11_digit(sum(v * w for v, w in zip(values, _CNPJ_WEIGHTS_1, strict=True)))
    values.append(first)
    second = _mod11_digit(sum(v * w for v, w in zip(values, _CNPJ_WEIGHTS_2, strict=True)))
    return f"{first}{second}"


def _cpf_check_digits(base9: str) -> str:
    digits = [int(char) for char in base9]
    first = _mod11_digit(sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True)))
    digits.append(first)
    second = _mod11_digit(sum(d * w for d, w in zip(digits, range(11, 1, -1), strict=True)))
    return f"{first}{second}"


def _normalize_cnpj(value: str) -> str:
    cnpj = value.translate(_BR_ID_PUNCTUATION).upper()
    if len(cnpj) != 14:
        raise ValidationError(f"CNPJ must have 14 characters, got {len(cnpj)}", "INVALID_CNPJ")
    if not _CNPJ_RE.fullmatch(cnpj):
        raise ValidationError(
            "CNPJ must have 12 letters or digits followed by 2 check digits", "INVALID_CNPJ"
        )
    if len(set(cnpj)) == 1:
        raise ValidationError("CNPJ cannot repeat the same digit", "INVALID_CNPJ")
    if _cnpj_check_digits(cnpj[:12]) != cnpj[12:]:
        raise ValidationError("CNPJ check digits do not match", "INVALID_CNPJ")
    return cnpj


def _normalize_cpf(value: str) -> str:
    cpf = value.translate(_BR_ID_PUNCTUATION)
    if not _CPF_RE.fullmatch(cpf):
        raise ValidationError("CPF must have exactly 11 digits", "INVALID_CPF")
    if len(set(cpf)) == 1:
        raise ValidationError("CPF cannot repeat the same digit", "INVALID_CPF")
    if _cpf_check_digits(cpf[:9]) != cpf[9:]:
        raise ValidationError("CPF check digits do not match", "INVALID_CPF")
    return cpf


# --- Brazil: state (IE) and municipal (IM) registrations ----------------------------------

# Each state and city has its own layout and check digits; only the common shape is enforced.
_REGISTRATION_RE = re.compile(r"[0-9A-Z./-]{2,20}")


def _normalize_registration(kind: str, value: str) -> str:
    registration = value.strip().upper()
    # Businesses exempt from ICMS legitimately declare "ISENTO" instead of a state number.
    if kind == "IE" and registration == "ISENTO":
        return registration
    if not _REGISTRATION_RE.fullmatch(registration):
        raise ValidationError(
            f"{kind} must be 2 to 20 letters, digits, dots, dashes or slashes", "INVALID_TAX_ID"
        )
    if not any(char.isdigit() for char in registration):
        raise ValidationError(f"{kind} must contain at least one digit", "INVALID_TAX_ID")
    return registration


# --- EU VAT -------------------------------------------------------------------------------

# Shapes follow the European Commission's VIES documentation; check digits are not verified
# because several member states do not publish their algorithm.
_VAT_PATTERNS: dict[str, re.Pattern[str]] = {
    prefix: re.compile(pattern)
    for prefix, pattern in {
        "AT": r"U\d{8}",
        "BE": r"[01]\d{9}",
        "BG": r"\d{9,10}",
        "CY": r"\d{8}[A-Z]",
        "CZ": r"\d{8,10}",
        "DE": r"\d{9}",
        "DK": r"\d{8}",
        "EE": r"\d{9}",
        "EL": r"\d{9}",
        "ES": r"[0-9A-Z]\d{7}[0-9A-Z]",
        "FI": r"\d{8}",
        "FR": r"[0-9A-Z]{2}\d{9}",
        "HR": r"\d{11}",
        "HU": r"\d{8}",
        "IE": r"\d{7}[A-Z]{1,2}|\d[A-Z+*]\d{5}[A-Z]",
        "IT": r"\d{11}",
        "LT": r"\d{9}|\d{12}",
        "LU": r"\d{8}",
        "LV": r"\d{11}",
        "MT": r"\d{8}",
        "NL": r"\d{9}B\d{2}",
        "PL": r"\d{10}",
        "PT": r"\d{9}",
        "RO": r"\d{2,10}",
        "SE": r"\d{12}",
        "SI": r"\d{8}",
        "SK": r"\d{10}",
        # Northern Ireland keeps EU VAT numbers for goods under the Windsor Framework.
        "XI": r"\d{9}|\d{12}|GD\d{3}|HA\d{3}",
    }.items()
}

_EU_COUNTRY_TO_VAT_PREFIX: dict[str, str] = {
    prefix: prefix for prefix in _VAT_PATTERNS if prefix not in ("EL", "XI")
} | {"GR": "EL"}

_VAT_PUNCTUATION = str.maketrans("", "", " .-\t")


def _normalize_vat(value: str, country: str | None) -> str:
    vat = value.translate(_VAT_PUNCTUATION).upper()
    if not vat:
        raise ValidationError("VAT number is empty", "INVALID_VAT")
    country_code = normalize_country(country) if country is not None else None
    expected_prefix = _EU_COUNTRY_TO_VAT_PREFIX.get(country_code) if country_code else None

    # A leading known prefix always wins over prepending; otherwise a French number whose key
    # happens to read "DE" would silently be accepted as French for a German company.
    if vat[:2] not in _VAT_PATTERNS:
        if expected_prefix is None:
            raise ValidationError(
                "VAT number must start with a 2-letter EU country prefix", "INVALID_VAT"
            )
        vat = expected_prefix + vat

    prefix, body = vat[:2], vat[2:]
    if expected_prefix is not None and prefix != expected_prefix:
        raise ValidationError(
            f"VAT prefix {prefix} does not match country {country_code}", "INVALID_VAT"
        )
    if not _VAT_PATTERNS[prefix].fullmatch(body):
        raise ValidationError(f"VAT number {vat} does not match the {prefix} format", "INVALID_VAT")
    return vat


# --- Public tax id API --------------------------------------------------------------------


def normalize_tax_id(kind: str, value: str, country: str | None) -> str:
    """Return the canonical stored form of a tax id or raise ValidationError."""
    tax_kind = kind.strip().upper()
    if tax_kind not in TAX_ID_KINDS:
        raise ValidationError(f"Unknown tax id kind {kind!r}", "UNKNOWN_TAX_ID_KIND")
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
        c = canonical
        return f"{c[:2]}.{c[2:5]}.{c[5:8]}/{c[8:12]}-{c[12:]}"
    if tax_kind == "CPF" and len(canonical) == 11:
        c = canonical
        return f"{c[:3]}.{c[3:6]}.{c[6:9]}-{c[9:]}"
    return canonical


def generate_cnpj(rng: random.Random, alphanumeric: bool = False) -> str:
    """A valid canonical CNPJ; alphanumeric ones always contain at least one letter."""
    alphabet = _CNPJ_ALPHABET if alphanumeric else string.digits
    while True:
        root = "".join(rng.choice(alphabet) for _ in range(8))
        # Most companies only have their head office, branch 0001.
        branch = "0001" if rng.random() < 0.8 else f"{rng.randint(2, 99):04d}"
        base = root + branch
        if alphanumeric and base.isdigit():
            continue
        if len(set(base)) == 1:
            continue
        return base + _cnpj_check_digits(base)


def generate_cpf(rng: random.Random) -> str:
    """A valid canonical CPF."""
    while True:
        base = "".join(rng.choice(string.digits) for _ in range(9))
        if len(set(base)) > 1:
            return base + _cpf_check_digits(base)


# --- Addresses and contact details --------------------------------------------------------

_COUNTRY_RE = re.compile(r"[A-Z]{2}")
_BR_CEP_RE = re.compile(r"(\d{2})\.?(\d{3})-?(\d{3})")
_PT_POSTAL_RE = re.compile(r"(\d{4})[- ]?(\d{3})")
_ES_POSTAL_RE = re.compile(r"\d{5}")
_RO_POSTAL_RE = re.compile(r"\d{6}")
_GENERIC_POSTAL_RE = re.compile(r"[A-Za-z0-9 -]{2,12}")


def normalize_country(value: str) -> str:
    """ISO 3166-1 alpha-2 shape check only; the list of assigned codes changes over time."""
    country = value.strip().upper()
    if not _COUNTRY_RE.fullmatch(country):
        raise ValidationError(
            f"Country must be a 2-letter ISO 3166-1 code, got {value!r}", "INVALID_COUNTRY"
        )
    return country


def normalize_postal_code(country: str, value: str) -> str:
    """Canonical postal code for the country or raise ValidationError."""
    country_code = normalize_country(country)
    code = value.strip()
    if country_code == "BR":
        match = _BR_CEP_RE.fullmatch(code)
        if not match:
            raise ValidationError("CEP must have 8 digits, like 01310-100", "INVALID_POSTAL_CODE")
        return f"{match[1]}{match[2]}-{match[3]}"
    if country_code == "PT":
        match = _PT_POSTAL_RE.fullmatch(code)
        if not match:
            raise ValidationError(
                "Portuguese postal code must look like 1000-001", "INVALID_POSTAL_CODE"
            )
        return f"{match[1]}-{match[2]}"
    if country_code == "ES":
        # The first two digits are the province number, 01 (Álava) to 52 (Melilla).
        if not _ES_POSTAL_RE.fullmatch(code) or not 1 <= int(code[:2]) <= 52:
            raise ValidationError(
                "Spanish postal code must be 5 digits starting with a province number 01-52",
                "INVALID_POSTAL_CODE",
            )
        return code
    if country_code == "RO":
        if not _RO_POSTAL_RE.fullmatch(code):
            raise ValidationError("Romanian postal code must have 6 digits", "INVALID_POSTAL_CODE")
        return code
    if not _GENERIC_POSTAL_RE.fullmatch(code):
        raise ValidationError(
            "Postal code must be 2 to 12 letters, digits, spaces or dashes",
            "INVALID_POSTAL_CODE",
        )
    # Uppercase so that "sw1a 1aa" and "SW1A 1AA" are stored as the same code.
    return code.upper()


_PHONE_ALLOWED_RE = re.compile(r"\+?[0-9 ()./-]+")


def normalize_phone(value: str) -> str:
    """Digits with an optional leading '+', e.g. '+55 (11) 98765-4321' -> '+5511987654321'."""
    phone = value.strip()
    if not _PHONE_ALLOWED_RE.fullmatch(phone):
        raise ValidationError(
            "Phone may contain only digits, spaces, ( ) . / - and a leading +", "INVALID_PHONE"
        )
    digits = "".join(char for char in phone if char.isdigit())
    if not 8 <= len(digits) <= 15:
        raise ValidationError(f"Phone must have 8 to 15 digits, got {len(digits)}", "INVALID_PHONE")
    return ("+" if phone.startswith("+") else "") + digits


_EMAIL_LOCAL_RE = re.compile(r"[^\s@]+")
_EMAIL_DOMAIN_LABEL_RE = re.compile(r"[^\s@.]+")


def normalize_email(value: str) -> str:
    """Trimmed and fully lowercased; the local part is lowercased too so lookups are simple."""
    email = value.strip().lower()
    if len(email) > 254:
        raise ValidationError("E-mail must be at most 254 characters", "INVALID_EMAIL")
    if email.count("@") != 1:
        raise ValidationError("E-mail must contain exactly one @", "INVALID_EMAIL")
    local, domain = email.split("@")
    if not _EMAIL_LOCAL_RE.fullmatch(local):
        raise ValidationError("E-mail needs a name before the @ without spaces", "INVALID_EMAIL")
    labels = domain.split(".")
    if len(labels) < 2 or not all(_EMAIL_DOMAIN_LABEL_RE.fullmatch(label) for label in labels):
        raise ValidationError(
            "E-mail domain must contain a dot and no spaces, like example.com", "INVALID_EMAIL"
        )
    return email
