"""The notifications outbox (SPEC B11): the enums of its GraphQL types."""

from __future__ import annotations

import strawberry

from graphql_api.models.enums import NotificationState

# strawberry.enum registers a StrEnum of the models or services in place and returns the same
# class; the GraphQL types annotate with that class, imported from this module.
strawberry.enum(
    NotificationState,
    description="Where a message is in the outbox: PENDING (waiting or retrying), SENT, or "
    "FAILED (gave up after repeated delivery errors).",
)
