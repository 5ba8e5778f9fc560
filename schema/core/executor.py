"""graphql-core's executor with each selection planned once per request, not once per object.

A page of 100 products asks graphql-core for about 1,000 fields. For each one it looked up the
field definition, wrapped the resolver in the middleware, built the resolve info, coerced the
arguments from the document and walked the type's wrappers (non-null, list, leaf) to find how
to complete the value: the same answers for every product of the page. `PlannedExecutor`
works them out once per selection set and request (`_plan`), and then runs each object with
them. What a field does is unchanged: its resolver gets the same info and arguments, and an
error, a null in a non-null field or an awaitable result takes graphql-core's own path, so
error paths and null propagation are what graphql-core gives (tests/test_executor.py runs
documents through both executors and compares).

A field whose resolver does not use its info (a plain attribute read, schema/core/direct.py)
is read without building one: `direct.source_reader` marks such resolvers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from graphql import (
    GraphQLLeafType,
    GraphQLObjectType,
    GraphQLOutputType,
    is_leaf_type,
    is_list_type,
    is_non_null_type,
    is_object_type,
)
from graphql.execution.collect_fields import FieldDetailsList, GroupedFieldSet
from graphql.execution.executor import to_nodes
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path, Undefined, gather_with_cancel
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from schema.core.direct import is_path_free, row_reader_of, source_reader_of

# "Not this way": the value is completed by graphql-core's general code instead.
_GENERAL = object()


@dataclass(slots=True)
class _Step:
    """One field of a selection set, as far as it can be worked out before any object."""

    name: str
    details: FieldDetailsList
    return_type: GraphQLOutputType
    resolve: Callable[..., Any]
    # The resolver's own reader of the source when it needs no info, else None.
    read: Callable[[Any], Any] | None
    # (row type, reader): for a source of that type, the resolver's value without it.
    read_from: tuple[type, Callable[[Any], Any]] | None
    # The resolver reads no info.path: every object of this selection gets `info`, built once.
    path_free: bool
    info: Any
    field_def: Any
    nodes: list[Any]
    # The coerced arguments, or the error coercing them raised (raised again per object, so it
    # is reported at each object's path as graphql-core would).
    args: dict[str, Any] | Exception
    # The scalar or enum of a leaf field (under its non-null), else None.
    leaf: GraphQLLeafType | None
    # The object type of an object field that checks no is_type_of, else None.
    object_type: GraphQLObjectType | None
    # The item type of a list field whose items are non-null leaves or objects: (leaf, object).
    items: tuple[GraphQLLeafType | None, GraphQLObjectType | None] | None
    non_null: bool


def _plain_object(type_: Any) -> GraphQLObjectType | None:
    """The object type, when completing it is only running its fields: no is_type_of, or
    schema/core/common.py's instance_of, which _object checks itself."""
    if not is_object_type(type_):
        return None
    if type_.is_type_of is None or _classes(type_) is not None:
        return type_
    return None


def _classes(object_type: GraphQLObjectType) -> tuple[type, ...] | None:
    return getattr(object_type.is_type_of, "vitrine_classes", None)


def _items(list_type: Any) -> tuple[GraphQLLeafType | None, GraphQLObjectType | None] | None:
    """(leaf, object) of a list of non-null leaves or non-null plain objects, else None."""
    if not is_list_type(list_type) or not is_non_null_type(list_type.of_type):
        return None
    item = list_type.of_type.of_type
    if is_leaf_type(item):
        return (item, None)
    plain = _plain_object(item)
    return (None, plain) if plain is not None else None


_LEAF, _LEAVES, _OBJECT, _ROW_OBJECT, _CALLED_OBJECT = range(5)


class _Unusual(Exception):
    """An item a row function does not complete: the general way does."""


def _row(ops: tuple[tuple[Any, ...], ...], is_awaitable: Callable[[Any], bool]) -> Any:
    def row(source: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for kind, name, get, then, non_null, *rest in ops:
            if kind == _LEAF:
                value = get(source)
                if value is None:
                    if non_null:
                        raise _Unusual
                    out[name] = None
                    continue
                coerced = then(value)
                if coerced is None or coerced is Undefined:
                    raise _Unusual
                out[name] = coerced
                continue
            if kind == _LEAVES:
                values = get(source)
                if values is None:
                    if non_null:
                        raise _Unusual
                    out[name] = None
                    continue
                if not isinstance(values, list | tuple):
                    raise _Unusual
                items = [then(v) for v in values]
                if None in items or Undefined in items:
                    raise _Unusual
                out[name] = items
                continue
            if kind == _OBJECT:
                value = get(source)
            elif kind == _ROW_OBJECT:
                if not isinstance(source, get[0]):
                    raise _Unusual
                value = get[1](source)
            else:
                resolve, info, args = get
                value = resolve(source, info, **args)
                if is_awaitable(value):
                    if hasattr(value, "close"):
                        value.close()  # a coroutine not run: the general way calls it again
                    raise _Unusual
            if value is None:
                if non_null:
                    raise _Unusual
                out[name] = None
                continue
            if not isinstance(value, rest[0]):
                raise _Unusual
            out[name] = then(value)
        return out

    return row


class PlannedExecutor(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's executor, with `execute_fields` running from a per-request plan."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # id(grouped field set) -> (the set, kept alive so its id is not reused; parent; plan)
        self._plans: dict[int, tuple[GroupedFieldSet, GraphQLObjectType, list[_Step | None]]] = {}
        # With @stream in the schema a list may be delivered in parts: lists then go the
        # general way.
        self._streams = self.schema.get_directive("stream") is not None
        # id(grouped field set) -> (the set, kept alive; its row function or None)
        self._rows: dict[int, tuple[GroupedFieldSet, Callable[[Any], dict[str, Any]] | None]] = {}

    def _plan(
        self, parent_type: GraphQLObjectType, grouped_field_set: GroupedFieldSet
    ) -> list[_Step | None]:
        cached = self._plans.get(id(grouped_field_set))
        if cached is not None and cached[1] is parent_type:
            return cached[2]
        steps: list[_Step | None] = []
        for name, details in grouped_field_set.items():
            first = details[0]
            field_def = self.schema.get_field(parent_type, first.node.name.value)
            if field_def is None:
                steps.append(None)
                continue
            resolve = field_def.resolve or self.field_resolver
            if self.middleware_manager:
                resolve = self.middleware_manager.get_field_resolver(resolve)
            args: dict[str, Any] | Exception
            try:
                args = (
                    get_argument_values(
                        field_def,
                        first.node,
                        self.variable_values,
                        first.fragment_variable_values,
                        self.hide_suggestions,
                    )
                    if field_def.args or first.node.arguments
                    else {}
                )
            except Exception as error:  # noqa: BLE001  # reported per object, see _Step.args
                args = error
            return_type = field_def.type
            non_null = is_non_null_type(return_type)
            inner = return_type.of_type if non_null else return_type  # type: ignore[union-attr]
            steps.append(
                _Step(
                    name=name,
                    details=details,
                    return_type=return_type,
                    resolve=resolve,
                    read=source_reader_of(resolve) if not args else None,
                    read_from=row_reader_of(field_def.resolve) if field_def.resolve else None,
                    path_free=is_path_free(field_def.resolve) if field_def.resolve else False,
                    info=None,
                    field_def=field_def,
                    nodes=to_nodes(details),
                    args=args,
                    leaf=inner if is_leaf_type(inner) else None,
                    object_type=_plain_object(inner),
                    items=None if self._streams else _items(inner),
                    non_null=non_null,
                )
            )
        self._plans[id(grouped_field_set)] = (grouped_field_set, parent_type, steps)
        return steps

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: GroupedFieldSet,
        position_context: Any,
    ) -> Any:
        results: dict[str, Any] = {}
        is_awaitable = self.is_awaitable
        awaitable_fields: list[str] = []
        parent_name = parent_type.name
        try:
            for step in self._plan(parent_type, grouped_field_set):
                if step is None:
                    continue
                if step.read is not None and step.leaf is not None:
                    # The commonest field of all, a plain read of a scalar, in place; anything
                    # unusual (null, an error) goes to _run, which reads again and reports it.
                    try:
                        value = step.read(source_value)
                        if value is not None and not isinstance(value, Exception):
                            coerced = step.leaf.coerce_output_value(value)
                            if coerced is not None and coerced is not Undefined:
                                results[step.name] = coerced
                                continue
                    except Exception:  # noqa: BLE001, S110  # reported by _run below
                        pass
                result = self._run(
                    step, parent_type, source_value, Path(path, step.name, parent_name)
                )
                results[step.name] = result
                if is_awaitable(result):
                    awaitable_fields.append(step.name)
        except Exception:
            if awaitable_fields:
                self.settle_in_background([results[field] for field in awaitable_fields])
            raise
        if not awaitable_fields:
            return results

        # As graphql-core's execute_fields: one awaited alone, several gathered.
        async def get_results() -> dict[str, Any]:
            if len(awaitable_fields) == 1:
                field = awaitable_fields[0]
                results[field] = await results[field]
            else:
                awaited = await gather_with_cancel(*(results[f] for f in awaitable_fields))
                results.update(zip(awaitable_fields, awaited, strict=True))
            return results

        return get_results()

    def _run(self, step: _Step, parent_type: GraphQLObjectType, source: Any, path: Path) -> Any:
        """graphql-core's execute_field, with the planned parts taken from the step and a leaf
        completed in place."""
        info = None
        try:
            read_from = step.read_from
            if step.read is not None:
                result = step.read(source)
            elif read_from is not None and isinstance(source, read_from[0]):
                result = read_from[1](source)
            else:
                if isinstance(step.args, Exception):
                    raise step.args
                if step.path_free:
                    info = step.info
                    if info is None:
                        info = step.info = self._info(step, parent_type, path)
                else:
                    info = self._info(step, parent_type, path)
                result = step.resolve(source, info, **step.args)
                if self.is_awaitable(result):
                    return self.complete_awaitable_value(
                        step.return_type, step.details, info, path, result, None
                    )
            if result is None:
                if not step.non_null:
                    return None
            elif not isinstance(result, Exception):
                if step.leaf is not None:
                    return self.complete_leaf_value(step.leaf, result)
                if step.object_type is not None:
                    completed = self._object(step.object_type, step.details, path, result)
                    if completed is not _GENERAL:
                        if self.is_awaitable(completed):
                            return self._await_completed(completed, step, path)
                        return completed
                elif step.items is not None and isinstance(result, list | tuple):
                    completed = self._list(step, path, result)
                    if completed is not _GENERAL:
                        return completed
            if info is None:
                info = self._info(step, parent_type, path)
            completed = self.complete_value(
                step.return_type, step.details, info, path, result, None
            )
            if self.is_awaitable(completed):
                return self._await_completed(completed, step, path)
            return completed
        except Exception as raw_error:  # noqa: BLE001  # graphql-core reports it as a field error
            self.handle_field_error(raw_error, step.return_type, step.details, path)
            return None

    def _info(self, step: _Step, parent_type: GraphQLObjectType, path: Path) -> Any:
        return self.build_resolve_info(step.field_def, step.nodes, parent_type, path)

    def _object(
        self, object_type: GraphQLObjectType, details: FieldDetailsList, path: Path, value: Any
    ) -> Any:
        """An object's fields, as complete_object_value runs them when nothing is deferred;
        _GENERAL when something is."""
        classes = _classes(object_type)
        if classes is not None and not isinstance(value, classes):
            return _GENERAL
        grouped, new_defer_usages, _ = self.collect_subfields(object_type, details)
        if new_defer_usages:
            return _GENERAL
        return self.execute_fields(object_type, value, path, grouped, None)

    def _list(self, step: _Step, path: Path, values: list[Any] | tuple[Any, ...]) -> Any:
        """A list of non-null leaves or objects that are all at hand (nothing awaitable, no
        null); _GENERAL otherwise, before anything ran, so graphql-core does it its way."""
        is_awaitable = self.is_awaitable
        leaf, object_type = step.items  # type: ignore[misc]  # set for a list step
        classes = _classes(object_type) if object_type is not None else None
        for value in values:
            if value is None or isinstance(value, Exception) or is_awaitable(value):
                return _GENERAL
            if classes is not None and not isinstance(value, classes):
                return _GENERAL
        if leaf is not None:
            return [self.complete_leaf_value(leaf, value) for value in values]
        assert object_type is not None
        grouped, new_defer_usages, _ = self.collect_subfields(object_type, step.details)
        if new_defer_usages:
            return _GENERAL
        item_type = step.return_type
        item_type = item_type.of_type if step.non_null else item_type  # type: ignore[union-attr]
        item_type = item_type.of_type  # type: ignore[union-attr]  # the non-null item
        completed: list[Any] = []
        awaitable_indices: list[int] = []
        row = self._row_plan(object_type, grouped, path)
        try:
            for index, value in enumerate(values):
                if row is not None:
                    try:
                        completed.append(row(value))
                        continue
                    except Exception:  # noqa: BLE001, S110  # run the general way below
                        pass
                item_path = path.add_key(index, None)
                try:
                    done = self.execute_fields(object_type, value, item_path, grouped, None)
                except Exception as raw_error:  # noqa: BLE001  # as complete_list_item_value
                    self.handle_field_error(raw_error, item_type, step.details, item_path)
                    done = None
                if is_awaitable(done):
                    done = self._await_item(done, item_type, step.details, item_path)
                    awaitable_indices.append(index)
                completed.append(done)
        except Exception:
            if awaitable_indices:
                self.settle_in_background([completed[i] for i in awaitable_indices])
            raise
        if not awaitable_indices:
            return completed

        async def get_completed() -> list[Any]:
            awaited = await gather_with_cancel(*(completed[i] for i in awaitable_indices))
            for index, value in zip(awaitable_indices, awaited, strict=True):
                completed[index] = value
            return completed

        return get_completed()

    def _row_plan(
        self, object_type: GraphQLObjectType, grouped: GroupedFieldSet, path: Path
    ) -> Callable[[Any], dict[str, Any]] | None:
        """For the items of a list whose selection is only plain reads, objects of plain reads
        and path-free resolvers of them: one function that makes an item's result with none of
        the general machinery (no path, no info per field, no awaitable checks). It raises on
        anything else it meets (a null in a non-null field, an error, an awaitable, an object of
        another type); _list then runs that item the general way, which reports it as
        graphql-core would. Its readers and resolvers have no side effects, so running an item
        twice is safe. None when the selection is not of that kind."""
        key = id(grouped)
        if key in self._rows:
            return self._rows[key][1]
        row = self._make_row(object_type, grouped, path)
        self._rows[key] = (grouped, row)
        return row

    def _make_row(
        self, object_type: GraphQLObjectType, grouped: GroupedFieldSet, path: Path
    ) -> Callable[[Any], dict[str, Any]] | None:
        ops: list[tuple[Any, ...]] = []
        for step in self._plan(object_type, grouped):
            if step is None:
                continue
            if isinstance(step.args, Exception):
                return None
            read = step.read
            if read is not None and step.leaf is not None:
                ops.append((_LEAF, step.name, read, step.leaf.coerce_output_value, step.non_null))
                continue
            if read is not None and step.items is not None and step.items[0] is not None:
                coerce = step.items[0].coerce_output_value
                ops.append((_LEAVES, step.name, read, coerce, step.non_null))
                continue
            target = step.object_type
            if target is None:
                return None
            sub_grouped, new_defer_usages, _ = self.collect_subfields(target, step.details)
            sub = None if new_defer_usages else self._row_plan(target, sub_grouped, path)
            if sub is None:
                return None
            classes = _classes(target) or (object,)
            if read is not None:
                ops.append((_OBJECT, step.name, read, sub, step.non_null, classes))
            elif step.read_from is not None and not step.path_free:
                row_type, read_row = step.read_from
                ops.append(
                    (_ROW_OBJECT, step.name, (row_type, read_row), sub, step.non_null, classes)
                )
            elif step.path_free and step.read_from is None:
                info = self._info(step, object_type, Path(path.add_key(0, None), step.name, None))
                call = (step.resolve, info, step.args)
                ops.append((_CALLED_OBJECT, step.name, call, sub, step.non_null, classes))
            else:
                return None
        return _row(tuple(ops), self.is_awaitable)

    async def _await_item(
        self, done: Awaitable[Any], item_type: Any, details: FieldDetailsList, path: Path
    ) -> Any:
        try:
            return await done
        except Exception as raw_error:  # noqa: BLE001  # as complete_list_item_value
            self.handle_field_error(raw_error, item_type, details, path)
            return None

    async def _await_completed(self, completed: Awaitable[Any], step: _Step, path: Path) -> Any:
        try:
            return await completed
        except Exception as raw_error:  # noqa: BLE001  # as graphql-core's execute_field
            self.handle_field_error(raw_error, step.return_type, step.details, path)
            return None


__all__ = ["PlannedExecutor"]
