"""Reports (SPEC D8): object types, thin views over services/reports.py's results."""

from __future__ import annotations

import datetime

import strawberry

from resolvers.reports import reports as r
from schema.catalog.types import Money
from schema.orders.enums import OrderStatus
from schema.reports.enums import ReportPeriod, SalesReportGroupBy

COUNTED = (
    "Orders count unless CANCELLED or PENDING_APPROVAL (held until the seller approves the "
    "buyer's registration)."
)


@strawberry.type(description="Spend with one supplier in one period and one currency.")
class SupplierSpend:
    period_start: datetime.date = strawberry.field(
        description="First day (UTC) of the month or quarter."
    )
    period_label: str = strawberry.field(description="The period: `2026-03` or `2026-Q1`.")
    supplier_id: strawberry.ID | None = strawberry.field(
        resolver=r.supplier_id,
        description="The supplier's ID; null when the supplier has since been deleted.",
    )
    supplier_name: str = strawberry.field(
        description="The supplier's name (as on the order lines when it has been deleted)."
    )
    spend: Money = strawberry.field(
        description="Sum of the lines' totals in this currency (never mixed with another)."
    )
    quantity: int = strawberry.field(description="Units bought.")
    order_count: int = strawberry.field(description="Orders with at least one such line.")


@strawberry.type(description=f"Spend per supplier per period (SPEC D8). {COUNTED}")
class PurchaseReport:
    company_id: strawberry.ID | None = strawberry.field(
        resolver=r.company_id, description="The company reported on; null for all of staff's."
    )
    group_by: ReportPeriod = strawberry.field(description="How periods are bucketed.")
    rows: list[SupplierSpend] = strawberry.field(
        description="By currency (the company's first), then period, then largest spend."
    )
    totals: list[Money] = strawberry.field(
        description="Spend over the whole range, one amount per currency, the company's first."
    )

    from_: datetime.date = strawberry.field(
        name="from", resolver=r.range_from, description="First day of the range (UTC), included."
    )
    to: datetime.date = strawberry.field(
        resolver=r.range_to, description="Last day of the range (UTC), included."
    )


@strawberry.type(description="A product among the most bought, over the range.")
class ProductBought:
    product_id: strawberry.ID | None = strawberry.field(
        resolver=r.product_id, description="The product's ID; null when it has been deleted."
    )
    sku: str = strawberry.field(description="The product's SKU.")
    name: str = strawberry.field(description="The product's name.")
    quantity: int = strawberry.field(description="Units bought, over every currency.")
    order_count: int = strawberry.field(description="Orders that had it.")
    last_ordered_at: datetime.datetime = strawberry.field(
        description="When it was last ordered, in the range."
    )
    spend: list[Money] = strawberry.field(
        description="What was spent on it, one amount per currency, the company's first."
    )


@strawberry.type(description="Orders in one status.")
class StatusCount:
    status: OrderStatus = strawberry.field(description="The status.")
    order_count: int = strawberry.field(description="Orders now in it.")
    totals: list[Money] = strawberry.field(
        description="Their totals, one amount per currency, the company's first."
    )


@strawberry.type(description=f"Orders counted per status (SPEC D8). {COUNTED}")
class OrderSummary:
    company_id: strawberry.ID | None = strawberry.field(
        resolver=r.company_id, description="The company reported on; null for all of staff's."
    )
    statuses: list[StatusCount] = strawberry.field(
        description="Every status, in workflow order, zeros included."
    )
    order_count: int = strawberry.field(description="Orders that count as bought.")
    totals: list[Money] = strawberry.field(
        description="Totals of the orders that count, one per currency, the company's first."
    )


@strawberry.type(description="Sales for one rep, group or supplier, in one currency.")
class SalesReportRow:
    id: strawberry.ID | None = strawberry.field(
        resolver=r.sales_key_id,
        description="The StaffUser, CustomerGroup or Supplier ID; null for companies without "
        "a rep or group, or a deleted supplier.",
    )
    name: str = strawberry.field(description="Its name; empty when there is none.")
    spend: Money = strawberry.field(description="Sum of the lines' totals in this currency.")
    quantity: int = strawberry.field(description="Units sold.")
    order_count: int = strawberry.field(description="Orders.")
    company_count: int = strawberry.field(description="Companies that ordered.")


@strawberry.type(description=f"Sales per rep, group or supplier (staff). {COUNTED}")
class SalesReport:
    group_by: SalesReportGroupBy = strawberry.field(description="What the rows are.")
    rows: list[SalesReportRow] = strawberry.field(
        description="By currency (the storefront's first), then largest spend."
    )
    totals: list[Money] = strawberry.field(
        description="Sales over the range, one amount per currency, the storefront's first."
    )
