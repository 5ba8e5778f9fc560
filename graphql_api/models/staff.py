from tortoise import fields

from graphql_api.models.base import TimestampedModel
from graphql_api.models.enums import StaffRole


class StaffUser(TimestampedModel):
    """An employee of the seller: an ADMIN sees everything, a SALES_REP only assigned companies."""

    email = fields.CharField(max_length=254, unique=True)
    name = fields.CharField(max_length=200, default="")
    role = fields.CharEnumField(StaffRole, max_length=20)
    password_hash = fields.CharField(max_length=255)
    is_active = fields.BooleanField(default=True)
    # Bumped to revoke every token issued before (password change, deactivation).
    token_version = fields.IntField(default=1)
    last_login_at = fields.DatetimeField(null=True)

    class Meta:
        table = "staff_user"
