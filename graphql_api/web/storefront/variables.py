"""From the strings of a URL or a form to the variables of a theme's document, and back from a
mutation's `userErrors` to the form fields that sent the values."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from graphql import (
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    VariableNode,
)

from graphql_api.web.storefront.theme import Document, Variable

INT_MIN, INT_MAX = -(2**31), 2**31 - 1
TRUE = frozenset({"1", "true", "on", "yes"})
FALSE = frozenset({"0", "false", "off", "no"})


class BadValue(ValueError):
    """A value cannot be given to its variable; `name` is the variable."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


def coerce(variable: Variable, raw: str) -> Any:
    """One value from text. Raises BadValue."""
    if variable.is_list:
        raise BadValue(variable.name, f"'{variable.name}' cannot come from a URL or form.")
    kind = variable.type_name
    if kind == "Int":
        try:
            number = int(raw.strip())
        except ValueError:
            raise BadValue(variable.name, f"'{variable.name}' must be a whole number.") from None
        if not INT_MIN <= number <= INT_MAX:
            raise BadValue(variable.name, f"'{variable.name}' is out of range.")
        return number
    if kind == "Float":
        try:
            return float(raw.strip())
        except ValueError:
            raise BadValue(variable.name, f"'{variable.name}' must be a number.") from None
    if kind == "Boolean":
        lowered = raw.strip().lower()
        if lowered in TRUE:
            return True
        if lowered in FALSE:
            return False
        raise BadValue(variable.name, f"'{variable.name}' must be true or false.")
    # String, ID, enums and the custom scalars (Decimal, DateTime) are read from text by the
    # schema itself.
    return raw


def variables_for(
    document: Document,
    *,
    constants: Mapping[str, Any],
    texts: Mapping[str, str],
) -> dict[str, Any]:
    """The variables `document` declares, from constants (the manifest's, the route's and path
    parameters) else from texts (query string or form). An empty text counts as absent for an
    optional variable (its default applies) and as "" for a required one, so the service can
    say which field is missing. Raises BadValue."""
    values: dict[str, Any] = {}
    for variable in document.variables:
        if variable.name in constants:
            values[variable.name] = constants[variable.name]
            continue
        raw = texts.get(variable.name)
        if raw is None:
            continue
        if raw.strip() == "":
            if variable.required and variable.type_name in {"String", "ID"}:
                values[variable.name] = ""
            continue
        values[variable.name] = coerce(variable, raw)
    return values


def _walk(node: Any, path: tuple[str, ...]) -> Iterator[tuple[str, tuple[str, ...]]]:
    if isinstance(node, VariableNode):
        yield node.name.value, path
    elif isinstance(node, ObjectValueNode):
        for field in node.fields:
            yield from _walk(field.value, (*path, field.name.value))
    elif isinstance(node, ListValueNode):
        for index, value in enumerate(node.values):
            yield from _walk(value, (*path, str(index)))


def variable_paths(document: Document) -> dict[str, tuple[str, ...]]:
    """Where each variable lands in the arguments of the top-level fields: for
    `register(input: {company: {legalName: $legalName}})`, legalName -> (input, company,
    legalName), the path a userError about it names."""
    operation = next(d for d in document.ast.definitions if isinstance(d, OperationDefinitionNode))
    paths: dict[str, tuple[str, ...]] = {}
    for selection in operation.selection_set.selections:
        for argument in getattr(selection, "arguments", None) or ():
            for name, path in _walk(argument.value, (argument.name.value,)):
                paths.setdefault(name, path)
    return paths


def user_errors(data: Any) -> list[dict[str, Any]]:
    """Every `userErrors` entry anywhere in a mutation's result."""
    found: list[dict[str, Any]] = []
    if isinstance(data, Mapping):
        for key, value in data.items():
            if key == "userErrors" and isinstance(value, list):
                found.extend(dict(v) for v in value if isinstance(v, Mapping))
            else:
                found.extend(user_errors(value))
    elif isinstance(data, list):
        for item in data:
            found.extend(user_errors(item))
    return found


def field_of(error_path: list[str] | None, paths: Mapping[str, tuple[str, ...]]) -> str | None:
    """The form field (variable) a userError is about: the variable at that path, or the
    first one under it (an error about a whole address goes to its first field)."""
    if not error_path:
        return None
    wanted = tuple(error_path)
    for name, path in paths.items():
        if path == wanted:
            return name
    for name, path in paths.items():
        if path[: len(wanted)] == wanted:
            return name
    return None
