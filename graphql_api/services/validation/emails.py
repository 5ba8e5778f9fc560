"""E-mail addresses: syntax only (email-validator), no DNS lookups."""

from __future__ import annotations

import functools
import importlib
from typing import Any

from email_validator import EmailNotValidError, validate_email

from graphql_api.services.errors import ErrorCode, ValidationError

__all__ = ["normalize_email"]

# Most of validate_email's time goes to checking the domain (IDNA, a Unicode table lookup per
# character), and the addresses of a customer file share few domains (a company's and its
# contact's, the big mail providers). The check is a pure function of its arguments and its
# result is only read, so the library's own function is memoised where validate_email looks
# it up; the verdicts stay the library's (tests/test_validation.py compares them).
# (The package exports a function of the module's name, so the module is fetched by name.)
# Typed Any: the module's attributes are not declared to mypy.
_library: Any = importlib.import_module("email_validator.validate_email")
_domain_check = getattr(_library, "validate_email_domain_name", None)
if _domain_check is not None:
    _library.validate_email_domain_name = functools.lru_cache(maxsize=4096)(_domain_check)


# Pure and slow-ish (tens of microseconds): the customer import meets the same value again
# within a row (its duplicate check, a contact's phone that is the responsible's) and across
# rows (shared numbers). Errors are not cached; they are the rare case.
@functools.lru_cache(maxsize=4096)
def normalize_email(value: str) -> str:
    """Trimmed and fully lower-cased, the local part too, so lookups and uniqueness are plain
    string comparisons: '  Ana@Example.COM ' -> 'ana@example.com'."""
    try:
        # test_environment admits the reserved .test domain (RFC 6761) that the demo's and a
        # fresh install's staff accounts use; with deliverability off it changes nothing else.
        result = validate_email(value.strip(), check_deliverability=False, test_environment=True)
    except EmailNotValidError as exc:
        raise ValidationError(str(exc), ErrorCode.INVALID_EMAIL) from None
    return result.normalized.lower()
