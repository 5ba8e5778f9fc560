"""Demo orders: a few hundred over the last twelve months, placed and moved along the workflow
through the order service, so order history and (next) the portal reports have something to
show. Buyers order from the storefront and the API, reps on behalf of their companies, and some
companies through their quick-order links; older orders are mostly delivered, recent ones are
still on their way, and a few were cancelled."""

from __future__ import annotations

import datetime
import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from graphql_api.auth.principal import Principal
from graphql_api.models import (
    Company,
    Contact,
    Notification,
    Order,
    OrderStatusChange,
    Product,
    StaffUser,
    Storefront,
)
from graphql_api.models.enums import ApprovalStatus, NotificationState, StaffRole
from graphql_api.models.orders import OrderSource, OrderStatus, QuickOrderLink
from graphql_api.services import carts, orders, pricing, quick_links, visibility
from graphql_api.settings import Settings

DEMO_ORDERS = 240
DAYS = 365
LINK_COMPANIES = 4
# How an order came in, and how often.
SOURCES = (
    (OrderSource.STOREFRONT, 35),
    (OrderSource.API, 12),
    (OrderSource.ON_BEHALF, 38),
    (OrderSource.QUICK_LINK, 15),
)
FORWARD = (
    OrderStatus.CONFIRMED,
    OrderStatus.IN_PRODUCTION,
    OrderStatus.SHIPPED,
    OrderStatus.DELIVERED,
)


@dataclass
class Buyer:
    """What one demo company orders from: the products its catalog shows it, in the currency
    most of them are priced in, and its terms."""

    company: Company
    contact: Contact | None
    products: list[Product]
    policy: carts.EffectivePolicy
    context: pricing.PricingContext
    link: QuickOrderLink | None = None


async def _buyer(storefront: Storefront, company: Company, rng: random.Random) -> Buyer | None:
    context = await pricing.company_context(storefront, company, company.group)
    view = await visibility.company_view(storefront, company)
    # Untracked products, or ones with stock to spare: a demo order that runs out is skipped.
    candidates = list(
        await visibility.products(view)
        .filter(Q(stock__isnull=True) | Q(stock__gte=200))
        .order_by("id")
    )
    if not candidates:
        return None
    rng.shuffle(candidates)
    candidates = candidates[:80]
    prices = await pricing.prices_for(context, candidates)
    currency, _ = Counter(prices[p.id].currency for p in candidates).most_common(1)[0]
    contact = await Contact.filter(company_id=company.id, is_purchasing=True).first()
    return Buyer(
        company,
        contact,
        [p for p in candidates if prices[p.id].currency == currency],
        await carts.policy_for(storefront, company),
        context,
    )


def _quantity(product: Product, rng: random.Random) -> int:
    minimum, multiple = product.minimum_quantity or 1, product.quantity_multiple or 1
    wanted = minimum * rng.choice((1, 1, 2, 3, 5, 10))
    return math.ceil(wanted / multiple) * multiple


def _cap(product: Product, quantity: int) -> int:
    """At most a quarter of a tracked stock, still a valid quantity of the product."""
    if product.stock is None:
        return quantity
    multiple = product.quantity_multiple or 1
    most = (product.stock // 4) // multiple * multiple
    return max(min(quantity, most), product.minimum_quantity or 1)


async def _lines(buyer: Buyer, rng: random.Random) -> list[tuple[Product, int]]:
    """A few products in quantities that respect their rules and reach the minimum order."""
    chosen = rng.sample(buyer.products, min(len(buyer.products), rng.randint(1, 6)))
    lines = [(p, _cap(p, _quantity(p, rng))) for p in chosen]
    minimum = buyer.policy.min_order_value
    entries = await pricing.load_entries(buyer.context, [p.id for p, _ in lines])
    totals = [pricing.price_of(buyer.context, p, entries[p.id], q).unit * q for p, q in lines]
    total = sum(totals[1:], totals[0])
    if minimum is not None and total.currency == minimum.currency and total < minimum:
        # One more than needed: a larger quantity may reach a cheaper tier.
        factor = math.ceil(minimum.amount / max(total.amount, Decimal(1))) + 1
        lines = [(p, _cap(p, q * factor)) for p, q in lines]
    return lines


def _target(age_days: float, rng: random.Random) -> OrderStatus:
    """Where an order of that age has got to."""
    if rng.random() < 0.07:
        return OrderStatus.CANCELLED
    if age_days > 30:
        return OrderStatus.DELIVERED if rng.random() < 0.95 else OrderStatus.SHIPPED
    if age_days > 14:
        return rng.choice((OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.DELIVERED))
    return rng.choice(
        (
            OrderStatus.PENDING,
            OrderStatus.CONFIRMED,
            OrderStatus.IN_PRODUCTION,
            OrderStatus.SHIPPED,
        )
    )


async def _advance(
    settings: Settings,
    order: Order,
    target: OrderStatus,
    staff: StaffUser,
    placed: datetime.datetime,
    rng: random.Random,
) -> None:
    steps: list[OrderStatus] = []
    if target == OrderStatus.CANCELLED:
        steps = [*FORWARD[: rng.randint(0, 2)], OrderStatus.CANCELLED]
    elif target != OrderStatus.PENDING:
        steps = list(FORWARD[: FORWARD.index(target) + 1])
    when = placed
    for step in steps:
        tracking = None
        if step == OrderStatus.SHIPPED:
            code = f"BR{rng.randint(10**8, 10**9 - 1)}"
            tracking = {
                "carrier_id": order.carrier_id,
                "carrier_name": order.carrier_name,
                "tracking_code": code,
                "tracking_url": f"https://rastreio.example.com/{code}",
            }
        order = await orders.move_order(
            settings,
            order,
            step,
            staff=staff,
            actor_label=staff.name or staff.email,
            tracking=tracking,
        )
        when = when + datetime.timedelta(hours=rng.randint(6, 72))
        change = await OrderStatusChange.filter(order_id=order.id).order_by("-id").first()
        assert change is not None
        await OrderStatusChange.filter(id=change.id).update(created_at=when, updated_at=when)
        await Order.filter(id=order.id).update(updated_at=when)


async def load_orders(settings: Settings, storefront: Storefront, admin: Principal) -> int:
    """Place the demo orders unless the storefront has orders; how many were placed."""
    if await Order.exists(storefront_id=storefront.id):
        return 0
    rng = random.Random(2024)
    companies = list(
        await Company.filter(storefront_id=storefront.id, approval_status=ApprovalStatus.VALIDATED)
        .select_related("group")
        .order_by("id")
    )
    buyers = [b for c in companies if (b := await _buyer(storefront, c, rng)) is not None]
    if not buyers:
        return 0
    for buyer in buyers[:LINK_COMPANIES]:
        issued = await quick_links.generate(admin, settings, buyer.company)
        assert issued.value is not None, issued.errors
        buyer.link = issued.value.link
    # Keyed for .get(sales_rep_id), which is null for a company without a rep.
    staff: dict[int | None, StaffUser] = {s.id: s for s in await StaffUser.filter(is_active=True)}
    admin_staff = next(s for s in staff.values() if s.role == StaffRole.ADMIN)
    now = datetime.datetime.now(datetime.UTC)
    # A year of orders, and a busy last three weeks, so the workflow has orders in every step.
    moments = sorted(
        now - datetime.timedelta(days=rng.uniform(0.05, DAYS if n % 5 else 21))
        for n in range(DEMO_ORDERS)
    )
    placed = 0
    await orders.ensure_counter(storefront)
    linked = [b for b in buyers if b.link is not None]
    for index, moment in enumerate(moments):
        source = rng.choices([s for s, _ in SOURCES], weights=[w for _, w in SOURCES])[0]
        buyer = rng.choice(linked if source == OrderSource.QUICK_LINK else buyers)
        if source in (OrderSource.STOREFRONT, OrderSource.API) and buyer.contact is None:
            source = OrderSource.ON_BEHALF
        rep = staff.get(buyer.company.sales_rep_id) or admin_staff
        placement = orders.Placement(
            storefront=storefront,
            company=buyer.company,
            owner_key=f"demo:{source}:{buyer.company.id}",
            source=source,
            price_visibility=pricing.VISIBLE,
            contact=buyer.contact,
            staff=rep if source == OrderSource.ON_BEHALF else None,
            quick_link=buyer.link if source == OrderSource.QUICK_LINK else None,
        )
        policy = buyer.policy
        data = {
            "idempotency_key": f"demo-{index}",
            "payment_term": rng.choice(policy.payment_terms) if policy.payment_terms else None,
            "carrier_id": rng.choice(policy.carrier_ids) if policy.carrier_ids else None,
            "purchase_order_number": f"PO-{rng.randint(1000, 9999)}"
            if rng.random() < 0.4
            else None,
        }
        # Stock runs low over a year of orders, and capped quantities may miss the minimum:
        # another choice of products usually does it.
        for attempt in range(3):
            lines = await _lines(buyer, rng)

            async def items(lines: Sequence[tuple[Product, int]] = lines) -> list[carts.Item]:
                fresh = {p.id: p for p in await Product.filter(id__in=[p.id for p, _ in lines])}
                return [carts.Item(fresh[p.id], q) for p, q in lines]

            data["idempotency_key"] = f"demo-{index}-{attempt}"
            result = await orders.place(settings, placement, data, items)
            if result.value is not None:
                break
        if result.value is None:
            continue  # a demo does without that order
        order = result.value
        await Order.filter(id=order.id).update(created_at=moment, updated_at=moment)
        await OrderStatusChange.filter(order_id=order.id).update(
            created_at=moment, updated_at=moment
        )
        age = (now - moment).total_seconds() / 86400
        await _advance(settings, order, _target(age, rng), rep, moment, rng)
        placed += 1
    # The buyers were "told" long ago: the worker must not mail hundreds of demo messages now.
    async with in_transaction():
        await Notification.filter(
            kind__in=["order_confirmation", "order_alert", "order_status"],
            state=NotificationState.PENDING,
        ).update(state=NotificationState.SENT, sent_at=now)
    return placed
