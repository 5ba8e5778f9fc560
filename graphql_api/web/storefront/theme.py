"""A loaded theme: its manifest, parsed documents, translations, hashed static files and its
sandboxed Jinja2 environment; and the registry that loads each theme once (again when its files
change, in development)."""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphql import DocumentNode, OperationDefinitionNode, OperationType, parse
from graphql.error import GraphQLSyntaxError
from graphql.language import NonNullTypeNode, print_ast
from jinja2 import ChainableUndefined, FileSystemLoader, select_autoescape
from jinja2.sandbox import ImmutableSandboxedEnvironment

from graphql_api.services.themes import FALLBACK_THEME, installed_themes
from graphql_api.settings import Settings
from graphql_api.web.storefront.i18n import (
    LANGUAGES,
    Language,
    LocaleFileError,
    Messages,
    engine_messages,
    read_messages,
)
from graphql_api.web.storefront.manifest import Manifest, ManifestError, read_manifest

logger = logging.getLogger("vitrine.themes")
HASH_LENGTH = 12


class ThemeError(Exception):
    """A theme cannot be served; the message says why (shown in development only)."""


@dataclass(frozen=True)
class Variable:
    name: str
    type_name: str  # the named type under lists and non-null, e.g. Int
    type_text: str  # as written, e.g. [ID!]!
    required: bool  # non-null without a default: someone must provide it
    is_list: bool


@dataclass(frozen=True)
class Document:
    name: str
    source: str
    ast: DocumentNode
    operation: OperationType
    variables: tuple[Variable, ...]
    # The response keys of its top-level selections (alias or field name).
    keys: tuple[str, ...]


def _named_type(node: Any) -> tuple[str, bool]:
    is_list = False
    while node.kind != "named_type":
        is_list = is_list or node.kind == "list_type"
        node = node.type
    return node.name.value, is_list


def read_document(name: str, path: Path) -> Document:
    try:
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ThemeError(f"queries/{name}.graphql is missing.") from None
    try:
        ast = parse(source)
    except GraphQLSyntaxError as exc:
        raise ThemeError(f"queries/{name}.graphql: {exc.message} at {exc.locations}") from None
    operations = [d for d in ast.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) != 1:
        raise ThemeError(f"queries/{name}.graphql must hold exactly one operation.")
    operation = operations[0]
    variables = []
    for definition in operation.variable_definitions or ():
        type_name, is_list = _named_type(definition.type)
        variables.append(
            Variable(
                name=definition.variable.name.value,
                type_name=type_name,
                type_text=print_ast(definition.type),
                required=isinstance(definition.type, NonNullTypeNode)
                and definition.default_value is None,
                is_list=is_list,
            )
        )
    keys = tuple(
        (selection.alias or selection.name).value  # type: ignore[attr-defined]  # fragments are left out by the hasattr below
        for selection in operation.selection_set.selections
        if hasattr(selection, "name")
    )
    return Document(name, source, ast, operation.operation, tuple(variables), keys)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:HASH_LENGTH]


class ThemeEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox, except that on the dicts of GraphQL data a field wins over a dict method
    of the same name (`items`, `values`, `keys`, ...)."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if isinstance(obj, dict) and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


# The engine's macro library (`{% import "vitrine/macros.html" ... %}`), found after the
# theme's own templates, so a theme may also ship its own copy.
LIBRARY = Path(__file__).resolve().parent / "library"


def make_environment(folder: Path, auto_reload: bool) -> ThemeEnvironment:
    return ThemeEnvironment(
        loader=FileSystemLoader([folder / "templates", LIBRARY]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        auto_reload=auto_reload,
        # `data.product.category.name` is empty, not an error, when the category is null.
        undefined=ChainableUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@dataclass
class Theme:
    name: str
    path: Path
    manifest: Manifest
    documents: dict[str, Document]
    # Language code -> the engine's messages overlaid with the theme's.
    messages: dict[str, Messages]
    # Path under static/ -> content hash.
    static: dict[str, str]
    environment: ThemeEnvironment
    stamp: tuple[int, float] = (0, 0.0)
    languages: dict[str, Language] = field(default_factory=dict)

    @property
    def locales(self) -> tuple[str, ...]:
        return tuple(code for code in self.manifest.locales if code in self.messages)

    def language(self, code: str) -> Language:
        if code not in self.languages:
            self.languages[code] = Language(code, self.messages[code])
        return self.languages[code]


def stamp_of(folder: Path) -> tuple[int, float]:
    """How many files a theme has and when the newest changed: cheap enough to check on every
    request in development."""
    count, newest = 0, 0.0
    for path in folder.rglob("*"):
        count += 1
        newest = max(newest, path.stat().st_mtime)
    return count, newest


def load_theme(folder: Path, *, auto_reload: bool = False) -> Theme:
    """Read a theme folder. Raises ThemeError when it cannot be served at all; documents are
    checked against the schema by check.py and, at run time, by the schema itself."""
    try:
        manifest = read_manifest(folder)
    except ManifestError as exc:
        raise ThemeError(str(exc)) from None
    documents = {
        name: read_document(name, folder / "queries" / f"{name}.graphql")
        for name in sorted(manifest.documents())
    }
    messages: dict[str, Messages] = {}
    for code in manifest.locales:
        if code not in LANGUAGES:
            raise ThemeError(f"Locale '{code}' is not one of {', '.join(LANGUAGES)}.")
        try:
            own = read_messages(folder / "locales" / f"{code}.json")
        except LocaleFileError as exc:
            raise ThemeError(f"locales/{exc}") from None
        messages[code] = {**engine_messages(code), **own}
    static_dir = folder / "static"
    static = {
        path.relative_to(static_dir).as_posix(): _digest(path)
        for path in sorted(static_dir.rglob("*"))
        if path.is_file()
    }
    return Theme(
        name=manifest.name,
        path=folder,
        manifest=manifest,
        documents=documents,
        messages=messages,
        static=static,
        environment=make_environment(folder, auto_reload),
        stamp=stamp_of(folder),
    )


class ThemeRegistry:
    """Each theme loaded once per process; in development, loaded again whenever a file of it
    changes, so a designer sees an edit on the next reload without restarting."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._themes: dict[str, Theme] = {}
        self._lock = threading.Lock()

    def installed(self) -> Mapping[str, Path]:
        return installed_themes(self.settings)

    def get(self, name: str) -> Theme:
        """The theme called `name`; the fallback theme when none is (the model's default
        value "default", or a theme since removed). Raises ThemeError."""
        theme = self._themes.get(name)
        if theme is not None and not self.settings.development:
            return theme
        folders = self.installed()
        if name not in folders:
            if name == FALLBACK_THEME:
                raise ThemeError(f"The theme '{name}' is not installed.")
            if name != "default":
                logger.warning("theme %r is not installed; serving %r", name, FALLBACK_THEME)
            fallback = self.get(FALLBACK_THEME)
            if not self.settings.development:
                # Remembered under the missing name too: no directory scan on every request.
                with self._lock:
                    self._themes[name] = fallback
            return fallback
        folder = folders[name]
        if theme is not None and theme.path == folder and theme.stamp == stamp_of(folder):
            return theme
        loaded = load_theme(folder, auto_reload=self.settings.development)
        with self._lock:
            self._themes[name] = loaded
        return loaded

    def static_file(self, name: str, path: str) -> tuple[Path, str] | None:
        """A static file of a theme and its current hash; None when it is not one."""
        try:
            theme = self.get(name)
        except ThemeError:
            return None
        if theme.name != name or path not in theme.static:
            return None
        return theme.path / "static" / path, theme.static[path]
