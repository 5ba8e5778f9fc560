"""Document validation with the limits of SPEC F8 (depth, aliases, introspection), cached per
document, and without suggestions when asked.

graphql-core's "Did you mean ...?" hints name fields, arguments, types and enum values a caller
did not know about, which gives the schema away when introspection is off; `validate` (and
`execute`, for variable values) can leave them out (`hide_suggestions`).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from graphql import ASTValidationRule, DocumentNode, GraphQLError, GraphQLSchema, validate
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import SchemaExtension
from strawberry.extensions.max_aliases import create_validator as max_aliases_rule
from strawberry.extensions.query_depth_limiter import create_validator as max_depth_rule
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule


class Validator:
    """The limit rules, built once per schema (the limiters' rule classes are made per call, so
    a cache keyed by them would never hit), and a cache of results per document and rule set."""

    def __init__(
        self,
        *,
        max_depth: int,
        max_aliases: int,
        introspection: bool,
        hide_suggestions: bool,
        cache_size: int = 256,
    ) -> None:
        extra: list[type[ASTValidationRule]] = [
            max_depth_rule(max_depth, None, None),
            max_aliases_rule(max_aliases),
        ]
        if not introspection:
            extra.append(NoSchemaIntrospectionCustomRule)
        # Strawberry's own rules, which its validation would have added.
        self.extra: tuple[type[ASTValidationRule], ...] = (
            *extra,
            MaybeNullValidationRule,
            OneOfInputValidationRule,
        )
        self.hide_suggestions = hide_suggestions
        self.validate = lru_cache(maxsize=cache_size)(self._validate)

    def _validate(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        rules: tuple[type[ASTValidationRule], ...],
    ) -> list[GraphQLError]:
        return validate(
            schema, document, (*rules, *self.extra), hide_suggestions=self.hide_suggestions
        )


class Validation(SchemaExtension):
    def __init__(self, *, validator: Validator) -> None:
        self.validator = validator

    def on_validate(self) -> Iterator[None]:
        execution = self.execution_context
        assert execution.graphql_document is not None
        # The rules of the request (the specified ones, plus any an extension added), and
        # ours. Strawberry skips its own validation when errors (even none) are set.
        execution.pre_execution_errors = self.validator.validate(
            execution.schema._schema, execution.graphql_document, execution.validation_rules
        )
        yield
