"""Rewrite the generated blocks of README.md from their one source (`make docs`)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from graphql_api.services.imports import columns_markdown

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"(<!-- import-columns:[^\n]*-->\n)(.*?)(<!-- /import-columns -->)", re.S)


def render(text: str) -> str:
    return BLOCK.sub(lambda m: m.group(1) + columns_markdown() + m.group(3), text)


if __name__ == "__main__":
    old = README.read_text(encoding="utf-8")
    new = render(old)
    README.write_text(new, encoding="utf-8")
    sys.stdout.write("README.md updated\n" if new != old else "README.md already current\n")
