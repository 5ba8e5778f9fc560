"""Commercial policies (SPEC C6): terms set for the storefront, a group or a company. The most
specific level that sets a term wins, term by term. Readable now; checkout enforces them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from tortoise.expressions import Q

from graphql_api.auth.principal import Principal
from graphql_api.models import Carrier, CommercialPolicy, Company, CustomerGroup, Storefront
from graphql_api.services import catalog_versions, permissions
from graphql_api.services.checks import Checker, owned
from graphql_api.services.constraints import unique_violation
from graphql_api.services.errors import ErrorCode, Result
from graphql_api.services.money import Money, currency_code, parse_percent

TERMS = ("min_order_value", "payment_terms", "carrier_ids", "max_discount_percent")


class PolicyLevel(StrEnum):
    """Where a term was set, from the most general to the most specific."""

    STOREFRONT = "STOREFRONT"
    GROUP = "GROUP"
    COMPANY = "COMPANY"


MAX_PAYMENT_TERMS = 20


@dataclass
class EffectivePolicy:
    """The terms in force for one buyer, and which level set each: STOREFRONT, GROUP or
    COMPANY (absent when no level sets it)."""

    min_order_value: Money | None = None
    payment_terms: list[str] = field(default_factory=list)
    carrier_ids: list[int] = field(default_factory=list)
    max_discount_percent: Decimal | None = None
    sources: dict[str, PolicyLevel] = field(default_factory=dict)


def _level(row: CommercialPolicy) -> PolicyLevel:
    if row.company_id is not None:
        return PolicyLevel.COMPANY
    if row.group_id is not None:
        return PolicyLevel.GROUP
    return PolicyLevel.STOREFRONT


_RANK = {level: n for n, level in enumerate(PolicyLevel)}


def merge(rows: list[CommercialPolicy]) -> EffectivePolicy:
    policy = EffectivePolicy()
    for row in sorted(rows, key=lambda r: _RANK[_level(r)]):
        for term in TERMS:
            value = getattr(row, term)
            if value is None:
                continue
            if term == "min_order_value":
                # `of`, not the exact constructor: a row stored before amounts were checked
                # per currency still reads.
                assert row.min_order_currency is not None  # set_policy writes both
                value = Money.of(value, row.min_order_currency)
            setattr(policy, term, value)
            policy.sources[term] = _level(row)
    return policy


async def effective_policy(
    storefront_id: int, group_id: int | None, company_id: int | None
) -> EffectivePolicy:
    """One query: the storefront's row and, where given, the group's and the company's."""
    levels = Q(group_id__isnull=True, company_id__isnull=True)
    if group_id is not None:
        levels |= Q(group_id=group_id)
    if company_id is not None:
        levels |= Q(company_id=company_id)
    return merge(await CommercialPolicy.filter(levels, storefront_id=storefront_id))


async def _clean(storefront: Storefront, data: Mapping[str, Any]) -> tuple[dict[str, Any], Checker]:
    check = Checker()
    clean: dict[str, Any] = {}
    if "min_order_value" in data:
        raw = data["min_order_value"]
        if raw is None:
            clean["min_order_value"] = clean["min_order_currency"] = None
        else:
            amount_path = ("min_order_value", "amount")
            try:
                currency, problem = currency_code(raw.get("currency")), None
            except ValueError as exc:
                currency, problem = None, str(exc)
            if currency is None:
                check.amount(raw.get("amount"), amount_path)
            else:
                # Whole yen, cents of a real, thousandths of a dinar: the currency says.
                money = check.money(raw.get("amount"), currency, amount_path)
                if money is not None:
                    clean["min_order_value"] = money.amount
                    clean["min_order_currency"] = money.currency
            if problem is not None:
                check.add(("min_order_value", "currency"), problem, ErrorCode.INVALID_CURRENCY)
    if "payment_terms" in data:
        terms = data["payment_terms"]
        if terms is not None:
            if len(terms) > MAX_PAYMENT_TERMS:
                check.add(("payment_terms",), f"At most {MAX_PAYMENT_TERMS} payment terms.")
            cleaned = []
            for n, term in enumerate(terms):
                text = str(term or "").strip()
                if not text or len(text) > 60:
                    check.add(("payment_terms", str(n)), "A payment term has 1 to 60 characters.")
                cleaned.append(text)
            terms = list(dict.fromkeys(cleaned))
        clean["payment_terms"] = terms
    if "carrier_ids" in data:
        ids = data["carrier_ids"]
        if ids is not None:
            ids = await owned(check, Carrier, storefront.id, ids, "carrier_ids", "carrier")
        clean["carrier_ids"] = ids
    if "max_discount_percent" in data:
        raw = data["max_discount_percent"]
        try:
            clean["max_discount_percent"] = None if raw is None else parse_percent(raw)
        except ValueError as exc:
            check.add(("max_discount_percent",), str(exc).replace("Discount percent", "It"))
    return clean, check


async def set_policy(
    principal: Principal,
    storefront: Storefront,
    holder: Company | CustomerGroup | None,
    data: Mapping[str, Any],
) -> Result[CommercialPolicy]:
    """Set the terms given in `data` at one level; a term given as null is inherited again."""
    permissions.require_admin(principal)
    clean, check = await _clean(storefront, data)
    if check.errors:
        return Result.fail(*check.errors)
    key: dict[str, Any] = {"group_id": None, "company_id": None}
    if isinstance(holder, Company):
        key["company_id"] = holder.id
    elif isinstance(holder, CustomerGroup):
        key["group_id"] = holder.id
    row = await CommercialPolicy.filter(storefront_id=storefront.id, **key).first()
    if row is None:
        row = CommercialPolicy(storefront_id=storefront.id, **key)
    row.update_from_dict(clean)
    # Two first settings for one holder race to the insert; the company and group keys hold.
    async with unique_violation() as clash:
        await row.save()
        await catalog_versions.bump(storefront.id)
    if clash.errors:
        return Result.fail(*clash.errors)
    return Result(row)
