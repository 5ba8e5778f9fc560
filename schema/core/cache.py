"""The response cache of catalog reads (issue 13 part 2; README "Response cache").

A query whose every field is on the CACHEABLE allowlist (the catalog as buyers and visitors see
it: products, a product, categories, suppliers, the price table, and the fields of their types
that are neither staff-only nor changed by orders) is answered from the cache when it can be,
and its error-free result is kept for the next caller with the same key:

    storefront, its catalog version, the viewer (services/catalog_versions.viewer_key), the
    document, the operation name and the variables.

Never a token: two contacts of one company with the same role share entries. Staff are never
served from the cache. Everything else runs as before; the cost of a cached operation is still
charged (QueryCost runs first), and a throttled or refused one is not looked up.
Responses of cacheable operations say `extensions.cache`: HIT or MISS.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationType,
    SelectionSetNode,
    get_named_type,
)
from graphql.utilities import get_operation_ast
from strawberry.extensions import SchemaExtension

from graphql_api.services import catalog_versions
from graphql_api.shared_state import SharedState

# Whether a document is cacheable, per schema, operation name and text (oldest out first).
MAX_DECIDED = 1024
_DECIDED: dict[tuple[int, str | None, str], bool] = {}

HIT = "HIT"
MISS = "MISS"

_PAGE = frozenset({"edges", "nodes", "pageInfo", "totalCount"})
_EDGE = frozenset({"cursor", "node"})

# Type -> the fields a cached read may ask for. Left out on purpose: Product.basePrice (staff
# only), Product.stock (orders change it without a catalog write), every root and type not
# named here (orders, carts, companies, price lists, policies, node/nodes, introspection).
CACHEABLE: dict[str, frozenset[str]] = {
    "Query": frozenset({"products", "product", "categories", "suppliers", "priceTable"}),
    "ProductConnection": _PAGE,
    "ProductEdge": _EDGE,
    "SupplierConnection": _PAGE,
    "SupplierEdge": _EDGE,
    "PriceTableRowConnection": _PAGE,
    "PriceTableRowEdge": _EDGE,
    "PageInfo": frozenset({"hasNextPage", "hasPreviousPage", "startCursor", "endCursor"}),
    "Product": frozenset(
        {
            "id",
            "sku",
            "name",
            "description",
            "imageUrls",
            "unit",
            "minimumQuantity",
            "quantityMultiple",
            "isActive",
            "createdAt",
            "category",
            "supplier",
            "priceVisibility",
            "price",
            "tierPrices",
        }
    ),
    "Category": frozenset({"id", "name", "position", "parent", "children"}),
    "Supplier": frozenset({"id", "name", "code", "isActive"}),
    "Price": frozenset(
        {
            "amount",
            "baseAmount",
            "discountPercent",
            "currency",
            "quantity",
            "appliedRules",
            "rules",
        }
    ),
    "AppliedRule": frozenset({"kind", "detail", "label", "minQuantity", "percent", "priceListId"}),
    "PriceTableRow": frozenset({"product", "price", "tierPrices", "priceVisibility"}),
}


def cacheable(schema: GraphQLSchema, document: DocumentNode, operation_name: str | None) -> bool:
    """Whether the operation is a query that asks for allowlisted fields only (through
    fragments too). Runs after validation, so names exist and fragments do not loop."""
    operation = get_operation_ast(document, operation_name)
    if operation is None or operation.operation != OperationType.QUERY:
        return False
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }

    def walk(selection_set: SelectionSetNode, type_name: str) -> bool:
        allowed = CACHEABLE.get(type_name)
        parent = schema.get_type(type_name)
        if allowed is None or not isinstance(parent, GraphQLObjectType):
            return False
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                name = selection.name.value
                if name == "__typename":
                    continue
                if name not in allowed or name not in parent.fields:
                    return False
                if selection.selection_set is not None:
                    inner = get_named_type(parent.fields[name].type).name
                    if not walk(selection.selection_set, inner):
                        return False
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = condition.name.value if condition else type_name
                if not walk(selection.selection_set, inner):
                    return False
            elif isinstance(selection, FragmentSpreadNode):
                fragment = fragments.get(selection.name.value)
                if fragment is None or not walk(
                    fragment.selection_set, fragment.type_condition.name.value
                ):
                    return False
        return True

    return walk(operation.selection_set, "Query")


class ResponseCache(SchemaExtension):
    """Listed after QueryCost and InputLimits: a refused or throttled operation has its result
    already and is neither looked up nor kept."""

    def __init__(self, *, shared: SharedState, ttl: int) -> None:
        self.shared = shared
        self.ttl = ttl
        self.status: str | None = None

    @staticmethod
    def _cacheable(
        schema: GraphQLSchema, query: str, document: DocumentNode, operation_name: str | None
    ) -> bool:
        # By text, not document: hashing a parsed document walks all of it.
        key = (id(schema), operation_name, query)
        found = _DECIDED.get(key)
        if found is None:
            found = _DECIDED[key] = cacheable(schema, document, operation_name)
            if len(_DECIDED) > MAX_DECIDED:
                del _DECIDED[next(iter(_DECIDED))]
        return found

    async def _key(self) -> str | None:
        execution = self.execution_context
        context = execution.context
        principal = getattr(context, "principal", None)
        storefront = getattr(context, "storefront", None)
        if principal is None or storefront is None or execution.graphql_document is None:
            return None
        viewer = catalog_versions.viewer_key(principal, storefront)
        if viewer is None or execution.query is None:
            return None
        schema = execution.schema._schema
        operation = execution.operation_name
        if not self._cacheable(schema, execution.query, execution.graphql_document, operation):
            return None
        try:
            variables = json.dumps(execution.variables or {}, sort_keys=True, separators=(",", ":"))
        except (TypeError, ValueError):
            return None
        # Read before anything the response is made of (services/catalog_versions.py).
        stamp = await catalog_versions.current(storefront)
        digest = hashlib.sha256(
            "\n".join((viewer, stamp, operation or "", variables, execution.query)).encode()
        ).hexdigest()
        return f"{storefront.id}:{digest}"

    async def on_execute(self) -> AsyncIterator[None]:
        execution = self.execution_context
        key = await self._key() if execution.result is None else None
        if key is not None:
            text = await self.shared.cached(key)
            if text is not None:
                self.status = HIT
                execution.result = ExecutionResult(data=json.loads(text))
            else:
                self.status = MISS
        yield
        result: Any = execution.result
        if key is None or self.status != MISS or result is None:
            return
        if result.errors or result.data is None:
            return
        try:
            text = json.dumps(result.data, separators=(",", ":"))
        except (TypeError, ValueError):
            return
        await self.shared.cache(key, text, self.ttl)

    def get_results(self) -> dict[str, Any]:
        return {"cache": self.status} if self.status is not None else {}
