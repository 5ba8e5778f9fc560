"""Global IDs: base64 of "Type:pk", opaque to clients, checked for type on the way in.

Only the canonical spelling is accepted, the one `to_global_id` writes: Python's base64 and
int() are lenient ("Company:1_5" is 15, "Company: 1", "Company:+1", "Company:١" and padded or
standard-alphabet base64 are 1), and an object with several IDs would defeat any check or cache
that compares IDs as strings."""

from __future__ import annotations

import base64
import binascii

# Every primary key is an IntField (a 32-bit signed column on PostgreSQL): a larger number names
# nothing, and PostgreSQL refuses it as a query parameter rather than finding no row.
MAX_PK = 2**31 - 1
# The longest canonical ID: a type name of a few dozen letters and MAX_PK, in base64.
MAX_ID_LENGTH = 100


class BadGlobalId(ValueError):
    """`field` names the input that held the ID: a name, or a path for an item of a list."""

    def __init__(self, message: str, field: str | tuple[str, ...] | None = None) -> None:
        super().__init__(message)
        self.field = field


def to_global_id(type_name: str, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode().rstrip("=")


def _shown(global_id: object) -> str:
    text = str(global_id)
    return text if len(text) <= 40 else text[:40] + "..."


def from_global_id(global_id: str) -> tuple[str, int]:
    text = str(global_id)
    invalid = BadGlobalId(f"'{_shown(global_id)}' is not a valid ID.")
    if not text or len(text) > MAX_ID_LENGTH:
        raise invalid
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode("ascii")
        type_name, _, pk = raw.partition(":")
        number = int(pk)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise invalid from None
    if not type_name or not 0 < number <= MAX_PK or to_global_id(type_name, number) != text:
        raise invalid
    return type_name, number


def pk_of(global_id: str, expected: str, field: str | tuple[str, ...] | None = None) -> int:
    """The primary key inside an ID that must name `expected`; `field` names the input that
    held it, for the error."""
    try:
        type_name, pk = from_global_id(global_id)
    except BadGlobalId as exc:
        raise BadGlobalId(str(exc), field) from None
    if type_name != expected:
        raise BadGlobalId(f"ID '{_shown(global_id)}' is a {type_name}, not a {expected}.", field)
    return pk
