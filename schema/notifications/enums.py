"""The notifications outbox (SPEC B11): the enums of its GraphQL types."""

from __future__ import annotations

import strawberry

from graphql_api.models import enums

NotificationState = strawberry.enum(
    enums.NotificationState,
    description="Where a message is in the outbox: PENDING (waiting or retrying), SENT, or "
    "FAILED (gave up after repeated delivery errors).",
)
