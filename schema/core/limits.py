"""How long every string and how many items every list of a request may be (SPEC F8).

Every argument and input field is bounded before any resolver runs: a string by its declared
`max_length`, else by its scalar's default (DEFAULT_MAX_LENGTH for String, the longest canonical
ID for ID); a list by its declared `max_items`, else DEFAULT_MAX_ITEMS; and no string may hold a
NUL character (PostgreSQL refuses it in text, so it could only ever become an internal error).
A limit is declared once, where the argument or field is declared:

    name: str = strawberry.field(description="...", metadata=limits(max_length=120))
    kinds: Annotated[list[str] | None, arg("...", max_length=40, max_items=20)] = None

`max_length` applies to each string of a list. A field that filters or writes one column takes
the column's own length, `column_length(Model, "field")`, so the number is the model's.

InputLimits walks the operation's arguments (literals and variables alike) once, before
execution: a walk of the selections that takes tens of microseconds, where graphql-core's
TypeInfo visitor took twenty times as long. Any excess refuses the whole operation with
BAD_USER_INPUT errors naming the field and the argument path, e.g.
`createCompany(input.addresses)`, so nothing is half-written: a mutation's resolver, which may
already have written, never runs."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    ArgumentNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLArgument,
    GraphQLError,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    InlineFragmentNode,
    ListValueNode,
    Node,
    ObjectValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    ValueNode,
    VariableNode,
    get_named_type,
)
from graphql.execution import ExecutionResult
from graphql.utilities import get_operation_ast
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema_converter import GraphQLCoreConverter
from tortoise.models import Model

from graphql_api.global_ids import MAX_ID_LENGTH
from graphql_api.services.errors import ErrorCode

DEFAULT_MAX_LENGTH = 10_000
DEFAULT_MAX_ITEMS = 100
# Scalars other than String whose values come as strings: their own, tighter defaults.
SCALAR_MAX_LENGTH = {"ID": MAX_ID_LENGTH, "Decimal": 100, "DateTime": 64}
# Enough to see what is wrong with a request, few enough to keep the answer short.
MAX_ERRORS = 20

_KEY = "vitrine.limits"


@dataclass(frozen=True)
class Limits:
    max_length: int | None = None
    max_items: int | None = None


def limits(*, max_length: int | None = None, max_items: int | None = None) -> dict[str, Limits]:
    """Metadata for `strawberry.field(metadata=...)` or `strawberry.argument(metadata=...)`."""
    return {_KEY: Limits(max_length, max_items)}


def column_length(model: type[Model], field: str) -> int:
    """The declared length of a model's character column."""
    length = model._meta.fields_map[field].max_length  # type: ignore[attr-defined]  # Field has max_length only on CharField (asserted below)
    assert isinstance(length, int), f"{model.__name__}.{field} has no max_length"
    return length


def _declared(definition: GraphQLArgument | GraphQLInputField) -> Limits:
    source = (definition.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
    found = (getattr(source, "metadata", None) or {}).get(_KEY)
    return found if isinstance(found, Limits) else Limits()


def _dotted(path: list[str]) -> str:
    return ".".join(path)


class _Walk:
    """The errors of one operation's argument values."""

    def __init__(self, variables: Mapping[str, Any], operation: OperationDefinitionNode) -> None:
        self.variables = variables
        self.defaults = {
            d.variable.name.value: d.default_value for d in operation.variable_definitions or ()
        }
        self.errors: list[GraphQLError] = []

    def refuse(self, field: str, path: list[str], node: Node, message: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(
                GraphQLError(
                    f"{field}({_dotted(path)}) {message}",
                    nodes=[node],
                    extensions={"code": ErrorCode.BAD_USER_INPUT, "field": path},
                )
            )

    def string(
        self,
        field: str,
        path: list[str],
        node: Node,
        text: str,
        kind: GraphQLScalarType,
        at: Limits,
    ) -> None:
        if "\x00" in text:
            self.refuse(field, path, node, "must not contain NUL characters.")
        most = at.max_length or SCALAR_MAX_LENGTH.get(kind.name, DEFAULT_MAX_LENGTH)
        if len(text) > most:
            self.refuse(field, path, node, f"takes at most {most} characters; got {len(text)}.")

    def count(self, field: str, path: list[str], node: Node, n: int, at: Limits) -> bool:
        most = at.max_items or DEFAULT_MAX_ITEMS
        if n > most:
            self.refuse(field, path, node, f"takes at most {most} items; got {n}.")
            return False
        return True

    def node(
        self, field: str, path: list[str], value: ValueNode, kind: GraphQLInputType, at: Limits
    ) -> None:
        """A literal of the document; a variable in it is walked as the JSON it stands for."""
        if isinstance(kind, GraphQLNonNull):
            kind = kind.of_type
        if isinstance(value, VariableNode):
            name = value.name.value
            if name in self.variables:
                self.value(field, path, value, self.variables[name], kind, at)
            elif self.defaults.get(name) is not None:
                self.node(field, path, self.defaults[name], kind, at)  # type: ignore[arg-type]  # the default is checked not None just above
            return
        if isinstance(kind, GraphQLList):
            if not isinstance(value, ListValueNode):
                # One value where a list is expected is a list of one.
                self.node(field, path, value, kind.of_type, at)
            elif self.count(field, path, value, len(value.values), at):
                for n, item in enumerate(value.values):
                    self.node(field, [*path, str(n)], item, kind.of_type, at)
        elif isinstance(kind, GraphQLInputObjectType) and isinstance(value, ObjectValueNode):
            for entry in value.fields:
                inner = kind.fields.get(entry.name.value)
                if inner is not None:
                    self.node(
                        field, [*path, entry.name.value], entry.value, inner.type, _declared(inner)
                    )
        elif isinstance(kind, GraphQLScalarType) and isinstance(value, StringValueNode):
            self.string(field, path, value, value.value, kind, at)

    def value(
        self,
        field: str,
        path: list[str],
        node: Node,
        raw: Any,
        kind: GraphQLInputType,
        at: Limits,
    ) -> None:
        """A variable's JSON value. Values of the wrong type are left to graphql-core's own
        coercion, which refuses them with its usual error."""
        if isinstance(kind, GraphQLNonNull):
            kind = kind.of_type
        if isinstance(kind, GraphQLList):
            if not isinstance(raw, list):
                self.value(field, path, node, raw, kind.of_type, at)
            elif self.count(field, path, node, len(raw), at):
                for n, item in enumerate(raw):
                    self.value(field, [*path, str(n)], node, item, kind.of_type, at)
        elif isinstance(kind, GraphQLInputObjectType) and isinstance(raw, dict):
            for name, item in raw.items():
                inner = kind.fields.get(name)
                if inner is not None:
                    self.value(field, [*path, name], node, item, inner.type, _declared(inner))
        elif isinstance(kind, GraphQLScalarType) and isinstance(raw, str):
            self.string(field, path, node, raw, kind, at)


def _arguments(
    schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode
) -> Iterator[tuple[str, GraphQLArgument, ArgumentNode]]:
    """(field name, argument definition, argument) of every argument the operation gives a
    field, its fragments' included (each once: a fragment's arguments do not change)."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    seen: set[str] = set()
    pending: deque[tuple[SelectionSetNode, GraphQLNamedType | None]] = deque(
        [(operation.selection_set, schema.get_root_type(operation.operation))]
    )
    while pending:
        selection_set, parent = pending.popleft()
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                definition = (
                    parent.fields.get(selection.name.value)
                    if isinstance(parent, (GraphQLObjectType, GraphQLInterfaceType))
                    else None
                )
                if definition is None:
                    continue  # __typename and the like: validation vouches for the rest
                for argument in selection.arguments or ():
                    arg_def = definition.args.get(argument.name.value)
                    if arg_def is not None:
                        yield selection.name.value, arg_def, argument
                if selection.selection_set is not None:
                    pending.append((selection.selection_set, get_named_type(definition.type)))
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = schema.get_type(condition.name.value) if condition else parent
                pending.append((selection.selection_set, inner))
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = fragments.get(name)
                if fragment is not None and name not in seen:
                    seen.add(name)
                    inner = schema.get_type(fragment.type_condition.name.value)
                    pending.append((fragment.selection_set, inner))


def input_errors(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
) -> list[GraphQLError]:
    """Every excess in the arguments of the operation the request runs (validated already)."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return []
    walk = _Walk(variables or {}, operation)
    for field, definition, argument in _arguments(schema, document, operation):
        walk.node(
            field, [argument.name.value], argument.value, definition.type, _declared(definition)
        )
    return walk.errors


class InputLimits(SchemaExtension):
    """Refuses an operation whose arguments exceed their limits, before it executes."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and not context.result:
            errors = input_errors(
                context.schema._schema, document, context.operation_name, context.variables
            )
            if errors:
                context.result = ExecutionResult(data=None, errors=errors)
        yield
