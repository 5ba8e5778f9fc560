"""Generated documentation stays in step with its one source."""

from __future__ import annotations

from tools.write_docs import README, render


def test_readme_import_columns_come_from_the_importer():
    text = README.read_text(encoding="utf-8")
    assert "<!-- import-columns:" in text
    assert render(text) == text, "README.md is stale: run make docs"
