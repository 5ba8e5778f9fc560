from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields

from graphql_api.models.base import TimestampedModel
from graphql_api.models.enums import NotificationState

if TYPE_CHECKING:
    from graphql_api.models.company import Company
    from graphql_api.models.contact import Contact
    from graphql_api.models.storefront import Storefront


class Notification(TimestampedModel):
    """An outgoing message (outbox), written in the same transaction as the change that causes
    it and delivered later by the worker (SPEC B11)."""

    kind = fields.CharField(max_length=40)
    recipient = fields.CharField(max_length=254)
    language = fields.CharField(max_length=10, default="en")
    subject = fields.CharField(max_length=300)
    body = fields.TextField()
    state = fields.CharEnumField(
        NotificationState, max_length=10, default=NotificationState.PENDING
    )
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField(null=True)
    last_error = fields.TextField(null=True)
    sent_at = fields.DatetimeField(null=True)
    storefront: fields.ForeignKeyNullableRelation[Storefront] = fields.ForeignKeyField(
        "models.Storefront", related_name="notifications", null=True, on_delete=fields.CASCADE
    )
    storefront_id: int | None
    company: fields.ForeignKeyNullableRelation[Company] = fields.ForeignKeyField(
        "models.Company", related_name="notifications", null=True, on_delete=fields.SET_NULL
    )
    company_id: int | None
    contact: fields.ForeignKeyNullableRelation[Contact] = fields.ForeignKeyField(
        "models.Contact", related_name="notifications", null=True, on_delete=fields.SET_NULL
    )
    contact_id: int | None

    class Meta:
        table = "notification"
        indexes = (("state", "next_attempt_at"),)
