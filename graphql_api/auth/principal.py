"""Who is calling: built once per request from the bearer token."""

from __future__ import annotations

from dataclasses import dataclass

from graphql_api.models import StaffUser
from graphql_api.models.enums import StaffRole


@dataclass(frozen=True)
class Principal:
    kind: str  # "ANONYMOUS" or "STAFF"; later issues add contacts, partners, links
    staff: StaffUser | None = None

    @property
    def is_staff(self) -> bool:
        return self.staff is not None

    @property
    def is_admin(self) -> bool:
        return self.staff is not None and self.staff.role == StaffRole.ADMIN

    @property
    def is_sales_rep(self) -> bool:
        return self.staff is not None and self.staff.role == StaffRole.SALES_REP


ANONYMOUS = Principal(kind="ANONYMOUS")
