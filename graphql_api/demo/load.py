"""Demo data (`vitrine demo`, `vitrine serve --demo`): loaded once, through the same services the
API uses, so the demo is valid data by construction."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from tortoise.transactions import in_transaction

from graphql_api.auth.passwords import hash_password
from graphql_api.auth.principal import STAFF_KIND, Principal
from graphql_api.demo.catalog import load_catalog
from graphql_api.demo.companies import DEMO_CUSTOM_FIELDS, DEMO_GROUPS, demo_companies
from graphql_api.demo.invoices import load_invoices
from graphql_api.demo.orders import load_orders
from graphql_api.demo.quotes import load_quotes
from graphql_api.models import Company, Contact, CustomerGroup, Note, StaffUser
from graphql_api.models.enums import AccessState, StaffRole
from graphql_api.services import (
    catalog_versions,
    companies,
    contacts,
    custom_fields,
    groups,
    notes,
    staff,
)
from graphql_api.services.errors import Result
from graphql_api.services.storefronts import ensure_default_storefront
from graphql_api.settings import Settings

DEMO_PASSWORD = "vitrine-demo"
DEMO_STAFF = (
    ("admin@vitrine.test", "Ana Admin", StaffRole.ADMIN, None),
    ("rep@vitrine.test", "Rafael Rep", StaffRole.SALES_REP, "rep"),
    ("rep2@vitrine.test", "Raluca Rep", StaffRole.SALES_REP, "rep2"),
)


@dataclass(frozen=True)
class DemoSummary:
    created: bool
    companies: int
    credentials: tuple[tuple[str, str, str], ...]


async def _credentials() -> tuple[tuple[str, str, str], ...]:
    staff_rows = [(email, DEMO_PASSWORD, role.value) for email, _, role, _ in DEMO_STAFF]
    buyers = (
        await Contact.filter(access_state=AccessState.ACTIVE)
        .select_related("company__group")
        .order_by("id")
    )
    buyer_rows = [
        (c.email, DEMO_PASSWORD, f"buyer, {c.company.group.name if c.company.group else '-'}")
        for c in buyers
    ]
    return tuple(staff_rows + buyer_rows)


async def load_demo(settings: Settings | None = None) -> DemoSummary:
    """Create the demo storefront, staff, customers, catalog, orders and quotes unless they exist
    already. `settings` give the public URL order mails link to."""
    if settings is None:
        settings = Settings.from_env({"VITRINE_SECRET_KEY": "demo-orders-sign-no-tokens"})
    admin = await StaffUser.get_or_none(email=DEMO_STAFF[0][0])
    if admin is not None:
        # A demo database from before the catalog or the orders gets them now; otherwise
        # nothing changes.
        if admin.role == StaffRole.ADMIN and admin.is_active:
            async with in_transaction():
                principal = Principal(kind=STAFF_KIND, staff=admin)
                storefront = await ensure_default_storefront()
                await load_catalog(principal, storefront)
                await load_orders(settings, storefront, principal)
                await load_quotes(settings, storefront, principal)
                await load_invoices(storefront, principal)
                await catalog_versions.bump(storefront.id)
        return DemoSummary(False, await Company.all().count(), await _credentials())
    async with in_transaction():
        storefront = await ensure_default_storefront()
        reps: dict[str, int] = {}
        admin = None
        for email, name, role, key in DEMO_STAFF:
            result = await staff.create_staff(email, DEMO_PASSWORD, role, name)
            assert result.value is not None, result.errors
            if key:
                reps[key] = result.value.id
            if role == StaffRole.ADMIN:
                admin = result.value
        principal = Principal(kind=STAFF_KIND, staff=admin)

        group_ids: dict[str, int] = {}
        # Both names are reused below for custom fields and companies.
        spec: dict[str, Any]
        made: Result[Any]
        for spec in DEMO_GROUPS:
            made = await groups.create_group(
                principal, storefront, {"name": spec["name"], "description": spec["description"]}
            )
            assert made.value is not None, made.errors
            group_ids[spec["key"]] = made.value.id
        await CustomerGroup.filter(id=group_ids["wholesale"]).update(discount_percent=5)
        await CustomerGroup.filter(id=group_ids["distributor"]).update(discount_percent=8)
        # Written around the services: the cached catalog reads must see it.
        await catalog_versions.bump(storefront.id)

        for spec in DEMO_CUSTOM_FIELDS:
            made = await custom_fields.define_field(principal, storefront, spec)
            assert made.value is not None, made.errors

        now = datetime.datetime.now(datetime.UTC)
        for index, spec in enumerate(demo_companies()):
            data = {k: v for k, v in spec.items() if k not in {"key", "contacts", "notes"}}
            data["group_id"] = group_ids[data.pop("group")]
            rep = data.pop("sales_rep")
            data["sales_rep_id"] = reps[rep] if rep else None
            data["custom_fields"] = [
                {"key": k, "value": str(v).lower() if isinstance(v, bool) else v}
                for k, v in spec["custom_fields"].items()
            ]
            made = await companies.create_company(principal, storefront, data)
            assert made.value is not None, (spec["key"], made.errors)
            company = made.value
            # Spread creation dates so "newest" sorting shows something meaningful.
            await Company.filter(id=company.id).update(
                created_at=now - datetime.timedelta(days=3 * (len(DEMO_STAFF) + index))
            )
            for person in spec["contacts"]:
                added = await contacts.create_contact(principal, company, person)
                assert added.value is not None, (spec["key"], added.errors)
            for item in spec["notes"]:
                note = await notes.add_note(principal, company, item["body"], item["priority"])
                assert note.value is not None
                await Note.filter(id=note.value.id).update(
                    created_at=now - datetime.timedelta(days=item["days_ago"], minutes=index)
                )
        await _demo_buyers(principal, group_ids)
        await load_catalog(principal, storefront)
        await load_orders(settings, storefront, principal)
        await load_quotes(settings, storefront, principal)
        await load_invoices(storefront, principal)
        await catalog_versions.bump(storefront.id)
    return DemoSummary(True, await Company.all().count(), await _credentials())


async def _demo_buyers(principal: Principal, group_ids: dict[str, int]) -> None:
    """Every company's first contact buys for it; in the first company of each group that
    contact can sign in, so each group's prices can be seen as a buyer."""
    password_hash = await hash_password(DEMO_PASSWORD)
    seen_groups: set[int | None] = set()
    for company in await Company.all().order_by("id"):
        first = await Contact.filter(company_id=company.id).order_by("id").first()
        if first is None:
            continue
        made = await contacts.update_contact(principal, first, {"roles": ["PURCHASING"]})
        assert made.ok, made.errors
        group_id = company.group_id
        if group_id in group_ids.values() and group_id not in seen_groups:
            seen_groups.add(group_id)
            await Contact.filter(id=first.id).update(
                access_state=AccessState.ACTIVE, password_hash=password_hash
            )
