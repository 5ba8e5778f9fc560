"""`vitrine themes check` (SPEC E2): everything about a theme that can be known without serving
it. A theme passes when the engine can route, fill and translate every page it has:

- the manifest is valid and names every page the engine requires;
- each file it names exists; there is no Python (or any program) in the folder;
- every document parses, holds one operation (a query for a page, a mutation for a form) and
  is valid against the current schema (graphql-core's validate);
- every variable a document requires is given by its route, the manifest or, for a form, a
  field of the page's template; a page's documents do not answer under the same key twice;
- every template compiles in the sandbox, calls t() with literal keys only, and every key it
  uses is translated in every locale the theme declares (which must be all four).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import strawberry
from graphql import GraphQLSchema, OperationType, validate
from jinja2 import TemplateSyntaxError, nodes

from graphql_api.services.themes import MANIFEST
from graphql_api.web.storefront import contract
from graphql_api.web.storefront.i18n import LANGUAGES, LocaleFileError, engine_messages
from graphql_api.web.storefront.i18n import read_messages as read_locale
from graphql_api.web.storefront.manifest import Manifest, ManifestError, Page, read_manifest
from graphql_api.web.storefront.theme import (
    LIBRARY,
    Document,
    ThemeError,
    make_environment,
    read_document,
)

# Anything executable has no place in a theme: it holds data, templates and static files.
PROGRAM_SUFFIXES = (".py", ".pyc", ".pyo", ".so", ".pyd", ".sh", ".exe")
FIELD_NAME = re.compile(r"""\bname\s*=\s*["']([A-Za-z_][A-Za-z0-9_]*)["']""")
FIELD_MACRO = "field"
PATH_PARAM = re.compile(r"\{(\w+)(?::\w+)?\}")


@dataclass(frozen=True)
class Problem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def graphql_schema(schema: strawberry.Schema) -> GraphQLSchema:
    return schema._schema


def check_theme(folder: Path, schema: GraphQLSchema) -> list[Problem]:
    """Every problem of the theme in `folder`; empty when it passes."""
    problems: list[Problem] = []
    try:
        manifest = read_manifest(folder)
    except ManifestError as exc:
        return [Problem(MANIFEST, str(exc))]
    if manifest.name != folder.name:
        problems.append(
            Problem(MANIFEST, f"name '{manifest.name}' differs from the folder '{folder.name}'.")
        )
    problems += _programs(folder)
    problems += _required_pages(manifest)
    documents, found = _documents(folder, manifest, schema)
    problems += found
    problems += _variables(folder, manifest, documents)
    messages, found = _locales(folder, manifest)
    problems += found
    problems += _templates(folder, manifest, messages)
    return problems


def _programs(folder: Path) -> Iterator[Problem]:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix.lower() in PROGRAM_SUFFIXES:
            yield Problem(path.relative_to(folder).as_posix(), "no programs in a theme.")


def _required_pages(manifest: Manifest) -> Iterator[Problem]:
    for name in contract.REQUIRED_PAGES:
        if name not in manifest.pages:
            yield Problem(MANIFEST, f"required page '{name}' is missing.")
    for page in manifest.pages.values():
        if page.success and page.success not in manifest.pages:
            yield Problem(f"[pages.{page.name}]", f"success page '{page.success}' is not a page.")
        if (page.success or page.notice) and not page.action:
            yield Problem(f"[pages.{page.name}]", "'success' and 'notice' need an 'action'.")


def _documents(
    folder: Path, manifest: Manifest, schema: GraphQLSchema
) -> tuple[dict[str, Document], list[Problem]]:
    documents: dict[str, Document] = {}
    problems: list[Problem] = []
    actions = {page.action for page in manifest.pages.values() if page.action}
    for name in sorted(manifest.documents()):
        where = f"queries/{name}.graphql"
        try:
            document = read_document(name, folder / "queries" / f"{name}.graphql")
        except ThemeError as exc:
            problems.append(Problem(where, str(exc).removeprefix(f"{where}: ")))
            continue
        for error in validate(schema, document.ast):
            at = ", ".join(f"line {loc.line}" for loc in error.locations or ())
            problems.append(Problem(where, error.message + (f" ({at})" if at else "")))
        wanted = OperationType.MUTATION if name in actions else OperationType.QUERY
        if document.operation != wanted:
            kind = "a form's action" if name in actions else "a page's data"
            problems.append(Problem(where, f"{kind} must be a {wanted.value}."))
        documents[name] = document
    return documents, problems


def _template_fields(folder: Path, page: Page) -> set[str]:
    """The fields a page's form sends: `name="x"` attributes in its template, and the first
    argument of each call of a macro called `field` (`ui.field("email", ...)`)."""
    try:
        source = (folder / "templates" / page.template).read_text(encoding="utf-8")
        ast = make_environment(folder, auto_reload=False).parse(source)
    except (FileNotFoundError, UnicodeDecodeError, TemplateSyntaxError):
        return set()
    names = set(FIELD_NAME.findall(source))
    # Forms drawn by macros or includes (a cart table shared by two pages) count too.
    for used in ast.find_all((nodes.Import, nodes.FromImport, nodes.Include)):
        target = getattr(used, "template", None)  # all three have one; Stmt does not say so
        if isinstance(target, nodes.Const):
            try:
                other = (folder / "templates" / str(target.value)).read_text("utf-8")
            except (FileNotFoundError, UnicodeDecodeError):
                continue
            names |= set(FIELD_NAME.findall(other))
    for call in ast.find_all(nodes.Call):
        callee = call.node
        called = callee.name if isinstance(callee, nodes.Name) else getattr(callee, "attr", None)
        first = call.args[0] if call.args else None
        if called == FIELD_MACRO and isinstance(first, nodes.Const):
            names.add(str(first.value))
    return names


def _variables(
    folder: Path, manifest: Manifest, documents: dict[str, Document]
) -> Iterator[Problem]:
    for page in manifest.pages.values():
        where = f"[pages.{page.name}]"
        route_params = set()
        for route in page.routes:
            route_params |= set(PATH_PARAM.findall(route.path)) | set(route.constants)
        given = route_params | set(page.variables)
        keys: dict[str, str] = {}
        for name in (*manifest.layout, *page.documents):
            document = documents.get(name)
            if document is None:
                continue
            for variable in document.variables:
                if variable.required and variable.name not in given:
                    yield Problem(
                        where,
                        f"queries/{name}.graphql needs ${variable.name}, which the page's route "
                        f"({_routes(page)}) and variables do not give.",
                    )
            for key in document.keys:
                if key in keys and keys[key] != name:
                    yield Problem(
                        where, f"'{key}' is answered by both {keys[key]} and {name}; use an alias."
                    )
                keys.setdefault(key, name)
        if page.action and page.action in documents:
            fields = _template_fields(folder, page) | given
            for variable in documents[page.action].variables:
                if variable.required and variable.name not in fields:
                    yield Problem(
                        where,
                        f'the form needs a field name="{variable.name}" for '
                        f"queries/{page.action}.graphql.",
                    )
        for key in page.require:
            if key not in keys:
                yield Problem(where, f"require '{key}': no document of the page answers it.")


def _routes(page: Page) -> str:
    return ", ".join(route.path for route in page.routes) or "none"


def _locales(folder: Path, manifest: Manifest) -> tuple[dict[str, dict], list[Problem]]:
    problems: list[Problem] = []
    messages: dict[str, dict] = {}
    for code in LANGUAGES:
        if code not in manifest.locales:
            problems.append(Problem(MANIFEST, f"locale '{code}' is missing from locales."))
    for code in manifest.locales:
        where = f"locales/{code}.json"
        if code not in LANGUAGES:
            problems.append(Problem(MANIFEST, f"locale '{code}' is not one of {LANGUAGES}."))
            continue
        try:
            own = read_locale(folder / "locales" / f"{code}.json")
        except LocaleFileError as exc:
            problems.append(Problem(where, str(exc).removeprefix(f"{code}.json ")))
            continue
        messages[code] = {**engine_messages(code), **own}
    return messages, problems


def _calls(ast: nodes.Template) -> Iterator[tuple[int, str, str | None]]:
    """Each call of a helper by name: (line, helper, first argument when a literal)."""
    for call in ast.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name):
            first = call.args[0] if call.args else None
            literal = first.value if isinstance(first, nodes.Const) else None
            yield call.lineno, call.node.name, literal if isinstance(literal, str) else None


def _imported(environment: Any, paths: list[Path]) -> set[str]:
    """The template names the templates at `paths` import or include by a literal name."""
    names: set[str] = set()
    for path in paths:
        try:
            ast = environment.parse(path.read_text(encoding="utf-8"))
        except (TemplateSyntaxError, UnicodeDecodeError):
            continue  # reported by the caller
        for used in ast.find_all((nodes.Import, nodes.FromImport, nodes.Include)):
            target = getattr(used, "template", None)
            if isinstance(target, nodes.Const) and isinstance(target.value, str):
                names.add(target.value)
    return names


def _templates(folder: Path, manifest: Manifest, messages: dict[str, dict]) -> Iterator[Problem]:
    templates = folder / "templates"
    for page in manifest.pages.values():
        if not (templates / page.template).is_file():
            yield Problem(f"[pages.{page.name}]", f"templates/{page.template} is missing.")
    environment = make_environment(folder, auto_reload=False)
    static = {p.relative_to(folder / "static").as_posix() for p in (folder / "static").rglob("*")}
    own = sorted(path for path in templates.rglob("*") if path.is_file())
    # The engine's library templates the theme imports and does not ship itself: their texts
    # are the theme's translations too.
    borrowed = sorted(
        LIBRARY / name
        for name in _imported(environment, own)
        if not (templates / name).is_file() and (LIBRARY / name).is_file()
    )
    for path in [*own, *borrowed]:
        if path.is_relative_to(templates):
            where = f"templates/{path.relative_to(templates).as_posix()}"
        else:
            where = f"{path.relative_to(LIBRARY).as_posix()} (the engine's library)"
        try:
            ast = environment.parse(path.read_text(encoding="utf-8"))
        except TemplateSyntaxError as exc:
            yield Problem(f"{where}:{exc.lineno}", exc.message or "syntax error")
            continue
        except UnicodeDecodeError:
            yield Problem(where, "not UTF-8 text.")
            continue
        for line, helper, literal in _calls(ast):
            at = f"{where}:{line}"
            if helper == "t":
                if literal is None:
                    yield Problem(at, "t() needs a literal key, so the check can find it.")
                    continue
                for code, catalog in messages.items():
                    if literal not in catalog:
                        yield Problem(at, f"'{literal}' is not translated in {code}.")
            elif helper == "url" and literal is not None:
                known = literal in manifest.pages or literal in contract.ENGINE_ROUTES
                if not known:
                    yield Problem(at, f"url('{literal}'): there is no such page.")
            elif helper == "static" and literal is not None and literal not in static:
                yield Problem(at, f"static('{literal}'): static/{literal} is missing.")
    for page in manifest.pages.values():
        if page.notice:
            for code, catalog in messages.items():
                if page.notice not in catalog:
                    message = f"notice '{page.notice}' is not translated in {code}."
                    yield Problem(f"[pages.{page.name}]", message)
            if not page.notice.startswith("notices."):
                yield Problem(f"[pages.{page.name}]", "a notice key starts with 'notices.'.")
