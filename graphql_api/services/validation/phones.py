"""Phone numbers: parsed with phonenumbers and stored in E.164 (+5511987654321), so a number
typed without its country code still makes a working WhatsApp link."""

from __future__ import annotations

import functools
import re

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, ValidationResult

from graphql_api.services.errors import ErrorCode, ValidationError

__all__ = ["normalize_phone", "phone_region"]

# phonenumbers reads letters as keypad digits ("1-800-FLOWERS"); here a letter is a typo.
_PHONE_ALLOWED_RE = re.compile(r"\+?[0-9 ()./-]+")

_TOO_SHORT = {ValidationResult.TOO_SHORT, ValidationResult.INVALID_LENGTH}


def phone_region(country: str | None) -> str | None:
    """The region phonenumbers knows for an ISO 3166-1 country code, else None."""
    region = (country or "").strip().upper()
    return region if region in phonenumbers.SUPPORTED_REGIONS else None


# Pure and slow-ish (tens of microseconds): the customer import meets the same value again
# within a row (its duplicate check, a contact's phone that is the responsible's) and across
# rows (shared numbers). Errors are not cached; they are the rare case.
@functools.lru_cache(maxsize=4096)
def normalize_phone(value: str, country: str | None = None) -> str:
    """E.164 form. `country` (ISO 3166-1, usually the company's) is the region of a number
    written without '+' and its country code: ('(11) 98765-4321', 'BR') -> '+5511987654321'."""
    phone = value.strip()
    if not _PHONE_ALLOWED_RE.fullmatch(phone):
        raise ValidationError(
            "Phone may contain only digits, spaces, ( ) . / - and a leading +",
            ErrorCode.INVALID_PHONE,
        )
    region = phone_region(country)
    if region is None and not phone.startswith("+"):
        raise ValidationError(
            "Phone must start with + and its country code, like +55 11 98765-4321, "
            "when no country is known for it",
            ErrorCode.INVALID_PHONE,
        )
    try:
        number = phonenumbers.parse(phone, region)
    except NumberParseException:
        raise ValidationError(f"{phone} is not a phone number", ErrorCode.INVALID_PHONE) from None
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason == ValidationResult.INVALID_COUNTRY_CODE:
        raise ValidationError(
            f"Phone has an unknown country code +{number.country_code}", ErrorCode.INVALID_PHONE
        )
    assert number.country_code is not None  # parse() sets it or raises
    where = phonenumbers.region_code_for_country_code(number.country_code)
    if reason in _TOO_SHORT:
        raise ValidationError(
            f"Phone is too short for a number in {where}", ErrorCode.INVALID_PHONE
        )
    if reason == ValidationResult.TOO_LONG:
        raise ValidationError(f"Phone is too long for a number in {where}", ErrorCode.INVALID_PHONE)
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            f"{phone} is not a valid phone number in {where}", ErrorCode.INVALID_PHONE
        )
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)
