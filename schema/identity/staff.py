"""Staff users and their sessions (SPEC B1); apart from the other identity types because companies
name their sales rep, and the other identity types name companies."""

from __future__ import annotations

import datetime

import strawberry

from graphql_api.models import StaffUser as StaffUserModel
from resolvers.nodes import global_id
from schema.core.common import Node, instance_of
from schema.identity.enums import StaffRole


@strawberry.type(description="An employee of the seller who signs in to the API.")
class StaffUser(Node):
    id: strawberry.ID = strawberry.field(
        resolver=global_id, description="The global ID of the staff user."
    )
    email: str = strawberry.field(description="Sign-in email.")
    name: str = strawberry.field(description="Full name.")
    role: StaffRole = strawberry.field(description="ADMIN sees all; SALES_REP only assigned.")
    is_active: bool = strawberry.field(description="Inactive users cannot sign in.")
    last_login_at: datetime.datetime | None = strawberry.field(
        description="When the user last signed in."
    )

    is_type_of = instance_of(StaffUserModel)


@strawberry.type(description="A signed-in session: send the token as `Authorization: Bearer`.")
class StaffSession:
    token: str = strawberry.field(description="Bearer token.")
    expires_at: int = strawberry.field(description="Expiry of the token, in Unix seconds.")
    staff_user: StaffUser = strawberry.field(description="Who signed in.")
