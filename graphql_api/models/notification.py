from tortoise import fields

from graphql_api.models.base import TimestampedModel
from graphql_api.models.enums import NotificationState


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
    storefront = fields.ForeignKeyField(
        "models.Storefront", related_name="notifications", null=True, on_delete=fields.CASCADE
    )
    company = fields.ForeignKeyField(
        "models.Company", related_name="notifications", null=True, on_delete=fields.SET_NULL
    )
    contact = fields.ForeignKeyField(
        "models.Contact", related_name="notifications", null=True, on_delete=fields.SET_NULL
    )

    class Meta:
        table = "notification"
        indexes = (("state", "next_attempt_at"),)
