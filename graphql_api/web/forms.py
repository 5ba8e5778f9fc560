"""Reading an application/x-www-form-urlencoded body without python-multipart.

Starlette's `request.form()` needs python-multipart even for this simple format; the stdlib
parser does, with the limits a login or token form needs. The body size itself is already
bounded by the BodySizeLimit middleware."""

from __future__ import annotations

from urllib.parse import parse_qsl

from starlette.requests import Request

FORM_TYPE = "application/x-www-form-urlencoded"
# Large enough for any real request; a bigger form is not one of ours.
MAX_FIELD_LENGTH = 1024
MAX_FIELDS = 20


class FormError(ValueError):
    """The body is not a well-formed form; the message is safe to show."""


def media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def printable(text: str) -> str:
    # Authlib refuses error descriptions outside printable ASCII without quotes or backslashes.
    return "".join(c for c in text[:40] if 0x20 <= ord(c) <= 0x7E and c not in '"\\')


async def read_form(request: Request) -> dict[str, str]:
    """The request's form fields; FormError when it is not one, or a field is repeated or too
    long (RFC 6749 3.2 forbids repeats, and so do we everywhere)."""
    if media_type(request) != FORM_TYPE:
        raise FormError(f"The request body must be {FORM_TYPE}.")
    try:
        text = (await request.body()).decode("utf-8")
        pairs = parse_qsl(
            text, keep_blank_values=True, strict_parsing=bool(text), max_num_fields=MAX_FIELDS
        )
    except (UnicodeDecodeError, ValueError):
        raise FormError("The request body cannot be parsed.") from None
    fields: dict[str, str] = {}
    for key, value in pairs:
        if key in fields:
            raise FormError(f"Parameter '{printable(key)}' is repeated.")
        if len(value) > MAX_FIELD_LENGTH:
            raise FormError(f"Parameter '{printable(key)}' is too long.")
        if "\x00" in key or "\x00" in value:
            raise FormError(f"Parameter '{printable(key)}' contains a NUL character.")
        fields[key] = value
    return fields
