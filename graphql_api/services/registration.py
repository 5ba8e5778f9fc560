"""Self-registration per storefront mode (SPEC B4) and its approval."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tortoise.transactions import in_transaction

from graphql_api.auth.passwords import hash_password, password_problem
from graphql_api.auth.principal import ANONYMOUS, Principal, PrincipalKind
from graphql_api.models import Company, Contact, StaffUser, Storefront
from graphql_api.models.enums import AccessState, ApprovalStatus, RegistrationMode, StaffRole
from graphql_api.services import (
    activity,
    catalog_versions,
    companies,
    contacts,
    notifications,
    orders,
    permissions,
)
from graphql_api.services.errors import ErrorCode, Result, ServiceError, UserError
from graphql_api.settings import Settings

# What a registering buyer may set about their company; the rest is the seller's to decide.
COMPANY_FIELDS = (
    "legal_name",
    "trade_name",
    "is_individual",
    "responsible_first_name",
    "responsible_last_name",
    "responsible_phone",
    "preferred_currency",
    "preferred_language",
    "tax_ids",
    "addresses",
    "emails",
    "phones",
)


def _prefixed(errors: list[UserError], prefix: str) -> list[UserError]:
    return [UserError(e.message, e.code, (prefix, *e.field)) for e in errors]


async def register(
    principal: Principal, settings: Settings, storefront: Storefront, data: Mapping[str, Any]
) -> Result[Company]:
    """Create a company and its purchasing contact with a password. OPEN: usable at once;
    WITH_APPROVAL: NEW until an admin validates it, with an alert queued to the admins;
    INVITE_ONLY: refused. Only a visitor registers: anyone signed in is refused."""
    if principal.kind != PrincipalKind.ANONYMOUS:
        return Result.fail(
            UserError("Sign out before registering a new company.", ErrorCode.ALREADY_SIGNED_IN)
        )
    if storefront.registration_mode == RegistrationMode.INVITE_ONLY:
        return Result.fail(
            UserError(
                "This storefront takes new customers by invitation only.",
                ErrorCode.REGISTRATION_CLOSED,
            )
        )
    company_data = {k: v for k, v in dict(data.get("company") or {}).items() if k in COMPANY_FIELDS}
    contact_data = dict(data.get("contact") or {})
    contact_data["roles"] = ["PURCHASING"]
    password = str(data.get("password") or "")
    problem = password_problem(password)
    pending = storefront.registration_mode == RegistrationMode.WITH_APPROVAL
    status = ApprovalStatus.NEW if pending else ApprovalStatus.VALIDATED
    password_hash = await hash_password(password) if not problem else None
    try:
        async with in_transaction():
            made = await companies.register_company(
                ANONYMOUS, storefront, company_data, approval_status=status
            )
            errors = _prefixed(made.errors, "company")
            if problem:
                errors.append(UserError(problem, ErrorCode.WEAK_PASSWORD, ("password",)))
            if made.value is None:
                # The contact is checked against its company, so without one it waits.
                raise ServiceError(errors)
            company = made.value
            person = await contacts.add_contact(
                company,
                contact_data,
                access_state=AccessState.ACTIVE,
                password_hash=password_hash,
            )
            errors += _prefixed(person.errors, "contact")
            if errors:
                raise ServiceError(errors)
            contact = person.value
            assert contact is not None
            await activity.record(
                activity.REGISTERED,
                storefront_id=storefront.id,
                company_id=company.id,
                contact_id=contact.id,
                pending=pending,
            )
            if pending:
                await _alert_admins(settings, storefront, company, contact)
    except ServiceError as exc:
        return Result.fail(*exc.errors)
    return Result(company)


async def _alert_admins(
    settings: Settings, storefront: Storefront, company: Company, contact: Contact
) -> None:
    context = {
        "company": company.legal_name,
        "contact_name": f"{contact.first_name} {contact.last_name}",
        "contact_email": contact.email,
        "admin_url": f"{settings.public_url}/graphql",
    }
    for admin in await StaffUser.filter(role=StaffRole.ADMIN, is_active=True):
        await notifications.queue(
            "registration_alert",
            admin.email,
            storefront.default_language,
            context,
            storefront_id=storefront.id,
            company_id=company.id,
        )


async def _decide(
    principal: Principal, settings: Settings, company: Company, status: ApprovalStatus
) -> Result[Company]:
    permissions.require_admin(principal)
    if company.approval_status != ApprovalStatus.NEW:
        return Result.fail(
            UserError(
                f"This registration was already decided ({company.approval_status.value}).",
                ErrorCode.ALREADY_DECIDED,
                ("id",),
            )
        )
    storefront = await Storefront.get(id=company.storefront_id)
    buyer = await Contact.filter(company_id=company.id, is_purchasing=True).first()
    async with in_transaction():
        company.approval_status = status
        await company.save(update_fields=["approval_status", "updated_at"])
        await catalog_versions.bump(company.storefront_id)
        approved = status == ApprovalStatus.VALIDATED
        # Orders a guest placed while registering wait for this decision.
        await orders.settle_held_orders(settings, company, approved, principal.staff)
        await activity.record(
            activity.REGISTRATION_APPROVED if approved else activity.REGISTRATION_REJECTED,
            storefront_id=storefront.id,
            company_id=company.id,
            staff_id=principal.staff.id if principal.staff else None,
        )
        if buyer is not None:
            await notifications.queue(
                "registration_approved" if approved else "registration_rejected",
                buyer.email,
                company.preferred_language or storefront.default_language,
                {
                    "name": buyer.first_name,
                    "company": company.trade_name or company.legal_name,
                    "url": settings.public_url,
                },
                storefront_id=storefront.id,
                company_id=company.id,
                contact_id=buyer.id,
            )
    return Result(company)


async def approve(principal: Principal, settings: Settings, company: Company) -> Result[Company]:
    return await _decide(principal, settings, company, ApprovalStatus.VALIDATED)


async def reject(principal: Principal, settings: Settings, company: Company) -> Result[Company]:
    return await _decide(principal, settings, company, ApprovalStatus.CANCELLED)
