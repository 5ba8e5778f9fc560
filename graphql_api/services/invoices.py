"""Invoices (SPEC D9, B2): staff bill an order in one or several invoices, each split into the
instalments its payment term makes; the buyer's billing and purchasing contacts read them.

Creating is one transaction that locks the order's row (PostgreSQL: SELECT ... FOR UPDATE;
SQLite: the write lock every transaction takes when it begins, graphql_api/sqlite_engine.py), so
two requests invoicing the same order at once see each other's invoices and never bill more than
the order's total. Numbers come from the storefront's invoice counter in the same transaction:
a refused request gives its numbers back.

An invoice is stored OPEN, PAID or CANCELLED; OVERDUE is read from the due date (status_of), so a
list filtered by OVERDUE and the status shown always agree with today's date."""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from graphql_api.auth.principal import ANONYMOUS_KIND, Principal
from graphql_api.models import (
    Address,
    Company,
    Invoice,
    InvoiceCounter,
    Order,
    OrderLine,
    Storefront,
    TaxId,
)
from graphql_api.models.enums import AddressKind
from graphql_api.models.invoices import InvoiceStatus
from graphql_api.models.orders import OrderStatus
from graphql_api.services import (
    invoice_documents,
    notifications,
    orders,
    payment_terms,
    permissions,
)
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
from graphql_api.services.money import Money, minor_unit
from graphql_api.services.validation.tax_ids import format_tax_id

# Orders that cannot be billed: a cancelled one, and a guest's held for approval (it may still
# be cancelled without the buyer ever having been accepted).
NOT_BILLABLE = frozenset({OrderStatus.CANCELLED, OrderStatus.PENDING_APPROVAL})
# How far ahead an invoice may be dated: a year covers billing in advance, and a typo such as
# 2062 for 2026 is caught.
MAX_DAYS_AHEAD = 366
# A clock slightly ahead of the server's is not a payment recorded in the future.
CLOCK_SKEW = datetime.timedelta(minutes=5)


def today() -> datetime.date:
    return datetime.datetime.now(datetime.UTC).date()


def status_of(invoice: Invoice, on: datetime.date | None = None) -> InvoiceStatus:
    """The status as of `on` (today): an OPEN invoice past its due date is OVERDUE."""
    if invoice.status == InvoiceStatus.OPEN and invoice.due_date < (on or today()):
        return InvoiceStatus.OVERDUE
    return InvoiceStatus(invoice.status)


def amount_of(invoice: Invoice) -> Money:
    return Money.of(invoice.amount, invoice.currency)


def split(total: Money, count: int) -> list[Money]:
    """`total` in `count` instalments that add up to it exactly in minor units: equal shares
    rounded down to the minor unit, the remainder on the last."""
    unit = minor_unit(total.currency)
    units = int(total.amount / unit)
    share = Money((units // count) * unit, total.currency)
    return [share] * (count - 1) + [total - share * (count - 1)]


def invoiced(order: Order, invoices: Iterable[Invoice]) -> Money:
    """What the order's invoices bill, cancelled ones left out."""
    total = Money.zero(order.currency)
    for invoice in invoices:
        if invoice.status != InvoiceStatus.CANCELLED:
            total += amount_of(invoice)
    return total


def uninvoiced(order: Order, invoices: Iterable[Invoice]) -> Money:
    """What remains to invoice of an order, given all its invoices."""
    return Money.of(order.total, order.currency) - invoiced(order, invoices)


# Reading


def reads_invoices(principal: Principal) -> bool:
    """Invoices are an order's amounts: who may read those (services/orders.py ROLE_PARTS:
    purchasing and billing contacts, staff) reads the invoices."""
    return orders.OrderPart.AMOUNTS in orders.parts_for(principal)


def readable_invoices(principal: Principal, storefront: Storefront) -> QuerySet[Invoice]:
    """The invoices this caller may read: an admin all of the storefront's, a sales rep those
    of its companies, a billing or purchasing contact its own company's."""
    queryset = Invoice.filter(storefront_id=storefront.id)
    if principal.is_staff:
        assert principal.staff is not None
        if principal.is_admin:
            return queryset
        return queryset.filter(company__sales_rep_id=principal.staff.id)
    if principal.is_contact:
        assert principal.contact is not None
        if not reads_invoices(principal):
            raise PermissionDenied(
                "Invoices are for the company's billing and purchasing contacts."
            )
        return queryset.filter(company_id=principal.contact.company_id)
    if principal.kind == ANONYMOUS_KIND:
        raise NotAuthenticated("Sign in to see invoices.")
    raise PermissionDenied("Only staff and the company's billing contacts read its invoices.")


def with_status(
    queryset: QuerySet[Invoice], statuses: Sequence[InvoiceStatus], on: datetime.date
) -> QuerySet[Invoice]:
    """Invoices whose status as of `on` is one of `statuses` (OVERDUE and OPEN split the stored
    OPEN by the due date)."""
    wanted: Q | None = None
    for status in dict.fromkeys(statuses):
        if status == InvoiceStatus.OVERDUE:
            clause = Q(status=InvoiceStatus.OPEN, due_date__lt=on)
        elif status == InvoiceStatus.OPEN:
            clause = Q(status=InvoiceStatus.OPEN, due_date__gte=on)
        else:
            clause = Q(status=status)
        wanted = clause if wanted is None else wanted | clause
    return queryset if wanted is None else queryset.filter(wanted)


def list_invoices(
    principal: Principal,
    storefront: Storefront,
    *,
    company_id: int | None = None,
    order_id: int | None = None,
    statuses: Sequence[InvoiceStatus] | None = None,
) -> QuerySet[Invoice]:
    """Filters combine with AND; a contact naming another company is refused."""
    queryset = readable_invoices(principal, storefront)
    own = principal.contact.company_id if principal.contact is not None else None
    if principal.is_contact and company_id is not None and company_id != own:
        raise PermissionDenied("A buyer sees its own company's invoices only.")
    if company_id is not None:
        queryset = queryset.filter(company_id=company_id)
    if order_id is not None:
        queryset = queryset.filter(order_id=order_id)
    if statuses:
        queryset = with_status(queryset, statuses, today())
    return queryset


async def get_invoice(principal: Principal, storefront: Storefront, invoice_id: int) -> Invoice:
    invoice = await readable_invoices(principal, storefront).filter(id=invoice_id).first()
    if invoice is None:
        raise NotFound("invoice", ("invoice_id",))
    return invoice


# Creating


def _seller(storefront: Storefront) -> dict[str, Any]:
    kind = storefront.tax_id_kind
    return {
        "legal_name": storefront.legal_name or storefront.name,
        "tax_ids": (
            [{"kind": kind, "value": format_tax_id(kind, storefront.tax_id)}]
            if storefront.tax_id
            else []
        )
        + (
            [{"kind": "IE", "value": storefront.state_registration}]
            if storefront.state_registration
            else []
        ),
        "address": [line for line in storefront.fiscal_address.splitlines() if line.strip()],
        "country": storefront.country,
    }


def _address_lines(address: Address) -> list[str]:
    street = ", ".join(p for p in (address.street, address.number, address.complement) if p)
    place = " - ".join(p for p in (address.district, address.city, address.state) if p)
    return [line for line in (street, place, f"{address.postal_code} {address.country}") if line]


async def _buyer(order: Order) -> dict[str, Any]:
    """The buyer as the invoice prints it: the company's fiscal data now, else the order's."""
    company = await Company.get_or_none(id=order.company_id) if order.company_id else None
    if company is None:
        return {"legal_name": order.company_name, "tax_ids": [], "address": []}
    tax_ids = await TaxId.filter(company_id=company.id).order_by("kind")
    addresses = list(await Address.filter(company_id=company.id).order_by("position", "id"))
    chosen = next(
        (
            a
            for kind in (AddressKind.BILLING, AddressKind.MAIN)
            for a in addresses
            if a.kind == kind
        ),
        addresses[0] if addresses else None,
    )
    return {
        "legal_name": company.legal_name,
        "trade_name": company.trade_name or "",
        "tax_ids": [
            {"kind": str(t.kind), "value": format_tax_id(t.kind, t.value)} for t in tax_ids
        ],
        "address": _address_lines(chosen) if chosen is not None else [],
    }


async def _ensure_counter(storefront: Storefront) -> None:
    if await InvoiceCounter.exists(storefront_id=storefront.id):
        return
    prefix = "FAT-" if storefront.is_default else f"{storefront.slug[:10].upper()}-FAT-"
    try:
        async with in_transaction():
            await InvoiceCounter.create(storefront_id=storefront.id, prefix=prefix)
    except IntegrityError:
        pass  # another request made it first


async def _take_numbers(storefront: Storefront, count: int) -> list[tuple[int, str]]:
    """`count` consecutive numbers. The UPDATE holds the counter row until the caller's
    transaction ends, and a rollback gives the numbers back."""
    async with in_transaction() as conn:
        placeholder = ("$1", "$2") if conn.capabilities.dialect == "postgres" else ("?", "?")
        rows = await conn.execute_query_dict(
            f"UPDATE invoice_counter SET last_number = last_number + {placeholder[0]} "
            f"WHERE storefront_id = {placeholder[1]} RETURNING prefix, last_number",
            [count, storefront.id],
        )
    last, prefix = int(rows[0]["last_number"]), rows[0]["prefix"]
    return [(n, f"{prefix}{n:06d}") for n in range(last - count + 1, last + 1)]


def _issue_date(check: Checker, raw: Any, order: Order) -> datetime.date | None:
    if raw is None:
        return today()
    placed = order.created_at.date()
    if raw < placed:
        check.add(
            ("issue_date",),
            f"An invoice cannot be dated before its order was placed ({placed.isoformat()}).",
        )
        return None
    if raw > today() + datetime.timedelta(days=MAX_DAYS_AHEAD):
        check.add(("issue_date",), f"At most {MAX_DAYS_AHEAD} days ahead.")
        return None
    return raw


async def _lock_order(storefront: Storefront, order_id: int) -> Order:
    order = await Order.filter(id=order_id, storefront_id=storefront.id).select_for_update().first()
    assert order is not None  # read before in the same request, and orders are never deleted
    return order


async def _write(
    principal: Principal, storefront: Storefront, order_id: int, data: Mapping[str, Any]
) -> list[Invoice]:
    """Check and write the invoices inside the caller's transaction; ServiceError otherwise."""
    assert principal.staff is not None
    order = await _lock_order(storefront, order_id)
    if order.status in NOT_BILLABLE:
        raise ServiceError(
            [
                UserError(
                    f"Order {order.number} is {order.status}: it cannot be invoiced.",
                    ErrorCode.NOT_ALLOWED,
                    ("order_id",),
                )
            ]
        )
    existing = await Invoice.filter(order_id=order.id)
    remaining = uninvoiced(order, existing)
    check = Checker()
    issue_date = _issue_date(check, data.get("issue_date"), order)
    amount: Money | None = remaining
    if data.get("amount") is not None:
        amount = check.money(data["amount"], order.currency, ("amount",))
        if amount is not None and amount.amount == 0:
            check.add(("amount",), "An invoice bills more than zero.")
            amount = None
    if amount is not None and amount > remaining:
        shown = remaining.format("en")
        where = ("amount",) if data.get("amount") is not None else ("order_id",)
        message = (
            f"Order {order.number} is invoiced in full."
            if remaining.amount <= 0
            else f"At most {shown} of order {order.number} remains to invoice."
        )
        check.add(where, message, ErrorCode.OVER_INVOICED)
    elif amount is not None and amount.amount <= 0:
        check.add(
            ("order_id",), f"Order {order.number} is invoiced in full.", ErrorCode.OVER_INVOICED
        )
    schedule = payment_terms.parse(order.payment_term)
    count = len(schedule.days)
    if (
        not check.errors
        and amount is not None
        and amount.amount < minor_unit(amount.currency) * count
    ):
        check.add(("amount",), f"Too small to split into the {count} instalments of the term.")
    if check.errors or amount is None or issue_date is None:
        raise ServiceError(check.errors)
    await _ensure_counter(storefront)
    numbers = await _take_numbers(storefront, count)
    seller, buyer = _seller(storefront), await _buyer(order)
    made = []
    for index, (days, share, (sequence, number)) in enumerate(
        zip(schedule.days, split(amount, count), numbers, strict=True), start=1
    ):
        made.append(
            await Invoice.create(
                storefront_id=storefront.id,
                number=number,
                sequence=sequence,
                order_id=order.id,
                order_number=order.number,
                company_id=order.company_id,
                company_name=order.company_name,
                currency=order.currency,
                amount=share.amount,
                issue_date=issue_date,
                due_date=issue_date + datetime.timedelta(days=days),
                instalment=index,
                instalment_count=count,
                payment_term=order.payment_term,
                seller=seller,
                buyer=buyer,
                created_by_id=principal.staff.id,
            )
        )
    return made


async def create_invoices(
    principal: Principal, storefront: Storefront, order_id: int, data: Mapping[str, Any]
) -> Result[list[Invoice]]:
    """`createInvoice`: staff who hold the company bill `amount` (default: all that remains) of
    an order, dated `issue_date` (default today), in the instalments of its payment term."""
    permissions.require_staff(principal)
    await orders.get_order(principal, storefront, order_id)
    try:
        async with in_transaction():
            made = await _write(principal, storefront, order_id, data)
    except ServiceError as exc:
        return Result.fail(*exc.errors)
    return Result(made)


async def _staff_invoice(principal: Principal, storefront: Storefront, invoice_id: int) -> Invoice:
    permissions.require_staff(principal)
    return await get_invoice(principal, storefront, invoice_id)


def _moved_meanwhile(invoice: Invoice, now: InvoiceStatus) -> UserError:
    return UserError(
        f"Invoice {invoice.number} is {now}.", ErrorCode.INVALID_TRANSITION, ("invoice_id",)
    )


async def mark_paid(
    principal: Principal, storefront: Storefront, invoice_id: int, data: Mapping[str, Any]
) -> Result[Invoice]:
    """`markInvoicePaid`: an open (or overdue) invoice is paid, at `paid_at` (default now)."""
    invoice = await _staff_invoice(principal, storefront, invoice_id)
    if invoice.status != InvoiceStatus.OPEN:
        return Result.fail(_moved_meanwhile(invoice, InvoiceStatus(invoice.status)))
    now = datetime.datetime.now(datetime.UTC)
    paid_at: datetime.datetime = data.get("paid_at") or now
    if paid_at.tzinfo is None:
        paid_at = paid_at.replace(tzinfo=datetime.UTC)
    if paid_at > now + CLOCK_SKEW:
        return Result.fail(
            UserError(
                "A payment is recorded once made, not ahead.", ErrorCode.INVALID, ("paid_at",)
            )
        )
    if paid_at.date() < invoice.issue_date:
        return Result.fail(
            UserError("Paid before the invoice was issued?", ErrorCode.INVALID, ("paid_at",))
        )
    # The UPDATE names the status read, so of two changes racing one wins.
    moved = await Invoice.filter(id=invoice.id, status=InvoiceStatus.OPEN).update(
        status=InvoiceStatus.PAID, paid_at=paid_at, updated_at=now
    )
    if moved != 1:
        fresh = await Invoice.get(id=invoice.id)
        return Result.fail(_moved_meanwhile(fresh, InvoiceStatus(fresh.status)))
    return Result(await Invoice.get(id=invoice.id))


async def cancel(
    principal: Principal, storefront: Storefront, invoice_id: int, data: Mapping[str, Any]
) -> Result[Invoice]:
    """`cancelInvoice`: an open (or overdue) invoice is cancelled and its amount can be invoiced
    again. A paid one stays: money received is not undone by cancelling a document."""
    invoice = await _staff_invoice(principal, storefront, invoice_id)
    check = Checker()
    reason = check.text(data, "reason", 500, False, multiline=True) or ""
    if check.errors:
        return Result.fail(*check.errors)
    if invoice.status != InvoiceStatus.OPEN:
        return Result.fail(_moved_meanwhile(invoice, InvoiceStatus(invoice.status)))
    now = datetime.datetime.now(datetime.UTC)
    moved = await Invoice.filter(id=invoice.id, status=InvoiceStatus.OPEN).update(
        status=InvoiceStatus.CANCELLED, cancelled_at=now, cancel_reason=reason, updated_at=now
    )
    if moved != 1:
        fresh = await Invoice.get(id=invoice.id)
        return Result.fail(_moved_meanwhile(fresh, InvoiceStatus(fresh.status)))
    return Result(await Invoice.get(id=invoice.id))


# The document


@dataclass(frozen=True)
class Document:
    filename: str
    content: bytes


async def document(principal: Principal, storefront: Storefront, invoice_id: int) -> Document:
    """The invoice's PDF in the buyer's language, for whoever may read the invoice."""
    invoice = await get_invoice(principal, storefront, invoice_id)
    order = await Order.get(id=invoice.order_id)
    lines = list(await OrderLine.filter(order_id=order.id).order_by("position", "id"))
    company = await Company.get_or_none(id=invoice.company_id) if invoice.company_id else None
    language = notifications.normalize_language(
        (company.preferred_language if company is not None else None) or storefront.default_language
    )
    sheet = invoice_documents.Sheet(
        number=invoice.number,
        status=status_of(invoice),
        issue_date=invoice.issue_date,
        due_date=invoice.due_date,
        instalment=invoice.instalment,
        instalment_count=invoice.instalment_count,
        payment_term=invoice.payment_term or "",
        order_number=invoice.order_number,
        seller=invoice.seller,
        buyer=invoice.buyer,
        lines=[
            invoice_documents.Line(
                sku=line.sku,
                name=line.name,
                quantity=line.quantity,
                unit=line.unit,
                unit_price=Money.of(line.unit_price, line.currency),
                total=Money.of(line.line_total, line.currency),
            )
            for line in lines
        ],
        order_subtotal=Money.of(order.subtotal, order.currency),
        order_discount=Money.of(order.discount_total, order.currency),
        order_total=Money.of(order.total, order.currency),
        amount=amount_of(invoice),
        paid_at=invoice.paid_at,
    )
    # Laying out a page is CPU work of some milliseconds: off the event loop.
    content = await asyncio.to_thread(invoice_documents.render, sheet, language)
    return Document(f"{invoice.number}.pdf", content)
