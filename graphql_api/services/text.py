"""Text normalisation shared by search and sorting."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NOT_DIGIT = re.compile(r"\D")


def fold(text: str | None) -> str:
    """Lower-case, accents removed, spaces collapsed: "São  PAULO" -> "sao paulo"."""
    if not text:
        return ""
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
