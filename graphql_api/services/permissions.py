"""Who may see and change what. Every path (lists, look-ups by id, nested fields, mutations)
asks this module; no resolver decides on its own."""

from __future__ import annotations

from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet

from graphql_api.auth.principal import Principal
from graphql_api.models import Company, Contact, StaffUser
from graphql_api.services.errors import NotAuthenticated, NotFound, PermissionDenied


def require_staff(principal: Principal) -> None:
    if principal.kind == "ANONYMOUS":
        raise NotAuthenticated("Sign in as staff to do this.")
    if not principal.is_staff:
        raise PermissionDenied("Only staff may do this.")


def require_staff_or_contact(principal: Principal, what: str) -> None:
    """For what staff and a company's own contacts may read (price table, commercial terms)."""
    if principal.kind == "ANONYMOUS":
        raise NotAuthenticated(f"Sign in to see the {what}.")
    if not (principal.is_staff or principal.is_contact):
        raise PermissionDenied(f"Only staff and buyers may see the {what}.")


def require_admin(principal: Principal) -> None:
    require_staff(principal)
    if not principal.is_admin:
        raise PermissionDenied("Only an admin may do this.")


def visible_companies(principal: Principal) -> QuerySet[Company]:
    """The companies this caller may read: all for an admin, the assigned ones for a sales rep.
    Raises for anyone else."""
    require_staff(principal)
    assert principal.staff is not None
    if principal.is_admin:
        return Company.all()
    return Company.filter(sales_rep_id=principal.staff.id)


def can_see_company(principal: Principal, company: Company) -> bool:
    if principal.is_admin:
        return True
    if principal.is_sales_rep and principal.staff is not None:
        return company.sales_rep_id == principal.staff.id
    return False


def check_company(principal: Principal, company: Company | None) -> Company:
    """The company if the caller may act on it. A company the caller may not see is reported as
    not found, so its existence is not revealed."""
    require_staff(principal)
    if company is None or not can_see_company(principal, company):
        raise NotFound("company")
    return company


def may_assign_sales_rep(principal: Principal) -> bool:
    return principal.is_admin


def readable_companies(principal: Principal) -> QuerySet[Company]:
    """Companies the caller may read by id: staff as above, a contact only its own company."""
    if principal.is_contact and principal.contact is not None:
        return Company.filter(id=principal.contact.company_id)
    return visible_companies(principal)


def readable_contacts(principal: Principal) -> QuerySet[Contact]:
    """Contacts the caller may read by id: a buyer the people of its own company (as through
    company { contacts }), staff those of the companies they may see."""
    if principal.is_contact and principal.contact is not None:
        return Contact.filter(company_id=principal.contact.company_id)
    return Contact.filter(company_id__in=Subquery(visible_companies(principal).values("id")))


def visible_staff(principal: Principal) -> QuerySet[StaffUser]:
    """Staff users the caller may read: an admin all of them, a sales rep itself."""
    require_staff(principal)
    assert principal.staff is not None
    if principal.is_admin:
        return StaffUser.all()
    return StaffUser.filter(id=principal.staff.id)


def require_staff_field(principal: Principal, what: str) -> None:
    """Fields that are the seller's own business (notes, custom fields) stay with staff even on
    objects a buyer may read."""
    if not principal.is_staff:
        raise PermissionDenied(f"{what} are visible to staff only.")


async def customer_of(principal: Principal, company_id: int | None) -> Company | None:
    """The company whose catalog and prices the caller asks for, with its group: a contact's
    or a quick-order link's own (naming another is refused), one a staff member may see, or None
    for the public view."""
    own = principal.buyer_company
    if own is not None:
        if company_id is not None and company_id != own.id:
            raise PermissionDenied("A buyer sees its own company's prices only.")
        return own
    if company_id is None:
        return None
    company = (
        await visible_companies(principal).filter(id=company_id).select_related("group").first()
    )
    if company is None:
        raise PermissionDenied("There is no such company, or you may not see it.")
    return company
