"""Reports (SPEC D8): the root query fields, merged into Query by schema/root.py. The same
reports as CSV: GET /reports/purchases.csv, /reports/products.csv, /reports/orders.csv and
/reports/sales.csv with the same arguments and the same bearer token or session."""

from __future__ import annotations

import datetime
from typing import Annotated

import strawberry
from strawberry.types import Info

from resolvers.reports import reports as r
from schema.core.common import arg
from schema.reports.enums import ReportPeriod, SalesReportGroupBy
from schema.reports.types import OrderSummary, ProductBought, PurchaseReport, SalesReport

ReportCompany = Annotated[
    strawberry.ID | None,
    arg(
        "Staff: this company (one they may see); without it, all of theirs. A buyer may give "
        "only its own company."
    ),
]
From = Annotated[
    datetime.date,
    strawberry.argument(name="from", description="First day (UTC), included."),
]
To = Annotated[datetime.date, arg("Last day (UTC), included; at most 5 years after from.")]
OptionalFrom = Annotated[
    datetime.date | None,
    strawberry.argument(name="from", description="First day (UTC), included; give with to."),
]
OptionalTo = Annotated[
    datetime.date | None, arg("Last day (UTC), included; give with from (at most 5 years).")
]

WHO = (
    "Purchasing and billing contacts see their own company; staff a company they may see, or "
    "all of theirs."
)


@strawberry.type(description="Reports: the customer portal's and staff's sales.")
class ReportQueries:
    @strawberry.field(
        description="Spend per supplier per month or quarter, per currency (never summed "
        f"across currencies; the company's currency first). {WHO}"
    )
    async def purchase_report(
        self,
        info: Info,
        from_: From,
        to: To,
        group_by: Annotated[ReportPeriod, arg("Bucket by MONTH or QUARTER.")] = ReportPeriod.MONTH,
        company_id: ReportCompany = None,
    ) -> PurchaseReport:
        return await r.purchase_report(info, company_id, from_, to, group_by)

    @strawberry.field(
        description="The products bought most (by units, then the latest ordered), with order "
        f"count, last order and spend per currency. {WHO}"
    )
    async def most_bought_products(
        self,
        info: Info,
        from_: From,
        to: To,
        first: Annotated[int, arg("How many products (1 to 100).")] = 10,
        company_id: ReportCompany = None,
    ) -> list[ProductBought]:
        return await r.most_bought_products(info, company_id, from_, to, first)

    @strawberry.field(
        description=f"Orders and their totals per status, over a range or all time. {WHO}"
    )
    async def order_summary(
        self,
        info: Info,
        from_: OptionalFrom = None,
        to: OptionalTo = None,
        company_id: ReportCompany = None,
    ) -> OrderSummary:
        return await r.order_summary(info, company_id, from_, to)

    @strawberry.field(
        description="Sales per sales rep, customer group or supplier, per currency (staff: an "
        "admin the whole storefront, a sales rep its own companies)."
    )
    async def sales_report(
        self,
        info: Info,
        from_: From,
        to: To,
        group_by: Annotated[SalesReportGroupBy, arg("Group by REP, GROUP or SUPPLIER.")],
    ) -> SalesReport:
        return await r.sales_report(info, from_, to, group_by)
