"""Invoices: the root fields, the mutations and the nested fields of Invoice, and the invoice
fields of Order. Permissions are services.invoices' (readable_invoices, reads_invoices)."""

from __future__ import annotations

from typing import Any

from strawberry.types import Info

from graphql_api.global_ids import pk_of, to_global_id
from graphql_api.models import Company, Invoice, Order
from graphql_api.models.invoices import InvoiceStatus
from graphql_api.services import invoices
from graphql_api.services.money import Money
from graphql_api.services.orders import OrderPart
from resolvers.orders.orders import parts
from resolvers.pagination import SortKey, keyset_page
from resolvers.payloads import mutation

# Root fields


async def invoice_list(info: Info, first: int | None, after: str | None, filter: Any) -> Any:
    ctx = info.context
    company_id = getattr(filter, "company_id", None)
    order_id = getattr(filter, "order_id", None)
    queryset = invoices.list_invoices(
        ctx.principal,
        ctx.require_storefront(),
        company_id=pk_of(company_id, "Company", "companyId") if company_id else None,
        order_id=pk_of(order_id, "Order", "orderId") if order_id else None,
        statuses=getattr(filter, "status", None),
    )
    return await keyset_page(
        queryset,
        SortKey((("sequence", True),)),
        first=first,
        after=after,
        default_size=20,
        max_size=ctx.settings.max_page_size,
    )


async def invoice_by_id(info: Info, id: str) -> Invoice | None:
    ctx = info.context
    queryset = invoices.readable_invoices(ctx.principal, ctx.require_storefront())
    return await queryset.filter(id=pk_of(id, "Invoice")).first()


async def invoice_nodes(info: Info, pks: list[int]) -> dict[int, Invoice]:
    ctx = info.context
    queryset = invoices.readable_invoices(ctx.principal, ctx.require_storefront())
    return {row.id: row for row in await queryset.filter(id__in=pks)}


# Mutations


@mutation("invoices", id_field="order_id")
async def create_invoice(info: Info, data: dict[str, Any]) -> Any:
    ctx = info.context
    order_id = pk_of(data.pop("order_id"), "Order", "order_id")
    return await invoices.create_invoices(ctx.principal, ctx.require_storefront(), order_id, data)


@mutation("invoice", id_field="invoice_id")
async def mark_invoice_paid(info: Info, data: dict[str, Any]) -> Any:
    ctx = info.context
    invoice_id = pk_of(data.pop("invoice_id"), "Invoice", "invoice_id")
    return await invoices.mark_paid(ctx.principal, ctx.require_storefront(), invoice_id, data)


@mutation("invoice", id_field="invoice_id")
async def cancel_invoice(info: Info, data: dict[str, Any]) -> Any:
    ctx = info.context
    invoice_id = pk_of(data.pop("invoice_id"), "Invoice", "invoice_id")
    return await invoices.cancel(ctx.principal, ctx.require_storefront(), invoice_id, data)


# Nested fields of Invoice


def invoice_status(root: Invoice) -> InvoiceStatus:
    return invoices.status_of(root)


def invoice_amount(root: Invoice) -> Money:
    return invoices.amount_of(root)


async def invoice_order(root: Invoice, info: Info) -> Order | None:
    # Whoever reads an invoice reads its order: staff holding the company, or a contact whose
    # roles include the order's amounts.
    return await info.context.loaders.invoices.order.load(root.order_id)


async def invoice_company(root: Invoice, info: Info) -> Company | None:
    if root.company_id is None:
        return None
    return await info.context.loaders.companies.company.load(root.company_id)


async def invoice_created_by(root: Invoice, info: Info) -> Any:
    staff_id = root.created_by_id
    if staff_id is None or not info.context.principal.is_staff:
        return None
    return await info.context.loaders.identity.staff.load(staff_id)


def invoice_document_url(root: Invoice, info: Info) -> str:
    return f"{info.context.settings.public_url}/invoices/{to_global_id('Invoice', root.id)}.pdf"


# Invoice fields of Order: part of its amounts (services/invoices.py reads_invoices)


async def order_invoices(root: Order, info: Info) -> list[Invoice] | None:
    if OrderPart.AMOUNTS not in parts(root, info):
        return None
    return await info.context.loaders.invoices.of_order.load(root.id)


async def order_uninvoiced(root: Order, info: Info) -> Money | None:
    if OrderPart.AMOUNTS not in parts(root, info):
        return None
    return invoices.uninvoiced(root, await info.context.loaders.invoices.of_order.load(root.id))
