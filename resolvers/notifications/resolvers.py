"""The notifications outbox, read by staff."""

from __future__ import annotations

import re
from typing import Any

from strawberry.types import Info

from graphql_api.models import Notification
from graphql_api.models.enums import NotificationState
from graphql_api.services import notifications
from resolvers.pagination import Page, SortKey, keyset_page

# Newest first. keyset_page appends the primary key as tie-breaker, so the cursor carries the id
# twice; harmless, and it keeps the generic pager untouched.
NEWEST_FIRST = SortKey((("id", True),))


async def notification_list(
    info: Info,
    *,
    first: int | None,
    after: str | None,
    state: list[NotificationState] | None,
    recipient: str | None,
) -> Page[Notification]:
    ctx = info.context
    queryset = notifications.list_notifications(
        ctx.principal, ctx.storefront, states=state, recipient=recipient
    )
    return await keyset_page(
        queryset,
        NEWEST_FIRST,
        first=first,
        after=after,
        default_size=20,
        max_size=ctx.settings.max_page_size,
    )


_LINK_TOKEN = re.compile(r"(token=)[A-Za-z0-9_\-%]+")


def notification_body(root: Any, info: Info) -> str:
    """The body with link tokens blanked: staff see what was sent, but cannot use a buyer's
    invitation, claim or reset link themselves."""
    return _LINK_TOKEN.sub(r"\1[redacted]", root.body)
