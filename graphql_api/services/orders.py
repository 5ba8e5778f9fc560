"""Orders (SPEC D2, D3, D5, D7; C6 at checkout): placing them, their workflow, who reads what.

Placing an order is one transaction: the lines are checked and priced again exactly as the cart
shows them (services.carts.assess), the commercial policy is enforced (minimum order value,
payment term, carrier, discount cap), tracked stock is decremented with a conditional UPDATE,
the storefront's order counter gives the next number, and the order, its lines, its first
history entry, the notifications and the activity record are written. Anything refused rolls
all of it back, so an order never exists without its lines, and a number is never skipped.

The idempotency key is unique per principal in the database (orders.idempotency_owner,
idempotency_key): a retried request returns the order the first one made, and the same key with
a different input is refused (IDEMPOTENCY_CONFLICT)."""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F, Q
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from graphql_api.auth.principal import ANONYMOUS_KIND, Principal
from graphql_api.models import (
    Address,
    Carrier,
    Cart,
    Company,
    CompanyEmail,
    Contact,
    Order,
    OrderCounter,
    OrderLine,
    OrderStatusChange,
    Product,
    StaffUser,
    Storefront,
    Supplier,
)
from graphql_api.models.enums import AddressKind, ApprovalStatus, StaffRole
from graphql_api.models.orders import OrderSource, OrderStatus, QuickOrderLink
from graphql_api.services import activity, carts, notifications, permissions, pricing, visibility
from graphql_api.services.checks import Checker
from graphql_api.services.errors import (
    ErrorCode,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    Result,
    ServiceError,
    UserError,
)
from graphql_api.services.money import Money
from graphql_api.services.policies import EffectivePolicy
from graphql_api.services.validation import countries, postal_codes
from graphql_api.settings import Settings

MAX_ORDER_LINES = carts.MAX_LINES
VIA_LINK = "via quick-order link"

# The workflow (SPEC D5): every transition a person may make, in one table. Holding an order
# for approval and releasing it follow the registration's approval (release_held_orders).
TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    OrderStatus.PENDING_APPROVAL: frozenset({OrderStatus.CANCELLED}),
    OrderStatus.PENDING: frozenset({OrderStatus.CONFIRMED, OrderStatus.CANCELLED}),
    OrderStatus.CONFIRMED: frozenset({OrderStatus.IN_PRODUCTION, OrderStatus.CANCELLED}),
    OrderStatus.IN_PRODUCTION: frozenset({OrderStatus.SHIPPED, OrderStatus.CANCELLED}),
    OrderStatus.SHIPPED: frozenset({OrderStatus.DELIVERED}),
    OrderStatus.DELIVERED: frozenset(),
    OrderStatus.CANCELLED: frozenset(),
}


class OrderPart(StrEnum):
    """The parts of an order, read by role (SPEC B2)."""

    STATUS = "STATUS"  # number, status, dates, history
    LINES = "LINES"  # products and quantities
    AMOUNTS = "AMOUNTS"  # prices, totals, payment term, purchase order number, policy terms
    SHIPPING = "SHIPPING"  # address, carrier, tracking
    PARTIES = "PARTIES"  # who placed it, their notes


ALL_PARTS = frozenset(OrderPart)
ROLE_PARTS: dict[str, frozenset[OrderPart]] = {
    "is_purchasing": ALL_PARTS,
    "is_billing": frozenset({OrderPart.STATUS, OrderPart.LINES, OrderPart.AMOUNTS}),
    "is_shipping": frozenset({OrderPart.STATUS, OrderPart.LINES, OrderPart.SHIPPING}),
    "is_support": frozenset({OrderPart.STATUS}),
}


# Reading


def contact_parts(contact: Contact) -> frozenset[OrderPart]:
    parts: frozenset[OrderPart] = frozenset()
    for column, allowed in ROLE_PARTS.items():
        if getattr(contact, column):
            parts |= allowed
    return parts


def readable_orders(principal: Principal, storefront: Storefront) -> QuerySet[Order]:
    """The orders this caller may read: an admin every order of the storefront, a sales rep
    those of its companies, a contact with a role those of its own company."""
    queryset = Order.filter(storefront_id=storefront.id)
    if principal.is_staff:
        assert principal.staff is not None
        if principal.is_admin:
            return queryset
        return queryset.filter(company__sales_rep_id=principal.staff.id)
    if principal.is_contact:
        assert principal.contact is not None
        if not contact_parts(principal.contact):
            raise PermissionDenied("A contact reads orders through a role: ask the seller for one.")
        return queryset.filter(company_id=principal.contact.company_id)
    if principal.kind == ANONYMOUS_KIND:
        raise NotAuthenticated("Sign in to see orders.")
    raise PermissionDenied("Only staff and the company's contacts read its orders.")


def parts_for(principal: Principal) -> frozenset[OrderPart]:
    """What the caller may read of an order it may read at all (readable_orders)."""
    if principal.is_staff:
        return ALL_PARTS
    if principal.is_contact and principal.contact is not None:
        return contact_parts(principal.contact)
    return frozenset()


def list_orders(
    principal: Principal,
    storefront: Storefront,
    *,
    statuses: Sequence[OrderStatus] | None = None,
    sources: Sequence[OrderSource] | None = None,
    company_id: int | None = None,
    since: Any = None,
    until: Any = None,
    search: str | None = None,
) -> QuerySet[Order]:
    """The orders list (SPEC D7): filters combine with AND; `company_id` is for staff (a
    contact sees its own company's only); `search` matches the number or the purchase order
    number, ignoring case."""
    queryset = readable_orders(principal, storefront)
    if statuses:
        queryset = queryset.filter(status__in=list(statuses))
    if sources:
        queryset = queryset.filter(source__in=list(sources))
    if company_id is not None:
        queryset = queryset.filter(company_id=company_id)
    if since is not None:
        queryset = queryset.filter(created_at__gte=since)
    if until is not None:
        queryset = queryset.filter(created_at__lt=until)
    text = (search or "").strip()
    if text:
        queryset = queryset.filter(
            Q(number__icontains=text[:60]) | Q(purchase_order_number__icontains=text[:60])
        )
    return queryset


async def get_order(principal: Principal, storefront: Storefront, order_id: int) -> Order:
    order = await readable_orders(principal, storefront).filter(id=order_id).first()
    if order is None:
        raise NotFound("order", ("order_id",))
    return order


# Placing: inputs


@dataclass(frozen=True)
class QuotedTerms:
    """An accepted quote (SPEC D6): the order is written at its prices, product id -> (unit
    price, list price), with its shipping cost, and linked back to it."""

    quote_id: int
    number: str
    prices: Mapping[int, tuple[Money, Money]]
    shipping: Money


@dataclass
class Placement:
    """Who places an order, for which company, and how."""

    storefront: Storefront
    company: Company
    owner_key: str
    source: OrderSource
    price_visibility: str
    contact: Contact | None = None
    staff: StaffUser | None = None
    quick_link: QuickOrderLink | None = None
    cart: Cart | None = None
    status: OrderStatus = OrderStatus.PENDING
    quoted: QuotedTerms | None = None
    # Where a line's problems point: the cart has no input path, placeOrderOnBehalf has lines.
    line_path: Callable[[int, carts.Problem], tuple[str, ...]] = field(
        default=lambda index, problem: ()
    )


def request_hash(data: Mapping[str, Any]) -> str:
    """The input as the same request sends it again: everything but the key itself, and never a
    password (a guest's registration has one)."""
    plain = {k: v for k, v in data.items() if k != "idempotency_key"}
    if isinstance(plain.get("registration"), Mapping):
        plain["registration"] = {k: v for k, v in plain["registration"].items() if k != "password"}
    text = json.dumps(plain, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def idempotency_key(data: Mapping[str, Any]) -> str:
    key = str(data.get("idempotency_key") or "").strip()
    if not key:
        raise ServiceError(
            [
                UserError(
                    "An idempotency key is required: a fresh random string per order, sent "
                    "again unchanged when retrying.",
                    ErrorCode.REQUIRED,
                    ("idempotency_key",),
                )
            ]
        )
    if len(key) > 100:
        raise ServiceError(
            [UserError("At most 100 characters.", ErrorCode.INVALID, ("idempotency_key",))]
        )
    return key


async def replay(owner_key: str, key: str, digest: str) -> Result[Order] | None:
    """The answer to a request whose key was used before by the same principal, else None."""
    order = await Order.get_or_none(idempotency_owner=owner_key, idempotency_key=key)
    if order is None:
        return None
    if order.request_hash != digest:
        return Result.fail(
            UserError(
                f"This idempotency key already placed order {order.number} with other input; "
                "use a new key for a new order.",
                ErrorCode.IDEMPOTENCY_CONFLICT,
                ("idempotency_key",),
            )
        )
    return Result(order)


_ADDRESS_TEXT = (
    ("street", 200, True),
    ("number", 20, False),
    ("complement", 120, False),
    ("district", 120, False),
    ("city", 120, True),
    ("state", 120, False),
)


def _clean_address(check: Checker, raw: Mapping[str, Any]) -> dict[str, Any] | None:
    """A shipping address typed at checkout, validated like a company's."""
    path = ("address",)
    out: dict[str, Any] = {}
    for name, limit, required in _ADDRESS_TEXT:
        out[name] = check.text(raw, name, limit, required, path)
    out["country"] = check.validate(
        (*path, "country"), countries.normalize_country, str(raw.get("country") or "")
    )
    postal = str(raw.get("postal_code") or "").strip()
    if not postal:
        check.add((*path, "postal_code"), "Postal code is required.", ErrorCode.REQUIRED)
    elif out["country"]:
        out["postal_code"] = check.validate(
            (*path, "postal_code"), postal_codes.normalize_postal_code, out["country"], postal
        )
    return out


def address_snapshot(address: Address) -> dict[str, Any]:
    return {
        name: getattr(address, name)
        for name in (
            "street",
            "number",
            "complement",
            "district",
            "city",
            "state",
            "postal_code",
            "country",
        )
    }


async def _shipping_address(
    check: Checker, company: Company, data: Mapping[str, Any]
) -> dict[str, Any] | None:
    given_id, given = data.get("shipping_address_id"), data.get("address")
    if given_id is not None and given is not None:
        check.add(("address",), "Give either shippingAddressId or address, not both.")
        return None
    if given is not None:
        return _clean_address(check, given)
    addresses = list(await Address.filter(company_id=company.id).order_by("position", "id"))
    if given_id is not None:
        chosen = next((a for a in addresses if a.id == given_id), None)
        if chosen is None:
            check.add(
                ("shipping_address_id",),
                "There is no such address of this company.",
                ErrorCode.NOT_FOUND,
            )
            return None
        return address_snapshot(chosen)
    for kind in (AddressKind.SHIPPING, AddressKind.MAIN):
        chosen = next((a for a in addresses if a.kind == kind), None)
        if chosen is not None:
            return address_snapshot(chosen)
    if addresses:
        return address_snapshot(addresses[0])
    check.add(
        ("address",),
        "The company has no address: give the shipping address.",
        ErrorCode.REQUIRED,
    )
    return None


async def _terms(
    check: Checker, storefront: Storefront, policy: EffectivePolicy, data: Mapping[str, Any]
) -> tuple[str | None, Carrier | None]:
    """The payment term and carrier, as the commercial policy in force allows (SPEC C6)."""
    term = str(data.get("payment_term") or "").strip() or None
    if policy.payment_terms:
        if term is None:
            check.add(
                ("payment_term",),
                "Choose a payment term: " + ", ".join(policy.payment_terms) + ".",
                ErrorCode.REQUIRED,
            )
        elif term not in policy.payment_terms:
            check.add(
                ("payment_term",),
                f"'{term}' is not an allowed payment term; choose one of "
                + ", ".join(policy.payment_terms)
                + ".",
                ErrorCode.NOT_ALLOWED,
            )
    elif term is not None and len(term) > 60:
        check.add(("payment_term",), "A payment term has at most 60 characters.")
    carrier = await check_carrier(check, storefront, policy, data.get("carrier_id"))
    return term, carrier


async def check_carrier(
    check: Checker, storefront: Storefront, policy: EffectivePolicy, carrier_id: int | None
) -> Carrier | None:
    """The carrier chosen, if it is active and the commercial policy allows it (SPEC C6); a
    policy that lists carriers requires one. Orders and quotes alike."""
    carrier = None
    if carrier_id is not None:
        carrier = await Carrier.get_or_none(id=carrier_id, storefront_id=storefront.id)
        if carrier is None or not carrier.is_active:
            check.add(("carrier_id",), "There is no such carrier.", ErrorCode.NOT_FOUND)
            carrier = None
        elif policy.carrier_ids and carrier.id not in policy.carrier_ids:
            check.add(
                ("carrier_id",),
                f"{carrier.name} is not among the carriers allowed to you.",
                ErrorCode.NOT_ALLOWED,
            )
            carrier = None
    elif policy.carrier_ids:
        check.add(("carrier_id",), "Choose one of the carriers allowed.", ErrorCode.REQUIRED)
    return carrier


def _policy_terms(policy: EffectivePolicy) -> dict[str, Any]:
    """The terms an order was placed under, kept with it."""
    minimum = policy.min_order_value
    cap = policy.max_discount_percent
    return {
        "min_order_value": (
            {"amount": str(minimum.amount), "currency": minimum.currency} if minimum else None
        ),
        "payment_terms": list(policy.payment_terms),
        "carrier_ids": list(policy.carrier_ids),
        "max_discount_percent": str(cap) if cap is not None else None,
        "sources": {term: str(level) for term, level in policy.sources.items()},
    }


# Placing: the transaction


async def ensure_counter(storefront: Storefront) -> None:
    if await OrderCounter.exists(storefront_id=storefront.id):
        return
    prefix = "VT-" if storefront.is_default else f"{storefront.slug[:8].upper()}-"
    try:
        async with in_transaction():
            await OrderCounter.create(storefront_id=storefront.id, prefix=prefix)
    except IntegrityError:
        pass  # another request made it first


async def _next_number(storefront: Storefront) -> tuple[int, str]:
    """The storefront's next order number. The UPDATE locks the counter row until the order's
    transaction ends (PostgreSQL; SQLite has one writer at a time anyway), and a rollback gives
    the number back: placed orders are numbered without gaps."""
    async with in_transaction() as conn:
        placeholder = "$1" if conn.capabilities.dialect == "postgres" else "?"
        rows = await conn.execute_query_dict(
            "UPDATE order_counter SET last_number = last_number + 1 "
            f"WHERE storefront_id = {placeholder} RETURNING prefix, last_number",
            [storefront.id],
        )
    row = rows[0]
    number = int(row["last_number"])
    return number, f"{row['prefix']}{number:06d}"


async def _take_stock(lines: Sequence[carts.LineView]) -> list[UserError]:
    """Decrement tracked stock, one conditional UPDATE per product in id order (the same order
    for every transaction, so two orders never wait on each other in a circle). A product whose
    stock another order took first updates no row."""
    wanted: dict[int, int] = {}
    products: dict[int, Product] = {}
    for line in lines:
        if line.product.stock is not None:
            wanted[line.product.id] = wanted.get(line.product.id, 0) + line.quantity
            products[line.product.id] = line.product
    errors = []
    for product_id in sorted(wanted):
        quantity = wanted[product_id]
        taken = await Product.filter(id=product_id, stock__gte=quantity).update(
            stock=F("stock") - quantity
        )
        if taken != 1:
            errors.append(
                UserError(
                    f"{products[product_id].sku} is no longer in stock in the quantity asked.",
                    ErrorCode.INSUFFICIENT_STOCK,
                )
            )
    return errors


async def restore_stock(order: Order) -> None:
    """Give a cancelled order's tracked units back, in product id order."""
    rows = await OrderLine.filter(order_id=order.id, product_id__isnull=False).values_list(
        "product_id", "quantity"
    )
    given: dict[int, int] = {}
    for product_id, quantity in rows:
        given[product_id] = given.get(product_id, 0) + quantity
    for product_id in sorted(given):
        await Product.filter(id=product_id, stock__isnull=False).update(
            stock=F("stock") + given[product_id]
        )


def _actor_label(placement: Placement) -> str:
    if placement.staff is not None:
        return placement.staff.name or placement.staff.email
    if placement.quick_link is not None:
        return VIA_LINK
    if placement.contact is not None:
        return f"{placement.contact.first_name} {placement.contact.last_name}".strip()
    return ""


async def _supplier_names(lines: Sequence[carts.LineView]) -> dict[int, str]:
    """The names of the lines' suppliers, copied onto the order lines for the reports."""
    ids = {line.product.supplier_id for line in lines}
    return dict(await Supplier.filter(id__in=ids).values_list("id", "name"))


async def write_order(
    settings: Settings,
    placement: Placement,
    data: Mapping[str, Any],
    items: Sequence[carts.Item],
    key: str,
    digest: str,
) -> Order:
    """Check, price and write one order. Runs inside the caller's transaction and raises
    ServiceError with every problem found; nothing is written then."""
    storefront, company = placement.storefront, placement.company
    check = Checker()
    context = await pricing.company_context(storefront, company, company.group)
    catalog = await visibility.company_view(storefront, company)
    policy = await carts.policy_for(storefront, company)
    assessment = await carts.assess(
        items,
        storefront=storefront,
        context=context,
        catalog=catalog,
        policy=policy,
        price_visibility=placement.price_visibility,
    )
    problems = assessment.cart_problems
    if placement.quoted is not None:
        # The seller priced the whole quote: waiving the minimum order value was theirs to do.
        problems = [p for p in problems if p.code != carts.ProblemCode.BELOW_MINIMUM]
    errors = [problem.as_error() for problem in problems]
    for index, line in enumerate(assessment.lines):
        errors += [p.as_error(placement.line_path(index, p)) for p in line.problems]
        cap = policy.max_discount_percent
        if line.price is not None and cap is not None and line.price.discount_percent > cap:
            # price_of caps discounts already; this guards the rule should that ever change.
            errors.append(
                UserError(
                    f"{line.product.sku} would be discounted beyond the {cap}% cap.",
                    ErrorCode.NOT_ALLOWED,
                )
            )
    term, carrier = await _terms(check, storefront, policy, data)
    address = await _shipping_address(check, company, data)
    notes = check.text(data, "notes", 2000, False) or ""
    po_number = check.text(data, "purchase_order_number", 60, False)
    errors += check.errors
    if errors:
        raise ServiceError(errors)
    shipping = Money.zero(assessment.currency)
    if placement.quoted is not None:
        assessment = _at_quoted_prices(assessment, placement.quoted)
        shipping = placement.quoted.shipping
    errors = await _take_stock(assessment.lines)
    if errors:
        raise ServiceError(errors)
    sequence, number = await _next_number(storefront)
    contact = placement.contact
    order = await Order.create(
        storefront_id=storefront.id,
        number=number,
        sequence=sequence,
        company_id=company.id,
        company_name=company.legal_name,
        contact_id=contact.id if contact is not None else None,
        contact_name=(
            VIA_LINK
            if placement.quick_link is not None
            else f"{contact.first_name} {contact.last_name}".strip()
            if contact is not None
            else ""
        ),
        contact_email=contact.email if contact is not None else "",
        placed_by_staff_id=placement.staff.id if placement.staff is not None else None,
        quick_link_id=placement.quick_link.id if placement.quick_link is not None else None,
        source=placement.source,
        status=placement.status,
        currency=assessment.currency,
        subtotal=assessment.subtotal.amount,
        discount_total=assessment.discount.amount,
        total=(assessment.total + shipping).amount,
        shipping_total=shipping.amount,
        quote_id=placement.quoted.quote_id if placement.quoted is not None else None,
        payment_term=term,
        carrier_id=carrier.id if carrier is not None else None,
        carrier_name=carrier.name if carrier is not None else "",
        shipping_address=address,
        notes=notes,
        purchase_order_number=po_number,
        policy_terms=_policy_terms(policy),
        idempotency_owner=placement.owner_key,
        idempotency_key=key,
        request_hash=digest,
    )
    supplier_names = await _supplier_names(assessment.lines)
    await OrderLine.bulk_create(
        [
            OrderLine(
                order_id=order.id,
                position=position,
                product_id=line.product.id,
                supplier_id=line.product.supplier_id,
                supplier_name=supplier_names.get(line.product.supplier_id, ""),
                sku=line.product.sku,
                name=line.product.name,
                unit=line.product.unit,
                quantity=line.quantity,
                currency=line.price.currency,
                unit_price=line.price.unit.amount,
                base_price=line.price.base.amount,
                discount_percent=line.price.discount_percent,
                applied_rules=list(line.price.applied_rules),
                line_total=line.line_total.amount if line.line_total is not None else 0,
            )
            for position, line in enumerate(assessment.lines)
            if line.price is not None
        ]
    )
    await OrderStatusChange.create(
        order_id=order.id,
        from_status=None,
        to_status=order.status,
        staff_id=placement.staff.id if placement.staff is not None else None,
        contact_id=contact.id if contact is not None else None,
        actor_label=_actor_label(placement),
        note="",
    )
    if placement.cart is not None:
        await carts.empty(placement.cart.id)
    await _notify_placed(settings, storefront, company, order, assessment)
    await activity.record(
        activity.ORDER_PLACED,
        storefront_id=storefront.id,
        company_id=company.id,
        contact_id=contact.id if contact is not None else None,
        staff_id=placement.staff.id if placement.staff is not None else None,
        number=number,
        total=str(assessment.total.amount),
        currency=assessment.currency,
        source=str(placement.source),
    )
    return order


def _at_quoted_prices(assessment: carts.Assessment, quoted: QuotedTerms) -> carts.Assessment:
    """The lines and totals at an accepted quote's prices instead of today's."""
    lines = []
    for line in assessment.lines:
        unit, listed = quoted.prices[line.product.id]
        # A price quoted above the list price is the price before any discount too.
        base = listed if listed >= unit else unit
        percent = Decimal(0)
        if base.amount > 0:
            percent = ((base.amount - unit.amount) * 100 / base.amount).quantize(Decimal("0.01"))
        price = pricing.Price(
            unit=unit,
            base=base,
            discount_percent=percent,
            quantity=line.quantity,
            rules=(),
            applied_rules=(f"QUOTE:{quoted.number}",),
        )
        lines.append(
            dataclasses.replace(
                line,
                price=price,
                line_total=unit * line.quantity,
                base_total=base * line.quantity,
            )
        )
    zero = Money.zero(assessment.currency)
    subtotal = sum((line.base_total for line in lines if line.base_total is not None), zero)
    total = sum((line.line_total for line in lines if line.line_total is not None), zero)
    return dataclasses.replace(
        assessment, lines=lines, subtotal=subtotal, discount=subtotal - total, total=total
    )


async def place(
    settings: Settings,
    placement: Placement,
    data: Mapping[str, Any],
    load_items: Callable[[], Awaitable[Sequence[carts.Item]]],
) -> Result[Order]:
    """Place an order in its own transaction, or answer a retry with the order it made."""
    try:
        key = idempotency_key(data)
    except ServiceError as exc:
        return Result.fail(*exc.errors)
    digest = request_hash(data)
    earlier = await replay(placement.owner_key, key, digest)
    if earlier is not None:
        return earlier
    await ensure_counter(placement.storefront)
    try:
        async with in_transaction():
            items = await load_items()
            order = await write_order(settings, placement, data, items, key, digest)
    except ServiceError as exc:
        # The same request sent twice at once: the first may have emptied the cart (or taken
        # the stock) this one found; its order is then the answer.
        return await replay(placement.owner_key, key, digest) or Result.fail(*exc.errors)
    except IntegrityError:
        # The same key, sent again while the first request was still running: that request
        # won the unique index, and its order is the answer.
        earlier = await replay(placement.owner_key, key, digest)
        if earlier is None:
            raise
        return earlier
    return Result(order)


async def cart_items(cart: Cart | None) -> list[carts.Item]:
    return [carts.Item(line.product, line.quantity, line) for line in await carts.cart_lines(cart)]


async def _with_group(company: Company) -> Company:
    return await Company.get(id=company.id).select_related("group")


async def place_order(
    principal: Principal,
    settings: Settings,
    storefront: Storefront,
    data: Mapping[str, Any],
    *,
    via_cookie: bool,
) -> Result[Order]:
    """`placeOrder` for a purchasing contact or a quick-order link: the caller's cart becomes
    an order. Staff acting as a buyer cannot order (their token says so, and so does this)."""
    if principal.is_acting:
        raise PermissionDenied(
            "Staff acting as a buyer cannot place orders; use placeOrderOnBehalf."
        )
    owner = carts.owner_of(principal, storefront)
    if owner.company is None:
        raise PermissionDenied("A guest places an order with its registration.")
    cart = await carts.find_cart(owner)
    if owner.quick_link is not None:
        source = OrderSource.QUICK_LINK
    else:
        source = OrderSource.STOREFRONT if via_cookie else OrderSource.API
    placement = Placement(
        storefront=storefront,
        company=await _with_group(owner.company),
        owner_key=owner.key,
        source=source,
        price_visibility=pricing.price_visibility(principal, storefront),
        contact=owner.contact,
        quick_link=owner.quick_link,
        cart=cart,
    )
    # An order through a link has no contact ("via quick-order link"); the company's
    # purchasing and billing contacts are told of it all the same.
    return await place(settings, placement, data, lambda: cart_items(cart))


def _on_behalf_path(index: int, problem: carts.Problem) -> tuple[str, ...]:
    if problem.code == carts.ProblemCode.PRODUCT_UNAVAILABLE:
        return ("lines", str(index), "product_id")
    if problem.code in (carts.ProblemCode.QUANTITY_RULE, carts.ProblemCode.INSUFFICIENT_STOCK):
        return ("lines", str(index), "quantity")
    return ("lines", str(index))


async def place_order_on_behalf(
    principal: Principal, settings: Settings, storefront: Storefront, data: Mapping[str, Any]
) -> Result[Order]:
    """`placeOrderOnBehalf` (SPEC D3): an admin, or the sales rep who holds the company, orders
    for it at its prices and terms; the staff member is recorded as the actor."""
    permissions.require_staff(principal)
    assert principal.staff is not None
    company = (
        await Company.filter(id=data["company_id"], storefront_id=storefront.id)
        .select_related("group")
        .first()
    )
    try:
        permissions.check_company(principal, company)
    except NotFound:
        raise NotFound("company", ("company_id",)) from None
    assert company is not None
    if company.approval_status != ApprovalStatus.VALIDATED:
        return Result.fail(
            UserError(
                "This company's registration is not approved: approve it before ordering.",
                ErrorCode.NOT_APPROVED,
                ("company_id",),
            )
        )
    check = Checker()
    contact = None
    if data.get("contact_id") is not None:
        contact = await Contact.get_or_none(id=data["contact_id"], company_id=company.id)
        if contact is None:
            check.add(
                ("contact_id",), "There is no such contact of this company.", ErrorCode.NOT_FOUND
            )
    else:
        contact = await Contact.filter(company_id=company.id, is_purchasing=True).first()
    raw_lines = list(data.get("lines") or [])
    if not raw_lines:
        check.add(("lines",), "An order needs at least one line.", ErrorCode.REQUIRED)
    elif len(raw_lines) > MAX_ORDER_LINES:
        check.add(("lines",), f"At most {MAX_ORDER_LINES} lines.")
    wanted: list[tuple[int, int]] = []
    seen: set[int] = set()
    for index, raw in enumerate(raw_lines[:MAX_ORDER_LINES]):
        quantity = check.integer(
            raw.get("quantity"),
            ("lines", str(index), "quantity"),
            minimum=1,
            maximum=carts.MAX_QUANTITY,
        )
        product_id = raw["product_id"]
        if product_id in seen:
            check.add(
                ("lines", str(index), "product_id"),
                "This product is listed twice.",
                ErrorCode.DUPLICATE,
            )
        seen.add(product_id)
        if quantity is not None:
            wanted.append((product_id, quantity))
    found = {
        p.id: p
        for p in await Product.filter(id__in=[pk for pk, _ in wanted], storefront_id=storefront.id)
    }
    for index, raw in enumerate(raw_lines[:MAX_ORDER_LINES]):
        if raw["product_id"] not in found:
            check.add(
                ("lines", str(index), "product_id"),
                "There is no such product.",
                ErrorCode.NOT_FOUND,
            )
    if check.errors:
        return Result.fail(*check.errors)
    placement = Placement(
        storefront=storefront,
        company=company,
        owner_key=f"staff:{principal.staff.id}",
        source=OrderSource.ON_BEHALF,
        price_visibility=pricing.VISIBLE,
        contact=contact,
        staff=principal.staff,
        line_path=_on_behalf_path,
    )

    async def items() -> list[carts.Item]:
        # Read again inside the transaction: the stock checked is the stock taken.
        fresh = {p.id: p for p in await Product.filter(id__in=list(found))}
        return [carts.Item(fresh[pk], quantity) for pk, quantity in wanted]

    return await place(settings, placement, data, items)


# Notifications


STATUS_LABELS: dict[str, dict[OrderStatus, str]] = {
    "en": {
        OrderStatus.PENDING_APPROVAL: "awaiting approval of your registration",
        OrderStatus.PENDING: "received",
        OrderStatus.CONFIRMED: "confirmed",
        OrderStatus.IN_PRODUCTION: "in production",
        OrderStatus.SHIPPED: "shipped",
        OrderStatus.DELIVERED: "delivered",
        OrderStatus.CANCELLED: "cancelled",
    },
    "pt-BR": {
        OrderStatus.PENDING_APPROVAL: "aguardando a aprovação do seu cadastro",
        OrderStatus.PENDING: "recebido",
        OrderStatus.CONFIRMED: "confirmado",
        OrderStatus.IN_PRODUCTION: "em produção",
        OrderStatus.SHIPPED: "enviado",
        OrderStatus.DELIVERED: "entregue",
        OrderStatus.CANCELLED: "cancelado",
    },
    "es": {
        OrderStatus.PENDING_APPROVAL: "a la espera de la aprobación de tu registro",
        OrderStatus.PENDING: "recibido",
        OrderStatus.CONFIRMED: "confirmado",
        OrderStatus.IN_PRODUCTION: "en producción",
        OrderStatus.SHIPPED: "enviado",
        OrderStatus.DELIVERED: "entregado",
        OrderStatus.CANCELLED: "cancelado",
    },
    "ro": {
        OrderStatus.PENDING_APPROVAL: "în așteptarea aprobării înregistrării",
        OrderStatus.PENDING: "primită",
        OrderStatus.CONFIRMED: "confirmată",
        OrderStatus.IN_PRODUCTION: "în producție",
        OrderStatus.SHIPPED: "expediată",
        OrderStatus.DELIVERED: "livrată",
        OrderStatus.CANCELLED: "anulată",
    },
}


def _locale(language: str) -> str:
    return language.replace("-", "_")


def _language(company: Company, storefront: Storefront) -> str:
    return notifications.normalize_language(
        company.preferred_language or storefront.default_language
    )


def _order_url(settings: Settings, order: Order) -> str:
    return f"{settings.public_url}/account/orders/{order.number}"


async def _buyer_recipients(company: Company, *, shipping: bool = False) -> list[Contact]:
    """The purchasing and billing contacts (and, for shipping news, shipping contacts)."""
    roles = Q(is_purchasing=True) | Q(is_billing=True)
    if shipping:
        roles |= Q(is_shipping=True)
    return list(await Contact.filter(roles, company_id=company.id).order_by("id"))


async def _notify_placed(
    settings: Settings,
    storefront: Storefront,
    company: Company,
    order: Order,
    assessment: carts.Assessment,
) -> None:
    language = _language(company, storefront)
    total = Money(order.total, order.currency)
    lines = [
        {
            "quantity": line.quantity,
            "sku": line.product.sku,
            "name": line.product.name,
            "total": line.line_total.format(_locale(language)) if line.line_total else "",
        }
        for line in assessment.lines
    ]
    context = {
        "company": company.trade_name or company.legal_name,
        "number": order.number,
        "total": total.format(_locale(language)),
        "lines": lines,
        "url": _order_url(settings, order),
        "pending": order.status == OrderStatus.PENDING_APPROVAL,
    }
    recipients = await _buyer_recipients(company)
    addresses: list[tuple[str, str, int | None]] = [
        (c.email, c.first_name, c.id) for c in recipients
    ]
    if not addresses:
        email = await CompanyEmail.filter(company_id=company.id).order_by("position").first()
        if email is not None:
            addresses = [(email.email, company.responsible_first_name or "", None)]
    for address, name, contact_id in dict.fromkeys(addresses):
        await notifications.queue(
            "order_confirmation",
            address,
            language,
            {**context, "name": name},
            storefront_id=storefront.id,
            company_id=company.id,
            contact_id=contact_id,
        )
    staff = await _sales_contacts(company)
    staff_language = storefront.default_language
    alert = {
        "company": company.legal_name,
        "number": order.number,
        "total": total.format(_locale(notifications.normalize_language(staff_language))),
        "source": str(order.source),
        "placed_by": order.contact_name or order.contact_email or "-",
        "lines": len(lines),
        "pending": order.status == OrderStatus.PENDING_APPROVAL,
        "url": f"{settings.public_url}/graphql",
    }
    for member in staff:
        await notifications.queue(
            "order_alert",
            member.email,
            staff_language,
            alert,
            storefront_id=storefront.id,
            company_id=company.id,
        )


async def _sales_contacts(company: Company) -> list[StaffUser]:
    """The company's sales rep, else the admins: someone on the seller's side hears of it."""
    rep_id = company.sales_rep_id
    if rep_id is not None:
        rep = await StaffUser.get_or_none(id=rep_id, is_active=True)
        if rep is not None:
            return [rep]
    return list(await StaffUser.filter(role=StaffRole.ADMIN, is_active=True).order_by("id"))


# The workflow (SPEC D5)


def _status_text(status: OrderStatus, language: str) -> str:
    return STATUS_LABELS.get(language, STATUS_LABELS["en"])[status]


async def _notify_status(
    settings: Settings, order: Order, change: OrderStatusChange, carrier_name: str
) -> None:
    """Tell the buyer in its language: purchasing and billing contacts, and shipping contacts
    when the goods move."""
    company = await Company.get_or_none(id=order.company_id)
    if company is None:
        return
    storefront = await Storefront.get(id=order.storefront_id)
    language = _language(company, storefront)
    shipping = change.to_status in (OrderStatus.SHIPPED, OrderStatus.DELIVERED)
    for contact in await _buyer_recipients(company, shipping=shipping):
        await notifications.queue(
            "order_status",
            contact.email,
            language,
            {
                "name": contact.first_name,
                "company": company.trade_name or company.legal_name,
                "number": order.number,
                "status": _status_text(change.to_status, language),
                "note": change.note,
                "carrier": carrier_name,
                "tracking_code": change.tracking_code or "",
                "tracking_url": change.tracking_url or "",
                "url": _order_url(settings, order),
            },
            storefront_id=storefront.id,
            company_id=company.id,
            contact_id=contact.id,
        )


async def move_order(
    settings: Settings,
    order: Order,
    target: OrderStatus,
    *,
    staff: StaffUser | None,
    actor_label: str,
    note: str = "",
    tracking: Mapping[str, Any] | None = None,
) -> Order:
    """Move an order from the status it was read in to `target`, inside the caller's
    transaction. The UPDATE names the old status too, so of two changes racing one wins and
    the other finds no row (INVALID_TRANSITION)."""
    changes: dict[str, Any] = {"status": target, "updated_at": datetime.datetime.now(datetime.UTC)}
    changes.update(tracking or {})
    moved = await Order.filter(id=order.id, status=order.status).update(**changes)
    if moved != 1:
        raise ServiceError(
            [
                UserError(
                    "The order changed meanwhile; read it again.",
                    ErrorCode.INVALID_TRANSITION,
                    ("to",),
                )
            ]
        )
    change = await OrderStatusChange.create(
        order_id=order.id,
        from_status=order.status,
        to_status=target,
        staff_id=staff.id if staff is not None else None,
        actor_label=actor_label,
        note=note,
        tracking_code=(tracking or {}).get("tracking_code"),
        tracking_url=(tracking or {}).get("tracking_url"),
    )
    if target == OrderStatus.CANCELLED:
        await restore_stock(order)
    await activity.record(
        activity.ORDER_STATUS_CHANGED,
        storefront_id=order.storefront_id,
        company_id=order.company_id,
        staff_id=staff.id if staff is not None else None,
        number=order.number,
        from_status=str(order.status),
        to_status=str(target),
    )
    order.status = target
    order.update_from_dict(dict(tracking or {}))
    carrier_name = (tracking or {}).get("carrier_name", order.carrier_name)
    await _notify_status(settings, order, change, carrier_name)
    return order


def _tracking_url(carrier: Carrier | None, code: str) -> str | None:
    """A carrier's tracking page, with the code put in where it has a {code} placeholder."""
    if carrier is None or not carrier.tracking_url:
        return None
    return carrier.tracking_url.replace("{code}", code)


async def transition_order(
    principal: Principal,
    settings: Settings,
    storefront: Storefront,
    order_id: int,
    data: Mapping[str, Any],
) -> Result[Order]:
    """`transitionOrder`: staff who hold the company move an order along the workflow. SHIPPED
    needs a tracking code and a carrier (the order's, unless another is given); CANCELLED
    gives tracked stock back. The buyer is told in its language."""
    permissions.require_staff(principal)
    assert principal.staff is not None
    order = await get_order(principal, storefront, order_id)
    target = OrderStatus(data["to"])
    allowed = TRANSITIONS[order.status]
    if target not in allowed:
        options = ", ".join(sorted(allowed)) or "nothing: it is final"
        return Result.fail(
            UserError(
                f"Order {order.number} is {order.status}: it can go to {options}, not {target}.",
                ErrorCode.INVALID_TRANSITION,
                ("to",),
            )
        )
    check = Checker()
    note = check.text(data, "note", 2000, False) or ""
    code = check.text(data, "tracking_code", 100, target == OrderStatus.SHIPPED)
    url = check.text(data, "tracking_url", 500, False)
    if url is not None and not url.startswith(("https://", "http://")):
        check.add(("tracking_url",), "A tracking URL starts with https:// or http://.")
    tracking: dict[str, Any] = {}
    if target == OrderStatus.SHIPPED:
        carrier = None
        carrier_id = data.get("carrier_id") or order.carrier_id
        if carrier_id is not None:
            carrier = await Carrier.get_or_none(id=carrier_id, storefront_id=storefront.id)
            if carrier is None:
                check.add(("carrier_id",), "There is no such carrier.", ErrorCode.NOT_FOUND)
        else:
            check.add(("carrier_id",), "Say which carrier ships it.", ErrorCode.REQUIRED)
        if carrier is not None and code is not None:
            tracking = {
                "carrier_id": carrier.id,
                "carrier_name": carrier.name,
                "tracking_code": code,
                "tracking_url": url or _tracking_url(carrier, code),
            }
    elif code is not None or url is not None or data.get("carrier_id") is not None:
        check.add(("tracking_code",), "Tracking goes with SHIPPED only.")
    if check.errors:
        return Result.fail(*check.errors)
    try:
        async with in_transaction():
            order = await move_order(
                settings,
                order,
                target,
                staff=principal.staff,
                actor_label=principal.staff.name or principal.staff.email,
                note=note,
                tracking=tracking,
            )
    except ServiceError as exc:
        return Result.fail(*exc.errors)
    return Result(await Order.get(id=order.id))


async def settle_held_orders(
    settings: Settings, company: Company, approved: bool, staff: StaffUser | None
) -> None:
    """A guest's orders held for its registration's approval go ahead when it is approved and
    are cancelled (stock given back) when it is rejected. Runs in the decision's transaction."""
    target = OrderStatus.PENDING if approved else OrderStatus.CANCELLED
    held = await Order.filter(company_id=company.id, status=OrderStatus.PENDING_APPROVAL)
    for order in held:
        await move_order(
            settings,
            order,
            target,
            staff=staff,
            actor_label=(staff.name or staff.email) if staff is not None else "",
        )


# Reorder (SPEC D7)


@dataclass(frozen=True)
class Skipped:
    """A line of an old order that could not go into the cart, and why."""

    sku: str
    name: str
    quantity: int
    code: carts.ProblemCode
    message: str


@dataclass
class Reordered:
    owner: carts.CartOwner
    skipped: list[Skipped]


async def reorder(principal: Principal, storefront: Storefront, order_id: int) -> Result[Reordered]:
    """Copy an order's lines that are still visible into the caller's cart, at today's prices;
    report the lines left out and why."""
    owner = carts.owner_of(principal, storefront)
    order = await get_order(principal, storefront, order_id)
    if pricing.price_visibility(principal, storefront) != pricing.VISIBLE:
        return Result.fail(
            UserError(
                "Prices are not shown to you here, so nothing can be ordered.",
                ErrorCode.PRICES_HIDDEN,
            )
        )
    lines = list(await OrderLine.filter(order_id=order.id).order_by("position", "id"))
    catalog = await visibility.catalog_view(principal, storefront)
    ids = [line.product_id for line in lines if line.product_id is not None]
    # Keyed for .get(line.product_id), which is null once the product is deleted.
    visible: dict[int | None, Product] = {
        p.id: p for p in await visibility.products(catalog).filter(id__in=ids)
    }
    copy: list[tuple[Product, int]] = []
    skipped: list[Skipped] = []
    for line in lines:
        product = visible.get(line.product_id)
        if product is None:
            skipped.append(
                Skipped(
                    line.sku,
                    line.name,
                    line.quantity,
                    carts.ProblemCode.PRODUCT_UNAVAILABLE,
                    f"{line.sku} ({line.name}) is no longer available.",
                )
            )
            continue
        rule = carts.quantity_problem(product, line.quantity)
        if rule is not None:
            skipped.append(
                Skipped(line.sku, line.name, line.quantity, carts.ProblemCode.QUANTITY_RULE, rule)
            )
            continue
        copy.append((product, line.quantity))
    if copy:
        await carts.add_items(principal, owner, copy)
    return Result(Reordered(owner, skipped))
