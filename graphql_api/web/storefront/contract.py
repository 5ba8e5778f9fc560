"""What the engine promises every theme and asks of it (SPEC E1, E2): the pages it routes, the
variables each route gives the page's documents, the helpers templates get.

Routes belong to the engine, not to a theme, so a bookmark or a mailed link keeps working when a
storefront switches theme. A theme may add pages of its own under routes it names."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True)
class Route:
    """A path pattern (Starlette syntax: `/p/{sku}`) and constant variables it gives."""

    path: str
    constants: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class PageSpec:
    name: str
    routes: tuple[Route, ...]
    description: str
    # Visitors who are not signed in are sent to the sign-in page first.
    sign_in: bool = False
    required: bool = True
    # Values the query string may override, worked out per request (today's date range).
    defaults: Callable[[], Mapping[str, str]] | None = None


def _page(
    name: str,
    paths: str | tuple[Route, ...],
    description: str,
    *,
    sign_in: bool = False,
    required: bool = True,
    defaults: Callable[[], Mapping[str, str]] | None = None,
) -> PageSpec:
    routes = (Route(paths),) if isinstance(paths, str) else paths
    return PageSpec(name, routes, description, sign_in, required, defaults)


def last_twelve_months() -> dict[str, str]:
    """`$from` and `$to` of the reports page when the query string gives none: the current
    month and the eleven before it, so a chart has something to show on a first visit."""
    today = datetime.date.today()
    month = today.year * 12 + today.month - 1 - 11
    first = datetime.date(month // 12, month % 12 + 1, 1)
    return {"from": first.isoformat(), "to": today.isoformat()}


PAGES: dict[str, PageSpec] = {
    spec.name: spec
    for spec in (
        _page("home", "/", "The catalog: products the visitor may see, with their prices."),
        _page("category", "/c/{categoryId}", "One category's products; `$categoryId` is its ID."),
        _page("product", "/p/{sku}", "One product; `$sku` from the path, `?quantity=` optional."),
        _page("search", "/search", "Search results; the query string's `q` and `after`."),
        _page("sign_in", "/sign-in", "The buyer sign-in form; the engine handles its POST."),
        _page("register", "/register", "Self-registration of a company and its buyer."),
        _page("claim", "/claim", "Ask for a link to claim an account staff created."),
        _page("forgot_password", "/forgot-password", "Ask for a password reset link."),
        _page(
            "set_password",
            (
                # The links of services/access.py LINK_PATHS; `$purpose` says which mail sent it.
                Route("/account/set-password", MappingProxyType({"purpose": "invitation"})),
                Route("/account/reset-password", MappingProxyType({"purpose": "reset"})),
                Route("/account/claim", MappingProxyType({"purpose": "claim"})),
            ),
            "Set a password with the `?token=` of an invitation, reset or claim link.",
        ),
        _page("account", "/account", "The buyer's company data and contacts.", sign_in=True),
        _page(
            "price_table",
            "/prices",
            "The buyer's whole price table; CSV at `url('price_table_csv')`.",
            sign_in=True,
        ),
        _page("cart", "/cart", "The cart: lines, totals and what stops a checkout."),
        _page(
            "checkout",
            "/checkout",
            "Carrier, payment term, address; places the order.",
            sign_in=True,
        ),
        _page(
            "orders", "/orders", "Order history; `?status=` with `?filtered=true`.", sign_in=True
        ),
        _page("order", "/orders/{orderId}", "One order; its POST may reorder it.", sign_in=True),
        # Optional pages of the buyer's portal: a theme without them simply has no such links.
        _page(
            "quotes",
            "/quotes",
            "The company's quotes; its POST usually requests one for the cart.",
            sign_in=True,
            required=False,
        ),
        _page(
            "quote",
            "/quotes/{quoteId}",
            "One quote: lines, shipping, validity, history; accept, reject or withdraw.",
            sign_in=True,
            required=False,
        ),
        _page(
            "invoices",
            "/invoices",
            "The company's invoices with their PDFs (billing and purchasing contacts).",
            sign_in=True,
            required=False,
        ),
        _page(
            "reports",
            "/reports",
            "Spend per supplier, most-bought products, order summary; `?from=&to=&groupBy=`"
            " (default: the last twelve months).",
            sign_in=True,
            required=False,
            defaults=last_twelve_months,
        ),
        # GET /q/<token> (web/quick_order.py) starts the link's cart session and lands here.
        _page("quick_order", "/quick-order", "A quick-order link's catalog, cart and order."),
    )
}

# The catalog: the partner embed renders this page's template in the engine's embed layout.
HOME_PAGE = "home"
# Not routed: rendered for every error (404, 403, 500, ...) with `error` in its context.
ERROR_PAGE = "error"
REQUIRED_PAGES = tuple(name for name, spec in PAGES.items() if spec.required) + (ERROR_PAGE,)

# Routes the engine answers itself, beside the pages. `url('sign_out')` etc. build them.
ENGINE_ROUTES = {
    "sign_out": "/sign-out",
    "price_table_csv": "/prices.csv",
    # The portal reports as CSV (web/downloads.py), with the page's `from`, `to`, `groupBy`.
    "purchases_csv": "/reports/purchases.csv",
    "products_csv": "/reports/products.csv",
    "orders_csv": "/reports/orders.csv",
}
# Query-string names the engine reads itself; never passed to documents.
LANGUAGE_PARAM = "lang"
PREVIEW_PARAM = "theme"
NOTICE_PARAM = "notice"
NEXT_FIELD = "next"
RESERVED_PARAMS = frozenset({LANGUAGE_PARAM, PREVIEW_PARAM, NOTICE_PARAM})

# Prefix of a storefront chosen by slug, and where theme files are served from.
STOREFRONT_PREFIX = "/s/"
STATIC_PREFIX = "/static/"

# What templates may call (documented in themes/README.md; check.py knows them).
HELPERS = (
    "t",
    "money",
    "number",
    "percent",
    "date",
    "datetime",
    "url",
    "static",
    "language_url",
    "hue",
    "nonce",
)
