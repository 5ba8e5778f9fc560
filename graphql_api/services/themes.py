"""Which storefront themes are installed (SPEC E1, E2): folders holding a `theme.toml`, built in
under the repository's `themes/` or installed under `Settings.themes_dir`. The theme engine
(graphql_api/web/storefront) renders them; this module only finds them, so that a service can
refuse a theme that does not exist."""

from __future__ import annotations

import re
from pathlib import Path

from graphql_api.settings import Settings

BUILT_IN_DIR = Path(__file__).resolve().parent.parent.parent / "themes"
MANIFEST = "theme.toml"
# What the model's default ("default") and any theme that went missing are served with.
FALLBACK_THEME = "orderpad"
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_-]{0,59}$")


def theme_dirs(settings: Settings) -> list[Path]:
    """Where themes are looked for: installed ones first, so an installed copy can never be
    shadowed by a built-in theme of the same name (install refuses those names anyway)."""
    return [settings.themes_dir, BUILT_IN_DIR]


def installed_themes(settings: Settings) -> dict[str, Path]:
    """Theme name -> its folder, for every folder with a manifest."""
    found: dict[str, Path] = {}
    for base in reversed(theme_dirs(settings)):
        if not base.is_dir():
            continue
        for folder in sorted(base.iterdir()):
            if NAME_PATTERN.match(folder.name) and (folder / MANIFEST).is_file():
                found[folder.name] = folder
    return found


def is_built_in(name: str) -> bool:
    return (BUILT_IN_DIR / name / MANIFEST).is_file()
