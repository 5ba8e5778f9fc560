"""The reports as CSV documents (services/csv_writer.py: formula-neutralised cells, a BOM).
Amounts keep their currency in a column of its own; nothing is summed across currencies."""

from __future__ import annotations

from graphql_api.services import csv_writer
from graphql_api.services.reports import (
    OrderSummary,
    ProductBought,
    PurchaseReport,
    SalesReport,
    Scope,
)


def purchases(report: PurchaseReport) -> str:
    header = ["period", "period_start", "supplier", "currency", "spend", "quantity", "orders"]
    rows = [
        [
            r.period_label,
            r.period_start.isoformat(),
            r.supplier_name,
            r.spend.currency,
            r.spend.amount,
            r.quantity,
            r.order_count,
        ]
        for r in report.rows
    ]
    return csv_writer.write(header, rows)


def products(scope: Scope, found: list[ProductBought]) -> str:
    """One row per product; one spend column per currency bought in, the scope's first."""
    currencies = sorted({m.currency for p in found for m in p.spend}, key=scope.currency_key)
    header = ["sku", "name", "quantity", "orders", "last_ordered_at"]
    header += [f"spend_{c}" for c in currencies]
    rows = []
    for p in found:
        spend = {m.currency: m.amount for m in p.spend}
        rows.append(
            [p.sku, p.name, p.quantity, p.order_count, p.last_ordered_at.isoformat()]
            + [spend.get(c, "") for c in currencies]
        )
    return csv_writer.write(header, rows)


def order_summary(summary: OrderSummary) -> str:
    """One row per status and currency; a status without orders has one row, no currency."""
    header = ["status", "orders_in_status", "currency", "total"]
    rows: list[list[object]] = []
    for s in summary.statuses:
        if not s.totals:
            rows.append([s.status, s.order_count, "", ""])
        for money in s.totals:
            rows.append([s.status, s.order_count, money.currency, money.amount])
    return csv_writer.write(header, rows)


def sales(report: SalesReport) -> str:
    header = [report.group_by.lower(), "currency", "spend", "quantity", "orders", "companies"]
    rows = [
        [r.name, r.spend.currency, r.spend.amount, r.quantity, r.order_count, r.company_count]
        for r in report.rows
    ]
    return csv_writer.write(header, rows)
