"""Buyer identity: sign-in, access, registration, act-as, storefront settings, activity."""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from strawberry.types import Info

from graphql_api.global_ids import pk_of
from graphql_api.models import Company, Contact, Storefront
from graphql_api.models.enums import AccessState
from graphql_api.services import access, activity, contacts, permissions, registration
from graphql_api.services.money import PERCENT_PLACES
from graphql_api.services.storefronts import update_storefront
from graphql_api.services.themes import installed_themes
from graphql_api.services.validation.tax_ids import format_tax_id
from resolvers.lookup import get_by_id
from resolvers.pagination import SortKey, keyset_page
from resolvers.payloads import mutation


def _client(info: Info) -> str | None:
    request = info.context.request
    return request.client.host if request is not None and request.client else None


async def _contact(info: Info, contact_id: str, field: str = "contact_id") -> Contact:
    return await get_by_id(info, Contact, contact_id, field)


async def _company(info: Info, company_id: str) -> Company:
    company = await Company.get_or_none(id=pk_of(company_id, "Company"))
    return permissions.check_company(info.context.principal, company)


@mutation("session")
async def contact_login(info: Info, data: dict[str, Any]) -> Any:
    ctx = info.context
    return await access.contact_login(
        ctx.signer,
        ctx.settings,
        ctx.require_storefront(),
        data.get("email", ""),
        data.get("password", ""),
        _client(info),
    )


@mutation("ok")
async def logout(info: Info, data: dict[str, Any]) -> Any:
    return await access.logout(info.context.principal)


@mutation("ok")
async def request_password_reset(info: Info, data: dict[str, Any]) -> Any:
    ctx = info.context
    return await access.request_password_reset(
        ctx.settings, ctx.require_storefront(), data.get("email", ""), _client(info)
    )


@mutation("ok")
async def claim_account(info: Info, data: dict[str, Any]) -> Any:
    ctx = info.context
    return await access.claim_account(
        ctx.settings, ctx.require_storefront(), data.get("email", ""), _client(info)
    )


@mutation("contact", id_field="token")
async def reset_password(info: Info, data: dict[str, Any]) -> Any:
    return await access.reset_password(data.get("token", ""), data.get("password", ""))


@mutation("grant", id_field="contact_id")
async def create_contact_access(info: Info, data: dict[str, Any]) -> Any:
    ctx = info.context
    contact = await _contact(info, data["contact_id"])
    return await access.create_contact_access(ctx.principal, ctx.settings, contact)


@mutation("contact", id_field="contact_id")
async def block_contact_access(info: Info, data: dict[str, Any]) -> Any:
    contact = await _contact(info, data["contact_id"])
    return await access.block_contact_access(info.context.principal, contact)


@mutation("session", id_field="contact_id")
async def act_as_contact(info: Info, data: dict[str, Any]) -> Any:
    ctx = info.context
    contact = await _contact(info, data["contact_id"])
    return await access.act_as_contact(ctx.principal, ctx.signer, ctx.settings, contact)


@mutation("company")
async def register(info: Info, data: dict[str, Any]) -> Any:
    ctx = info.context
    return await registration.register(ctx.principal, ctx.settings, ctx.require_storefront(), data)


@mutation("company")
async def approve_registration(info: Info, data: dict[str, Any]) -> Any:
    company = await _company(info, data["id"])
    return await registration.approve(info.context.principal, info.context.settings, company)


@mutation("company")
async def reject_registration(info: Info, data: dict[str, Any]) -> Any:
    company = await _company(info, data["id"])
    return await registration.reject(info.context.principal, info.context.settings, company)


@mutation("storefront")
async def update_storefront_settings(info: Info, data: dict[str, Any]) -> Any:
    data = dict(data)
    storefront_id = data.pop("id", None)
    if storefront_id:
        storefront = await get_by_id(info, Storefront, storefront_id)
    else:
        storefront = info.context.require_storefront()
    themes = installed_themes(info.context.settings)
    return await update_storefront(info.context.principal, storefront, data, themes)


def storefront_rep_max_discount(root: Storefront, info: Info) -> Decimal:
    """The ceiling on a rep's discounts: the seller's own business, for staff only."""
    permissions.require_staff_field(info.context.principal, "Sales rep discount ceilings")
    return Decimal(root.rep_max_discount_percent).quantize(PERCENT_PLACES)


def storefront_tax_id(root: Storefront) -> str:
    return format_tax_id(root.tax_id_kind, root.tax_id) if root.tax_id else ""


async def storefront_list(info: Info) -> list[Storefront]:
    permissions.require_staff(info.context.principal)
    return await Storefront.all().order_by("id")


async def activity_list(
    info: Info,
    *,
    first: int | None,
    after: str | None,
    company_id: str | None,
    contact_id: str | None,
    kinds: list[str] | None,
    since: datetime.datetime | None,
    until: datetime.datetime | None,
) -> Any:
    queryset = activity.list_activities(
        info.context.principal,
        company_id=pk_of(company_id, "Company") if company_id else None,
        contact_id=pk_of(contact_id, "Contact") if contact_id else None,
        kinds=kinds,
        since=since,
        until=until,
    )
    return await keyset_page(
        queryset,
        SortKey((("created_at", True),)),
        first=first,
        after=after,
        default_size=50,
        max_size=info.context.settings.max_page_size,
    )


# Nested fields


def contact_roles(root: Contact, info: Info) -> list[str]:
    return contacts.roles_of(root)


async def company_access_summary(root: Company, info: Info) -> Any:
    rows = await info.context.loaders.companies.contacts.load(root.id)
    granted = [c for c in rows if c.access_state in (AccessState.ACTIVE, AccessState.INVITED)]
    seen = [c.last_access_at for c in rows if c.last_access_at is not None]
    return SimpleNamespace(
        emails_with_access=len(granted), last_access_at=max(seen) if seen else None
    )


async def activity_company(root: Any, info: Info) -> Company | None:
    return (
        await info.context.loaders.companies.company.load(root.company_id)
        if root.company_id
        else None
    )


async def activity_contact(root: Any, info: Info) -> Contact | None:
    return (
        await info.context.loaders.companies.contact.load(root.contact_id)
        if root.contact_id
        else None
    )


async def activity_staff(root: Any, info: Info) -> Any:
    return await info.context.loaders.identity.staff.load(root.staff_id) if root.staff_id else None


def viewer(info: Info) -> Any:
    principal = info.context.principal
    return SimpleNamespace(
        kind=principal.kind,
        staff=principal.staff,
        contact=principal.contact,
        # A quick-order link's holder is nobody at the company: its cart names the company.
        company=principal.company if principal.is_contact else None,
        acting_staff=principal.acting_staff,
        storefront=info.context.storefront,
        partner_name=principal.partner.name if principal.partner else None,
    )
