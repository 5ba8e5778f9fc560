"""Who is calling: built once per request from the bearer token."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from graphql_api.models import Company, Contact, PartnerClient, StaffUser
from graphql_api.models.enums import StaffRole


class PrincipalKind(StrEnum):
    ANONYMOUS = "ANONYMOUS"
    STAFF = "STAFF"
    CONTACT = "CONTACT"
    PARTNER = "PARTNER"


ANONYMOUS_KIND = PrincipalKind.ANONYMOUS
STAFF_KIND = PrincipalKind.STAFF
CONTACT_KIND = PrincipalKind.CONTACT
PARTNER_KIND = PrincipalKind.PARTNER


@dataclass(frozen=True)
class Principal:
    """`kind` is ANONYMOUS, STAFF, CONTACT or PARTNER. A staff member acting as a contact is a
    CONTACT principal with `acting_staff` set: it sees what the contact sees and no more."""

    kind: PrincipalKind
    staff: StaffUser | None = None
    contact: Contact | None = None
    company: Company | None = None
    acting_staff: StaffUser | None = None
    partner: PartnerClient | None = None
    scopes: tuple[str, ...] = field(default=())

    @property
    def is_staff(self) -> bool:
        return self.kind == STAFF_KIND and self.staff is not None

    @property
    def is_admin(self) -> bool:
        return self.is_staff and self.staff.role == StaffRole.ADMIN  # type: ignore[union-attr]  # is_staff: staff is set

    @property
    def is_sales_rep(self) -> bool:
        return self.is_staff and self.staff.role == StaffRole.SALES_REP  # type: ignore[union-attr]  # is_staff: staff is set

    @property
    def is_contact(self) -> bool:
        return self.kind == CONTACT_KIND and self.contact is not None

    @property
    def is_acting(self) -> bool:
        return self.is_contact and self.acting_staff is not None

    @property
    def is_partner(self) -> bool:
        return self.kind == PARTNER_KIND and self.partner is not None


ANONYMOUS = Principal(kind=ANONYMOUS_KIND)
