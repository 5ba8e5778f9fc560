"""Global IDs: base64 of "Type:pk", opaque to clients, checked for type on the way in."""

from __future__ import annotations

import base64
import binascii


class BadGlobalId(ValueError):
    """`field` names the input that held the ID: a name, or a path for an item of a list."""

    def __init__(self, message: str, field: str | tuple[str, ...] | None = None) -> None:
        super().__init__(message)
        self.field = field


def to_global_id(type_name: str, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode().rstrip("=")


def from_global_id(global_id: str) -> tuple[str, int]:
    text = str(global_id).strip()
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
        type_name, _, pk = raw.partition(":")
        number = int(pk)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise BadGlobalId(f"'{global_id}' is not a valid ID.") from None
    if not type_name or number <= 0:
        raise BadGlobalId(f"'{global_id}' is not a valid ID.")
    return type_name, number


def pk_of(global_id: str, expected: str, field: str | tuple[str, ...] | None = None) -> int:
    """The primary key inside an ID that must name `expected`; `field` names the input that
    held it, for the error."""
    try:
        type_name, pk = from_global_id(global_id)
    except BadGlobalId as exc:
        raise BadGlobalId(str(exc), field) from None
    if type_name != expected:
        raise BadGlobalId(f"ID '{global_id}' is a {type_name}, not a {expected}.", field)
    return pk
