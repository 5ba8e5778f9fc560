"""Buyer identity, storefronts and activity (SPEC B1-B11): the enums of its GraphQL types."""

from __future__ import annotations

import strawberry

from graphql_api.auth.principal import PrincipalKind
from graphql_api.models import enums

RegistrationMode = strawberry.enum(
    enums.RegistrationMode,
    description="OPEN: self-registered buyers are active at once; WITH_APPROVAL: an admin "
    "validates them first; INVITE_ONLY: no self-registration.",
)


CatalogVisibility = strawberry.enum(
    enums.CatalogVisibility, description="PUBLIC: visitors browse; PRIVATE: signed-in buyers only."
)


PriceVisibility = strawberry.enum(
    enums.PriceVisibility,
    description="Who sees prices: EVERYONE, LOGGED_IN buyers, or nobody (HIDDEN, on request).",
)
StaffRole = strawberry.enum(enums.StaffRole, description="What a staff member may do.")
ViewerKind = strawberry.enum(
    PrincipalKind,
    name="ViewerKind",
    description="Who is calling: ANONYMOUS (no token), STAFF, CONTACT (a buyer, or staff acting "
    "as one) or PARTNER (an OAuth client).",
)
