"""Buyer identity, storefronts and activity (SPEC B1-B11): the enums of its GraphQL types."""

from __future__ import annotations

import strawberry

from graphql_api.auth.principal import PrincipalKind
from graphql_api.models.enums import CatalogVisibility, PriceVisibility, RegistrationMode, StaffRole

# strawberry.enum registers a StrEnum of the models or services in place and returns the same
# class; the GraphQL types annotate with that class, imported from this module.
strawberry.enum(
    RegistrationMode,
    description="OPEN: self-registered buyers are active at once; WITH_APPROVAL: an admin "
    "validates them first; INVITE_ONLY: no self-registration.",
)


strawberry.enum(
    CatalogVisibility, description="PUBLIC: visitors browse; PRIVATE: signed-in buyers only."
)


strawberry.enum(
    PriceVisibility,
    description="Who sees prices: EVERYONE, LOGGED_IN buyers, or nobody (HIDDEN, on request).",
)
strawberry.enum(StaffRole, description="What a staff member may do.")
# PrincipalKind under its GraphQL name (see AppliedRuleKind in schema/catalog/enums.py).
ViewerKind = PrincipalKind
strawberry.enum(
    PrincipalKind,
    name="ViewerKind",
    description="Who is calling: ANONYMOUS (no token), STAFF, CONTACT (a buyer, or staff acting "
    "as one) or PARTNER (an OAuth client).",
)
