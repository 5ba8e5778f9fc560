"""The GraphQL schema. `build_schema(settings)` adds the safety limits of SPEC F8."""

from __future__ import annotations

from functools import partial

import strawberry
from graphql.error import GraphQLError
from strawberry.extensions import (
    DisableIntrospection,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.types import ExecutionContext

from graphql_api.settings import Settings
from schema.catalog.types import Carrier, Category, PriceList, Product, Supplier
from schema.companies.types import Company, Contact, CustomerGroup, CustomFieldDefinition, Note
from schema.core.errors import VitrineMaskErrors
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

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        return None


def build_schema(settings: Settings | None = None) -> Schema:
    extensions: list = []
    if settings is not None:
        extensions = [
            partial(MaxTokensLimiter, max_token_count=settings.max_tokens),
            partial(QueryDepthLimiter, max_depth=settings.max_depth),
            partial(MaxAliasesLimiter, max_alias_count=settings.max_aliases),
            partial(ParserCache, maxsize=256),
            partial(ValidationCache, maxsize=256),
            VitrineMaskErrors,
        ]
        if not settings.introspection:
            extensions.append(DisableIntrospection)
    return Schema(query=Query, mutation=Mutation, types=NODE_TYPES, extensions=extensions)


def export_sdl() -> str:
    return build_schema().as_str() + "\n"
