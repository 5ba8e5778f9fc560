"""The one place prices are decided (SPEC C3-C5). The catalog, the price table and its CSV (and
later the cart, orders and quick-order pages) all ask this module.

Precedence, for one product, quantity and pricing context:
1. The entry for the product in the company's own price list, else in its group's list, else the
   product's base price. Lists in the company's preferred currency come first; lists in the
   storefront's default currency next. The base price is in the default currency.
2. Within the chosen list entry, the tier with the largest minimum quantity not above the
   quantity; below every tier, the entry's own price.
3. The discount percent: the company's if above zero, else its group's, never above the maximum
   discount of the commercial policy in force.
4. The result rounded half-up to the currency's minor unit, by services.money.

Whose prices a request shows is decided once, by `context_for`: the request context caches its
answer per company id, so every price of a page (and later a cart or an order) uses one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import cached_property, lru_cache

from tortoise.expressions import Q

from graphql_api.auth.principal import Principal
from graphql_api.models import Company, CustomerGroup, PriceListEntry, Product, Storefront
from graphql_api.models.enums import ApprovalStatus, PriceVisibility, PriceVisibilityReason
from graphql_api.models.pricing import PriceListAssignment
from graphql_api.services import permissions
from graphql_api.services.money import Money
from graphql_api.services.policies import effective_policy

HUNDRED = Decimal(100)
ZERO = Decimal("0.00")

# Why a price is or is not shown (Product.priceVisibility).
VISIBLE = PriceVisibilityReason.VISIBLE
LOGIN_REQUIRED = PriceVisibilityReason.LOGIN_REQUIRED
ON_REQUEST = PriceVisibilityReason.ON_REQUEST
PENDING_APPROVAL = PriceVisibilityReason.PENDING_APPROVAL
ROLE_REQUIRED = PriceVisibilityReason.ROLE_REQUIRED


def price_visibility(principal: Principal, storefront: Storefront) -> PriceVisibilityReason:
    """Staff always see prices; everyone else as the storefront's price visibility says. Among
    a company's contacts, prices are the purchasing contact's business (SPEC B2): billing,
    shipping and support contacts see the catalog without them. A quick-order link sees its
    company's prices, like its purchasing contact."""
    if principal.is_staff:
        return VISIBLE
    if storefront.price_visibility == PriceVisibility.HIDDEN:
        return ON_REQUEST
    company = principal.buyer_company
    if company is not None:
        if company.approval_status != ApprovalStatus.VALIDATED:
            return PENDING_APPROVAL
        if principal.contact is not None and not principal.contact.is_purchasing:
            return ROLE_REQUIRED
        return VISIBLE
    if storefront.price_visibility == PriceVisibility.LOGGED_IN:
        return LOGIN_REQUIRED
    return VISIBLE


@dataclass(frozen=True)
class ListRef:
    id: int
    name: str
    currency: str
    source: str  # COMPANY or GROUP


@dataclass(frozen=True)
class PricingContext:
    """Everything a price depends on besides the product and quantity, loaded once a request.
    `lists` is in precedence order; `company_id` is None for the public prices. `company` is
    the row itself (with its group), for callers that also need the company's catalog view."""

    storefront_id: int
    default_currency: str
    company_id: int | None = None
    lists: tuple[ListRef, ...] = ()
    discount_percent: Decimal = ZERO
    discount_source: str | None = None
    max_discount_percent: Decimal | None = None
    company: Company | None = field(default=None, compare=False, repr=False)


class RuleKind(StrEnum):
    """What changed a price, in the order the rules apply."""

    COMPANY_LIST = "COMPANY_LIST"
    GROUP_LIST = "GROUP_LIST"
    TIER = "TIER"
    COMPANY_DISCOUNT = "COMPANY_DISCOUNT"
    GROUP_DISCOUNT = "GROUP_DISCOUNT"
    MAX_DISCOUNT = "MAX_DISCOUNT"


@dataclass(frozen=True)
class AppliedRule:
    """One step that changed a price."""

    kind: RuleKind
    detail: str
    price_list_id: int | None = None
    min_quantity: int | None = None
    percent: Decimal | None = None

    @cached_property
    def label(self) -> str:
        # Cached: a page reads the same few rules' labels a hundred times.
        return f"{self.kind}:{self.detail}"


@dataclass(frozen=True)
class Price:
    """A unit price: `unit` is what the buyer pays, `base` the price before the discount (after
    list and tier); both in the same currency, rounded to its minor unit."""

    unit: Money
    base: Money
    discount_percent: Decimal
    quantity: int
    rules: tuple[AppliedRule, ...]
    # Labels kept beside the rules: a page reads them a hundred times.
    applied_rules: tuple[str, ...] = ()

    # The flat names the GraphQL Price type and the CSV read.
    @property
    def amount(self) -> Decimal:
        return self.unit.amount

    @property
    def base_amount(self) -> Decimal:
        return self.base.amount

    @property
    def currency(self) -> str:
        return self.unit.currency


def public_context(storefront: Storefront) -> PricingContext:
    """The prices of visitors and partners: base prices in the default currency."""
    return PricingContext(storefront.id, storefront.default_currency)


async def company_context(
    storefront: Storefront, company: Company, group: CustomerGroup | None
) -> PricingContext:
    """Two queries: the company's and group's lists, and the policies in force."""
    group_id = company.group_id
    currencies = list(dict.fromkeys([company.preferred_currency, storefront.default_currency]))
    currencies = [c for c in currencies if c]
    holders = Q(company_id=company.id)
    if group_id is not None:
        holders |= Q(group_id=group_id)
    assignments = await PriceListAssignment.filter(holders, currency__in=currencies).select_related(
        "price_list"
    )
    lists = []
    for currency in currencies:
        for level in ("COMPANY", "GROUP"):
            for a in assignments:
                held_by_company = a.company_id is not None
                if a.currency == currency and held_by_company == (level == "COMPANY"):
                    lists.append(ListRef(a.price_list.id, a.price_list.name, currency, level))
    policy = await effective_policy(storefront.id, group_id, company.id)
    discount, source = ZERO, None
    if company.discount_percent and company.discount_percent > 0:
        discount, source = Decimal(company.discount_percent), "COMPANY"
    elif group is not None and group.discount_percent and group.discount_percent > 0:
        discount, source = Decimal(group.discount_percent), "GROUP"
    return PricingContext(
        storefront.id,
        storefront.default_currency,
        company.id,
        tuple(lists),
        discount,
        source,
        policy.max_discount_percent,
        company,
    )


async def context_for(
    principal: Principal, storefront: Storefront, company_id: int | None = None
) -> PricingContext:
    """The one way to ask whose prices to show: a buyer's own company's (naming another is
    refused), a company a staff member may see when `company_id` names one, else the public
    prices. Raises PermissionDenied as services.permissions.customer_of does. The catalog,
    the price table and its CSV (and later carts, orders and quotes) all start here."""
    company = await permissions.customer_of(principal, company_id)
    if company is None:
        return public_context(storefront)
    return await company_context(storefront, company, company.group)


Entries = dict[int, dict[int, PriceListEntry]]  # product id -> list id -> entry


async def load_entries(context: PricingContext, product_ids: Sequence[int]) -> Entries:
    """The list entries of a page of products, in one query (none without lists)."""
    out: Entries = {pk: {} for pk in product_ids}
    if not context.lists or not product_ids:
        return out
    rows = await PriceListEntry.filter(
        price_list_id__in=[ref.id for ref in context.lists], product_id__in=list(set(product_ids))
    )
    for row in rows:
        out[row.product_id][row.price_list_id] = row
    return out


def _tier(entry: PriceListEntry, quantity: int) -> tuple[Decimal, int | None]:
    chosen, at = Decimal(entry.price), None
    for tier in entry.tiers or ():
        if tier["min_quantity"] <= quantity:
            chosen, at = Decimal(tier["price"]), tier["min_quantity"]
    return chosen, at


def _discount(context: PricingContext) -> tuple[Decimal, tuple[AppliedRule, ...]]:
    """The percent off and its rules: the same for every product of a context, so worked out
    once for it (a page prices a hundred products)."""
    memo = context.__dict__.get("_discount")
    if memo is not None:
        return memo
    rules: list[AppliedRule] = []
    percent = context.discount_percent
    if percent > 0:
        cap = context.max_discount_percent
        if cap is not None and percent > cap:
            percent = Decimal(cap)
        if percent > 0:
            rules.append(
                AppliedRule(
                    RuleKind(f"{context.discount_source}_DISCOUNT"), f"{percent:f}", percent=percent
                )
            )
        if percent != context.discount_percent:
            rules.append(AppliedRule(RuleKind.MAX_DISCOUNT, f"{percent:f}", percent=percent))
    memo = (percent, tuple(rules))
    # A frozen dataclass: kept beside its fields, as functools.cached_property would.
    context.__dict__["_discount"] = memo
    return memo


@lru_cache(maxsize=1024)
def _list_rule(ref: ListRef) -> AppliedRule:
    return AppliedRule(RuleKind(f"{ref.source}_LIST"), ref.name, price_list_id=ref.id)


def price_of(
    context: PricingContext,
    product: Product,
    entries: dict[int, PriceListEntry],
    quantity: int = 1,
) -> Price:
    """The price of `quantity` units of `product`, per unit. Pure: no I/O."""
    rules: tuple[AppliedRule, ...] = ()
    unit, currency = Decimal(product.base_price), context.default_currency
    for ref in context.lists:
        entry = entries.get(ref.id)
        if entry is None:
            continue
        unit, currency = Decimal(entry.price), ref.currency
        rules = (_list_rule(ref),)
        tiered, at = _tier(entry, quantity)
        if at is not None:
            unit = tiered
            rules += (AppliedRule(RuleKind.TIER, str(at), price_list_id=ref.id, min_quantity=at),)
        break
    percent, discount_rules = _discount(context)
    rules += discount_rules
    # Rounded once, at the end: 0.3333 at 10% off is 0.30, not 0.33 less 0.03.
    return Price(
        unit=Money.of(unit * (HUNDRED - percent) / HUNDRED if percent else unit, currency),
        base=Money.of(unit, currency),
        discount_percent=percent,
        quantity=quantity,
        rules=rules,
        applied_rules=tuple(rule.label for rule in rules),
    )


async def prices_for(
    context: PricingContext, products: Iterable[Product], quantity: int = 1
) -> dict[int, Price]:
    """Prices of many products at once (one query for their list entries)."""
    items = list(products)
    entries = await load_entries(context, [p.id for p in items])
    return {p.id: price_of(context, p, entries[p.id], quantity) for p in items}


def tier_prices(
    context: PricingContext, product: Product, entries: dict[int, PriceListEntry]
) -> list[Price]:
    """The price at each tier of the list entry that applies, lowest quantity first."""
    for ref in context.lists:
        entry = entries.get(ref.id)
        if entry is not None:
            return [price_of(context, product, entries, t["min_quantity"]) for t in entry.tiers]
    return []
