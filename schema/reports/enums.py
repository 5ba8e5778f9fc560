"""Reports (SPEC D8): the enums of their GraphQL types."""

from __future__ import annotations

import strawberry

from graphql_api.services.reports import Period, SalesDimension

# strawberry.enum registers the services' StrEnums in place; the types annotate with them.
strawberry.enum(
    Period,
    name="ReportPeriod",
    description="How a report buckets time, in UTC: MONTH or QUARTER (January-March is Q1).",
)
strawberry.enum(
    SalesDimension,
    name="SalesReportGroupBy",
    description="What the sales report groups by: REP (the company's current sales rep), "
    "GROUP (the company's current customer group) or SUPPLIER (the product's supplier when it "
    "was ordered).",
)

ReportPeriod = Period
SalesReportGroupBy = SalesDimension
