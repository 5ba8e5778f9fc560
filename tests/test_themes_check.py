"""`vitrine themes check` on every built-in theme, the problems it finds in a broken one, and the
themes commands run as a subprocess."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphql_api.services.themes import BUILT_IN_DIR
from graphql_api.web.storefront.check import check_theme, graphql_schema
from schema import build_schema
from tests.test_cli import vitrine
from tests.theme_helpers import copy_theme

BUILT_IN = sorted(p.name for p in BUILT_IN_DIR.iterdir() if (p / "theme.toml").is_file())
SCHEMA = graphql_schema(build_schema())


def problems_of(folder: Path) -> list[str]:
    return [str(problem) for problem in check_theme(folder, SCHEMA)]


def test_there_are_two_built_in_themes() -> None:
    assert BUILT_IN == ["orderpad", "showcase"]


@pytest.mark.parametrize("name", BUILT_IN)
def test_every_built_in_theme_passes_the_check(name: str) -> None:
    assert problems_of(BUILT_IN_DIR / name) == []


def _edit(path: Path, old: str, new: str) -> None:
    source = path.read_text(encoding="utf-8")
    assert old in source, (path, old)
    path.write_text(source.replace(old, new, 1), encoding="utf-8")


def test_the_check_finds_a_bad_field_a_missing_page_and_a_missing_translation(
    tmp_path: Path,
) -> None:
    folder = copy_theme("orderpad", tmp_path)
    assert problems_of(folder) == []
    _edit(folder / "queries" / "product.graphql", "    unit\n", "    unit\n    colour\n")
    _edit(folder / "theme.toml", "[pages.search]", "[pages.not_search]")
    locale = folder / "locales" / "ro.json"
    messages = json.loads(locale.read_text(encoding="utf-8"))
    del messages["product.details"]
    locale.write_text(json.dumps(messages), encoding="utf-8")

    # A page outside the contract needs a route: the manifest is refused as a whole.
    assert problems_of(folder) == [
        "theme.toml: [pages.not_search]: a page of the theme's own needs a 'route' like /about."
    ]
    _edit(folder / "theme.toml", "[pages.not_search]", '[pages.not_search]\nroute = "/find"')
    assert problems_of(folder) == [
        "theme.toml: required page 'search' is missing.",
        "queries/product.graphql: Cannot query field 'colour' on type 'Product'. (line 9)",
        # The templates still link to the page that went missing.
        "templates/base.html:14: url('search'): there is no such page.",
        "templates/product.html:18: 'product.details' is not translated in ro.",
    ]


def test_the_check_finds_variables_no_route_gives_and_form_fields_that_are_missing(
    tmp_path: Path,
) -> None:
    folder = copy_theme("orderpad", tmp_path)
    _edit(folder / "queries" / "account.graphql", "query Account {", "query Account($n: Int!) {")
    _edit(folder / "templates" / "claim.html", 'ui.field("email"', 'ui.field("mail"')
    assert sorted(problems_of(folder)) == [
        "[pages.account]: queries/account.graphql needs $n, which the page's route (/account) "
        "and variables do not give.",
        '[pages.claim]: the form needs a field name="email" for queries/claim.graphql.',
        "queries/account.graphql: Variable '$n' is never used in operation 'Account'. (line 1)",
    ]


def test_the_check_refuses_programs_dynamic_keys_and_unknown_pages(tmp_path: Path) -> None:
    folder = copy_theme("orderpad", tmp_path)
    (folder / "static" / "helper.py").write_text("print('no')", encoding="utf-8")
    _edit(
        folder / "templates" / "home.html",
        "{% block main %}",
        "{% block main %}{{ t(page.name) }}<a href=\"{{ url('basket') }}\">x</a>"
        "<img src=\"{{ static('missing.png') }}\">",
    )
    _edit(folder / "queries" / "catalog.graphql", "query Catalog(", "mutation Catalog(")
    found = problems_of(folder)
    assert "static/helper.py: no programs in a theme." in found
    assert "templates/home.html:4: t() needs a literal key, so the check can find it." in found
    assert "templates/home.html:4: url('basket'): there is no such page." in found
    assert "templates/home.html:4: static('missing.png'): static/missing.png is missing." in found
    assert "queries/catalog.graphql: a page's data must be a query." in found


def test_the_check_needs_every_language(tmp_path: Path) -> None:
    folder = copy_theme("orderpad", tmp_path)
    _edit(folder / "theme.toml", 'locales = ["en", "pt-BR", "es", "ro"]', 'locales = ["en"]')
    assert problems_of(folder) == [
        "theme.toml: locale 'pt-BR' is missing from locales.",
        "theme.toml: locale 'es' is missing from locales.",
        "theme.toml: locale 'ro' is missing from locales.",
    ]


# The commands


def test_themes_list_and_check_commands(tmp_path: Path) -> None:
    listed = vitrine(tmp_path, "themes", "list")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert any(line.startswith("orderpad 1.0.0  (built-in) by Vitrine: ") for line in lines)
    assert any(line.startswith("showcase 1.0.0  (built-in) by Vitrine: ") for line in lines)

    checked = vitrine(tmp_path, "themes", "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.splitlines() == ["orderpad: ok", "showcase: ok"]

    unknown = vitrine(tmp_path, "themes", "check", "nope")
    assert unknown.returncode == 2
    assert "not installed: nope" in unknown.stderr


def test_themes_install_checks_then_copies_and_check_reports_failures(tmp_path: Path) -> None:
    themes = tmp_path / "themes"
    source = copy_theme("orderpad", tmp_path / "work", "mine")
    env = {"VITRINE_THEMES_DIR": str(themes)}

    installed = vitrine(tmp_path, "themes", "install", str(source), **env)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert f"Installed mine in {themes / 'mine'}" in installed.stdout
    assert (themes / "mine" / "theme.toml").is_file()
    assert [p.name for p in themes.iterdir()] == ["mine"]
    listed = vitrine(tmp_path, "themes", "list", **env)
    assert any(line.startswith("mine 1.0.0  (installed)") for line in listed.stdout.splitlines())

    _edit(source / "queries" / "layout.graphql", "isActing", "isActing nope")
    refused = vitrine(tmp_path, "themes", "install", str(source), **env)
    assert refused.returncode == 1
    assert "mine: queries/layout.graphql: Cannot query field 'nope' on type 'Viewer'." in (
        refused.stdout
    )
    assert "nope" not in (themes / "mine" / "queries" / "layout.graphql").read_text()

    (themes / "mine" / "queries" / "layout.graphql").write_text("query { nope }")
    failing = vitrine(tmp_path, "themes", "check", "mine", **env)
    assert failing.returncode == 1
    assert "mine: queries/layout.graphql: Cannot query field 'nope' on type 'Query'." in (
        failing.stdout
    )
    assert "1 theme(s) failed the check" in failing.stderr

    built_in = copy_theme("showcase", tmp_path / "again")
    clash = vitrine(tmp_path, "themes", "install", str(built_in), **env)
    assert clash.returncode == 2
    assert "'showcase' is a built-in theme" in clash.stderr
