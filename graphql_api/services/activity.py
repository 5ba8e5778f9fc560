"""The activity log (SPEC B8): one function writes it, one lists it."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet

from graphql_api.auth.principal import Principal
from graphql_api.models import Activity
from graphql_api.services import permissions

LOGIN = "LOGIN"
LOGIN_FAILED = "LOGIN_FAILED"
LOGOUT = "LOGOUT"
ACCESS_CREATED = "ACCESS_CREATED"
ACCESS_BLOCKED = "ACCESS_BLOCKED"
PASSWORD_SET = "PASSWORD_SET"
REGISTERED = "REGISTERED"
REGISTRATION_APPROVED = "REGISTRATION_APPROVED"
REGISTRATION_REJECTED = "REGISTRATION_REJECTED"
ACT_AS_STARTED = "ACT_AS_STARTED"
CART_CHANGED = "CART_CHANGED"
ORDER_PLACED = "ORDER_PLACED"
ORDER_STATUS_CHANGED = "ORDER_STATUS_CHANGED"
QUICK_LINK_GENERATED = "QUICK_LINK_GENERATED"
QUICK_LINK_REVOKED = "QUICK_LINK_REVOKED"
QUICK_LINK_OPENED = "QUICK_LINK_OPENED"
KINDS = (
    LOGIN,
    LOGIN_FAILED,
    LOGOUT,
    ACCESS_CREATED,
    ACCESS_BLOCKED,
    PASSWORD_SET,
    REGISTERED,
    REGISTRATION_APPROVED,
    REGISTRATION_REJECTED,
    ACT_AS_STARTED,
    CART_CHANGED,
    ORDER_PLACED,
    ORDER_STATUS_CHANGED,
    QUICK_LINK_GENERATED,
    QUICK_LINK_REVOKED,
    QUICK_LINK_OPENED,
)


async def record(
    kind: str,
    *,
    storefront_id: int | None = None,
    company_id: int | None = None,
    contact_id: int | None = None,
    staff_id: int | None = None,
    **details: Any,
) -> Activity:
    """Write one entry. `staff_id` is the staff actor, also when acting as a contact."""
    return await Activity.create(
        kind=kind,
        storefront_id=storefront_id,
        company_id=company_id,
        contact_id=contact_id,
        staff_id=staff_id,
        details=details,
    )


def list_activities(
    principal: Principal,
    *,
    company_id: int | None = None,
    contact_id: int | None = None,
    kinds: Sequence[str] | None = None,
    since: datetime.datetime | None = None,
    until: datetime.datetime | None = None,
) -> QuerySet[Activity]:
    """Entries the caller may read: staff only; a sales rep sees those of assigned companies."""
    permissions.require_staff(principal)
    queryset = Activity.all()
    if not principal.is_admin:
        visible = permissions.visible_companies(principal).values("id")
        queryset = queryset.filter(company_id__in=Subquery(visible))
    if company_id is not None:
        queryset = queryset.filter(company_id=company_id)
    if contact_id is not None:
        queryset = queryset.filter(contact_id=contact_id)
    if kinds:
        queryset = queryset.filter(kind__in=list(kinds))
    if since is not None:
        queryset = queryset.filter(created_at__gte=since)
    if until is not None:
        queryset = queryset.filter(created_at__lt=until)
    return queryset
