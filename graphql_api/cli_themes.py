"""`vitrine themes list|check|install` (SPEC E2, F5).

    vitrine themes list
    vitrine themes check [NAME ...]     every installed theme when no name is given
    vitrine themes install PATH         copy a checked theme folder into VITRINE_THEMES_DIR

Exit status: 0 when all is well, 1 when a theme has problems (each printed on its own line as
`theme: where: problem`), 2 for a usage problem (no such theme or folder). Nothing here needs
the database. `graphql_api.cli` calls `add_commands` to put these on its parser.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from graphql import GraphQLSchema

from graphql_api.services.themes import MANIFEST, installed_themes, is_built_in
from graphql_api.settings import Settings

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _fail(message: str, code: int) -> SystemExit:
    # Said and exited here rather than through cli.CommandError: under `python -m
    # graphql_api.cli` that module is __main__, and its CommandError another class.
    print(f"vitrine: {message}", file=sys.stderr, flush=True)
    return SystemExit(code)


def add_commands(sub: argparse._SubParsersAction) -> None:
    themes = sub.add_parser("themes", help="list, check and install storefront themes")
    actions = themes.add_subparsers(dest="themes_command", required=True, metavar="ACTION")
    actions.add_parser("list", help="list installed themes").set_defaults(handler=cmd_list)
    check = actions.add_parser(
        "check",
        help="check themes: manifest, pages, documents against the schema, translations",
    )
    check.add_argument("names", nargs="*", metavar="NAME", help="themes to check (default: all)")
    check.set_defaults(handler=cmd_check)
    install = actions.add_parser(
        "install", help="check a theme folder, then copy it into the themes directory"
    )
    install.add_argument("path", metavar="PATH", help="the theme's folder (with theme.toml)")
    install.set_defaults(handler=cmd_install)


def _say(message: str) -> None:
    print(message, flush=True)


def _schema() -> GraphQLSchema:
    """graphql-core's schema, built without the database."""
    from graphql_api.web.storefront.check import graphql_schema
    from schema import build_schema

    return graphql_schema(build_schema())


def cmd_list(args: argparse.Namespace, settings: Settings) -> None:
    from graphql_api.web.storefront.manifest import ManifestError, read_manifest

    found = installed_themes(settings)
    if not found:
        _say("No themes installed.")
        return
    for name, folder in found.items():
        where = "built-in" if is_built_in(name) and folder.parent.name == "themes" else "installed"
        try:
            manifest = read_manifest(folder)
        except ManifestError as exc:
            _say(f"{name}  ({where}, {folder})  unreadable: {exc}")
            continue
        _say(f"{name} {manifest.version}  ({where}) by {manifest.author}: {manifest.description}")


def cmd_check(args: argparse.Namespace, settings: Settings) -> None:
    from graphql_api.web.storefront.check import check_theme

    found = installed_themes(settings)
    names = args.names or sorted(found)
    unknown = [name for name in names if name not in found]
    if unknown:
        raise _fail(f"not installed: {', '.join(unknown)}", EXIT_USAGE)
    schema = _schema()
    failed = 0
    for name in names:
        problems = check_theme(found[name], schema)
        for problem in problems:
            _say(f"{name}: {problem}")
        if problems:
            failed += 1
            _say(f"{name}: {len(problems)} problem(s)")
        else:
            _say(f"{name}: ok")
    if failed:
        raise _fail(f"{failed} theme(s) failed the check", EXIT_FAILED)


def cmd_install(args: argparse.Namespace, settings: Settings) -> None:
    from graphql_api.web.storefront.check import check_theme
    from graphql_api.web.storefront.manifest import ManifestError, read_manifest

    source = Path(args.path).resolve()
    if not (source / MANIFEST).is_file():
        raise _fail(f"{source} has no {MANIFEST}", EXIT_USAGE)
    try:
        name = read_manifest(source).name
    except ManifestError as exc:
        raise _fail(f"{source}: {exc}", EXIT_FAILED) from None
    if is_built_in(name):
        raise _fail(f"'{name}' is a built-in theme; copy it under another name", EXIT_USAGE)
    settings.themes_dir.mkdir(parents=True, exist_ok=True)
    # Copied and checked beside its destination, then moved in with one rename: a storefront
    # using the theme never sees half a theme.
    with tempfile.TemporaryDirectory(dir=settings.themes_dir, prefix=".install-") as scratch:
        staged = Path(scratch) / name
        shutil.copytree(source, staged, ignore=shutil.ignore_patterns(".*", "__pycache__"))
        problems = check_theme(staged, _schema())
        if problems:
            for problem in problems:
                _say(f"{name}: {problem}")
            raise _fail(f"{name} was not installed: fix the problems", EXIT_FAILED)
        target = settings.themes_dir / name
        replaced = target.exists()
        if replaced:
            old = Path(scratch) / f"{name}.old"
            target.rename(old)
        staged.rename(target)
    state = "Replaced" if replaced else "Installed"
    _say(f"{state} {name} in {target}; switch a storefront to it with updateStorefront(theme:).")
