"""Quotes (SPEC D6): a buyer asks for prices, staff who hold the company answer, the buyer
accepts the answer into an order, rejects it, or lets it expire.

A quote's lines are checked and priced as a cart's are (services.carts.assess with the company's
catalog view, prices and policy), and its carrier as an order's (services.orders.check_carrier).
Accepting is placing an order: services.orders.write_order in one transaction with the quote's
move to ACCEPTED, at the quoted prices (orders.QuotedTerms), with the order's numbering, stock,
idempotency and notifications. Every move goes through TRANSITIONS and a conditional UPDATE
naming the status it was read in, so of two moves racing one wins and the other is refused;
the database also allows one order per quote (orders.quote_id is unique)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from babel.dates import format_date
from tortoise.exceptions import IntegrityError
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from graphql_api.auth.principal import ANONYMOUS_KIND, Principal
from graphql_api.models import (
    Cart,
    Company,
    Contact,
    Order,
    Product,
    Quote,
    QuoteCounter,
    QuoteEvent,
    QuoteLine,
    StaffUser,
    Storefront,
)
from graphql_api.models.enums import ApprovalStatus
from graphql_api.models.orders import OrderSource
from graphql_api.models.quotes import QuoteStatus
from graphql_api.services import carts, notifications, orders, permissions, pricing, visibility
from graphql_api.services.checks import Checker
from graphql_api.services.constraints import violated_key
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
from graphql_api.settings import Settings

MAX_LINES = carts.MAX_LINES
MAX_TEXT = 2000
MAX_VALIDITY = datetime.timedelta(days=366)
EXPIRY_BATCH = 100
HUNDRED = Decimal(100)

# The workflow (SPEC D6): every move, in one table. EXPIRED is the worker's (expire_due).
TRANSITIONS: dict[QuoteStatus, frozenset[QuoteStatus]] = {
    QuoteStatus.REQUESTED: frozenset({QuoteStatus.SENT, QuoteStatus.WITHDRAWN}),
    QuoteStatus.SENT: frozenset({QuoteStatus.ACCEPTED, QuoteStatus.REJECTED, QuoteStatus.EXPIRED}),
    QuoteStatus.ACCEPTED: frozenset(),
    QuoteStatus.REJECTED: frozenset(),
    QuoteStatus.EXPIRED: frozenset(),
    QuoteStatus.WITHDRAWN: frozenset(),
}


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


# Reading


def readable_quotes(principal: Principal, storefront: Storefront) -> QuerySet[Quote]:
    """Who reads orders reads quotes: an admin every quote of the storefront, a sales rep those
    of its companies, a contact with a role those of its own company."""
    queryset = Quote.filter(storefront_id=storefront.id)
    if principal.is_staff:
        assert principal.staff is not None
        if principal.is_admin:
            return queryset
        return queryset.filter(company__sales_rep_id=principal.staff.id)
    if principal.is_contact:
        assert principal.contact is not None
        if not orders.contact_parts(principal.contact):
            raise PermissionDenied("A contact reads quotes through a role: ask the seller for one.")
        return queryset.filter(company_id=principal.contact.company_id)
    if principal.kind == ANONYMOUS_KIND:
        raise NotAuthenticated("Sign in to see quotes.")
    raise PermissionDenied("Only staff and the company's contacts read its quotes.")


def prices_readable(principal: Principal) -> bool:
    """Prices of a quote are read as an order's amounts are (OrderPart.AMOUNTS)."""
    return orders.OrderPart.AMOUNTS in orders.parts_for(principal)


def list_quotes(
    principal: Principal,
    storefront: Storefront,
    *,
    statuses: Sequence[QuoteStatus] | None = None,
    company_id: int | None = None,
) -> QuerySet[Quote]:
    queryset = readable_quotes(principal, storefront)
    if statuses:
        queryset = queryset.filter(status__in=list(statuses))
    if company_id is not None:
        queryset = queryset.filter(company_id=company_id)
    return queryset


async def get_quote(principal: Principal, storefront: Storefront, quote_id: int) -> Quote:
    quote = await readable_quotes(principal, storefront).filter(id=quote_id).first()
    if quote is None:
        raise NotFound("quote", ("quote_id",))
    return quote


def is_expired(quote: Quote, now: datetime.datetime | None = None) -> bool:
    return quote.valid_until is not None and quote.valid_until <= (now or _now())


# Who asks


@dataclass(frozen=True)
class Requester:
    company: Company
    contact: Contact | None
    staff: StaffUser | None

    @property
    def label(self) -> str:
        if self.contact is not None:
            return f"{self.contact.first_name} {self.contact.last_name}".strip()
        assert self.staff is not None
        return self.staff.name or self.staff.email


def _buyer(principal: Principal, storefront: Storefront) -> Contact:
    """The company's purchasing contact, the one who buys (as carts.owner_of has it)."""
    if principal.is_contact:
        contact = principal.contact
        assert contact is not None
        if contact.storefront_id != storefront.id:
            raise PermissionDenied("Your account belongs to another storefront.")
        if not contact.is_purchasing:
            raise PermissionDenied("Only the company's purchasing contact handles its quotes.")
        return contact
    if principal.kind == ANONYMOUS_KIND:
        raise NotAuthenticated("Sign in to ask for a quote.")
    raise PermissionDenied("Only the company's purchasing contact handles its quotes.")


async def _with_group(company_id: int) -> Company:
    return await Company.get(id=company_id).select_related("group")


def _approved(company: Company) -> None:
    if company.approval_status != ApprovalStatus.VALIDATED:
        raise ServiceError(
            [
                UserError(
                    "This company's registration is not approved yet.",
                    ErrorCode.NOT_APPROVED,
                    ("company_id",),
                )
            ]
        )


async def _requester(
    principal: Principal, storefront: Storefront, company_id: int | None
) -> Requester:
    """Who asks and for which company: a buyer for its own, staff for one they hold."""
    if principal.is_staff:
        assert principal.staff is not None
        if company_id is None:
            raise ServiceError(
                [UserError("Say which company asks.", ErrorCode.REQUIRED, ("company_id",))]
            )
        found = await Company.filter(id=company_id, storefront_id=storefront.id).first()
        try:
            permissions.check_company(principal, found)
        except NotFound:
            raise NotFound("company", ("company_id",)) from None
        company = await _with_group(company_id)
        _approved(company)
        return Requester(company, None, principal.staff)
    contact = _buyer(principal, storefront)
    if company_id is not None and company_id != contact.company_id:
        raise PermissionDenied("A buyer asks for quotes for its own company only.")
    company = await _with_group(contact.company_id)
    _approved(company)
    return Requester(company, contact, None)


# Numbers


async def _ensure_counter(storefront: Storefront) -> None:
    if await QuoteCounter.exists(storefront_id=storefront.id):
        return
    prefix = "QT-" if storefront.is_default else f"{storefront.slug[:8].upper()}-Q-"
    try:
        async with in_transaction():
            await QuoteCounter.create(storefront_id=storefront.id, prefix=prefix)
    except IntegrityError:
        pass  # another request made it first


async def _next_number(storefront: Storefront) -> tuple[int, str]:
    """As orders number theirs: the UPDATE holds the counter row until the transaction ends,
    and a rollback gives the number back."""
    async with in_transaction() as conn:
        placeholder = "$1" if conn.capabilities.dialect == "postgres" else "?"
        rows = await conn.execute_query_dict(
            "UPDATE quote_counter SET last_number = last_number + 1 "
            f"WHERE storefront_id = {placeholder} RETURNING prefix, last_number",
            [storefront.id],
        )
    number = int(rows[0]["last_number"])
    return number, f"{rows[0]['prefix']}{number:06d}"


# Moving


def _refusal(quote: Quote, target: QuoteStatus) -> UserError | None:
    allowed = TRANSITIONS[quote.status]
    if target in allowed:
        return None
    options = ", ".join(sorted(allowed)) or "nothing: it is final"
    return UserError(
        f"Quote {quote.number} is {quote.status}: it can go to {options}, not {target}.",
        ErrorCode.INVALID_TRANSITION,
        ("quote_id",),
    )


async def _move(
    quote: Quote,
    target: QuoteStatus,
    *,
    actor_label: str,
    staff: StaffUser | None = None,
    contact: Contact | None = None,
    note: str = "",
    changes: Mapping[str, Any] | None = None,
) -> Quote:
    """Move a quote from the status it was read in, inside the caller's transaction."""
    refused = _refusal(quote, target)
    if refused is not None:
        raise ServiceError([refused])
    values: dict[str, Any] = {"status": target, "updated_at": _now(), **(changes or {})}
    moved = await Quote.filter(id=quote.id, status=quote.status).update(**values)
    if moved != 1:
        raise ServiceError(
            [
                UserError(
                    f"Quote {quote.number} changed meanwhile; read it again.",
                    ErrorCode.INVALID_TRANSITION,
                    ("quote_id",),
                )
            ]
        )
    await QuoteEvent.create(
        quote_id=quote.id,
        from_status=quote.status,
        to_status=target,
        staff_id=staff.id if staff is not None else None,
        contact_id=contact.id if contact is not None else None,
        actor_label=actor_label,
        note=note,
    )
    quote.update_from_dict({k: v for k, v in values.items() if k != "updated_at"})
    return quote


def _contact_label(contact: Contact) -> str:
    return f"{contact.first_name} {contact.last_name}".strip()


# Requesting


@dataclass(frozen=True)
class _Wanted:
    product: Product
    quantity: int
    path: tuple[str, ...]


async def _wanted_from_input(
    check: Checker, storefront: Storefront, raw_lines: Sequence[Mapping[str, Any]]
) -> list[_Wanted]:
    if len(raw_lines) > MAX_LINES:
        check.add(("lines",), f"At most {MAX_LINES} lines.")
        return []
    parsed: list[tuple[int, int, int]] = []
    seen: set[int] = set()
    for index, raw in enumerate(raw_lines):
        path = ("lines", str(index))
        quantity = check.integer(
            raw.get("quantity"), (*path, "quantity"), minimum=1, maximum=carts.MAX_QUANTITY
        )
        product_id = raw["product_id"]
        if product_id in seen:
            check.add((*path, "product_id"), "This product is listed twice.", ErrorCode.DUPLICATE)
        seen.add(product_id)
        if quantity is not None:
            parsed.append((index, product_id, quantity))
    found = {
        p.id: p
        for p in await Product.filter(
            id__in=[pk for _, pk, _ in parsed], storefront_id=storefront.id
        )
    }
    wanted = []
    for index, product_id, quantity in parsed:
        product = found.get(product_id)
        path = ("lines", str(index))
        if product is None:
            check.add((*path, "product_id"), "There is no such product.", ErrorCode.NOT_FOUND)
        else:
            wanted.append(_Wanted(product, quantity, path))
    return wanted


async def _wanted_from_cart(check: Checker, requester: Requester) -> list[_Wanted]:
    if requester.contact is None:
        check.add(("from_cart",), "Staff have no cart: list the lines.", ErrorCode.NOT_ALLOWED)
        return []
    cart = await Cart.filter(contact_id=requester.contact.id).first()
    lines = await carts.cart_lines(cart)
    if not lines:
        check.add(("from_cart",), "The cart is empty.", ErrorCode.EMPTY_CART)
    return [_Wanted(line.product, line.quantity, ("from_cart",)) for line in lines]


def _line_error(problem: carts.Problem, wanted: _Wanted) -> UserError | None:
    """A cart problem that also stops a quote, where it points. Stock is not: a quote is for
    goods that may come in, and accepting checks it as any order does."""
    from_cart = wanted.path == ("from_cart",)
    if problem.code == carts.ProblemCode.PRODUCT_UNAVAILABLE:
        if from_cart:
            return problem.as_error(wanted.path)
        # Not visible to the company is, to it, not there.
        return UserError(
            "There is no such product.", ErrorCode.NOT_FOUND, (*wanted.path, "product_id")
        )
    if problem.code == carts.ProblemCode.QUANTITY_RULE:
        return problem.as_error(wanted.path if from_cart else (*wanted.path, "quantity"))
    if problem.code == carts.ProblemCode.CURRENCY_MISMATCH:
        return problem.as_error(wanted.path)
    return None


async def request_quote(
    principal: Principal, settings: Settings, storefront: Storefront, data: Mapping[str, Any]
) -> Result[Quote]:
    """`requestQuote`: the lines given, or the buyer's cart, priced at the company's prices
    today, with a carrier the company's policy allows. Staff tell the company's rep (or the
    admins) in the storefront's language."""
    requester = await _requester(principal, storefront, data.get("company_id"))
    company = requester.company
    check = Checker()
    raw_lines = list(data.get("lines") or [])
    if raw_lines and data.get("from_cart"):
        check.add(("lines",), "Give lines or fromCart, not both.")
        return Result.fail(*check.errors)
    if data.get("from_cart"):
        wanted = await _wanted_from_cart(check, requester)
    elif raw_lines:
        wanted = await _wanted_from_input(check, storefront, raw_lines)
    else:
        check.add(("lines",), "A quote needs at least one line, or fromCart.", ErrorCode.REQUIRED)
        wanted = []
    policy = await carts.policy_for(storefront, company)
    carrier = await orders.check_carrier(check, storefront, policy, data.get("carrier_id"))
    notes = check.text(data, "notes", MAX_TEXT, False, multiline=True) or ""
    assessment = await carts.assess(
        [carts.Item(w.product, w.quantity) for w in wanted],
        storefront=storefront,
        context=await pricing.company_context(storefront, company, company.group),
        catalog=await visibility.company_view(storefront, company),
        policy=policy,
        price_visibility=pricing.VISIBLE,
    )
    for line, want in zip(assessment.lines, wanted, strict=True):
        for problem in line.problems:
            error = _line_error(problem, want)
            if error is not None:
                check.errors.append(error)
    if check.errors:
        return Result.fail(*dict.fromkeys(check.errors))
    await _ensure_counter(storefront)
    async with in_transaction():
        sequence, number = await _next_number(storefront)
        subtotal = assessment.total
        quote = await Quote.create(
            storefront_id=storefront.id,
            number=number,
            sequence=sequence,
            company_id=company.id,
            requested_by_contact_id=requester.contact.id if requester.contact else None,
            requested_by_staff_id=requester.staff.id if requester.staff else None,
            carrier_id=carrier.id if carrier is not None else None,
            carrier_name=carrier.name if carrier is not None else "",
            status=QuoteStatus.REQUESTED,
            currency=assessment.currency,
            notes=notes,
            subtotal=subtotal.amount,
            total=subtotal.amount,
        )
        await QuoteLine.bulk_create(
            [
                QuoteLine(
                    quote_id=quote.id,
                    position=position,
                    product_id=line.product.id,
                    sku=line.product.sku,
                    name=line.product.name,
                    quantity=line.quantity,
                    currency=line.price.currency,
                    list_price=line.price.base.amount,
                    requested_price=line.price.unit.amount,
                    quoted_price=line.price.unit.amount,
                )
                for position, line in enumerate(assessment.lines)
                if line.price is not None
            ]
        )
        await QuoteEvent.create(
            quote_id=quote.id,
            from_status=None,
            to_status=QuoteStatus.REQUESTED,
            staff_id=staff.id if (staff := requester.staff or principal.acting_staff) else None,
            contact_id=requester.contact.id if requester.contact else None,
            actor_label=requester.label,
            note=notes,
        )
        await _notify_requested(settings, storefront, company, quote, requester, len(wanted))
    return Result(quote)


# Withdrawing, rejecting


async def _buyers_quote(
    principal: Principal, storefront: Storefront, quote_id: int
) -> tuple[Contact, Quote]:
    contact = _buyer(principal, storefront)
    quote = await Quote.filter(
        id=quote_id, storefront_id=storefront.id, company_id=contact.company_id
    ).first()
    if quote is None:
        raise NotFound("quote", ("quote_id",))
    return contact, quote


async def _buyer_moves(
    principal: Principal,
    storefront: Storefront,
    quote_id: int,
    target: QuoteStatus,
    reason: str,
) -> Result[Quote]:
    contact, quote = await _buyers_quote(principal, storefront, quote_id)
    refused = _refusal(quote, target)
    if refused is not None:
        return Result.fail(refused)
    try:
        async with in_transaction():
            await _move(
                quote,
                target,
                actor_label=_contact_label(contact),
                contact=contact,
                staff=principal.acting_staff,
                note=reason,
                changes={"reason": reason},
            )
    except ServiceError as exc:
        return Result.fail(*exc.errors)
    return Result(await Quote.get(id=quote.id))


async def withdraw_quote(
    principal: Principal, storefront: Storefront, quote_id: int, data: Mapping[str, Any]
) -> Result[Quote]:
    """`withdrawQuote`: the buyer takes back a quote staff have not answered yet."""
    check = Checker()
    reason = check.text(data, "reason", MAX_TEXT, False, multiline=True) or ""
    if check.errors:
        return Result.fail(*check.errors)
    return await _buyer_moves(principal, storefront, quote_id, QuoteStatus.WITHDRAWN, reason)


async def reject_quote(
    principal: Principal, storefront: Storefront, quote_id: int, data: Mapping[str, Any]
) -> Result[Quote]:
    """`rejectQuote`: the buyer turns down a quote it was sent, saying why."""
    check = Checker()
    reason = check.text(data, "reason", MAX_TEXT, True, multiline=True) or ""
    if check.errors:
        return Result.fail(*check.errors)
    return await _buyer_moves(principal, storefront, quote_id, QuoteStatus.REJECTED, reason)


# Sending


def _discount_cap(
    principal: Principal, storefront: Storefront, policy: EffectivePolicy
) -> tuple[Decimal | None, str]:
    """The largest discount off the list price the sender may quote, and whose cap it is: none
    for an admin; the policy's maximum discount, and for a sales rep also the storefront's
    ceiling on what a rep may give."""
    if principal.is_admin:
        return None, ""
    cap, whose = policy.max_discount_percent, "the commercial policy's"
    if principal.is_sales_rep:
        ceiling = Decimal(storefront.rep_max_discount_percent)
        if cap is None or ceiling < cap:
            cap, whose = ceiling, "a sales rep's"
    return cap, whose


def _parse_valid_until(check: Checker, raw: Any, now: datetime.datetime) -> datetime.datetime:
    if raw is None:
        check.add(("valid_until",), "Say until when the prices hold.", ErrorCode.REQUIRED)
        return now
    if not isinstance(raw, datetime.datetime):
        check.add(("valid_until",), "A date and time, e.g. 2026-12-31T23:59:00Z.")
        return now
    value = raw if raw.tzinfo is not None else raw.replace(tzinfo=datetime.UTC)
    if value <= now:
        check.add(("valid_until",), "The validity must end in the future.")
    elif value > now + MAX_VALIDITY:
        check.add(("valid_until",), "A quote holds for a year at most.")
    return value


async def send_quote(
    principal: Principal,
    settings: Settings,
    storefront: Storefront,
    quote_id: int,
    data: Mapping[str, Any],
) -> Result[Quote]:
    """`sendQuote`: staff who hold the company price the lines (any not listed keep their
    price and quantity), add shipping and a validity, and the buyer is told in its language.
    No unit price below the product's floor price; no discount off the list price beyond the
    caps (_discount_cap) unless an admin sends it."""
    permissions.require_staff(principal)
    assert principal.staff is not None
    quote = await get_quote(principal, storefront, quote_id)
    refused = _refusal(quote, QuoteStatus.SENT)
    if refused is not None:
        return Result.fail(refused)
    lines = list(await QuoteLine.filter(quote_id=quote.id).order_by("position", "id"))
    by_id = {line.id: line for line in lines}
    check = Checker()
    currency = quote.currency
    raw_lines = list(data.get("lines") or [])
    if len(raw_lines) > MAX_LINES:
        check.add(("lines",), f"At most {MAX_LINES} lines.")
        raw_lines = []
    paths: dict[int, tuple[str, ...]] = {}
    for index, raw in enumerate(raw_lines):
        path = ("lines", str(index))
        line = by_id.get(raw["line_id"])
        if line is None:
            check.add(
                (*path, "line_id"), "There is no such line of this quote.", ErrorCode.NOT_FOUND
            )
            continue
        if line.id in paths:
            check.add((*path, "line_id"), "This line is listed twice.", ErrorCode.DUPLICATE)
            continue
        paths[line.id] = path
        if raw.get("unit_price") is not None:
            unit = check.money(raw["unit_price"], currency, (*path, "unit_price"))
            if unit is not None:
                line.quoted_price = unit.amount
        if raw.get("quantity") is not None:
            quantity = check.integer(
                raw["quantity"], (*path, "quantity"), minimum=1, maximum=carts.MAX_QUANTITY
            )
            if quantity is not None:
                line.quantity = quantity
    company = await _with_group(quote.company_id)
    policy = await carts.policy_for(storefront, company)
    cap, whose = _discount_cap(principal, storefront, policy)
    ids = [line.product_id for line in lines if line.product_id is not None]
    products = {p.id: p for p in await Product.filter(id__in=ids)}
    for line in lines:
        # A line not in the input is reported on `lines` as a whole.
        where: tuple[str, ...] = paths.get(line.id, ("lines",))
        product = products.get(line.product_id) if line.product_id is not None else None
        if product is None:
            check.add(where, f"{line.sku} no longer exists.", ErrorCode.PRODUCT_UNAVAILABLE)
            continue
        rule = carts.quantity_problem(product, line.quantity)
        if rule is not None:
            check.add(
                where if where == ("lines",) else (*where, "quantity"),
                rule,
                ErrorCode.QUANTITY_RULE,
            )
        price_path = where if where == ("lines",) else (*where, "unit_price")
        quoted = Money.of(line.quoted_price, currency)
        # A floor price is in the storefront's default currency, as the base price is.
        floor = product.floor_price
        if (
            floor is not None
            and currency == storefront.default_currency
            and quoted < Money.of(floor, currency)
        ):
            check.add(
                price_path,
                f"{line.sku} may not be quoted below its floor price {Money.of(floor, currency)}.",
                ErrorCode.BELOW_FLOOR_PRICE,
            )
            continue
        listed = Money.of(line.list_price, currency)
        # A price at or above what the buyer pays today gives nothing away.
        if cap is None or quoted >= Money.of(line.requested_price, currency) or not listed.amount:
            continue
        percent = (listed.amount - quoted.amount) * HUNDRED / listed.amount
        if percent > cap:
            check.add(
                price_path,
                f"{line.sku} at {quoted} is {percent:.2f}% off its list price {listed}; "
                f"{whose} cap is {cap:.2f}%: an admin may send it.",
                ErrorCode.DISCOUNT_TOO_HIGH,
            )
    now = _now()
    raw_shipping = data.get("shipping_cost")
    shipping = check.money(
        0 if raw_shipping is None else raw_shipping, currency, ("shipping_cost",)
    )
    valid_until = _parse_valid_until(check, data.get("valid_until"), now)
    message = check.text(data, "message", MAX_TEXT, False, multiline=True) or ""
    if check.errors:
        return Result.fail(*check.errors)
    assert shipping is not None
    subtotal = sum(
        (Money.of(line.quoted_price, currency) * line.quantity for line in lines),
        Money.zero(currency),
    )
    try:
        async with in_transaction():
            await _move(
                quote,
                QuoteStatus.SENT,
                actor_label=principal.staff.name or principal.staff.email,
                staff=principal.staff,
                note=message,
                changes={
                    "shipping_cost": shipping.amount,
                    "subtotal": subtotal.amount,
                    "total": (subtotal + shipping).amount,
                    "valid_until": valid_until,
                    "message": message,
                    "sent_at": now,
                },
            )
            for line in lines:
                await QuoteLine.filter(id=line.id).update(
                    quoted_price=line.quoted_price, quantity=line.quantity
                )
            await _notify_sent(settings, storefront, company, quote)
    except ServiceError as exc:
        return Result.fail(*exc.errors)
    return Result(await Quote.get(id=quote.id))


# Accepting


@dataclass(frozen=True)
class Accepted:
    quote: Quote
    order: Order


async def _replayed(owner_key: str, key: str, digest: str) -> Result[Accepted] | None:
    earlier = await orders.replay(owner_key, key, digest)
    if earlier is None:
        return None
    if not earlier.ok or earlier.value is None:
        return Result.fail(*earlier.errors)
    order = earlier.value
    quote = await Quote.get_or_none(id=order.quote_id) if order.quote_id is not None else None
    if quote is None:
        return Result.fail(
            UserError(
                f"This idempotency key already placed order {order.number}; use a new key.",
                ErrorCode.IDEMPOTENCY_CONFLICT,
                ("idempotency_key",),
            )
        )
    return Result(Accepted(quote, order))


def _accept_path(index: int, problem: carts.Problem) -> tuple[str, ...]:
    return ("quote_id",)


async def accept_quote(
    principal: Principal, settings: Settings, storefront: Storefront, data: Mapping[str, Any]
) -> Result[Accepted]:
    """`acceptQuote`: the buyer turns a SENT quote, before its validity ends, into an order at
    the quoted prices (source QUOTE), in one transaction with the quote's move to ACCEPTED.
    A retry with the same idempotency key answers with the same order."""
    if principal.is_acting:
        raise PermissionDenied("Staff acting as a buyer cannot accept quotes: the buyer does.")
    contact = _buyer(principal, storefront)
    try:
        key = orders.idempotency_key(data)
    except ServiceError as exc:
        return Result.fail(*exc.errors)
    digest = orders.request_hash(data)
    owner_key = f"contact:{contact.id}"
    earlier = await _replayed(owner_key, key, digest)
    if earlier is not None:
        return earlier
    contact, quote = await _buyers_quote(principal, storefront, data["quote_id"])
    refused = _refusal(quote, QuoteStatus.ACCEPTED)
    if refused is None and is_expired(quote):
        refused = UserError(
            f"Quote {quote.number} expired on {quote.valid_until:%Y-%m-%d}: ask for a new one.",
            ErrorCode.INVALID_TRANSITION,
            ("quote_id",),
        )
    if refused is not None:
        return Result.fail(refused)
    lines = list(await QuoteLine.filter(quote_id=quote.id).order_by("position", "id"))
    if any(line.product_id is None for line in lines):
        return Result.fail(
            UserError(
                "A product of this quote no longer exists: ask for a new quote.",
                ErrorCode.PRODUCT_UNAVAILABLE,
                ("quote_id",),
            )
        )
    currency = quote.currency
    quoted = orders.QuotedTerms(
        quote_id=quote.id,
        number=quote.number,
        prices={
            line.product_id: (
                Money.of(line.quoted_price, currency),
                Money.of(line.list_price, currency),
            )
            for line in lines
            if line.product_id is not None
        },
        shipping=Money.of(quote.shipping_cost, currency),
    )
    company = await _with_group(quote.company_id)
    placement = orders.Placement(
        storefront=storefront,
        company=company,
        owner_key=owner_key,
        source=OrderSource.QUOTE,
        price_visibility=pricing.VISIBLE,
        contact=contact,
        quoted=quoted,
        line_path=_accept_path,
    )
    order_data = {
        "carrier_id": quote.carrier_id,
        "payment_term": data.get("payment_term"),
        "shipping_address_id": data.get("shipping_address_id"),
        "purchase_order_number": data.get("purchase_order_number"),
        "notes": quote.notes,
    }
    await orders.ensure_counter(storefront)
    try:
        async with in_transaction():
            # First: of two accepts racing, the second waits here and then finds no SENT row.
            await _move(
                quote,
                QuoteStatus.ACCEPTED,
                actor_label=_contact_label(contact),
                contact=contact,
            )
            ids = [line.product_id for line in lines]
            fresh = {p.id: p for p in await Product.filter(id__in=ids)}
            items = [
                carts.Item(fresh[line.product_id], line.quantity)
                for line in lines
                if line.product_id in fresh
            ]
            order = await orders.write_order(settings, placement, order_data, items, key, digest)
            await _notify_accepted(settings, storefront, company, quote, order)
    except ServiceError as exc:
        return await _replayed(owner_key, key, digest) or Result.fail(*exc.errors)
    except IntegrityError as exc:
        earlier = await _replayed(owner_key, key, digest)
        if earlier is not None:
            return earlier
        violated = violated_key(exc)
        if violated is None:
            raise
        return Result.fail(violated.error)
    return Result(Accepted(await Quote.get(id=quote.id), order))


# Expiry (run by the worker)


async def expire_due(settings: Settings, now: datetime.datetime | None = None) -> int:
    """Move SENT quotes whose validity has ended to EXPIRED and tell their buyers; the number
    moved. A quote accepted meanwhile is left alone (its conditional UPDATE finds no row)."""
    moment = now or _now()
    due = await (
        Quote.filter(status=QuoteStatus.SENT, valid_until__lte=moment)
        .order_by("valid_until", "id")
        .limit(EXPIRY_BATCH)
    )
    moved = 0
    for quote in due:
        try:
            async with in_transaction():
                await _move(quote, QuoteStatus.EXPIRED, actor_label="")
                storefront = await Storefront.get(id=quote.storefront_id)
                company = await Company.get(id=quote.company_id)
                await _notify_expired(settings, storefront, company, quote)
        except ServiceError:
            continue
        moved += 1
    return moved


# Notifications


def _url(settings: Settings, quote: Quote) -> str:
    return f"{settings.public_url}/account/quotes/{quote.number}"


def _money(quote: Quote, amount: Decimal, language: str) -> str:
    return Money.of(amount, quote.currency).format(orders._locale(language))


async def _to_buyers(
    kind: str,
    storefront: Storefront,
    company: Company,
    context: dict[str, Any],
) -> None:
    """A message to the company's purchasing and billing contacts, in its language."""
    language = orders._language(company, storefront)
    for contact in await orders._buyer_recipients(company):
        await notifications.queue(
            kind,
            contact.email,
            language,
            {**context, "name": contact.first_name},
            storefront_id=storefront.id,
            company_id=company.id,
            contact_id=contact.id,
        )


async def _notify_requested(
    settings: Settings,
    storefront: Storefront,
    company: Company,
    quote: Quote,
    requester: Requester,
    lines: int,
) -> None:
    language = notifications.normalize_language(storefront.default_language)
    for member in await orders._sales_contacts(company):
        await notifications.queue(
            "quote_alert",
            member.email,
            language,
            {
                "company": company.legal_name,
                "number": quote.number,
                "requested_by": requester.label,
                "lines": lines,
                "notes": quote.notes,
                "url": f"{settings.public_url}/graphql",
            },
            storefront_id=storefront.id,
            company_id=company.id,
        )


async def _notify_sent(
    settings: Settings, storefront: Storefront, company: Company, quote: Quote
) -> None:
    language = orders._language(company, storefront)
    assert quote.valid_until is not None
    await _to_buyers(
        "quote_sent",
        storefront,
        company,
        {
            "company": company.trade_name or company.legal_name,
            "number": quote.number,
            "total": _money(quote, quote.total, language),
            "valid_until": format_date(
                quote.valid_until.date(), format="long", locale=orders._locale(language)
            ),
            "message": quote.message,
            "url": _url(settings, quote),
        },
    )


async def _notify_accepted(
    settings: Settings, storefront: Storefront, company: Company, quote: Quote, order: Order
) -> None:
    language = orders._language(company, storefront)
    await _to_buyers(
        "quote_accepted",
        storefront,
        company,
        {
            "company": company.trade_name or company.legal_name,
            "number": quote.number,
            "order_number": order.number,
            "total": _money(quote, order.total, language),
            "url": f"{settings.public_url}/account/orders/{order.number}",
        },
    )


async def _notify_expired(
    settings: Settings, storefront: Storefront, company: Company, quote: Quote
) -> None:
    await _to_buyers(
        "quote_expired",
        storefront,
        company,
        {
            "company": company.trade_name or company.legal_name,
            "number": quote.number,
            "url": _url(settings, quote),
        },
    )
