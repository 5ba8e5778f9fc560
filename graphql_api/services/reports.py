"""The customer portal's reports (SPEC D8) and the staff sales report, computed in SQL.

Every figure is one GROUP BY over orders and their lines (services/report_sql.py holds the
engine differences); Python only orders and wraps the grouped rows. Amounts are never added
across currencies: each figure carries its currency, the company's (or for staff over several
companies the storefront's default) first, the others after in code order.

Which orders count as bought: every order except CANCELLED ones and those still PENDING_APPROVAL
(held until the seller approves a new buyer's registration; they may never go through). The
order summary, being counts per status, lists every status, those two included.

Who reads them: what may read an order's amounts (services/orders.py: a contact with the
PURCHASING or BILLING role, for its own company; staff for the companies they may see). Staff
name a company, or get all of theirs (an admin the whole storefront, a sales rep its companies).
Lines keep the supplier they had when ordered (order_line.supplier_id, supplier_name)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from graphql_api.auth.principal import Principal
from graphql_api.models import Storefront
from graphql_api.models.orders import OrderStatus
from graphql_api.services import orders, permissions
from graphql_api.services.errors import (
    ErrorCode,
    NotAuthenticated,
    PermissionDenied,
    ServiceError,
    UserError,
)
from graphql_api.services.money import Money
from graphql_api.services.report_sql import Period, Statement, amount, day, moment, rows, statement

MAX_SPAN_YEARS = 5
# Days a report may name: wide enough for any order, narrow enough for date arithmetic.
EARLIEST, LATEST = datetime.date(1900, 1, 1), datetime.date(2999, 12, 31)
MAX_PRODUCTS = 100
NOT_BOUGHT = (OrderStatus.CANCELLED, OrderStatus.PENDING_APPROVAL)
STATUS_ORDER = list(OrderStatus)


class SalesDimension(StrEnum):
    """What the sales report groups by."""

    REP = "REP"
    GROUP = "GROUP"
    SUPPLIER = "SUPPLIER"


# Scope and dates


@dataclass(frozen=True)
class Scope:
    """Whose orders: one company, a sales rep's companies, or the whole storefront."""

    storefront_id: int
    company_id: int | None
    sales_rep_id: int | None
    currency: str  # listed first

    def where(self, sql: Statement) -> str:
        text = f"o.storefront_id = {sql.param(self.storefront_id)}"
        if self.company_id is not None:
            return f"{text} AND o.company_id = {sql.param(self.company_id)}"
        if self.sales_rep_id is not None:
            rep = sql.param(self.sales_rep_id)
            return f"{text} AND o.company_id IN (SELECT id FROM company WHERE sales_rep_id = {rep})"
        return text

    def currency_key(self, currency: str) -> tuple[bool, str]:
        return (currency != self.currency, currency)


async def scope_for(principal: Principal, storefront: Storefront, company_id: int | None) -> Scope:
    """The caller's scope. A contact needs to read order amounts (orders.parts_for) and may name
    only its own company; staff may name a company they may see, or none for all of theirs."""
    if principal.is_contact:
        assert principal.contact is not None
        if orders.OrderPart.AMOUNTS not in orders.parts_for(principal):
            raise PermissionDenied(
                "Reports show amounts: they are for the purchasing and billing contacts."
            )
        own = principal.contact.company_id
        if company_id is not None and company_id != own:
            raise PermissionDenied("A buyer sees its own company's reports only.")
        company = principal.company
        currency = (company.preferred_currency if company else None) or storefront.default_currency
        return Scope(storefront.id, own, None, currency)
    if principal.is_staff:
        assert principal.staff is not None
        if company_id is not None:
            company = await permissions.customer_of(principal, company_id)
            assert company is not None
            currency = company.preferred_currency or storefront.default_currency
            return Scope(storefront.id, company.id, None, currency)
        rep = None if principal.is_admin else principal.staff.id
        return Scope(storefront.id, None, rep, storefront.default_currency)
    if principal.kind == "ANONYMOUS":
        raise NotAuthenticated("Sign in to see reports.")
    raise PermissionDenied("Only staff and the company's contacts read its reports.")


def staff_scope(principal: Principal, storefront: Storefront) -> Scope:
    """The sales report's scope: an admin's whole storefront, a sales rep's companies."""
    permissions.require_staff(principal)
    assert principal.staff is not None
    rep = None if principal.is_admin else principal.staff.id
    return Scope(storefront.id, None, rep, storefront.default_currency)


@dataclass(frozen=True)
class DateRange:
    """Days from `first` to `last`, both included, in UTC."""

    first: datetime.date
    last: datetime.date

    @property
    def since(self) -> datetime.datetime:
        return datetime.datetime.combine(self.first, datetime.time(), datetime.UTC)

    @property
    def until(self) -> datetime.datetime:
        return self.since + datetime.timedelta(days=(self.last - self.first).days + 1)

    def where(self, sql: Statement) -> str:
        return f"o.created_at >= {sql.param(self.since)} AND o.created_at < {sql.param(self.until)}"


def date_range(first: datetime.date | None, last: datetime.date | None) -> DateRange | None:
    """The range asked for, checked: both ends or neither, from <= to, at most five years."""
    errors = [
        UserError(f"{name} must be a day from {EARLIEST} to {LATEST}.", ErrorCode.INVALID, (name,))
        for name, value in (("from", first), ("to", last))
        if value is not None and not EARLIEST <= value <= LATEST
    ]
    if errors:
        raise ServiceError(errors)
    if (first is None) != (last is None):
        missing = "to" if last is None else "from"
        errors.append(
            UserError("Give both from and to, or neither.", ErrorCode.REQUIRED, (missing,))
        )
    elif first is not None and last is not None:
        if first > last:
            errors.append(UserError("from must not be after to.", ErrorCode.INVALID, ("from",)))
        else:
            try:
                limit = last.replace(year=last.year - MAX_SPAN_YEARS)
            except ValueError:  # 29 February
                limit = last.replace(year=last.year - MAX_SPAN_YEARS, day=28)
            if first <= limit:
                errors.append(
                    UserError(
                        f"A report spans at most {MAX_SPAN_YEARS} years.",
                        ErrorCode.INVALID,
                        ("from",),
                    )
                )
    if errors:
        raise ServiceError(errors)
    return DateRange(first, last) if first is not None and last is not None else None


def required_range(first: datetime.date | None, last: datetime.date | None) -> DateRange:
    checked = date_range(first, last)
    if checked is None:
        raise ServiceError([UserError("Give from and to.", ErrorCode.REQUIRED, ("from",))])
    return checked


def _bought(sql: Statement) -> str:
    return f"o.status NOT IN ({sql.params_in([str(s) for s in NOT_BOUGHT])})"


def _money(value: object, currency: str) -> Money:
    return Money.of(amount(value), currency)


def _totals(scope: Scope, amounts: Iterable[Money]) -> list[Money]:
    """Sums of already grouped figures, one per currency, the scope's currency first."""
    sums: dict[str, Decimal] = {}
    for money in amounts:
        sums[money.currency] = sums.get(money.currency, Decimal(0)) + money.amount
    return [Money.of(sums[c], c) for c in sorted(sums, key=scope.currency_key)]


# Purchases per supplier and period


@dataclass(frozen=True)
class SupplierSpend:
    period_start: datetime.date
    period: Period
    supplier_id: int | None
    supplier_name: str
    spend: Money
    quantity: int
    order_count: int

    @property
    def period_label(self) -> str:
        if self.period is Period.MONTH:
            return f"{self.period_start:%Y-%m}"
        return f"{self.period_start.year}-Q{(self.period_start.month - 1) // 3 + 1}"


@dataclass(frozen=True)
class PurchaseReport:
    scope: Scope
    range: DateRange
    group_by: Period
    rows: list[SupplierSpend]
    totals: list[Money]


async def purchase_report(scope: Scope, when: DateRange, group_by: Period) -> PurchaseReport:
    """Spend per supplier per period and currency: one row per (period, supplier, currency)."""
    sql = statement()
    period = sql.period_start("o.created_at", group_by)
    text = f"""
        SELECT spent.*, COALESCE(s.name, spent.snapshot_name) AS supplier_name
        FROM (
            SELECT {period} AS period, ol.supplier_id,
                CASE WHEN ol.supplier_id IS NULL THEN ol.supplier_name END AS gone_name,
                MAX(ol.supplier_name) AS snapshot_name, ol.currency,
                {sql.amount_sum("ol.line_total")} AS spend, SUM(ol.quantity) AS quantity,
                COUNT(DISTINCT o.id) AS order_count
            FROM orders AS o JOIN order_line AS ol ON ol.order_id = o.id
            WHERE {scope.where(sql)} AND {when.where(sql)} AND {_bought(sql)}
            GROUP BY 1, ol.supplier_id, 3, ol.currency
        ) AS spent LEFT JOIN supplier AS s ON s.id = spent.supplier_id"""
    found = [
        SupplierSpend(
            period_start=day(row["period"]),
            period=group_by,
            supplier_id=row["supplier_id"],
            supplier_name=row["supplier_name"] or "",
            spend=_money(row["spend"], row["currency"]),
            quantity=int(row["quantity"]),
            order_count=int(row["order_count"]),
        )
        for row in await rows(sql, text)
    ]
    found.sort(
        key=lambda r: (
            scope.currency_key(r.spend.currency),
            r.period_start,
            -r.spend.amount,
            r.supplier_name,
        )
    )
    return PurchaseReport(scope, when, group_by, found, _totals(scope, (r.spend for r in found)))


# Most-bought products


@dataclass(frozen=True)
class ProductBought:
    product_id: int | None
    sku: str
    name: str
    quantity: int
    order_count: int
    last_ordered_at: datetime.datetime
    spend: list[Money]


def _product_key() -> str:
    """A product is its id; lines whose product was deleted are told apart by their SKU."""
    return "ol.product_id, CASE WHEN ol.product_id IS NULL THEN ol.sku END"


async def most_bought_products(scope: Scope, when: DateRange, first: int) -> list[ProductBought]:
    """The `first` products by quantity bought (then the latest ordered), each with its spend
    per currency. Two statements: the ranking, then the spend of the ranked products."""
    first = max(1, min(first, MAX_PRODUCTS))
    sql = statement()
    ranking = f"""
        SELECT ranked.*, COALESCE(p.sku, ranked.line_sku) AS sku,
            COALESCE(p.name, ranked.line_name) AS name
        FROM (
            SELECT ol.product_id, CASE WHEN ol.product_id IS NULL THEN ol.sku END AS gone_sku,
                MAX(ol.sku) AS line_sku, MAX(ol.name) AS line_name,
                SUM(ol.quantity) AS quantity, COUNT(DISTINCT o.id) AS order_count,
                MAX(o.created_at) AS last_ordered_at
            FROM orders AS o JOIN order_line AS ol ON ol.order_id = o.id
            WHERE {scope.where(sql)} AND {when.where(sql)} AND {_bought(sql)}
            GROUP BY {_product_key()}
            ORDER BY quantity DESC, last_ordered_at DESC, ol.product_id
            LIMIT {sql.param(first)}
        ) AS ranked LEFT JOIN product AS p ON p.id = ranked.product_id
        ORDER BY ranked.quantity DESC, ranked.last_ordered_at DESC, ranked.product_id"""
    top = await rows(sql, ranking)
    if not top:
        return []
    ids = [r["product_id"] for r in top if r["product_id"] is not None]
    gone = [r["gone_sku"] for r in top if r["product_id"] is None]
    sql = statement()
    # Placeholders are numbered in the order they are made: the WHERE's first.
    where = f"{scope.where(sql)} AND {when.where(sql)} AND {_bought(sql)}"
    picked = []
    if ids:
        picked.append(f"ol.product_id IN ({sql.params_in(ids)})")
    if gone:
        picked.append(f"(ol.product_id IS NULL AND ol.sku IN ({sql.params_in(gone)}))")
    spending = f"""
        SELECT ol.product_id, CASE WHEN ol.product_id IS NULL THEN ol.sku END AS gone_sku,
            ol.currency, {sql.amount_sum("ol.line_total")} AS spend
        FROM orders AS o JOIN order_line AS ol ON ol.order_id = o.id
        WHERE {where} AND ({" OR ".join(picked)})
        GROUP BY {_product_key()}, ol.currency"""
    spend: dict[tuple[int | None, str | None], list[Money]] = {}
    for row in await rows(sql, spending):
        key = (row["product_id"], row["gone_sku"])
        spend.setdefault(key, []).append(_money(row["spend"], row["currency"]))
    result = []
    for row in top:
        amounts = spend.get((row["product_id"], row["gone_sku"]), [])
        amounts.sort(key=lambda m: scope.currency_key(m.currency))
        last = moment(row["last_ordered_at"])
        assert last is not None
        result.append(
            ProductBought(
                product_id=row["product_id"],
                sku=row["sku"],
                name=row["name"],
                quantity=int(row["quantity"]),
                order_count=int(row["order_count"]),
                last_ordered_at=last,
                spend=amounts,
            )
        )
    return result


# Order summary


@dataclass(frozen=True)
class StatusCount:
    status: OrderStatus
    order_count: int
    totals: list[Money]


@dataclass(frozen=True)
class OrderSummary:
    scope: Scope
    range: DateRange | None
    statuses: list[StatusCount]
    order_count: int  # orders that count as bought
    totals: list[Money]  # of those orders


async def order_summary(scope: Scope, when: DateRange | None) -> OrderSummary:
    """Orders and their totals per status (every status, in workflow order, zeros included)."""
    sql = statement()
    where = scope.where(sql)
    if when is not None:
        where += f" AND {when.where(sql)}"
    text = f"""
        SELECT o.status, o.currency, COUNT(*) AS order_count,
            {sql.amount_sum("o.total")} AS total
        FROM orders AS o WHERE {where}
        GROUP BY o.status, o.currency"""
    counts: dict[OrderStatus, int] = {s: 0 for s in STATUS_ORDER}
    totals: dict[OrderStatus, list[Money]] = {s: [] for s in STATUS_ORDER}
    for row in await rows(sql, text):
        status = OrderStatus(row["status"])
        counts[status] += int(row["order_count"])
        totals[status].append(_money(row["total"], row["currency"]))
    statuses = [
        StatusCount(s, counts[s], sorted(totals[s], key=lambda m: scope.currency_key(m.currency)))
        for s in STATUS_ORDER
    ]
    bought = [s for s in statuses if s.status not in NOT_BOUGHT]
    return OrderSummary(
        scope,
        when,
        statuses,
        sum(s.order_count for s in bought),
        _totals(scope, (m for s in bought for m in s.totals)),
    )


# Sales (staff)


@dataclass(frozen=True)
class SalesRow:
    dimension: SalesDimension
    key_id: int | None
    name: str
    spend: Money
    quantity: int
    order_count: int
    company_count: int


_SALES_KEYS: dict[SalesDimension, tuple[str, str, str]] = {
    # the grouped column, the table naming it and that table's name column
    SalesDimension.REP: ("c.sales_rep_id", "staff_user", "name"),
    SalesDimension.GROUP: ("c.group_id", "customer_group", "name"),
    SalesDimension.SUPPLIER: ("ol.supplier_id", "supplier", "name"),
}


@dataclass(frozen=True)
class SalesReport:
    scope: Scope
    range: DateRange
    group_by: SalesDimension
    rows: list[SalesRow]
    totals: list[Money]


async def sales_report(scope: Scope, when: DateRange, group_by: SalesDimension) -> SalesReport:
    """Sales per sales rep, customer group (the company's current ones) or supplier (as on the
    order line), per currency: one row per (key, currency), the largest first."""
    column, table, name = _SALES_KEYS[group_by]
    sql = statement()
    by_supplier = group_by is SalesDimension.SUPPLIER
    # Lines whose supplier was deleted keep its name: grouped by that name.
    gone = "CASE WHEN ol.supplier_id IS NULL THEN ol.supplier_name END" if by_supplier else "NULL"
    snapshot = "MAX(ol.supplier_name)" if by_supplier else "''"
    grouping = f"{column}, {gone}, ol.currency" if by_supplier else f"{column}, ol.currency"
    text = f"""
        SELECT sold.*, COALESCE(k.{name}, sold.snapshot_name) AS key_name
        FROM (
            SELECT {column} AS key_id, {gone} AS gone_name, {snapshot} AS snapshot_name,
                ol.currency, {sql.amount_sum("ol.line_total")} AS spend,
                SUM(ol.quantity) AS quantity, COUNT(DISTINCT o.id) AS order_count,
                COUNT(DISTINCT o.company_id) AS company_count
            FROM orders AS o JOIN order_line AS ol ON ol.order_id = o.id
                LEFT JOIN company AS c ON c.id = o.company_id
            WHERE {scope.where(sql)} AND {when.where(sql)} AND {_bought(sql)}
            GROUP BY {grouping}
        ) AS sold LEFT JOIN {table} AS k ON k.id = sold.key_id"""
    found = [
        SalesRow(
            dimension=group_by,
            key_id=row["key_id"],
            name=row["key_name"] or "",
            spend=_money(row["spend"], row["currency"]),
            quantity=int(row["quantity"]),
            order_count=int(row["order_count"]),
            company_count=int(row["company_count"]),
        )
        for row in await rows(sql, text)
    ]
    found.sort(key=lambda r: (scope.currency_key(r.spend.currency), -r.spend.amount, r.name))
    return SalesReport(scope, when, group_by, found, _totals(scope, (r.spend for r in found)))
