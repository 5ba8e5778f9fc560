"""The notifications outbox (SPEC B11): what was sent, what is waiting, what failed."""

from __future__ import annotations

import datetime
from typing import Annotated

import strawberry
from strawberry.types import Info

from graphql_api import models
from graphql_api.models import enums
from resolvers.companies.companies import global_id
from resolvers.notifications import resolvers as r
from schema.common import Connection, Node, arg, connection, instance_of

NotificationState = strawberry.enum(
    enums.NotificationState,
    description="Where a message is in the outbox: PENDING (waiting or retrying), SENT, or "
    "FAILED (gave up after repeated delivery errors).",
)


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


@strawberry.type(description="The notifications outbox: readable by staff.")
class NotificationQueries:
    @strawberry.field(
        description="Messages in the outbox, newest first (staff; a sales rep sees messages "
        "about assigned companies only). Filters combine with AND."
    )
    async def notifications(
        self,
        info: Info,
        first: Annotated[
            int | None, arg("How many items to return (at most 100; default 20).")
        ] = None,
        after: Annotated[
            str | None, arg("Return items after this cursor (a previous endCursor).")
        ] = None,
        state: Annotated[list[NotificationState] | None, arg("Only these states.")] = None,
        recipient: Annotated[
            str | None, arg("Only messages to this email address (ignores case).")
        ] = None,
    ) -> Connection[Notification]:
        page = await r.notification_list(
            info, first=first, after=after, state=state, recipient=recipient
        )
        return connection(page)
