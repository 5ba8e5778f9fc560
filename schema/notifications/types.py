"""The notifications outbox (SPEC B11): the object types, thin views over domain objects; field
values come from the resolvers named on each field, or are plain attributes of the model."""

from __future__ import annotations

import datetime

import strawberry

from graphql_api import models
from resolvers.nodes import global_id
from resolvers.notifications import resolvers as r
from schema.core.common import Node, instance_of
from schema.notifications.enums import NotificationState


@strawberry.type(description="An email message in the outbox, in the recipient's language.")
class Notification(Node):
    id: strawberry.ID = strawberry.field(resolver=global_id, description="Global ID.")
    kind: str = strawberry.field(
        description="What the message is about, e.g. invitation, password_reset, "
        "registration_alert."
    )
    recipient: str = strawberry.field(description="Email address it is sent to.")
    language: str = strawberry.field(description="Language it is written in: pt-BR, es, ro, en.")
    subject: str = strawberry.field(description="Subject line.")
    body: str = strawberry.field(
        resolver=r.notification_body,
        description="Plain-text body; link tokens are shown as [redacted].",
    )
    state: NotificationState = strawberry.field(description="PENDING, SENT or FAILED.")
    attempts: int = strawberry.field(description="How many delivery attempts were made.")
    last_error: str | None = strawberry.field(
        description="Why the last attempt failed; null if none failed."
    )
    next_attempt_at: datetime.datetime | None = strawberry.field(
        description="When the next attempt is due; null once sent or failed for good."
    )
    sent_at: datetime.datetime | None = strawberry.field(
        description="When the message was handed to the mail server; null until then."
    )
    created_at: datetime.datetime = strawberry.field(description="When it was queued.")

    is_type_of = instance_of(models.Notification)
