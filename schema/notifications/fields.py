"""The notifications outbox (SPEC B11): its root query and mutation fields, merged into the roots
by schema/root.py. Each field hands its arguments to a resolver in resolvers/."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from resolvers.notifications import resolvers as r
from schema.core.common import Connection, arg, connection
from schema.notifications.enums import NotificationState
from schema.notifications.types import Notification


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
