"""Text normalisation shared by validation, search and sorting.

`clean_text` is the one rule for text a person typed and others will read (names, labels,
descriptions): NFC, trimmed, bounded, with no NUL (PostgreSQL refuses it in text columns), no
other control character, no bidirectional override (a name that renders reversed in every list,
"Trojan Source") and at least one visible character (a name of zero-width spaces looks blank).
`search_words` caps search terms, whose cost grows with their length and word count."""

from __future__ import annotations

import re
import unicodedata

from graphql_api.services.errors import ErrorCode, ValidationError

_SPACES = re.compile(r"\s+")
_NOT_DIGIT = re.compile(r"\D")

# Embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069). The marks LRM, RLM and ALM
# stay allowed: they only hint the direction of neutral characters, and Arabic and Hebrew
# names may need them.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Letters and symbols that render as nothing (Hangul fillers, the blank Braille pattern).
_BLANK_GLYPHS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_LINE_BREAKS = frozenset("\n\r\t")
_BREAKS = re.compile(r"[ \t]*[\r\n\t]+[ \t]*")

MAX_SEARCH_LENGTH = 200
MAX_SEARCH_WORDS = 12


def fold(text: str | None) -> str:
    """Lower-case, accents removed, spaces collapsed: "São  PAULO" -> "sao paulo"."""
    if not text:
        return ""
    if text.isascii():
        stripped = text  # nothing to decompose: most names, and every email (the import's hot path)
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold()).strip()


def digits(text: str | None) -> str:
    return _NOT_DIGIT.sub("", text or "")


def search_document(*parts: str | None, phones: tuple[str, ...] = ()) -> str:
    """The text a search matches against: folded words, plus phone numbers as bare digits so that
    "98765-4321" and "987654321" both find "+55 11 98765-4321"."""
    words = [fold(p) for p in parts if p]
    words += [digits(p) for p in phones if p]
    return " | ".join(w for w in words if w)


def _visible(ch: str) -> bool:
    category = unicodedata.category(ch)
    # Cc/Cf: controls and format characters (zero-width space and joiners, BOM); Z*: spaces;
    # Mn/Me: marks, which show only on a base character.
    return category[0] not in "CZ" and category not in ("Mn", "Me") and ch not in _BLANK_GLYPHS


def clean_text(raw: str, *, max_length: int, label: str = "Text", multiline: bool = False) -> str:
    """`raw` in NFC without surrounding whitespace, or ValidationError saying what is wrong.
    An empty result is returned as "": whether the value is required is the caller's rule.
    `multiline` text (descriptions, notes) keeps its line breaks and tabs; elsewhere they become
    one space."""
    if "\x00" in raw:
        raise ValidationError(f"{label} must not contain NUL characters.")
    text = unicodedata.normalize("NFC", raw).strip()
    if not multiline:
        # A line break in a one-line field (a quoted CSV cell, a paste) is a space.
        text = _BREAKS.sub(" ", text)
    for ch in text:
        if unicodedata.category(ch) == "Cc" and not (multiline and ch in _LINE_BREAKS):
            raise ValidationError(f"{label} must not contain control characters.")
        if ch in BIDI_CONTROLS:
            raise ValidationError(
                f"{label} must not contain bidirectional override characters (U+{ord(ch):04X})."
            )
    if len(text) > max_length:
        raise ValidationError(f"{label} must have at most {max_length} characters.")
    if text and not any(_visible(ch) for ch in text):
        raise ValidationError(f"{label} has no visible characters.")
    return text


def search_words(term: str) -> list[str]:
    """The folded words of a search term; ValidationError when it is longer than
    MAX_SEARCH_LENGTH characters or has more than MAX_SEARCH_WORDS words."""
    if "\x00" in term:
        raise ValidationError("Search must not contain NUL characters.", ErrorCode.BAD_USER_INPUT)
    if len(term) > MAX_SEARCH_LENGTH:
        raise ValidationError(
            f"Search takes at most {MAX_SEARCH_LENGTH} characters.", ErrorCode.BAD_USER_INPUT
        )
    words = fold(term).split()
    if len(words) > MAX_SEARCH_WORDS:
        raise ValidationError(
            f"Search takes at most {MAX_SEARCH_WORDS} words.", ErrorCode.BAD_USER_INPUT
        )
    return words
