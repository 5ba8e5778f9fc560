"""Orders: placing them, reading them by role, and their nested fields. Fields of a part the
caller may not read (services.orders.OrderPart) resolve to null."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from strawberry.types import Info

from graphql_api.global_ids import pk_of
from graphql_api.models import Carrier, Company, Contact, Order, OrderLine, OrderStatusChange
from graphql_api.models.orders import OrderStatus
from graphql_api.services import carts, guest_checkout, orders
from graphql_api.services.errors import ErrorCode, PermissionDenied, Result, UserError
from graphql_api.services.money import Money
from graphql_api.services.orders import OrderPart
from resolvers.orders import carts as cart_r
from resolvers.pagination import SortKey, keyset_page
from resolvers.payloads import Outcome, mutation

# The resolvers mark an order they hand back from placeOrder as readable in full by its caller.
PARTS_MARK = "_viewer_parts"


def parts(root: Order, info: Info) -> frozenset[OrderPart]:
    marked = root.__dict__.get(PARTS_MARK)
    if marked is not None:
        return marked
    return orders.parts_for(info.context.principal)


def _readable(result: Result[Order]) -> Result[Order]:
    if result.ok and result.value is not None:
        result.value.__dict__[PARTS_MARK] = orders.ALL_PARTS
    return result


# Mutations


def _order_input(data: dict[str, Any]) -> dict[str, Any]:
    """Input in service terms: global IDs become primary keys."""
    out = dict(data)
    for name, type_name in (
        ("carrier_id", "Carrier"),
        ("shipping_address_id", "Address"),
        ("company_id", "Company"),
        ("contact_id", "Contact"),
    ):
        if out.get(name) is not None:
            out[name] = pk_of(out[name], type_name, name)
    lines = []
    for index, line in enumerate(out.get("lines") or []):
        product = pk_of(line["product_id"], "Product", ("lines", str(index), "product_id"))
        lines.append({**line, "product_id": product})
    if "lines" in out:
        out["lines"] = lines
    return out


@mutation("order", id_field="idempotency_key")
async def place_order(info: Info, data: dict[str, Any]) -> Any:
    ctx = info.context
    storefront = ctx.require_storefront()
    data = _order_input(data)
    if ctx.principal.is_guest:
        return _readable(
            await guest_checkout.place_guest_order(ctx.principal, ctx.settings, storefront, data)
        )
    if data.get("registration") is not None:
        carts.owner_of(ctx.principal, storefront)  # a visitor is told to sign in first
        return Result.fail(
            UserError(
                "Only a guest registers while checking out; you are signed in.",
                ErrorCode.ALREADY_SIGNED_IN,
                ("registration",),
            )
        )
    result = await orders.place_order(
        ctx.principal, ctx.settings, storefront, data, via_cookie=ctx.via == "cookie"
    )
    return _readable(result)


@mutation("order", id_field="company_id")
async def place_order_on_behalf(info: Info, data: dict[str, Any]) -> Any:
    ctx = info.context
    result = await orders.place_order_on_behalf(
        ctx.principal, ctx.settings, ctx.require_storefront(), _order_input(data)
    )
    return _readable(result)


# Nodes


async def order_nodes(info: Info, pks: list[int]) -> dict[int, Order]:
    ctx = info.context
    queryset = orders.readable_orders(ctx.principal, ctx.require_storefront())
    return {row.id: row for row in await queryset.filter(id__in=pks)}


# Nested fields of Order


def order_placed_at(root: Order) -> datetime.datetime:
    return root.created_at


async def order_company(root: Order, info: Info) -> Company | None:
    principal = info.context.principal
    company_id = root.company_id
    if company_id is None or not (principal.is_staff or principal.is_contact):
        return None
    return await info.context.loaders.companies.company.load(company_id)


async def order_contact(root: Order, info: Info) -> Contact | None:
    contact_id = root.contact_id
    if contact_id is None or OrderPart.PARTIES not in parts(root, info):
        return None
    if not (info.context.principal.is_staff or info.context.principal.is_contact):
        return None
    return await info.context.loaders.companies.contact.load(contact_id)


def order_contact_name(root: Order, info: Info) -> str | None:
    return root.contact_name if OrderPart.PARTIES in parts(root, info) else None


async def order_staff(root: Order, info: Info) -> Any:
    staff_id = root.placed_by_staff_id
    if staff_id is None or not info.context.principal.is_staff:
        return None
    return await info.context.loaders.identity.staff.load(staff_id)


def order_notes(root: Order, info: Info) -> str | None:
    return root.notes if OrderPart.PARTIES in parts(root, info) else None


def _amounts(root: Order, info: Info) -> bool:
    return OrderPart.AMOUNTS in parts(root, info)


def _shipping(root: Order, info: Info) -> bool:
    return OrderPart.SHIPPING in parts(root, info)


def order_currency(root: Order, info: Info) -> str | None:
    return root.currency if _amounts(root, info) else None


def _money(amount: Decimal, currency: str) -> Money:
    return Money.of(amount, currency)


def order_subtotal(root: Order, info: Info) -> Money | None:
    return _money(root.subtotal, root.currency) if _amounts(root, info) else None


def order_discount(root: Order, info: Info) -> Money | None:
    return _money(root.discount_total, root.currency) if _amounts(root, info) else None


def order_total(root: Order, info: Info) -> Money | None:
    return _money(root.total, root.currency) if _amounts(root, info) else None


def order_shipping(root: Order, info: Info) -> Money | None:
    return _money(root.shipping_total, root.currency) if _amounts(root, info) else None


def order_payment_term(root: Order, info: Info) -> str | None:
    return root.payment_term if _amounts(root, info) else None


def order_po_number(root: Order, info: Info) -> str | None:
    return root.purchase_order_number if _amounts(root, info) else None


def order_policy_terms(root: Order, info: Info) -> dict[str, Any] | None:
    return root.policy_terms if _amounts(root, info) else None


@dataclass(frozen=True)
class AddressView:
    street: str
    city: str
    postal_code: str
    country: str
    number: str | None = None
    complement: str | None = None
    district: str | None = None
    state: str | None = None


def order_address(root: Order, info: Info) -> AddressView | None:
    if not _shipping(root, info) or not root.shipping_address:
        return None
    return AddressView(**root.shipping_address)


async def order_carrier(root: Order, info: Info) -> Carrier | None:
    carrier_id = root.carrier_id
    if carrier_id is None or not _shipping(root, info):
        return None
    return await info.context.loaders.catalog.carrier.load(carrier_id)


def order_carrier_name(root: Order, info: Info) -> str | None:
    return root.carrier_name if _shipping(root, info) else None


def order_tracking_code(root: Order, info: Info) -> str | None:
    return root.tracking_code if _shipping(root, info) else None


def order_tracking_url(root: Order, info: Info) -> str | None:
    return root.tracking_url if _shipping(root, info) else None


@dataclass(frozen=True)
class LineView:
    """An order line with whether its prices may be shown."""

    line: OrderLine
    amounts: bool


async def order_lines(root: Order, info: Info) -> list[LineView] | None:
    readable = parts(root, info)
    if OrderPart.LINES not in readable:
        return None
    rows = await info.context.loaders.orders.lines.load(root.id)
    return [LineView(row, OrderPart.AMOUNTS in readable) for row in rows]


async def order_history(root: Order, info: Info) -> list[OrderStatusChange]:
    return await info.context.loaders.orders.history.load(root.id)


def order_parts(root: Order, info: Info) -> list[OrderPart]:
    readable = parts(root, info)
    return [part for part in OrderPart if part in readable]


def order_next_statuses(root: Order, info: Info) -> list[OrderStatus]:
    if not info.context.principal.is_staff:
        return []
    return sorted(orders.TRANSITIONS[root.status], key=list(OrderStatus).index)


# Nested fields of OrderPolicyTerms


def terms_min_order_value(root: dict[str, Any]) -> Money | None:
    value = root.get("min_order_value")
    return Money.of(value["amount"], value["currency"]) if value else None


def terms_payment_terms(root: dict[str, Any]) -> list[str]:
    return list(root.get("payment_terms") or [])


def terms_max_discount(root: dict[str, Any]) -> Decimal | None:
    value = root.get("max_discount_percent")
    return Decimal(value) if value is not None else None


# Nested fields of OrderLine


def line_sku(root: LineView) -> str:
    return root.line.sku


def line_name(root: LineView) -> str:
    return root.line.name


def line_unit(root: LineView) -> str:
    return root.line.unit


def line_quantity(root: LineView) -> int:
    return root.line.quantity


async def line_product(root: LineView, info: Info) -> Any:
    product_id = root.line.product_id
    if product_id is None:
        return None
    principal = info.context.principal
    if not (principal.is_staff or principal.is_contact or principal.is_quick_link):
        return None
    view = await info.context.catalog_view()
    return await info.context.loaders.orders.products(view).load(product_id)


def line_unit_price(root: LineView) -> Money | None:
    return _money(root.line.unit_price, root.line.currency) if root.amounts else None


def line_base_price(root: LineView) -> Money | None:
    return _money(root.line.base_price, root.line.currency) if root.amounts else None


def line_discount(root: LineView) -> Decimal | None:
    return root.line.discount_percent if root.amounts else None


def line_rules(root: LineView) -> list[str] | None:
    return list(root.line.applied_rules) if root.amounts else None


def line_total(root: LineView) -> Money | None:
    return _money(root.line.line_total, root.line.currency) if root.amounts else None


# Nested fields of OrderStatusChange


def change_at(root: OrderStatusChange) -> datetime.datetime:
    return root.created_at


def change_actor(root: OrderStatusChange) -> str:
    return root.actor_label


async def change_staff(root: OrderStatusChange, info: Info) -> Any:
    staff_id = root.staff_id
    if staff_id is None or not info.context.principal.is_staff:
        return None
    return await info.context.loaders.identity.staff.load(staff_id)


# Queries and the other mutations


async def order_list(
    info: Info,
    *,
    first: int | None,
    after: str | None,
    status: list[OrderStatus] | None,
    source: list[Any] | None,
    company_id: str | None,
    since: datetime.datetime | None,
    until: datetime.datetime | None,
    search: str | None,
) -> Any:
    ctx = info.context
    principal = ctx.principal
    company_pk = pk_of(company_id, "Company", "company_id") if company_id else None
    own = principal.contact.company_id if principal.is_contact else None
    if own is not None and company_pk is not None and company_pk != own:
        raise PermissionDenied("A buyer sees its own company's orders only.")
    queryset = orders.list_orders(
        principal,
        ctx.require_storefront(),
        statuses=status,
        sources=source,
        company_id=company_pk,
        since=since,
        until=until,
        search=search,
    )
    return await keyset_page(
        queryset,
        SortKey((("created_at", True),)),
        first=first,
        after=after,
        default_size=20,
        max_size=ctx.settings.max_page_size,
    )


async def order_by_id(info: Info, id: str) -> Order | None:
    ctx = info.context
    queryset = orders.readable_orders(ctx.principal, ctx.require_storefront())
    return await queryset.filter(id=pk_of(id, "Order")).first()


@mutation("order", id_field="order_id")
async def transition_order(info: Info, data: dict[str, Any]) -> Any:
    ctx = info.context
    order_id = pk_of(data.pop("order_id"), "Order", "order_id")
    if data.get("carrier_id") is not None:
        data["carrier_id"] = pk_of(data["carrier_id"], "Carrier", "carrier_id")
    return await orders.transition_order(
        ctx.principal, ctx.settings, ctx.require_storefront(), order_id, data
    )


async def reorder(info: Info, data: dict[str, Any]) -> Any:
    """Like the other mutations, with `skipped` beside the cart."""

    @mutation("result", id_field="order_id")
    async def run(info: Info, data: dict[str, Any]) -> Any:
        ctx = info.context
        order_id = pk_of(data["order_id"], "Order", "order_id")
        result = await orders.reorder(ctx.principal, ctx.require_storefront(), order_id)
        if not result.ok or result.value is None:
            return result
        return Result((await cart_r.view(info, result.value.owner), result.value.skipped))

    outcome = await run(info, data)
    cart, skipped = outcome.result if outcome.result is not None else (None, [])  # type: ignore[attr-defined]  # Outcome takes its fields as kwargs
    return Outcome(outcome.user_errors, cart=cart, skipped=skipped)
