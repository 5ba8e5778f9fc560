"""What the engine promises every theme and asks of it (SPEC E1, E2): the pages it routes, the
variables each route gives the page's documents, the helpers templates get.

Routes belong to the engine, not to a theme, so a bookmark or a mailed link keeps working when a
storefront switches theme. A theme may add pages of its own under routes it names."""

from __future__ import annotations

from collections.abc import Mapping
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


def _page(
    name: str,
    paths: str | tuple[Route, ...],
    description: str,
    *,
    sign_in: bool = False,
    required: bool = True,
) -> PageSpec:
    routes = (Route(paths),) if isinstance(paths, str) else paths
    return PageSpec(name, routes, description, sign_in, required)


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
        # Routes kept for the pages of quotes and invoices: a theme may provide them as soon as
        # their API exists; they become required then.
        _page("quotes", "/quotes", "Quotes.", sign_in=True, required=False),
        _page("quote", "/quotes/{quoteId}", "One quote.", sign_in=True, required=False),
        _page("invoices", "/invoices", "Invoices.", sign_in=True, required=False),
        _page("reports", "/reports", "Portal reports.", sign_in=True, required=False),
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
