"""Who is calling: built once per request from the bearer token."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from graphql_api.models import Company, Contact, PartnerClient, QuickOrderLink, StaffUser
from graphql_api.models.enums import StaffRole


class PrincipalKind(StrEnum):
    ANONYMOUS = "ANONYMOUS"
    STAFF = "STAFF"
    CONTACT = "CONTACT"
    PARTNER = "PARTNER"
    QUICK_LINK = "QUICK_LINK"


ANONYMOUS_KIND = PrincipalKind.ANONYMOUS
STAFF_KIND = PrincipalKind.STAFF
CONTACT_KIND = PrincipalKind.CONTACT
PARTNER_KIND = PrincipalKind.PARTNER
QUICK_LINK_KIND = PrincipalKind.QUICK_LINK


@dataclass(frozen=True)
class Principal:
    """`kind` is ANONYMOUS, STAFF, CONTACT, PARTNER or QUICK_LINK. A staff member acting as a
    contact is a CONTACT principal with `acting_staff` set: it sees what the contact sees and no
    more. Whoever holds a quick-order link is a QUICK_LINK principal with `quick_link` and the
    link's `company`: it sees that company's catalog at its prices and has a cart, nothing else.
    A visitor with a guest cart stays ANONYMOUS, with `guest_key` naming its cart."""

    kind: PrincipalKind
    staff: StaffUser | None = None
    contact: Contact | None = None
    company: Company | None = None
    acting_staff: StaffUser | None = None
    partner: PartnerClient | None = None
    scopes: tuple[str, ...] = field(default=())
    quick_link: QuickOrderLink | None = None
    guest_key: str | None = None

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

    @property
    def is_quick_link(self) -> bool:
        return self.kind == QUICK_LINK_KIND and self.quick_link is not None

    @property
    def is_guest(self) -> bool:
        return self.kind == ANONYMOUS_KIND and self.guest_key is not None

    @property
    def buyer_company(self) -> Company | None:
        """The company whose catalog and prices the caller sees as a buyer: a contact's own, or
        the company of a quick-order link; None for everyone else."""
        if self.is_contact or self.is_quick_link:
            return self.company
        return None


ANONYMOUS = Principal(kind=ANONYMOUS_KIND)
