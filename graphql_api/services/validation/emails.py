"""E-mail addresses: syntax only (email-validator), no DNS lookups."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

from graphql_api.services.errors import ErrorCode, ValidationError

__all__ = ["normalize_email"]


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
