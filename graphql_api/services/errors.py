"""What services return when a request cannot be carried out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class UserError:
    """An expected failure: `field` is the path of the offending input, in the service's own
    (snake_case) names, empty when the error is about the request as a whole."""

    message: str
    code: str
    field: tuple[str, ...] = ()


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

    def __init__(self, message: str, code: str = "INVALID") -> None:
        super().__init__(message)
        self.message: str = message
        self.code: str = code

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

    code = "NOT_FOUND"

    def __init__(self, what: str, field: tuple[str, ...] = ("id",)) -> None:
        super().__init__(f"There is no such {what}, or you may not see it.")
        self.message = str(self)
        self.field = field


class PermissionDenied(Exception):
    """The caller may not do this. Its message is safe to show."""

    code = "FORBIDDEN"

    def __init__(self, message: str = "You do not have permission to do this.") -> None:
        super().__init__(message)
        self.message = message


class NotAuthenticated(PermissionDenied):
    code = "UNAUTHENTICATED"

    def __init__(self, message: str = "Sign in to do this.") -> None:
        super().__init__(message)
