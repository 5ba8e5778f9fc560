"""A theme's `theme.toml`, read into plain values. Reading refuses what cannot be served at all
(bad TOML, a missing name, a page without a template); check.py finds everything else."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphql_api.services.themes import MANIFEST, NAME_PATTERN
from graphql_api.web.storefront.contract import ERROR_PAGE, PAGES, STATIC_PREFIX, Route

VERSION_PATTERN = re.compile(r"^\d+\.\d+(\.\d+)?([-+][0-9A-Za-z.-]+)?$")
DOCUMENT_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
PAGE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
PAGE_KEYS = {
    "template",
    "documents",
    "variables",
    "require",
    "action",
    "success",
    "notice",
    "route",
}
ROOT_KEYS = {"name", "version", "author", "description", "locales", "layout", "pages"}


class ManifestError(ValueError):
    """The manifest cannot be used; the message says where."""


@dataclass(frozen=True)
class Page:
    name: str
    template: str
    routes: tuple[Route, ...]
    documents: tuple[str, ...] = ()
    # Constant variables for the page's documents, e.g. a page size.
    variables: Mapping[str, Any] = field(default_factory=dict)
    # Top-level fields that must not be null, else the page is a 404.
    require: tuple[str, ...] = ()
    # The mutation document a POST to the page runs, where to go on success, and the
    # translation key of the notice shown there.
    action: str | None = None
    success: str | None = None
    notice: str | None = None
    sign_in: bool = False


@dataclass(frozen=True)
class Manifest:
    name: str
    version: str
    author: str
    description: str
    locales: tuple[str, ...]
    layout: tuple[str, ...]
    pages: Mapping[str, Page]

    def documents(self) -> set[str]:
        names = set(self.layout)
        for page in self.pages.values():
            names.update(page.documents)
            if page.action:
                names.add(page.action)
        return names


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ManifestError(f"{where} must be a list of strings.")
    return tuple(value)


def _text(data: Mapping[str, Any], key: str, where: str, required: bool = True) -> str | None:
    value = data.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ManifestError(f"{where}: '{key}' must be a non-empty string.")
    return value


def _page(name: str, data: Any) -> Page:
    where = f"[pages.{name}]"
    if not PAGE_NAME.match(name):
        raise ManifestError(f"{where}: page names are lower-case letters, digits and _.")
    if not isinstance(data, dict):
        raise ManifestError(f"{where} must be a table.")
    unknown = set(data) - PAGE_KEYS
    if unknown:
        raise ManifestError(f"{where}: unknown keys {', '.join(sorted(unknown))}.")
    template = _text(data, "template", where)
    assert template is not None
    spec = PAGES.get(name)
    route = _text(data, "route", where, required=False)
    if spec is not None:
        if route is not None:
            raise ManifestError(
                f"{where}: the engine routes '{name}' at {spec.routes[0].path}; drop 'route'."
            )
        routes, sign_in = spec.routes, spec.sign_in
    elif name == ERROR_PAGE:
        routes, sign_in = (), False
    else:
        if route is None or not route.startswith("/") or route.startswith(STATIC_PREFIX):
            raise ManifestError(f"{where}: a page of the theme's own needs a 'route' like /about.")
        routes, sign_in = (Route(route),), False
    documents = _strings(data.get("documents", []), f"{where} documents")
    variables = data.get("variables", {})
    if not isinstance(variables, dict):
        raise ManifestError(f"{where} variables must be a table.")
    return Page(
        name=name,
        template=template,
        routes=routes,
        documents=documents,
        variables=variables,
        require=_strings(data.get("require", []), f"{where} require"),
        action=_text(data, "action", where, required=False),
        success=_text(data, "success", where, required=False),
        notice=_text(data, "notice", where, required=False),
        sign_in=sign_in,
    )


def read_manifest(folder: Path) -> Manifest:
    path = folder / MANIFEST
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ManifestError(f"{MANIFEST} is missing.") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ManifestError(f"{MANIFEST} is not valid TOML: {exc}") from None
    unknown = set(data) - ROOT_KEYS
    if unknown:
        raise ManifestError(f"{MANIFEST}: unknown keys {', '.join(sorted(unknown))}.")
    name = _text(data, "name", MANIFEST)
    assert name is not None
    if not NAME_PATTERN.match(name):
        raise ManifestError(
            f"{MANIFEST}: name '{name}' must be lower-case letters, digits, - and _ (max 60)."
        )
    version = _text(data, "version", MANIFEST)
    assert version is not None
    if not VERSION_PATTERN.match(version):
        raise ManifestError(f"{MANIFEST}: version '{version}' must look like 1.0.0.")
    pages = data.get("pages")
    if not isinstance(pages, dict) or not pages:
        raise ManifestError(f"{MANIFEST}: [pages] must list the theme's pages.")
    manifest = Manifest(
        name=name,
        version=version,
        author=_text(data, "author", MANIFEST) or "",
        description=_text(data, "description", MANIFEST) or "",
        locales=_strings(data.get("locales"), f"{MANIFEST} locales"),
        layout=_strings(data.get("layout", []), f"{MANIFEST} layout"),
        pages={page_name: _page(page_name, value) for page_name, value in pages.items()},
    )
    for document in manifest.documents():
        if not DOCUMENT_NAME.match(document):
            raise ManifestError(
                f"{MANIFEST}: document '{document}' must be the name of queries/{document}"
                ".graphql without its extension (lower-case letters, digits and _)."
            )
    return manifest
