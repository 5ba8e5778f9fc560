from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from graphql_api.models.base import TimestampedModel
from graphql_api.models.enums import TokenPurpose

if TYPE_CHECKING:
    from graphql_api.models.company import Company
    from graphql_api.models.contact import Contact
    from graphql_api.models.staff import StaffUser
    from graphql_api.models.storefront import Storefront


class AccessToken(TimestampedModel):
    """A single-use link token (invitation, password reset, account claim). Only its SHA-256
    hash is stored, so a database leak hands out no working links."""

    contact: fields.ForeignKeyRelation[Contact] = fields.ForeignKeyField(
        "models.Contact", related_name="access_tokens"
    )
    contact_id: int
    purpose = fields.CharEnumField(TokenPurpose, max_length=12)
    token_hash = fields.CharField(max_length=64, unique=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)
    created_by: fields.ForeignKeyNullableRelation[StaffUser] = fields.ForeignKeyField(
        "models.StaffUser", related_name="issued_tokens", null=True, on_delete=fields.SET_NULL
    )
    created_by_id: int | None

    class Meta:
        table = "access_token"
        indexes = (("contact_id", "used_at"),)


class ThrottleCounter(Model):
    """A counter of the sign-in and link mail throttles (used when no Redis is configured).

    Changed only by single atomic statements of graphql_api.services.throttle. Times are
    seconds since the epoch. The key is a scope and a hash of the subject, never an email."""

    key = fields.CharField(max_length=100, primary_key=True)
    hits = fields.IntField(default=0)
    allowed_at = fields.FloatField(default=0)
    expires_at = fields.FloatField(default=0)

    class Meta:
        table = "throttle_counter"
        indexes = (("expires_at",),)


class Activity(TimestampedModel):
    """What buyers and staff did, per company and contact (SPEC B8)."""

    kind = fields.CharField(max_length=40)
    storefront: fields.ForeignKeyNullableRelation[Storefront] = fields.ForeignKeyField(
        "models.Storefront", related_name="activities", null=True, on_delete=fields.CASCADE
    )
    storefront_id: int | None
    company: fields.ForeignKeyNullableRelation[Company] = fields.ForeignKeyField(
        "models.Company", related_name="activities", null=True, on_delete=fields.CASCADE
    )
    company_id: int | None
    contact: fields.ForeignKeyNullableRelation[Contact] = fields.ForeignKeyField(
        "models.Contact", related_name="activities", null=True, on_delete=fields.SET_NULL
    )
    contact_id: int | None
    staff: fields.ForeignKeyNullableRelation[StaffUser] = fields.ForeignKeyField(
        "models.StaffUser", related_name="activities", null=True, on_delete=fields.SET_NULL
    )
    staff_id: int | None
    details: fields.Field[dict] = fields.JSONField(default=dict)

    class Meta:
        table = "activity"
        indexes = (("company_id", "created_at"), ("kind", "created_at"))


class PartnerClient(TimestampedModel):
    """An OAuth 2 client-credentials client of a partner site (SPEC B9)."""

    name = fields.CharField(max_length=200)
    client_id = fields.CharField(max_length=64, unique=True)
    secret_hash = fields.CharField(max_length=255)
    scopes: fields.Field[list[str]] = fields.JSONField(default=list)
    storefront_ids: fields.Field[list[int]] = fields.JSONField(default=list)
    allowed_origins: fields.Field[list[str]] = fields.JSONField(default=list)
    # The publishable key of the catalog embed (SPEC E5): it sits in the partner's page source,
    # so it is no secret; it only names the client, and allowed_origins say where it works.
    # Null for clients made before the embed existed, until an admin rotates one in.
    embed_key = fields.CharField(max_length=64, unique=True, null=True)
    revoked_at = fields.DatetimeField(null=True)
    created_by: fields.ForeignKeyNullableRelation[StaffUser] = fields.ForeignKeyField(
        "models.StaffUser", related_name="partner_clients", null=True, on_delete=fields.SET_NULL
    )
    created_by_id: int | None

    class Meta:
        table = "partner_client"
