"""Quotes: the mutations, the list, and the nested fields. A quote's prices are read as an
order's amounts are (services.quotes.prices_readable); a buyer who is not shown prices sees
none until the seller has answered."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import strawberry
from strawberry.types import Info

from graphql_api.global_ids import pk_of, to_global_id
from graphql_api.models import Order, Quote, QuoteEvent, QuoteLine
from graphql_api.models.quotes import QuoteStatus
from graphql_api.services import orders, pricing, quotes
from graphql_api.services.errors import PermissionDenied, Result
from graphql_api.services.money import Money
from resolvers.orders.orders import PARTS_MARK
from resolvers.pagination import SortKey, keyset_page
from resolvers.payloads import Outcome, mutation

UNANSWERED = frozenset({QuoteStatus.REQUESTED, QuoteStatus.WITHDRAWN})


def _prices(root: Quote, info: Info) -> bool:
    principal = info.context.principal
    if not quotes.prices_readable(principal):
        return False
    if principal.is_staff or root.status not in UNANSWERED:
        return True
    storefront = info.context.require_storefront()
    return pricing.price_visibility(principal, storefront) == pricing.VISIBLE


def _money(amount: Decimal, currency: str) -> Money:
    return Money.of(amount, currency)


# Mutations


def _lines(data: dict[str, Any], field: str, type_name: str) -> list[dict[str, Any]]:
    return [
        {**line, field: pk_of(line[field], type_name, ("lines", str(index), field))}
        for index, line in enumerate(data.get("lines") or [])
    ]


def _outcome(result: Any) -> Any:
    """A payload's quote and order: the order, the buyer's own, is readable in full."""
    if not isinstance(result, Result) or not result.ok or result.value is None:
        return result
    accepted = result.value
    accepted.order.__dict__[PARTS_MARK] = orders.ALL_PARTS
    return Result(accepted)


async def _wrap(info: Info, data: dict[str, Any], run: Any, id_field: str) -> Outcome:
    """Like every mutation, with `order` beside the quote."""

    @mutation("result", id_field=id_field)
    async def call(info: Info, data: dict[str, Any]) -> Any:
        return await run(info, data)

    outcome = await call(info, data)
    value = outcome.result  # type: ignore[attr-defined]  # Outcome takes its fields as kwargs
    if isinstance(value, quotes.Accepted):
        return Outcome(outcome.user_errors, quote=value.quote, order=value.order)
    return Outcome(outcome.user_errors, quote=value, order=None)


async def request_quote(info: Info, data: dict[str, Any]) -> Outcome:
    async def run(info: Info, data: dict[str, Any]) -> Any:
        ctx = info.context
        if data.get("carrier_id") is not None:
            data["carrier_id"] = pk_of(data["carrier_id"], "Carrier", "carrier_id")
        if data.get("company_id") is not None:
            data["company_id"] = pk_of(data["company_id"], "Company", "company_id")
        if "lines" in data and data["lines"] is not None:
            data["lines"] = _lines(data, "product_id", "Product")
        return await quotes.request_quote(
            ctx.principal, ctx.settings, ctx.require_storefront(), data
        )

    return await _wrap(info, data, run, "carrier_id")


async def send_quote(info: Info, data: dict[str, Any]) -> Outcome:
    async def run(info: Info, data: dict[str, Any]) -> Any:
        ctx = info.context
        quote_id = pk_of(data.pop("quote_id"), "Quote", "quote_id")
        data["lines"] = _lines(data, "line_id", "QuoteLine")
        return await quotes.send_quote(
            ctx.principal, ctx.settings, ctx.require_storefront(), quote_id, data
        )

    return await _wrap(info, data, run, "quote_id")


async def accept_quote(info: Info, data: dict[str, Any]) -> Outcome:
    async def run(info: Info, data: dict[str, Any]) -> Any:
        ctx = info.context
        data["quote_id"] = pk_of(data["quote_id"], "Quote", "quote_id")
        if data.get("shipping_address_id") is not None:
            data["shipping_address_id"] = pk_of(
                data["shipping_address_id"], "Address", "shipping_address_id"
            )
        result = await quotes.accept_quote(
            ctx.principal, ctx.settings, ctx.require_storefront(), data
        )
        return _outcome(result)

    return await _wrap(info, data, run, "quote_id")


async def withdraw_quote(info: Info, data: dict[str, Any]) -> Outcome:
    async def run(info: Info, data: dict[str, Any]) -> Any:
        ctx = info.context
        quote_id = pk_of(data.pop("quote_id"), "Quote", "quote_id")
        return await quotes.withdraw_quote(ctx.principal, ctx.require_storefront(), quote_id, data)

    return await _wrap(info, data, run, "quote_id")


async def reject_quote(info: Info, data: dict[str, Any]) -> Outcome:
    async def run(info: Info, data: dict[str, Any]) -> Any:
        ctx = info.context
        quote_id = pk_of(data.pop("quote_id"), "Quote", "quote_id")
        return await quotes.reject_quote(ctx.principal, ctx.require_storefront(), quote_id, data)

    return await _wrap(info, data, run, "quote_id")


# Queries and nodes


async def quote_list(
    info: Info,
    *,
    first: int | None,
    after: str | None,
    status: list[QuoteStatus] | None,
    company_id: str | None,
) -> Any:
    ctx = info.context
    principal = ctx.principal
    company_pk = pk_of(company_id, "Company", "company_id") if company_id else None
    own = principal.contact.company_id if principal.is_contact else None
    if own is not None and company_pk is not None and company_pk != own:
        raise PermissionDenied("A buyer sees its own company's quotes only.")
    queryset = quotes.list_quotes(
        principal, ctx.require_storefront(), statuses=status, company_id=company_pk
    )
    return await keyset_page(
        queryset,
        SortKey((("created_at", True),)),
        first=first,
        after=after,
        default_size=20,
        max_size=ctx.settings.max_page_size,
    )


async def quote_by_id(info: Info, id: str) -> Quote | None:
    ctx = info.context
    queryset = quotes.readable_quotes(ctx.principal, ctx.require_storefront())
    return await queryset.filter(id=pk_of(id, "Quote")).first()


async def quote_nodes(info: Info, pks: list[int]) -> dict[int, Quote]:
    ctx = info.context
    queryset = quotes.readable_quotes(ctx.principal, ctx.require_storefront())
    return {row.id: row for row in await queryset.filter(id__in=pks)}


# Nested fields of Quote


def quote_requested_at(root: Quote) -> datetime.datetime:
    return root.created_at


async def quote_company(root: Quote, info: Info) -> Any:
    return await info.context.loaders.companies.company.load(root.company_id)


async def quote_contact(root: Quote, info: Info) -> Any:
    contact_id = root.requested_by_contact_id
    if contact_id is None:
        return None
    return await info.context.loaders.companies.contact.load(contact_id)


async def quote_staff(root: Quote, info: Info) -> Any:
    staff_id = root.requested_by_staff_id
    if staff_id is None or not info.context.principal.is_staff:
        return None
    return await info.context.loaders.identity.staff.load(staff_id)


async def quote_carrier(root: Quote, info: Info) -> Any:
    if root.carrier_id is None:
        return None
    return await info.context.loaders.catalog.carrier.load(root.carrier_id)


def quote_shipping(root: Quote, info: Info) -> Money | None:
    return _money(root.shipping_cost, root.currency) if _prices(root, info) else None


def quote_subtotal(root: Quote, info: Info) -> Money | None:
    return _money(root.subtotal, root.currency) if _prices(root, info) else None


def quote_total(root: Quote, info: Info) -> Money | None:
    return _money(root.total, root.currency) if _prices(root, info) else None


def quote_expired(root: Quote) -> bool:
    return root.status == QuoteStatus.EXPIRED or (
        root.status == QuoteStatus.SENT and quotes.is_expired(root)
    )


@dataclass(frozen=True)
class LineView:
    """A quote line with whether its prices may be shown."""

    line: QuoteLine
    prices: bool


async def quote_lines(root: Quote, info: Info) -> list[LineView]:
    shown = _prices(root, info)
    return [LineView(row, shown) for row in await info.context.loaders.quotes.lines.load(root.id)]


async def quote_history(root: Quote, info: Info) -> list[QuoteEvent]:
    return await info.context.loaders.quotes.history.load(root.id)


async def quote_order(root: Quote, info: Info) -> Order | None:
    if root.status != QuoteStatus.ACCEPTED:
        return None
    return await info.context.loaders.quotes.order.load(root.id)


def quote_next_statuses(root: Quote, info: Info) -> list[QuoteStatus]:
    """The moves the caller could make now."""
    principal = info.context.principal
    allowed = quotes.TRANSITIONS[root.status] - {QuoteStatus.EXPIRED}
    if principal.is_staff:
        allowed &= {QuoteStatus.SENT}
    elif principal.is_contact and principal.contact is not None and principal.contact.is_purchasing:
        allowed -= {QuoteStatus.SENT}
        if quotes.is_expired(root):
            allowed -= {QuoteStatus.ACCEPTED}
    else:
        allowed = frozenset()
    return [status for status in QuoteStatus if status in allowed]


# Nested fields of QuoteLine


def line_global_id(root: LineView) -> strawberry.ID:
    return strawberry.ID(to_global_id("QuoteLine", root.line.id))


def line_sku(root: LineView) -> str:
    return root.line.sku


def line_name(root: LineView) -> str:
    return root.line.name


def line_quantity(root: LineView) -> int:
    return root.line.quantity


async def line_product(root: LineView, info: Info) -> Any:
    product_id = root.line.product_id
    if product_id is None:
        return None
    view = await info.context.catalog_view()
    return await info.context.loaders.orders.products(view).load(product_id)


def line_list_price(root: LineView) -> Money | None:
    return _money(root.line.list_price, root.line.currency) if root.prices else None


def line_requested_price(root: LineView) -> Money | None:
    return _money(root.line.requested_price, root.line.currency) if root.prices else None


def line_quoted_price(root: LineView) -> Money | None:
    return _money(root.line.quoted_price, root.line.currency) if root.prices else None


def line_discount(root: LineView) -> Decimal | None:
    if not root.prices or not root.line.list_price:
        return None
    listed, quoted = Decimal(root.line.list_price), Decimal(root.line.quoted_price)
    return ((listed - quoted) * 100 / listed).quantize(Decimal("0.01"))


def line_total(root: LineView) -> Money | None:
    if not root.prices:
        return None
    return _money(root.line.quoted_price, root.line.currency) * root.line.quantity


# Nested fields of QuoteEvent


def event_at(root: QuoteEvent) -> datetime.datetime:
    return root.created_at


def event_actor(root: QuoteEvent) -> str:
    return root.actor_label


async def event_staff(root: QuoteEvent, info: Info) -> Any:
    staff_id = root.staff_id
    if staff_id is None or not info.context.principal.is_staff:
        return None
    return await info.context.loaders.identity.staff.load(staff_id)


# Order.quote


async def order_quote(root: Order, info: Info) -> Quote | None:
    """The quote an order came from. Who reads an order reads its company's quotes (the same
    rules, services.quotes.readable_quotes), so the order's check covers it."""
    if root.quote_id is None:
        return None
    return await info.context.loaders.quotes.quote.load(root.quote_id)
