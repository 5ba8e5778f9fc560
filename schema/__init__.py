"""The GraphQL schema. `build_schema(settings)` adds the safety limits of SPEC F8."""

from __future__ import annotations

from functools import partial
from typing import Any

import strawberry
from graphql.error import GraphQLError
from strawberry.extensions import MaxTokensLimiter, ParserCache
from strawberry.types import ExecutionContext

from graphql_api.settings import Settings
from graphql_api.shared_state import SharedState
from schema.catalog.types import DIRECT as CATALOG_DIRECT
from schema.catalog.types import READ_DIRECTLY as CATALOG_READ_DIRECTLY
from schema.catalog.types import Carrier, Category, PriceList, Product, Supplier
from schema.companies.types import Company, Contact, CustomerGroup, CustomFieldDefinition, Note
from schema.core.cache import ResponseCache
from schema.core.cost import DEFAULT_PAGE_SIZE, CostLimits, QueryCost
from schema.core.direct import read_directly, resolve_directly
from schema.core.errors import VitrineMaskErrors
from schema.core.executor import PlannedExecutor
from schema.core.limits import InputLimits
from schema.core.persisted import PersistedQueries, PersistedQueryExtension
from schema.core.validation import Validation, Validator
from schema.identity.staff import StaffUser
from schema.identity.types import Activity, Storefront
from schema.notifications.types import Notification
from schema.orders.types import Order
from schema.partners.types import PartnerClient
from schema.root import Mutation, Query

# Types reachable only through `node(id:)` must be named here so the schema knows them.
NODE_TYPES = [
    Company,
    Contact,
    CustomerGroup,
    CustomFieldDefinition,
    Note,
    StaffUser,
    Storefront,
    Activity,
    PartnerClient,
    Notification,
    Product,
    Category,
    Supplier,
    Carrier,
    PriceList,
    Order,
]


class Schema(strawberry.Schema):
    """Strawberry's schema, minus its own error log: bad input and refused access are the
    client's business, not an operator's, and internal errors are logged once, with their
    traceback, by VitrineMaskErrors."""

    # Set by build_schema: the documents this schema runs by hash or safelist, and whether
    # errors may suggest names (not when introspection is off).
    persisted: PersistedQueries | None = None
    hide_suggestions: bool = False

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        return None

    def _get_custom_context_kwargs(
        self, operation_extensions: dict[str, Any] | None = None, *, sync: bool = False
    ) -> dict[str, Any]:
        # graphql-core's execute() also suggests enum values in variable errors.
        kwargs = super()._get_custom_context_kwargs(operation_extensions, sync=sync)
        if self.hide_suggestions:
            kwargs["hide_suggestions"] = True
        return kwargs


def _direct(schema: Schema) -> None:
    """The hot fields of a page of products, resolved by graphql-core (schema/core/direct.py)."""
    resolve_directly(schema, CATALOG_DIRECT)
    read_directly(schema, CATALOG_READ_DIRECTLY)


def _schema(extensions: list[Any]) -> Schema:
    """The one way the schema is made: its types, the planned executor and the direct fields."""
    schema = Schema(
        query=Query,
        mutation=Mutation,
        types=NODE_TYPES,
        extensions=extensions,
        execution_context_class=PlannedExecutor,
    )
    _direct(schema)
    return schema


def build_schema(settings: Settings | None = None, shared: SharedState | None = None) -> Schema:
    """The schema; with settings, the limits and persisted queries of SPEC F8, keeping shared
    state (budgets, automatic persisted queries) in `shared` (one per app)."""
    if settings is None:
        return _schema([])
    if shared is None:
        shared = SharedState.from_settings(settings)
    persisted = PersistedQueries(
        shared, safelist=settings.query_safelist, automatic=settings.automatic_persisted_queries
    )
    persisted.register_folder(settings.persisted_dir)
    validator = Validator(
        max_depth=settings.max_depth,
        max_aliases=settings.max_aliases,
        introspection=settings.introspection,
        hide_suggestions=not settings.introspection,
    )
    limits = CostLimits(
        max_query_cost=settings.max_query_cost,
        budget=settings.cost_budget,
        page_size=min(DEFAULT_PAGE_SIZE, settings.max_page_size),
    )
    extensions: list = [
        # First: the document it finds is what every later step parses and checks.
        partial(PersistedQueryExtension, queries=persisted),
        partial(MaxTokensLimiter, max_token_count=settings.max_tokens),
        partial(ParserCache, maxsize=256),
        partial(Validation, validator=validator),
        partial(QueryCost, limits=limits, shared=shared),
        InputLimits,
    ]
    if settings.response_cache:
        # After the cost and input checks: what they refuse is neither looked up nor kept.
        extensions.append(partial(ResponseCache, shared=shared, ttl=settings.response_cache_ttl))
    extensions.append(VitrineMaskErrors)
    schema = _schema(extensions)
    schema.persisted = persisted
    schema.hide_suggestions = validator.hide_suggestions
    return schema


def export_sdl() -> str:
    return build_schema().as_str() + "\n"
