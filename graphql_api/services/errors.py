"""What services return when a request cannot be carried out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Generic, TypeVar

T = TypeVar("T")


class ErrorCode(StrEnum):
    """Every machine-readable error code the API gives, in `userErrors.code`, in
    `errors.extensions.code` and in the JSON errors of the HTTP routes. One registry: a code
    that is not here cannot be raised (UserError and ValidationError refuse it)."""

    ALREADY_DECIDED = "ALREADY_DECIDED"
    ALREADY_SIGNED_IN = "ALREADY_SIGNED_IN"
    BAD_CSV = "BAD_CSV"
    BAD_REQUEST = "BAD_REQUEST"
    BAD_USER_INPUT = "BAD_USER_INPUT"
    BELOW_FLOOR_PRICE = "BELOW_FLOOR_PRICE"
    BELOW_MINIMUM = "BELOW_MINIMUM"
    CSRF_FAILED = "CSRF_FAILED"
    CURRENCY_IN_USE = "CURRENCY_IN_USE"
    CURRENCY_MISMATCH = "CURRENCY_MISMATCH"
    CYCLE = "CYCLE"
    DISCOUNT_TOO_HIGH = "DISCOUNT_TOO_HIGH"
    DUPLICATE = "DUPLICATE"
    DUPLICATE_COLUMN = "DUPLICATE_COLUMN"
    DUPLICATE_IN_FILE = "DUPLICATE_IN_FILE"
    EMPTY_CART = "EMPTY_CART"
    EMPTY_FILE = "EMPTY_FILE"
    FORBIDDEN = "FORBIDDEN"
    GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
    IDEMPOTENCY_CONFLICT = "IDEMPOTENCY_CONFLICT"
    INSUFFICIENT_STOCK = "INSUFFICIENT_STOCK"
    INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
    INVALID = "INVALID"
    INVALID_CNPJ = "INVALID_CNPJ"
    INVALID_COUNTRY = "INVALID_COUNTRY"
    INVALID_CPF = "INVALID_CPF"
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    INVALID_CURRENCY = "INVALID_CURRENCY"
    INVALID_EMAIL = "INVALID_EMAIL"
    INVALID_ID = "INVALID_ID"
    INVALID_PHONE = "INVALID_PHONE"
    INVALID_POSTAL_CODE = "INVALID_POSTAL_CODE"
    INVALID_TAX_ID = "INVALID_TAX_ID"
    INVALID_TOKEN = "INVALID_TOKEN"
    INVALID_TRANSITION = "INVALID_TRANSITION"
    INVALID_VAT = "INVALID_VAT"
    MAX_COST_EXCEEDED = "MAX_COST_EXCEEDED"
    MISSING_COLUMN = "MISSING_COLUMN"
    NEGATIVE = "NEGATIVE"
    NOT_ALLOWED = "NOT_ALLOWED"
    NOT_APPROVED = "NOT_APPROVED"
    NOT_FOUND = "NOT_FOUND"
    OVER_INVOICED = "OVER_INVOICED"
    NO_ACCESS = "NO_ACCESS"
    PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
    PERSISTED_QUERY_NOT_ALLOWED = "PERSISTED_QUERY_NOT_ALLOWED"
    PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
    PERSISTED_QUERY_NOT_SUPPORTED = "PERSISTED_QUERY_NOT_SUPPORTED"
    PRICES_HIDDEN = "PRICES_HIDDEN"
    PRODUCT_UNAVAILABLE = "PRODUCT_UNAVAILABLE"
    PURCHASING_CONTACT_EXISTS = "PURCHASING_CONTACT_EXISTS"
    QUANTITY_RULE = "QUANTITY_RULE"
    REGISTRATION_CLOSED = "REGISTRATION_CLOSED"
    REQUEST_TIMEOUT = "REQUEST_TIMEOUT"
    REQUIRED = "REQUIRED"
    THROTTLED = "THROTTLED"
    SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
    TOO_MANY_ATTEMPTS = "TOO_MANY_ATTEMPTS"
    TOO_MANY_FIELDS = "TOO_MANY_FIELDS"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    UNKNOWN_COLUMN = "UNKNOWN_COLUMN"
    UNKNOWN_CUSTOM_FIELD = "UNKNOWN_CUSTOM_FIELD"
    UNKNOWN_TAX_ID_KIND = "UNKNOWN_TAX_ID_KIND"
    WEAK_PASSWORD = "WEAK_PASSWORD"


@dataclass(frozen=True)
class UserError:
    """An expected failure: `field` is the path of the offending input, in the service's own
    (snake_case) names, empty when the error is about the request as a whole."""

    message: str
    code: ErrorCode
    field: tuple[str, ...] = ()
    # Whole seconds to wait before trying again (TOO_MANY_ATTEMPTS); None otherwise.
    retry_after: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "code", ErrorCode(self.code))


@dataclass
class Result(Generic[T]):
    value: T | None = None
    errors: list[UserError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @classmethod
    def fail(cls, *errors: UserError) -> Result[T]:
        return cls(errors=list(errors))


class ValidationError(ValueError):
    """Raised by the pure validators (graphql_api.services.validation) for a value they refuse;
    Checker.validate turns it into a UserError at the field's path. message: a sentence in
    English; code: the machine code (INVALID_CNPJ, INVALID_PHONE, ...)."""

    def __init__(self, message: str, code: ErrorCode | str = ErrorCode.INVALID) -> None:
        super().__init__(message)
        self.message: str = message
        self.code = ErrorCode(code)

    def __repr__(self) -> str:
        return f"ValidationError({self.message!r}, {self.code!r})"


class ServiceError(Exception):
    """Raised inside a service to abort the transaction with user errors."""

    def __init__(self, errors: Sequence[UserError]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = list(errors)


class NotFound(Exception):
    """The object does not exist, or the caller may not know it exists: one answer for both,
    so existence is not revealed. `field` is the input path that named it."""

    code: ErrorCode = ErrorCode.NOT_FOUND

    def __init__(self, what: str, field: tuple[str, ...] = ("id",)) -> None:
        super().__init__(f"There is no such {what}, or you may not see it.")
        self.message = str(self)
        self.field = field


class PermissionDenied(Exception):
    """The caller may not do this. Its message is safe to show."""

    code: ErrorCode = ErrorCode.FORBIDDEN

    def __init__(self, message: str = "You do not have permission to do this.") -> None:
        super().__init__(message)
        self.message = message


class NotAuthenticated(PermissionDenied):
    code: ErrorCode = ErrorCode.UNAUTHENTICATED

    def __init__(self, message: str = "Sign in to do this.") -> None:
        super().__init__(message)
