"""What a cached catalog read depends on (issue 13 part 2): the storefront's catalog version and
the viewer.

Every write that can change what a catalog read returns calls `bump(storefront_id)` INSIDE the
transaction of the change: products, categories, suppliers, carriers, price lists, their
entries and assignments, catalog limits, commercial policies, storefront settings, and the
pricing fields of companies and groups (group, discount, currency, approval). The bump commits
or rolls back with the change, so once a change is visible, so is its new version.

A reader takes the version BEFORE it reads anything else the response is made of (the response
cache does it before executing), so what it caches under a version is never older than that
version. What the request had already loaded before that (the caller's company and group, the
storefront row, both loaded by identify()) is in the key itself: `viewer_key`.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from decimal import Decimal

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from graphql_api.auth.principal import Principal
from graphql_api.models import CatalogVersion, Company, CustomerGroup, Storefront

# Company columns that change what its buyers see of the catalog or pay.
COMPANY_PRICING_FIELDS = frozenset(
    {"group_id", "discount_percent", "preferred_currency", "approval_status", "storefront_id"}
)
GROUP_PRICING_FIELDS = frozenset({"discount_percent"})


def _placeholders(conn: BaseDBAsyncClient, count: int) -> list[str]:
    if conn.capabilities.dialect == "postgres":
        return [f"${n}" for n in range(1, count + 1)]
    return ["?"] * count


def _new_stamp() -> str:
    return uuid.uuid4().hex


async def bump(storefront_id: int) -> None:
    """Give the storefront's catalog a new version, in the caller's transaction (call it inside
    the `in_transaction()` or `unique_violation()` block that writes the change)."""
    conn = CatalogVersion._meta.db
    a, b, c, d = _placeholders(conn, 4)
    now = datetime.datetime.now(datetime.UTC)
    # One statement on both engines; a storefront's first bump inserts its row.
    await conn.execute_query(
        "INSERT INTO catalog_version (storefront_id, version, stamp, created_at, updated_at) "
        f"VALUES ({a}, 1, {b}, {c}, {d}) ON CONFLICT (storefront_id) DO UPDATE SET "
        "version = catalog_version.version + 1, stamp = excluded.stamp, "
        "updated_at = excluded.updated_at",
        [storefront_id, _new_stamp(), now, now],
    )


@asynccontextmanager
async def changing(storefront_id: int) -> AsyncIterator[None]:
    """A transaction for a writer that has none of its own: the block's writes and the bump
    commit together."""
    async with in_transaction():
        yield
        await bump(storefront_id)


async def current(storefront: Storefront) -> str:
    """The storefront's version stamp. A buyer's token check reads it with the storefront in
    the same statement (services/access.py: contact_principal), before anything a response is
    made of, as the rule above asks; otherwise one indexed read here."""
    joined = storefront.__dict__.get("_catalog_version")
    if isinstance(joined, CatalogVersion) and joined.storefront_id == storefront.id:
        return joined.stamp
    return await read(storefront.id)


async def read(storefront_id: int) -> str:
    """The storefront's version stamp: one indexed read. A storefront never bumped gets its
    row now (a database loaded in bulk, or restored, starts a fresh series of stamps)."""
    conn = CatalogVersion._meta.db
    (a,) = _placeholders(conn, 1)
    sql = f"SELECT stamp FROM catalog_version WHERE storefront_id = {a}"
    _, rows = await conn.execute_query(sql, [storefront_id])
    if rows:
        return str(rows[0][0])
    a, b, c, d = _placeholders(conn, 4)
    now = datetime.datetime.now(datetime.UTC)
    await conn.execute_query(
        "INSERT INTO catalog_version (storefront_id, version, stamp, created_at, updated_at) "
        f"VALUES ({a}, 0, {b}, {c}, {d}) ON CONFLICT (storefront_id) DO NOTHING",
        [storefront_id, _new_stamp(), now, now],
    )
    _, rows = await conn.execute_query(sql, [storefront_id])
    return str(rows[0][0])


def company_pricing_changed(company: Company, clean: dict[str, object]) -> bool:
    """Whether writing `clean` to `company` changes a field its catalog depends on."""
    return any(
        name in COMPANY_PRICING_FIELDS and getattr(company, name, None) != value
        for name, value in clean.items()
    )


def _decimal(value: object) -> str:
    return f"{Decimal(str(value)):f}" if value is not None else ""


def viewer_key(principal: Principal, storefront: Storefront) -> str | None:
    """Who the catalog is shown to, as far as it changes the answer; None for callers whose
    reads are never cached (staff, and staff acting as a contact). Everything here was loaded
    before the version was read, so it is part of the key rather than trusted to the version:
    the storefront's settings, and for a buyer its company's pricing fields, its group's
    discount and whether the contact is a purchasing one (SPEC B2)."""
    settings = (
        f"{storefront.id}|{storefront.default_currency}|{storefront.price_visibility}|"
        f"{storefront.catalog_visibility}"
    )
    if principal.is_staff or principal.staff is not None or principal.acting_staff is not None:
        return None
    company = principal.buyer_company
    if company is not None:
        group = company.group if company.group_id is not None else None
        if group is not None and not isinstance(group, CustomerGroup):
            # Not loaded with the company: its discount is unknown here, so not cacheable.
            return None
        if principal.contact is not None:
            role = "purchasing" if principal.contact.is_purchasing else "other"
        else:
            role = "link"
        return (
            f"{settings}|company:{company.id}|{company.storefront_id}|{company.approval_status}|"
            f"{company.group_id}|{_decimal(company.discount_percent)}|"
            f"{company.preferred_currency}|"
            f"{_decimal(group.discount_percent) if group is not None else ''}|{role}"
        )
    if principal.is_partner and principal.partner is not None:
        bound = storefront.id in (principal.partner.storefront_ids or [])
        return f"{settings}|partner:{int(bound)}:{','.join(sorted(principal.scopes))}"
    if principal.kind != "ANONYMOUS":
        return None
    return f"{settings}|anonymous"
