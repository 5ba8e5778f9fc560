"""Query cost (SPEC F8): what an operation may cost is known from the document and its variables
before anything runs, as in Shopify's model:

- a field returning an object costs 1, a scalar or enum field 0, introspection fields 0;
- a connection multiplies the cost of its `edges`/`nodes` by `first` (without `first`, by
  DEFAULT_PAGE_SIZE);
- a list field with a list argument (`nodes(ids:)`) multiplies by that list's length; any other
  list counts as LIST_ESTIMATE items;
- a root mutation field costs MUTATION_COST more;
- on an interface or union, the most expensive of the possible types counts.

`QueryCost` refuses an operation costing more than `max_query_cost` with MAX_COST_EXCEEDED and
charges the rest to the caller's budget, a leaky bucket of `cost_budget` points refilled over a
minute; an operation the bucket cannot take now is answered HTTP 429 with Retry-After. Neither
runs a resolver. Every response carries `extensions.cost`.
"""

from __future__ import annotations

import math
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLIncludeDirective,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLSkipDirective,
    InlineFragmentNode,
    OperationType,
    SelectionSetNode,
    get_named_type,
    get_nullable_type,
    is_abstract_type,
    is_leaf_type,
    is_list_type,
)
from graphql import ExecutionResult as GraphQLExecutionResult
from graphql.execution.values import (
    VariableValues,
    get_argument_values,
    get_directive_values,
    get_variable_values,
)
from graphql.utilities import get_operation_ast
from strawberry.extensions import SchemaExtension

from graphql_api.auth.principal import Principal
from graphql_api.services.errors import ErrorCode
from graphql_api.shared_state import BucketState, SharedState

OBJECT_COST = 1
MUTATION_COST = 10
# The largest default page of any connection (the resolvers' keyset_page calls use 20 or 50).
DEFAULT_PAGE_SIZE = 50
# Lists without a size argument are mostly short (a company's contacts and addresses, a
# product's tiers, userErrors): counted as this many items.
LIST_ESTIMATE = 5
BUDGET_WINDOW_SECONDS = 60
BUDGET_BUCKET = "cost"


def operation_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: dict[str, Any] | None,
    page_size: int,
) -> int:
    """The cost of the operation `operation_name` of a validated document. 0 when it cannot
    run at all (no such operation, variables that do not coerce): execution reports those
    without resolving anything."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return 0
    root = schema.get_root_type(operation.operation)
    if root is None:
        return 0
    coerced = get_variable_values(schema, operation.variable_definitions or (), variables or {})
    if isinstance(coerced, list):
        return 0
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    counter = _Counter(schema, fragments, coerced, page_size)
    fields = counter.collect((operation.selection_set,), root)
    cost = counter.fields_cost(root, fields, page=None)
    if operation.operation == OperationType.MUTATION:
        cost += MUTATION_COST * len(fields)
    return cost


class _Counter:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, FragmentDefinitionNode],
        variables: VariableValues,
        page_size: int,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.page_size = page_size
        # The same selection on the same type costs the same: fragments spread many times and
        # interfaces expanded per possible type are counted once.
        self.memo: dict[tuple[tuple[int, ...], str, int | None], int] = {}

    def _included(self, node: Any) -> bool:
        skip = get_directive_values(GraphQLSkipDirective, node, self.variables)
        if skip and skip.get("if") is True:
            return False
        include = get_directive_values(GraphQLIncludeDirective, node, self.variables)
        return not (include and include.get("if") is False)

    def _applies(self, condition: Any, object_type: GraphQLObjectType) -> bool:
        if condition is None:
            return True
        condition_type = self.schema.get_type(condition.name.value)
        if condition_type is None:
            return False
        if condition_type is object_type:
            return True
        return is_abstract_type(condition_type) and self.schema.is_sub_type(
            condition_type,
            object_type,
        )

    def collect(
        self, selection_sets: Sequence[SelectionSetNode], object_type: GraphQLObjectType
    ) -> dict[str, list[FieldNode]]:
        """The fields an object of `object_type` gets, by response key (merged as execution
        merges them)."""
        fields: dict[str, list[FieldNode]] = {}
        visited: set[str] = set()

        def walk(selection_set: SelectionSetNode) -> None:
            for selection in selection_set.selections:
                if not self._included(selection):
                    continue
                if isinstance(selection, FieldNode):
                    key = selection.alias.value if selection.alias else selection.name.value
                    fields.setdefault(key, []).append(selection)
                elif isinstance(selection, InlineFragmentNode):
                    if self._applies(selection.type_condition, object_type):
                        walk(selection.selection_set)
                elif isinstance(selection, FragmentSpreadNode):
                    name = selection.name.value
                    fragment = self.fragments.get(name)
                    if name in visited or fragment is None:
                        continue
                    visited.add(name)
                    if self._applies(fragment.type_condition, object_type):
                        walk(fragment.selection_set)

        for selection_set in selection_sets:
            walk(selection_set)
        return fields

    def selection_cost(
        self,
        selection_sets: Sequence[SelectionSetNode],
        parent: GraphQLNamedType,
        page: int | None,
    ) -> int:
        key = (tuple(id(s) for s in selection_sets), parent.name, page)
        cached = self.memo.get(key)
        if cached is not None:
            return cached
        if is_abstract_type(parent):
            possible = self.schema.get_possible_types(parent)
            cost = max(
                (self.fields_cost(t, self.collect(selection_sets, t), page) for t in possible),
                default=0,
            )
        else:
            assert isinstance(parent, GraphQLObjectType)
            cost = self.fields_cost(parent, self.collect(selection_sets, parent), page)
        self.memo[key] = cost
        return cost

    def fields_cost(
        self, parent: GraphQLObjectType, fields: dict[str, list[FieldNode]], page: int | None
    ) -> int:
        total = 0
        for nodes in fields.values():
            name = nodes[0].name.value
            # Introspection is bounded by the schema itself (and off in production).
            if name.startswith("__"):
                continue
            field_def = parent.fields.get(name)
            if field_def is not None:
                total += self.field_cost(parent, field_def, nodes, page)
        return total

    def field_cost(
        self,
        parent: GraphQLObjectType,
        field_def: GraphQLField,
        nodes: list[FieldNode],
        page: int | None,
    ) -> int:
        named = get_named_type(field_def.type)
        if is_leaf_type(named):
            return 0
        try:
            args = get_argument_values(field_def, nodes[0], self.variables)
        except GraphQLError:
            # A bad argument value fails the field before it resolves anything.
            return 0
        child_page = None
        if "first" in field_def.args and named.name.endswith("Connection"):
            first = args.get("first")
            child_page = self.page_size if first is None else max(int(first), 0)
        items = 1
        if is_list_type(get_nullable_type(field_def.type)):
            items = self._list_size(parent, nodes[0].name.value, args, page)
        selections = [n.selection_set for n in nodes if n.selection_set is not None]
        children = self.selection_cost(selections, named, child_page) if selections else 0
        return items * (OBJECT_COST + children)

    def _list_size(
        self, parent: GraphQLObjectType, name: str, args: dict[str, Any], page: int | None
    ) -> int:
        if page is not None and parent.name.endswith("Connection") and name in ("edges", "nodes"):
            return page
        lengths = [len(v) for v in args.values() if isinstance(v, list)]
        if lengths:
            return max(lengths)
        return LIST_ESTIMATE


@dataclass(frozen=True)
class CostLimits:
    max_query_cost: int
    budget: int
    page_size: int


def caller_key(principal: Principal | None, request: Any) -> str:
    """Whose budget pays: the signed-in staff user, buyer or partner; an anonymous caller by
    its address."""
    if principal is not None:
        if principal.staff is not None and principal.contact is None:
            return f"staff:{principal.staff.pk}"
        if principal.contact is not None:
            return f"contact:{principal.contact.pk}"
        if principal.partner is not None:
            return f"partner:{principal.partner.pk}"
    client = getattr(request, "client", None)
    return f"address:{client.host if client else 'local'}"


class QueryCost(SchemaExtension):
    def __init__(self, *, limits: CostLimits, shared: SharedState) -> None:
        self.limits = limits
        self.shared = shared
        self.requested = 0
        self.state: BucketState | None = None

    def _key(self) -> str:
        context = self.execution_context.context
        return caller_key(getattr(context, "principal", None), getattr(context, "request", None))

    async def _take(self, amount: int) -> BucketState:
        return await self.shared.take(
            BUDGET_BUCKET, self._key(), amount, self.limits.budget, BUDGET_WINDOW_SECONDS
        )

    async def on_execute(self) -> AsyncIterator[None]:
        execution = self.execution_context
        assert execution.graphql_document is not None
        self.requested = operation_cost(
            execution.schema._schema,
            execution.graphql_document,
            execution.operation_name,
            execution.variables,
            self.limits.page_size,
        )
        if self.requested > self.limits.max_query_cost:
            self.state = await self._take(0)
            execution.result = GraphQLExecutionResult(
                data=None,
                errors=[
                    GraphQLError(
                        f"The query costs {self.requested}, more than the maximum of "
                        f"{self.limits.max_query_cost}: ask for fewer items (`first`, fewer "
                        "ids) or fewer fields.",
                        extensions={"code": ErrorCode.MAX_COST_EXCEEDED},
                    )
                ],
            )
        else:
            self.state = await self._take(self.requested)
            if not self.state.allowed:
                execution.result = self._throttled(self.state)
        yield

    def _throttled(self, state: BucketState) -> GraphQLExecutionResult:
        wait = max(1, math.ceil(state.retry_after))
        response = getattr(self.execution_context.context, "response", None)
        if response is not None:
            response.status_code = 429
            response.headers["Retry-After"] = str(wait)
        return GraphQLExecutionResult(
            data=None,
            errors=[
                GraphQLError(
                    f"The query costs {self.requested} and {state.remaining} of your budget "
                    f"of {self.limits.budget} a minute are left: retry in {wait} s.",
                    extensions={"code": ErrorCode.THROTTLED, "retryAfter": wait},
                )
            ],
        )

    async def get_results(self) -> dict[str, Any]:
        # Requests that failed before execution (parse or validation errors) cost nothing.
        state = self.state or await self._take(0)
        return {
            "cost": {
                "requested": self.requested,
                "limit": self.limits.max_query_cost,
                "budget": self.limits.budget,
                "remaining": state.remaining,
            }
        }
