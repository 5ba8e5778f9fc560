"""Hot fields that graphql-core resolves directly, without Strawberry's wrapper.

Strawberry wraps every field that has a resolver: per call it builds an Info, converts the
arguments and chains the field extensions. On a page of 100 products (an id, category, supplier
and price each) the wrapper cost more than the resolvers themselves. A field listed here keeps
its Strawberry declaration, so the schema (type, description, arguments) is unchanged; only the
function graphql-core calls is replaced. That function gets graphql-core's info (its `.context`
is the same Context) and the arguments under their GraphQL names, already coerced, defaults
included. Only fields without field extensions or permission classes may be listed, which
`resolve_directly` checks."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from operator import attrgetter
from typing import Any, TypeVar

import strawberry
from graphql import GraphQLObjectType

Direct = Mapping[tuple[str, str], Callable[..., Any]]
F = TypeVar("F", bound=Callable[..., Any])


def resolve_directly(schema: strawberry.Schema, fields: Direct) -> None:
    for (type_name, field_name), resolve in fields.items():
        graphql_type = schema._schema.get_type(type_name)
        if not isinstance(graphql_type, GraphQLObjectType):
            raise TypeError(f"{type_name} is not an object type of the schema")
        declared = schema.get_field_for_type(field_name, type_name)
        if declared is None or declared.extensions or declared.permission_classes:
            raise TypeError(f"{type_name}.{field_name} cannot be resolved directly")
        graphql_type.fields[field_name].resolve = resolve


def source_reader(read: Callable[[Any], Any]) -> Callable[[Any, Any], Any]:
    """A resolver that needs only its source: graphql-core calls it with an info it ignores,
    and the planned executor (schema/core/executor.py) calls `read` alone, building no info."""

    def resolve(root: Any, info: Any) -> Any:
        return read(root)

    resolve.vitrine_read = read  # type: ignore[attr-defined]  # read by source_reader_of
    return resolve


def source_reader_of(resolve: Callable[..., Any]) -> Callable[[Any], Any] | None:
    return getattr(resolve, "vitrine_read", None)


def reads_from(row_type: type, read: Callable[[Any], Any]) -> Callable[[F], F]:
    """Marks a resolver that, for a source of `row_type`, returns `read(source)` and needs no
    info: the planned executor then reads it so. Other sources go through the resolver."""

    def mark(resolve: F) -> F:
        resolve.vitrine_read_from = (row_type, read)  # type: ignore[attr-defined]
        return resolve

    return mark


def row_reader_of(resolve: Callable[..., Any]) -> tuple[type, Callable[[Any], Any]] | None:
    return getattr(resolve, "vitrine_read_from", None)


def path_free(resolve: F) -> F:
    """Marks a resolver that reads no `info.path`: the planned executor may give every call
    of it in one selection the same info (that of the first object), built once."""
    resolve.vitrine_path_free = True  # type: ignore[attr-defined]
    return resolve


def is_path_free(resolve: Callable[..., Any]) -> bool:
    return bool(getattr(resolve, "vitrine_path_free", False))


def _reader(python_name: str) -> Callable[[Any, Any], Any]:
    return source_reader(attrgetter(python_name))


def read_directly(schema: strawberry.Schema, type_names: Iterable[str]) -> None:
    """Every plain attribute field of these types read by graphql-core directly: the same
    getattr Strawberry does, two calls fewer a field."""
    for type_name in type_names:
        definition = schema.get_type_by_name(type_name)
        graphql_type = schema._schema.get_type(type_name)
        if definition is None or not isinstance(graphql_type, GraphQLObjectType):
            raise TypeError(f"{type_name} is not an object type of the schema")
        for declared in definition.fields:  # type: ignore[union-attr]  # an object type has fields
            if declared.is_basic_field and not declared.permission_classes:
                name = schema.config.name_converter.get_graphql_name(declared)
                graphql_type.fields[name].resolve = _reader(declared.python_name)
